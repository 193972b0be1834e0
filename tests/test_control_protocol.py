"""The control API's wire format: what a valid request is, and that nothing else gets through."""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.control.protocol import (
    API_VERSION,
    ConnectionState,
    ConnectRequest,
    DisconnectRequest,
    ErrorCode,
    Event,
    ImportRequest,
    ProtocolError,
    Reply,
    Status,
    StatusRequest,
    SubscribeRequest,
    control_socket_path,
    encode_error,
    encode_event,
    encode_request,
    encode_result,
    is_controller_id,
    parse_answer,
    parse_request,
)

CONTROLLER = "6f1c1f5e-3a7b-4c1e-9d2a-1b2c3d4e5f60"


@pytest.mark.parametrize(
    "request_",
    [
        ConnectRequest(server="https://vpn.example.org/", controller=CONTROLLER, profile="staff"),
        ConnectRequest(server="imported:abc", controller=CONTROLLER),
        DisconnectRequest(),
        DisconnectRequest(controller=CONTROLLER),
        StatusRequest(),
        SubscribeRequest(),
        ImportRequest(source="/home/u/a.ovpn", confirmed=True),
    ],
)
def test_requests_round_trip(request_: object) -> None:
    envelope = parse_request(encode_request(request_, 42))  # type: ignore[arg-type]
    assert envelope.request == request_
    assert envelope.request_id == 42


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (CONTROLLER, True),
        (CONTROLLER.upper(), True),
        (str(uuid.uuid4()), True),
        ("00000000-0000-0000-0000-000000000000", False),
        ("{" + CONTROLLER + "}", False),
        ("urn:uuid:" + CONTROLLER, False),
        (CONTROLLER.replace("-", ""), False),
        ("not-a-uuid", False),
        (12, False),
    ],
)
def test_controller_must_be_a_canonical_uuid(value: object, valid: bool) -> None:
    assert is_controller_id(value) is valid


def test_version_must_be_a_supported_integer() -> None:
    for version in ("1", True, 1.0, 2, None):
        line = json.dumps({"version": version, "id": 1, "method": "status"})
        with pytest.raises(ProtocolError) as caught:
            parse_request(line)
        assert caught.value.code is ErrorCode.UNSUPPORTED_VERSION
        assert caught.value.request_id == 1


def test_errors_and_events_carry_the_version() -> None:
    failure = ProtocolError(ErrorCode.MISSING_FIELD, "x", request_id=3, field="server")
    error = parse_answer(encode_error(failure))
    assert isinstance(error, Reply) and not error.ok
    assert error.error == {"code": "missing_field", "message": "x", "field": "server"}
    assert json.loads(encode_result(3, {}))["version"] == API_VERSION
    event = parse_answer(encode_event("status", Status(ConnectionState.CONNECTED, "s", "p").to_json()))
    assert isinstance(event, Event) and Status.from_json(event.data).state is ConnectionState.CONNECTED


def test_answers_of_another_version_are_not_read() -> None:
    with pytest.raises(ProtocolError):
        parse_answer(b'{"version": 2, "id": 1, "ok": true, "result": {}}')


@given(st.binary(max_size=300))
def test_any_bytes_give_a_request_or_a_protocol_error(data: bytes) -> None:
    code: object = None
    try:
        parse_request(data)
    except ProtocolError as exc:
        code = exc.code
    assert code is None or isinstance(code, ErrorCode)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
FIELDS = st.sampled_from(["version", "id", "method", "params", "server", "controller", "source"])


@given(st.dictionaries(FIELDS, JSON | st.sampled_from([1, "connect", "import", CONTROLLER])))
def test_any_json_object_gives_a_request_or_a_protocol_error(message: dict[str, object]) -> None:
    code: object = None
    try:
        parse_request(json.dumps(message))
    except ProtocolError as exc:
        code = exc.to_json()["code"]
    assert code is None or code in {c.value for c in ErrorCode}


def test_socket_path_prefers_the_runtime_folder() -> None:
    runtime = control_socket_path({"XDG_RUNTIME_DIR": "/run/user/1000"})
    assert str(runtime) == "/run/user/1000/sluis/control.sock"
    fallback = control_socket_path({"USER": "alice"})
    other = control_socket_path({"USER": "bob"})
    assert fallback.name == "control.sock" and fallback.parent != other.parent
    assert control_socket_path({"XDG_RUNTIME_DIR": "relative/dir", "USER": "alice"}) == fallback


def test_an_import_requests_token_url_stays_out_of_its_repr() -> None:
    """A token URL is a password (as ``ImportSource.url``): a logged or printed request must not show it."""
    from gui.control.protocol import ImportRequest, parse_request

    url = "openvpn://import-profile/https://vpn.example.org/rest/GetProfileViaToken?token=s3cr3t"
    line = json.dumps({"version": 1, "method": "import", "params": {"source": url}})
    envelope = parse_request(line)
    assert isinstance(envelope.request, ImportRequest) and envelope.request.source == url
    assert "s3cr3t" not in repr(envelope) and "s3cr3t" not in str(envelope.request)
