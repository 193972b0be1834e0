"""The client side of the local control API: plain blocking sockets, no Qt, no event loop.

The CLI uses it to hand ``connect``, ``disconnect``, ``status`` and ``import`` to a running Sluis
(the window, or a headless host) instead of acting on its own: two processes driving one tunnel
would fight. Before talking, it checks that the socket and its folder belong to this user alone,
so another local user cannot pose as Sluis and collect what the CLI sends.
"""

from __future__ import annotations

import contextlib
import itertools
import socket
import time
import uuid
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from gui.control.protocol import (
    MAX_LINE_BYTES,
    ErrorCode,
    Event,
    ProtocolError,
    Reply,
    Request,
    StatusRequest,
    check_private,
    control_socket_path,
    encode_request,
    parse_answer,
)
from gui.core.errors import ControlChannelError, SluisError
from gui.core.paths import write_private

# ``status`` answers at once; ``connect`` may wait for a login in the browser.
DEFAULT_TIMEOUT = 10.0
CONNECT_TIMEOUT = 15 * 60.0  # gui.core.oauth.LOGIN_TIMEOUT (not imported: it loads asyncio)


class ControlRequestFailed(SluisError):
    """The running Sluis answered ``ok: false``; ``code`` is the protocol's error code."""

    template = "{message}"

    @property
    def code(self) -> str:
        return str(self.params.get("code", ""))

    @property
    def error(self) -> dict[str, Any]:
        """The whole error object (``credentials_required`` says there what to ask)."""
        error = self.params.get("error")
        return error if isinstance(error, dict) else {}


def _broken(exc: OSError) -> ControlChannelError:
    return ControlChannelError(detail=f"the connection to Sluis broke ({exc.strerror or exc})")


def controller_id_file(state_dir: Path) -> Path:
    return state_dir / "controller-id"


def cli_controller_id(state_dir: Path) -> str:
    """This user's CLI identity as a controller: one UUID, made once and kept (no secret)."""
    path = controller_id_file(state_dir)
    with contextlib.suppress(OSError, ValueError):
        text = path.read_text(encoding="utf-8").strip()
        return str(uuid.UUID(text))
    value = str(uuid.uuid4())
    with contextlib.suppress(OSError):  # a refused state folder too: a new identity per run, then
        write_private(path, value + "\n")
    return value


class ControlClient:
    """One connection to the control socket. ``request`` returns the matching answer; events that
    arrive meanwhile (after ``subscribe``) are kept for ``next_event``."""

    def __init__(self, path: Path | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.path = path or control_socket_path()
        self.timeout = timeout
        self._sock: socket.socket | None = None
        self._buffer = bytearray()
        self._events: deque[Event] = deque()
        self._ids = itertools.count(1)

    # -- connection -------------------------------------------------------------------------------------

    def open(self) -> ControlClient:
        """Connect; ``ControlChannelError`` when nothing listens or the socket is not safely ours."""
        if not hasattr(socket, "AF_UNIX"):
            raise ControlChannelError(detail="this platform has no Unix sockets (a named pipe is needed)")
        try:
            check_private(self.path.parent, directory=True)
            check_private(self.path, directory=False)
        except FileNotFoundError:
            raise ControlChannelError(detail="Sluis is not running") from None
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(str(self.path))
        except OSError:
            sock.close()
            raise ControlChannelError(detail="Sluis is not running") from None
        self._sock = sock
        return self

    def close(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
            self._sock = None

    def __enter__(self) -> ControlClient:
        return self if self._sock is not None else self.open()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- lines --------------------------------------------------------------------------------------------

    def send_line(self, line: bytes) -> None:
        if self._sock is None:
            self.open()
        assert self._sock is not None
        try:
            self._sock.sendall(line)
        except OSError as exc:
            raise _broken(exc) from None

    def _read_line(self, deadline: float) -> bytes:
        assert self._sock is not None
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ControlChannelError(detail="Sluis did not answer in time")
            self._sock.settimeout(remaining)
            try:
                chunk = self._sock.recv(65536)
            except TimeoutError:
                raise ControlChannelError(detail="Sluis did not answer in time") from None
            except OSError as exc:
                raise _broken(exc) from None
            if not chunk:
                raise ControlChannelError(detail="Sluis closed the connection")
            self._buffer.extend(chunk)
            if len(self._buffer) > 16 * MAX_LINE_BYTES:
                raise ControlChannelError(detail="Sluis sent an answer that is far too long")
        line, _, rest = bytes(self._buffer).partition(b"\n")
        self._buffer = bytearray(rest)
        return line

    def read_answer(self, timeout: float | None = None) -> Reply | Event:
        if self._sock is None:
            self.open()
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        try:
            return parse_answer(self._read_line(deadline))
        except ProtocolError as exc:
            raise ControlChannelError(detail=exc.message) from None

    def read_reply(self, request_id: Any, timeout: float | None = None) -> Reply:
        """The answer to ``request_id``; events read on the way are queued, not lost."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            answer = self.read_answer(max(deadline - time.monotonic(), 0.001))
            if isinstance(answer, Event):
                self._events.append(answer)
            elif answer.request_id == request_id or answer.request_id is None:
                return answer

    # -- requests ----------------------------------------------------------------------------------------

    def request(self, request: Request, *, timeout: float | None = None) -> Reply:
        request_id = next(self._ids)
        self.send_line(encode_request(request, request_id))
        return self.read_reply(request_id, timeout)

    def call(self, request: Request, *, timeout: float | None = None) -> dict[str, Any]:
        """The ``result`` of a request; ``ControlRequestFailed`` carries the error's code and message."""
        reply = self.request(request, timeout=timeout)
        if not reply.ok:
            code = reply.error_code or ErrorCode.FAILED.value
            raise ControlRequestFailed(code=code, message=reply.error_message, error=reply.error)
        return reply.result

    def next_event(self, timeout: float | None = None) -> Event:
        if self._events:
            return self._events.popleft()
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            answer = self.read_answer(max(deadline - time.monotonic(), 0.001))
            if isinstance(answer, Event):
                return answer

    def events(self, timeout: float | None = None) -> Iterator[Event]:
        while True:
            yield self.next_event(timeout)


def running_instance(path: Path | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> ControlClient | None:
    """A connected client when a Sluis listens on the control socket; ``None`` when none runs.

    A socket that is not safely ours raises ``ControlChannelError``: that is worth saying, not
    silently working around.
    """
    client = ControlClient(path, timeout=timeout)
    target = client.path
    if not target.parent.exists() or not target.exists():
        return None
    try:
        return client.open()
    except ControlChannelError as exc:
        if exc.params.get("detail") == "Sluis is not running":
            return None
        raise


def forward(request: Request, path: Path | None = None) -> dict[str, Any] | None:
    """Send one request to a running Sluis and return its result; ``None`` when none runs (the
    caller then acts on its own). ``connect`` may wait for a browser login in the window."""
    client = running_instance(path)
    if client is None:
        return None
    timeout = CONNECT_TIMEOUT if not isinstance(request, StatusRequest) else DEFAULT_TIMEOUT
    with client:
        return client.call(request, timeout=timeout)
