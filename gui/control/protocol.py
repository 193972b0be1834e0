"""The local control API's wire format: JSON lines over a per-user local socket, with a version.

Another program on the same desktop (a script, the ``sluis`` CLI, a company portal helper) asks the
running client to ``connect``, ``disconnect``, report its ``status`` or ``subscribe`` to state
events. The socket is private to the user (see ``gui.control.server``); this module only says what
a valid message is, so the server and the client share one definition and neither needs Qt.

One request per line::

    {"version": 1, "id": 7, "method": "connect",
     "params": {"server": "https://vpn.example.org/", "profile": "staff", "controller": "<uuid>"}}

One answer per request, carrying the same ``id`` and the API version::

    {"version": 1, "id": 7, "ok": true, "result": {...}}
    {"version": 1, "id": 7, "ok": false, "error": {"code": "missing_field", "message": "...", "field": "..."}}

After ``subscribe`` the server also sends events, which have no ``id``::

    {"version": 1, "event": "status", "data": {...}}

A profile that asks for a VPN login (an Access Server user-locked profile) without one kept in the
keyring is answered ``credentials_required``, with what to ask; the caller asks its user and sends
``connect`` again with ``username``, ``password`` (and ``challenge_response`` for a static
challenge; ``remember`` to keep the login in the keyring).

A controller identifier is a UUID each controlling program picks for itself (as in IXON's VPN
client API); any controller may disconnect, whoever connected. A malformed line gets a structured
error and changes nothing: the connection stays open and the tunnel is not touched.
"""

from __future__ import annotations

import json
import os
import stat
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from gui.control.socket_path import control_socket_path as control_socket_path  # its old place
from gui.core.errors import ControlChannelError
from gui.core.jsonlimits import JsonInputError, JsonTooDeepError, JsonTooLargeError, loads_limited
from gui.core.protocols import Protocol

API_VERSION = 1
SUPPORTED_VERSIONS = frozenset({API_VERSION})
# A request is a few hundred bytes; a line longer than this is refused without being parsed.
MAX_LINE_BYTES = 64 * 1024
# Requests and answers nest three or four levels; deeper is refused before decoding.
MAX_JSON_DEPTH = 32


class ErrorCode(StrEnum):
    BAD_JSON = "bad_json"
    BAD_REQUEST = "bad_request"
    UNSUPPORTED_VERSION = "unsupported_version"
    UNKNOWN_METHOD = "unknown_method"
    MISSING_FIELD = "missing_field"
    INVALID_FIELD = "invalid_field"
    TOO_LARGE = "too_large"
    # The operation was tried and failed; ``message`` is the user-facing reason.
    FAILED = "failed"
    # This instance cannot do that (e.g. a headless host has no dialog to confirm an import).
    NOT_SUPPORTED = "not_supported"
    # The user declined (an import that was not confirmed).
    CANCELLED = "cancelled"
    # The VPN profile needs a username and password and the request brought none (or not all: a
    # static challenge's answer). The error says what to ask (``username``, ``challenge``,
    # ``echo``, ``password_known``); send ``connect`` again with them.
    CREDENTIALS_REQUIRED = "credentials_required"


class Method(StrEnum):
    CONNECT = "connect"
    DISCONNECT = "disconnect"
    STATUS = "status"
    SUBSCRIBE = "subscribe"
    IMPORT = "import"


class ConnectionState(StrEnum):
    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    DISCONNECTING = "disconnecting"
    ERROR = "error"


RequestId = int | str | None


