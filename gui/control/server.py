"""The server side of the local control API: an asyncio Unix socket for this user only.

The socket is ``$XDG_RUNTIME_DIR/sluis/control.sock`` (or a per-user hashed folder in the temp dir,
see ``gui.control.protocol.control_socket_path``). Its folder is 0700 and the socket 0600;
a folder or socket that belongs to another user, or that others may open, is refused rather than
used or removed. A live socket means another Sluis already serves the API: it is left alone.
Not a TCP port: any local user, and any web page through the browser, can reach a TCP port.

Windows has no Unix sockets for this; a named pipe with a user-only DACL would be needed there.
That is documented, not built: ``ControlServer.start`` raises ``ControlChannelError`` on Windows.

What the requests do is up to a ``ControlTarget``: the GUI adapts its controller
(``ControllerTarget``), the background tunnel owner its ``TunnelSession`` (``gui.control.target``).
Each request is answered with the API version; a malformed one gets a structured error and changes
nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from gui.control.protocol import (
    MAX_LINE_BYTES,
    ConnectionState,
    ConnectRequest,
    DisconnectRequest,
    ErrorCode,
    ImportRequest,
    ProtocolError,
    Request,
    RequestId,
    Status,
    StatusRequest,
    SubscribeRequest,
    check_private,
    control_socket_path,
    encode_error,
    encode_event,
    encode_result,
    parse_request,
    requested_protocol,
)
from gui.core.errors import ControlChannelError, CredentialsRequiredError, ImportCancelledError, SluisError
from gui.core.paths import ensure_private_dir
from gui.core.profile_secrets import GivenLogin

if TYPE_CHECKING:
    pass

log = logging.getLogger("sluis.control")

StatusListener = Callable[[Status], None]


class ControlTarget(ABC):
    """What the control API drives: the GUI's controller or a headless one."""

    @abstractmethod
    async def connect(
        self,
        server: str,
        profile: str | None,
        controller: str,
        *,
        protocol: str | None = None,
        prefer_tcp: bool | None = None,
        login: GivenLogin | None = None,
    ) -> Status:
        """``login``: the VPN login the request brought, for a profile that asks for one; without
        it such a connect raises ``CredentialsRequiredError`` (or the window asks its user)."""

    @abstractmethod
    async def disconnect(self, controller: str | None) -> Status: ...

    @abstractmethod
    def status(self) -> Status: ...

    @abstractmethod
    def subscribe(self, listener: StatusListener) -> Callable[[], None]:
        """Call ``listener`` with each new status; returns the function that stops it."""

    async def import_profile(self, source: str, confirmed: bool) -> dict[str, Any]:
        """Import a profile; ``confirmed`` means the caller has asked the user already."""
        del source, confirmed
        raise ProtocolError(ErrorCode.NOT_SUPPORTED, "this Sluis cannot import profiles")


# -- the socket ----------------------------------------------------------------------------------------


def prepare_socket_path(path: Path) -> None:
    """Make the private folder, and clear a stale socket of ours; refuse anything not ours alone."""
    folder = path.parent
    try:
        check_private(folder, directory=True)
    except FileNotFoundError:
        ensure_private_dir(folder)  # made 0700 with each missing parent, then checked once more
    try:
        check_private(path, directory=False)
    except FileNotFoundError:
        return
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(1.0)
    try:
        probe.connect(str(path))
    except OSError:
        log.info("removing a stale control socket")
        path.unlink(missing_ok=True)
        return
    finally:
        probe.close()
    raise ControlChannelError(detail="another Sluis is already listening on it")


