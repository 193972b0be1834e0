"""The user side of the root boundary: how backends ask ``sluis-helper`` for what needs root.

The helper itself (``gui.helper``) checks everything again; this side only speaks its protocol. Two
ways to reach it, one behaviour:

* ``PkexecHelper``: ``pkexec /usr/libexec/sluis/sluis-helper`` (the installed, root-owned helper the
  polkit action names), talking JSON lines over a socket pair so that the helper can hand over the
  OpenVPN management connection as a file descriptor. Without the installed helper (a source
  checkout) it runs ``pkexec <python> -m gui.helper``, which matches no Sluis action: polkit asks
  for an administrator as for any program.
* ``InProcessHelper``: Sluis already runs as root (CI, containers): the same ``HelperService`` in a
  thread.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gui.core.jsonlimits import JsonInputError, loads_limited
from gui.helper.checks import WgPeerSpec, wg_setconf_text
from gui.helper.service import HelperService

__all__ = ["HELPER_PATH", "Helper", "InProcessHelper", "PkexecHelper", "PrivilegedError", "WgPeerSpec",
           "make_helper", "wg_setconf_text"]  # fmt: skip

# Where the .deb installs the helper; the polkit action's exec.path names exactly this file.
HELPER_PATH = Path("/usr/libexec/sluis/sluis-helper")
MAX_ANSWER_BYTES = 1024 * 1024


class PrivilegedError(Exception):
    """A refused or failed privileged step; ``str()`` is safe to log (no keys)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class Helper(ABC):
    """One connection to the helper; requests are serialised."""

    @abstractmethod
    async def request(self, op: str, **args: Any) -> dict[str, Any]:
        """The answer's fields; ``PrivilegedError`` when the helper refused or failed."""

    @abstractmethod
    async def management(self, tunnel: str) -> socket.socket:
        """The connected OpenVPN management socket of ``tunnel``."""

    async def close(self) -> None:  # noqa: B027 - only the pkexec helper has a process to stop
        """Stop a helper process, if there is one."""


def _answer(fields: dict[str, Any]) -> dict[str, Any]:
    if not fields.get("ok"):
        line = fields.get("line")
        raise PrivilegedError(str(fields.get("error", "refused")), line if isinstance(line, int) else None)
    return fields


class InProcessHelper(Helper):
    """Sluis is root already: the helper's own checks and actions, run in a thread."""

    def __init__(self, state_root: Path | None = None) -> None:
        from gui.helper.records import DEFAULT_STATE_ROOT

        self.service = HelperService(state_root or DEFAULT_STATE_ROOT, os.getuid(), allow_netns=True)

    async def request(self, op: str, **args: Any) -> dict[str, Any]:
        answer = await asyncio.to_thread(self.service.handle, {"op": op, "args": args})
        if answer.handover is not None:
            answer.handover.close()
        return _answer(answer.fields)

    async def management(self, tunnel: str) -> socket.socket:
        answer = await asyncio.to_thread(self.service.handle, {"op": "management", "args": {"id": tunnel}})
        _answer(answer.fields)
        assert answer.handover is not None
        return answer.handover


class PkexecHelper(Helper):
    """A helper process started through polkit; JSON lines over a socket pair."""

    def __init__(self, command: list[str] | None = None) -> None:
        self._command = command
        self._proc: asyncio.subprocess.Process | None = None
        self._sock: socket.socket | None = None
        self._buffer = b""
        self._lock = asyncio.Lock()

    def command(self) -> list[str]:
        if self._command is not None:
            return self._command
        if HELPER_PATH.exists():
            return ["pkexec", str(HELPER_PATH)]
        if getattr(sys, "frozen", False):
            # A bundle cannot run "-m": without the installed helper there is none to start.
            raise PrivilegedError(f"the privileged helper is not installed ({HELPER_PATH})")
        return ["pkexec", sys.executable, "-m", "gui.helper"]

    async def _start(self) -> socket.socket:
        if self._proc is not None and self._proc.returncode is None and self._sock is not None:
            return self._sock
        command = self.command()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._proc = await asyncio.create_subprocess_exec(
                *command, stdin=theirs.fileno(), stdout=theirs.fileno()
            )
        finally:
            theirs.close()
        self._sock, self._buffer = ours, b""
        return ours

    def _exchange(self, sock: socket.socket, line: bytes) -> tuple[bytes, list[int]]:
        sock.sendall(line)
        fds: list[int] = []
        while b"\n" not in self._buffer:
            data, ancillary, _flags, _addr = sock.recvmsg(65536, socket.CMSG_SPACE(4 * 4))
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    fds += [
                        int.from_bytes(payload[i : i + 4], sys.byteorder) for i in range(0, len(payload), 4)
                    ]
            if not data:
                raise PrivilegedError("the privileged helper was not authorized or stopped")
            self._buffer += data
            if len(self._buffer) > MAX_ANSWER_BYTES:
                raise PrivilegedError("the privileged helper sent an answer that is far too long")
        answer, _, self._buffer = self._buffer.partition(b"\n")
        return answer, fds

    async def _call(self, op: str, args: dict[str, Any]) -> tuple[dict[str, Any], list[int]]:
        import json

        async with self._lock:
            sock = await self._start()
            line = json.dumps({"op": op, "args": args}).encode() + b"\n"
            try:
                raw, fds = await asyncio.to_thread(self._exchange, sock, line)
            except OSError:
                raise PrivilegedError("the privileged helper was not authorized or stopped") from None
        try:
            fields = loads_limited(raw, max_bytes=MAX_ANSWER_BYTES, max_depth=8)
        except JsonInputError:
            fields = None
        if not isinstance(fields, dict):
            for fd in fds:
                os.close(fd)
            raise PrivilegedError("the privileged helper sent a malformed answer")
        return fields, fds

    async def request(self, op: str, **args: Any) -> dict[str, Any]:
        fields, fds = await self._call(op, args)
        for fd in fds:
            os.close(fd)
        return _answer(fields)

    async def management(self, tunnel: str) -> socket.socket:
        fields, fds = await self._call("management", {"id": tunnel})
        try:
            _answer(fields)
            if len(fds) != 1:
                raise PrivilegedError("the privileged helper did not hand over the management socket")
        except PrivilegedError:
            for fd in fds:
                os.close(fd)
            raise
        return socket.socket(fileno=fds[0])

    async def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        if self._proc is not None and self._proc.returncode is None:
            await self._proc.wait()


def make_helper(state_root: Path | None = None, *, is_root: Callable[[], bool] | None = None) -> Helper:
    """In-process when root, else a pkexec helper (``PrivilegedError`` when pkexec is missing)."""
    root = os.geteuid() == 0 if is_root is None else is_root()
    if root:
        return InProcessHelper(state_root)
    if shutil.which("pkexec") is None:
        raise PrivilegedError("pkexec is not installed: Sluis needs it (or root) to set up a tunnel")
    return PkexecHelper()
