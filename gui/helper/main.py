"""The helper's loop: one JSON request per line on stdin, one JSON answer per line on stdout.

Started by pkexec, the helper serves the user pkexec names (``PKEXEC_UID``) from the fixed folder
``/run/sluis/<uid>/``, with no network namespaces and no option that could point it elsewhere. Run
by root directly (in-process tests, containers), ``--state-root`` may name another folder.

When stdin is a Unix socket (Sluis's client makes a socket pair), the ``management`` answer carries
the connected OpenVPN management socket as an ``SCM_RIGHTS`` file descriptor.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from gui.core.jsonlimits import JsonInputError, loads_limited
from gui.helper.records import DEFAULT_STATE_ROOT
from gui.helper.service import Answer, HelperService

# A request holds at most a profile (1 MiB, the model's own limit) as a JSON string.
MAX_REQUEST_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 8


def read_request(stream: BinaryIO) -> bytes | None:
    """The next line, or ``b""`` for one that was too long (skipped to its end); ``None`` at EOF."""
    line = stream.readline(MAX_REQUEST_BYTES + 1)
    if not line:
        return None
    if len(line) > MAX_REQUEST_BYTES and not line.endswith(b"\n"):
        while True:
            rest = stream.readline(64 * 1024)
            if not rest or rest.endswith(b"\n"):
                break
        return b""
    return line


def decode(line: bytes) -> object:
    if not line:
        return {"op": None}  # too long: answered as a malformed request
    try:
        return loads_limited(line, max_bytes=MAX_REQUEST_BYTES, max_depth=MAX_DEPTH)
    except JsonInputError:
        return {"op": None}


def _is_socket(fd: int) -> bool:
    try:
        return stat.S_ISSOCK(os.fstat(fd).st_mode)
    except OSError:
        return False


def serve(service: HelperService, stdin: BinaryIO, stdout_fd: int) -> int:
    channel = socket.socket(fileno=os.dup(stdout_fd)) if _is_socket(stdout_fd) else None
    out = os.fdopen(os.dup(stdout_fd), "wb", buffering=0)
    try:
        while (line := read_request(stdin)) is not None:
            answer = service.handle(decode(line))
            _send(answer, out, channel)
    finally:
        out.close()
        if channel is not None:
            channel.close()
    return 0


def _send(answer: Answer, out: BinaryIO, channel: socket.socket | None) -> None:
    payload = (json.dumps(answer.fields) + "\n").encode()
    if answer.handover is None:
        out.write(payload)
        return
    try:
        if channel is None:
            out.write(b'{"ok": false, "error": "a socket handover needs a socket channel"}\n')
            return
        import array  # here: only the OpenVPN management answer hands a descriptor over

        fds = array.array("i", [answer.handover.fileno()])
        channel.sendmsg([payload], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
    finally:
        answer.handover.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sluis-helper", description="Sluis's privileged helper")
    parser.add_argument("--state-root", help="the helper's folder (root callers only; default /run/sluis)")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        parser.error("runs as root only (through pkexec)")
    caller = os.environ.get("PKEXEC_UID")
    if caller is not None:
        # Through polkit, on behalf of a user: the fixed folder, that user's part of it, no options.
        if args.state_root is not None:
            parser.error("--state-root is not accepted through pkexec")
        if not caller.isdigit():
            parser.error("PKEXEC_UID is not a user id")
        service = HelperService(DEFAULT_STATE_ROOT, int(caller), allow_netns=False)
    else:
        root = Path(args.state_root) if args.state_root else DEFAULT_STATE_ROOT
        if not root.is_absolute():
            parser.error("--state-root must be absolute")
        service = HelperService(root, os.getuid(), allow_netns=True)
    return serve(service, sys.stdin.buffer, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