class ProtocolError(Exception):
    """A request that cannot be carried out as sent; becomes an ``ok: false`` answer."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        request_id: RequestId = None,
        field: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.request_id = request_id
        self.field = field
        # More keys of the error object (``credentials_required``: what to ask); never a secret.
        self.details = details or {}

    def to_json(self) -> dict[str, Any]:
        error: dict[str, Any] = {**self.details, "code": self.code.value, "message": self.message}
        if self.field is not None:
            error["field"] = self.field
        if self.code is ErrorCode.UNSUPPORTED_VERSION:
            error["supported"] = sorted(SUPPORTED_VERSIONS)
        return error


# -- requests ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConnectRequest:
    server: str
    controller: str
    profile: str | None = None
    # An explicit protocol (``wireguard``, ``openvpn``): refused when IT's policy locks another.
    protocol: str | None = None
    prefer_tcp: bool | None = None
    # The VPN login of a profile that asks for one (an Access Server user-locked profile), for this
    # connect only; ``remember`` keeps username and password in the keyring. Never logged: the
    # socket is the user's own (0600 in a 0700 folder) and the server logs no parameters.
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    challenge_response: str | None = field(default=None, repr=False)
    remember: bool | None = None

    @property
    def has_login(self) -> bool:
        return self.password is not None or self.challenge_response is not None


@dataclass(frozen=True)
class DisconnectRequest:
    # Optional: anyone may disconnect; when given it must still be a UUID (it is logged, not checked).
    controller: str | None = None


@dataclass(frozen=True)
class StatusRequest:
    pass


@dataclass(frozen=True)
class SubscribeRequest:
    pass


@dataclass(frozen=True)
class ImportRequest:
    """Import a profile from a token URL, an https URL or a file path (absolute, on this machine).

    ``confirmed`` means the caller already asked the user (``sluis import --yes`` or a terminal
    prompt); otherwise the running client asks in its own window.
    """

    # A token URL is a password (``ImportSource.url`` hides it too): kept out of ``repr``.
    source: str = field(repr=False)
    confirmed: bool = False


Request = ConnectRequest | DisconnectRequest | StatusRequest | SubscribeRequest | ImportRequest

_METHOD_OF: dict[type[Any], Method] = {
    ConnectRequest: Method.CONNECT,
    DisconnectRequest: Method.DISCONNECT,
    StatusRequest: Method.STATUS,
    SubscribeRequest: Method.SUBSCRIBE,
    ImportRequest: Method.IMPORT,
}


@dataclass(frozen=True)
class Envelope:
    """A parsed request with the ``id`` its answer must carry."""

    request: Request
    request_id: RequestId = None


# -- status ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """What every controller may see: no secrets, no configuration text."""

    state: ConnectionState = ConnectionState.DISCONNECTED
    server: str | None = None
    profile: str | None = None
    # The controller that asked for the current connection (``None``: the user, in the window).
    controller: str | None = None
    # The last failure, in words for the user.
    error: str | None = None
    # ISO 8601 end of the VPN session, when known.
    expires: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "state": self.state.value,
            "server": self.server,
            "profile": self.profile,
            "controller": self.controller,
            "error": self.error,
            "expires": self.expires,
        }
        data.update(self.extra)
        return data

    @classmethod
    def from_json(cls, raw: Any) -> Status:
        if not isinstance(raw, dict):
            raise ProtocolError(ErrorCode.BAD_REQUEST, "a status must be an object")
        try:
            state = ConnectionState(str(raw.get("state")))
        except ValueError:
            raise ProtocolError(ErrorCode.INVALID_FIELD, "unknown state", field="state") from None

        def text(key: str) -> str | None:
            value = raw.get(key)
            return value if isinstance(value, str) else None

        known = {"state", "server", "profile", "controller", "error", "expires"}
        extra = {k: v for k, v in raw.items() if k not in known}
        return cls(
            state, text("server"), text("profile"), text("controller"), text("error"), text("expires"), extra
        )


# -- validation ------------------------------------------------------------------------------------


def is_controller_id(value: object) -> bool:
    """A controller identifier: a UUID in its canonical 8-4-4-4-12 form, not the nil UUID."""
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return False
    return str(parsed) == value.lower() and parsed.int != 0


def _string(params: dict[str, Any], name: str, request_id: RequestId, *, required: bool) -> str | None:
    value = params.get(name)
    if value is None:
        if required:
            raise ProtocolError(
                ErrorCode.MISSING_FIELD, f"“{name}” is required", request_id=request_id, field=name
            )
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > 2048:
        raise ProtocolError(
            ErrorCode.INVALID_FIELD, f"“{name}” must be a non-empty string", request_id=request_id, field=name
        )
    return value


# A login field: a line of text for OpenVPN's management interface, so no control characters (a
# line break would end the command there).
MAX_LOGIN_FIELD = 1024


def _login_field(params: dict[str, Any], name: str, request_id: RequestId) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or not value
        or len(value) > MAX_LOGIN_FIELD
        or any(ord(c) < 32 or ord(c) == 127 for c in value)
    ):
        raise ProtocolError(
            ErrorCode.INVALID_FIELD,
            f"“{name}” must be a non-empty line of text (at most {MAX_LOGIN_FIELD} characters)",
            request_id=request_id,
            field=name,
        )
    return value


def _flag(params: dict[str, Any], name: str, request_id: RequestId) -> bool | None:
    value = params.get(name)
    if value is not None and not isinstance(value, bool):
        raise ProtocolError(
            ErrorCode.INVALID_FIELD, f"“{name}” must be true or false", request_id=request_id, field=name
        )
    return value


def _controller(params: dict[str, Any], request_id: RequestId, *, required: bool) -> str | None:
    value = _string(params, "controller", request_id, required=required)
    if value is not None and not is_controller_id(value):
        raise ProtocolError(
            ErrorCode.INVALID_FIELD,
            "“controller” must be a UUID (8-4-4-4-12 hexadecimal digits)",
            request_id=request_id,
            field="controller",
        )
    return value.lower() if value is not None else None


def _request_id(message: dict[str, Any]) -> RequestId:
    value = message.get("id")
    if isinstance(value, bool) or not isinstance(value, int | str | None):
        return None
    if isinstance(value, str) and len(value) > 128:
        return None
    return value


def _json_object(line: bytes | str, what: str, a_what: str, *, max_bytes: int) -> dict[str, Any]:
    """One JSON-object line, or the ``ProtocolError`` a peer is answered with: also for a line
    too long or nested too deeply to decode safely (``loads_limited``), never a ``RecursionError``."""
    try:
        message = loads_limited(line, max_bytes=max_bytes, max_depth=MAX_JSON_DEPTH)
    except JsonTooLargeError:
        raise ProtocolError(ErrorCode.TOO_LARGE, f"a line is limited to {max_bytes} bytes") from None
    except JsonTooDeepError:
        raise ProtocolError(
            ErrorCode.BAD_JSON, f"the {what} is nested more than {MAX_JSON_DEPTH} levels deep"
        ) from None
    except JsonInputError:
        raise ProtocolError(ErrorCode.BAD_JSON, f"the {what} is not valid JSON") from None
    if not isinstance(message, dict):
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"{a_what} must be a JSON object")
    return message


def parse_request(line: bytes | str) -> Envelope:
    """Read one request line; raises ``ProtocolError`` (with the request's ``id`` when it had one)."""
    if len(line) > MAX_LINE_BYTES:
        raise ProtocolError(ErrorCode.TOO_LARGE, f"a request line is limited to {MAX_LINE_BYTES} bytes")
    message = _json_object(line, "request", "a request", max_bytes=MAX_LINE_BYTES)
    request_id = _request_id(message)
    if "id" in message and message["id"] is not None and request_id is None:
        raise ProtocolError(ErrorCode.INVALID_FIELD, "“id” must be a number or a short string", field="id")
    if "version" not in message:
        raise ProtocolError(
            ErrorCode.MISSING_FIELD, "“version” is required", request_id=request_id, field="version"
        )
    version = message["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version not in SUPPORTED_VERSIONS:
        raise ProtocolError(
            ErrorCode.UNSUPPORTED_VERSION,
            f"API version {version!r} is not supported; this client speaks version {API_VERSION}",
            request_id=request_id,
            field="version",
        )
    method = message.get("method")
    if method is None:
        raise ProtocolError(
            ErrorCode.MISSING_FIELD, "“method” is required", request_id=request_id, field="method"
        )
    try:
        chosen = Method(method) if isinstance(method, str) else None
    except ValueError:
        chosen = None
    if chosen is None:
        raise ProtocolError(
            ErrorCode.UNKNOWN_METHOD,
            "unknown method; use one of " + ", ".join(m.value for m in Method),
            request_id=request_id,
            field="method",
        )
    params = message.get("params", {})
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise ProtocolError(
            ErrorCode.INVALID_FIELD, "“params” must be an object", request_id=request_id, field="params"
        )
    request: Request
    if chosen is Method.CONNECT:
        server = _string(params, "server", request_id, required=True)
        controller = _controller(params, request_id, required=True)
        profile = _string(params, "profile", request_id, required=False)
        assert server is not None
        assert controller is not None
        protocol = _string(params, "protocol", request_id, required=False)
        request = ConnectRequest(
            server=server,
            controller=controller,
            profile=profile,
            protocol=protocol,
            prefer_tcp=_flag(params, "prefer_tcp", request_id),
            username=_login_field(params, "username", request_id),
            password=_login_field(params, "password", request_id),
            challenge_response=_login_field(params, "challenge_response", request_id),
            remember=_flag(params, "remember", request_id),
        )
    elif chosen is Method.DISCONNECT:
        request = DisconnectRequest(controller=_controller(params, request_id, required=False))
    elif chosen is Method.STATUS:
        request = StatusRequest()
    elif chosen is Method.SUBSCRIBE:
        request = SubscribeRequest()
    else:
        source = _string(params, "source", request_id, required=True)
        confirmed = params.get("confirmed", False)
        if not isinstance(confirmed, bool):
            raise ProtocolError(
                ErrorCode.INVALID_FIELD,
                "“confirmed” must be true or false",
                request_id=request_id,
                field="confirmed",
            )
        assert source is not None
        request = ImportRequest(source=source, confirmed=confirmed)
    return Envelope(request, request_id)


# -- encoding ---------------------------------------------------------------------------------------


def _line(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"


def encode_request(request: Request, request_id: RequestId = None) -> bytes:
    params = {k: v for k, v in request.__dict__.items() if v is not None}
    message: dict[str, Any] = {"version": API_VERSION, "method": _METHOD_OF[type(request)].value}
    if request_id is not None:
        message["id"] = request_id
    if params:
        message["params"] = params
    return _line(message)


def encode_result(request_id: RequestId, result: dict[str, Any]) -> bytes:
    return _line({"version": API_VERSION, "id": request_id, "ok": True, "result": result})


def encode_error(error: ProtocolError) -> bytes:
    return _line({"version": API_VERSION, "id": error.request_id, "ok": False, "error": error.to_json()})


def encode_event(name: str, data: dict[str, Any]) -> bytes:
    return _line({"version": API_VERSION, "event": name, "data": data})


# -- answers, as the client reads them ---------------------------------------------------------------

# An answer (a status with extra fields) may be longer than a request; ``ControlClient`` buffers as much.
MAX_ANSWER_BYTES = 16 * MAX_LINE_BYTES


@dataclass(frozen=True)
class Reply:
    request_id: RequestId
    ok: bool
    result: dict[str, Any] = field(default_factory=dict)
    error: dict[str, Any] = field(default_factory=dict)

    @property
    def error_code(self) -> str | None:
        code = self.error.get("code")
        return code if isinstance(code, str) else None

    @property
    def error_message(self) -> str:
        message = self.error.get("message")
        return message if isinstance(message, str) else "unknown error"


@dataclass(frozen=True)
class Event:
    name: str
    data: dict[str, Any]


def parse_answer(line: bytes | str) -> Reply | Event:
    """A line from the server; raises ``ProtocolError`` when it is not one this version understands."""
    message = _json_object(line, "answer", "an answer", max_bytes=MAX_ANSWER_BYTES)
    if message.get("version") != API_VERSION:
        raise ProtocolError(ErrorCode.UNSUPPORTED_VERSION, "the server speaks another API version")
    if "event" in message:
        data = message.get("data")
        return Event(str(message["event"]), data if isinstance(data, dict) else {})
    ok = message.get("ok")
    if not isinstance(ok, bool):
        raise ProtocolError(ErrorCode.MISSING_FIELD, "the answer has no “ok”", field="ok")
    result = message.get("result")
    error = message.get("error")
    return Reply(
        _request_id(message),
        ok,
        result if isinstance(result, dict) else {},
        error if isinstance(error, dict) else {},
    )


# -- where the socket lives: gui.control.socket_path (the CLI checks it without loading this module) --


def check_private(path: Path, *, directory: bool, uid: int | None = None) -> None:
    """Refuse a folder or socket that is not ours alone: another owner, group/world access, or a
    symlink (``lstat``: a link could point anywhere). Raises ``ControlChannelError``."""
    owner = (os.getuid() if hasattr(os, "getuid") else 0) if uid is None else uid
    info = os.lstat(path)
    what = "folder" if directory else "socket"
    if directory and not stat.S_ISDIR(info.st_mode):
        raise ControlChannelError(detail=f"{path} is not a folder")
    if not directory and not stat.S_ISSOCK(info.st_mode):
        raise ControlChannelError(detail=f"{path} is not a socket")
    if info.st_uid != owner:
        raise ControlChannelError(detail=f"the {what} {path} belongs to another user; refusing it")
    if stat.S_IMODE(info.st_mode) & 0o077:
        raise ControlChannelError(detail=f"other users may access the {what} {path}; refusing it")


def requested_protocol(value: str | None) -> Protocol | None:
    """A connect request's explicit protocol; ``invalid_field`` for a name Sluis does not know."""
    if value is None:
        return None
    try:
        return Protocol(value)
    except ValueError:
        raise ProtocolError(ErrorCode.INVALID_FIELD, "unknown protocol", field="protocol") from None