class ControlServer:
    def __init__(self, target: ControlTarget, path: Path | None = None) -> None:
        self.target = target
        self.path = path or control_socket_path()
        self._server: asyncio.AbstractServer | None = None
        self._connections: set[asyncio.Task[None]] = set()

    async def start(self) -> ControlServer:
        if sys.platform == "win32" or not hasattr(socket, "AF_UNIX"):
            raise ControlChannelError(detail="not available on this platform yet (it needs a named pipe)")
        prepare_socket_path(self.path)
        old_umask = os.umask(0o177)  # the socket is born 0600; its folder is 0700 anyway
        try:
            self._server = await asyncio.start_unix_server(
                self._serve, path=str(self.path), limit=MAX_LINE_BYTES + 1
            )
        finally:
            os.umask(old_umask)
        os.chmod(self.path, 0o600)
        log.info("control API listening")
        return self

    async def close(self) -> None:
        if self._server is None:
            return
        self._server.close()
        for task in list(self._connections):
            task.cancel()
        for task in list(self._connections):
            with contextlib.suppress(BaseException):
                await task
        with contextlib.suppress(Exception):
            await self._server.wait_closed()
        self._server = None
        with contextlib.suppress(OSError):
            check_private(self.path, directory=False)
            self.path.unlink()

    async def __aenter__(self) -> ControlServer:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- one connection -----------------------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        unsubscribe: Callable[[], None] | None = None

        def send(line: bytes) -> None:
            if not writer.is_closing():
                writer.write(line)

        try:
            while True:
                try:
                    line = await reader.readuntil(b"\n")
                except asyncio.IncompleteReadError:
                    return
                except asyncio.LimitOverrunError:
                    # Answer, drop the line up to its newline unread, and go on with the next one.
                    send(encode_error(ProtocolError(ErrorCode.TOO_LARGE, "the request line is too long")))
                    await writer.drain()
                    if not await _skip_rest_of_line(reader):
                        return
                    continue
                if not line.strip():
                    continue
                try:
                    envelope = parse_request(line)
                except ProtocolError as exc:
                    send(encode_error(exc))
                    await writer.drain()
                    continue
                request = envelope.request
                if isinstance(request, SubscribeRequest):
                    if unsubscribe is None:
                        unsubscribe = self.target.subscribe(
                            lambda status: send(encode_event("status", status.to_json()))
                        )
                    send(encode_result(envelope.request_id, self.target.status().to_json()))
                else:
                    send(await self._answer(request, envelope.request_id))
                await writer.drain()
        except (ConnectionError, OSError):
            return
        finally:
            if unsubscribe is not None:
                unsubscribe()
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _answer(self, request: Request, request_id: RequestId) -> bytes:
        try:
            if isinstance(request, ConnectRequest):
                log.info("control: connect requested")  # never its parameters: they may hold a login
                status = await self.target.connect(
                    request.server,
                    request.profile,
                    request.controller,
                    protocol=request.protocol,
                    prefer_tcp=request.prefer_tcp,
                    login=_given_login(request),
                )
                return encode_result(request_id, status.to_json())
            if isinstance(request, DisconnectRequest):
                log.info("control: disconnect requested")
                return encode_result(request_id, (await self.target.disconnect(request.controller)).to_json())
            if isinstance(request, StatusRequest):
                return encode_result(request_id, self.target.status().to_json())
            if isinstance(request, ImportRequest):
                result = await self.target.import_profile(request.source, request.confirmed)
                return encode_result(request_id, result)
        except ProtocolError as exc:
            exc.request_id = request_id
            return encode_error(exc)
        except ImportCancelledError as exc:
            return encode_error(ProtocolError(ErrorCode.CANCELLED, exc.message, request_id=request_id))
        except CredentialsRequiredError as exc:
            return encode_error(credentials_required(exc, request_id))
        except SluisError as exc:
            return encode_error(ProtocolError(ErrorCode.FAILED, exc.message, request_id=request_id))
        except Exception as exc:
            log.error("control request failed unexpectedly", exc_info=exc)
            return encode_error(ProtocolError(ErrorCode.FAILED, "an internal error", request_id=request_id))
        raise AssertionError(f"unhandled request {type(request).__name__}")


def _given_login(request: ConnectRequest) -> GivenLogin | None:
    if not request.has_login:
        return None
    return GivenLogin(request.username, request.password, request.challenge_response, bool(request.remember))


def credentials_required(exc: CredentialsRequiredError, request_id: RequestId = None) -> ProtocolError:
    """The ``credentials_required`` answer: the message, and what the caller should ask."""
    keys = ("profile", "username", "challenge", "echo", "password_known")
    details = {key: exc.params.get(key) for key in keys}
    return ProtocolError(ErrorCode.CREDENTIALS_REQUIRED, exc.message, request_id=request_id, details=details)


async def _skip_rest_of_line(reader: asyncio.StreamReader) -> bool:
    """Discard what is left of an overlong line, through its newline, without keeping more than the
    reader's limit in memory; ``False`` when the peer closed the connection first."""
    while True:
        try:
            await reader.readuntil(b"\n")
            return True
        except asyncio.LimitOverrunError as exc:
            await reader.readexactly(exc.consumed)
        except asyncio.IncompleteReadError:
            return False


# -- targets -------------------------------------------------------------------------------------------


class StatusBroadcaster:
    """The listener list every target needs."""

    def __init__(self) -> None:
        self._listeners: list[StatusListener] = []

    def subscribe(self, listener: StatusListener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def emit(self, status: Status) -> None:
        for listener in list(self._listeners):
            try:
                listener(status)
            except Exception:
                log.exception("a status listener failed")


class ControllerTarget(ControlTarget):
    """Adapts the GUI's ``gui.controller.machine.Controller`` (duck-typed, so this module does not
    load Qt): requests become controller operations, its ``stateChanged`` becomes status events.

    The window's controller owns every operation; a request from the API replaces the running one
    exactly as a click would.
    """

    _STATES: ClassVar[dict[str, ConnectionState]] = {
        "idle": ConnectionState.DISCONNECTED,
        "authorizing": ConnectionState.CONNECTING,
        "connecting": ConnectionState.CONNECTING,
        "choosing_profile": ConnectionState.CONNECTING,
        "connected": ConnectionState.CONNECTED,
        "disconnecting": ConnectionState.DISCONNECTING,
        "error": ConnectionState.ERROR,
    }

    def __init__(
        self,
        controller: Any,
        importer: Callable[[str, bool], Any] | None = None,
    ) -> None:
        self.controller = controller
        self.importer = importer
        self._controller_id: str | None = None
        self._broadcast = StatusBroadcaster()
        self._last: Status | None = None
        controller.stateChanged.connect(self._on_state)
        controller.connectionChanged.connect(lambda _info: self._on_state(""))

    def _on_state(self, _state: str) -> None:
        status = self.status()
        if status.state is ConnectionState.DISCONNECTED:
            self._controller_id = None
            status = replace(status, controller=None)
        if status != self._last:  # the controller re-emits unchanged states; subscribers see changes
            self._last = status
            self._broadcast.emit(status)

    def status(self) -> Status:
        state_value = getattr(self.controller.state, "value", str(self.controller.state))
        state = self._STATES.get(state_value, ConnectionState.CONNECTING)
        info = self.controller.connection
        server = info.server.base_url if info is not None else None
        profile = info.profile.profile_id if info is not None and info.profile is not None else None
        session = getattr(info, "session", None) if info is not None else None
        expires = session.expires_at.isoformat() if session is not None else None
        if state is ConnectionState.DISCONNECTED:
            server = profile = expires = None
        return Status(state, server, profile, self._controller_id, self.controller.last_error, expires)

    def subscribe(self, listener: StatusListener) -> Callable[[], None]:
        return self._broadcast.subscribe(listener)

    async def _finish(self, task: asyncio.Task[None] | None) -> Status:
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(task)
        status = self.status()
        if status.state is ConnectionState.ERROR and status.error:
            raise SluisError(status.error)
        return status

    async def connect(
        self,
        server: str,
        profile: str | None,
        controller: str,
        *,
        protocol: str | None = None,
        prefer_tcp: bool | None = None,
        login: GivenLogin | None = None,
    ) -> Status:
        entry = self.controller.service.servers.get(server)
        self._controller_id = controller
        requested = requested_protocol(protocol)
        if profile:
            task = self.controller.connect_profile(
                entry.base_url, profile, protocol=requested, prefer_tcp=prefer_tcp, login=login
            )
        else:
            task = self.controller.choose_server(entry.base_url, login=login)
        status = await self._finish(task)
        if status.state is ConnectionState.CONNECTING:  # several profiles: the window asks the user
            raise ProtocolError(
                ErrorCode.MISSING_FIELD, "this server has several profiles; name one", field="profile"
            )
        return status

    async def disconnect(self, controller: str | None) -> Status:
        del controller
        return await self._finish(self.controller.disconnect_vpn())

    async def import_profile(self, source: str, confirmed: bool) -> dict[str, Any]:
        if self.importer is None:
            return await super().import_profile(source, confirmed)
        result = self.importer(source, confirmed)
        if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future):
            result = await result
        assert isinstance(result, dict)
        return result


async def serve_controller(
    controller: Any,
    importer: Callable[[str, bool], Any] | None = None,
    path: Path | None = None,
) -> ControlServer | None:
    """Start the control API for the window's controller; ``None`` (and a log line) when it cannot
    (another Sluis serves it, an unsafe socket folder, Windows): the window works without it.

    In ``gui.app.run_app``: ``api = await serve_controller(controller, links.import_for_api)`` and
    ``await api.close()`` on quit.
    """
    try:
        return await ControlServer(ControllerTarget(controller, importer), path).start()
    except (SluisError, OSError) as exc:
        log.warning("the local control API is not available: %s", getattr(exc, "message", exc))
        return None
