"""API error bodies and OAuth error responses: typed errors, the server's words cleaned, no crashes."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.apierrors import MAX_SERVER_TEXT, error_from_response, parse_oauth_error
from gui.core.errors import (
    ApiError,
    NoCommonProtocolError,
    ProfileNotFoundError,
    ServerResponseError,
    SluisError,
)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@pytest.mark.parametrize(
    ("status", "body", "cls", "message"),
    [
        # The API text's examples and the observed server's texts.
        (404, b'{"error":"no such \\"profile_id\\""}', ProfileNotFoundError, 'no such "profile_id"'),
        (
            406,
            b'{"error":"no common VPN protocol support between client and server profile"}',
            NoCommonProtocolError,
            "no common VPN protocol support between client and server profile",
        ),
        (400, b'{"error":"invalid value for \\"prefer_tcp\\""}', ApiError, 'invalid value for "prefer_tcp"'),
        (
            400,
            b'{"error":"missing post parameter \\"profile_id\\""}',
            ApiError,
            'missing post parameter "profile_id"',
        ),
        (
            500,
            b'{"error":"/connect failed: unable to connect using any of the common supported VPN protocols"}',
            ApiError,
            "/connect failed: unable to connect using any of the common supported VPN protocols",
        ),
    ],
)
def test_documented_errors(status: int, body: bytes, cls: type[ApiError], message: str) -> None:
    error = error_from_response(status, "application/json", body)
    assert type(error) is cls
    assert error.status == status
    assert error.server_message == message
    assert message in str(error)


def test_oauth_style_description_is_included() -> None:
    error = error_from_response(
        401, "application/json", b'{"error":"invalid_token","error_description":"token expired"}'
    )
    assert error.server_message == "invalid_token: token expired"


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/html", b"<html><h1>502 Bad Gateway</h1></html>"),
        ("application/json", b""),
        ("application/json", b'{"message": "no error key"}'),
        ("application/json", b'{"error": 42}'),
        ("application/json", b'{"error": ""}'),
        ("application/json", b'["error"]'),
        (None, b"\xff\xfe"),
        ("text/plain", b"\xff\xfe"),
        ("application/json", b"[" * 100_000),
    ],
)
def test_unreadable_bodies_give_a_generic_message(content_type: str | None, body: bytes) -> None:
    error = error_from_response(502, content_type, body)
    assert type(error) is ApiError
    assert error.server_message == "HTTP 502"


def test_plain_text_bodies_are_shown() -> None:
    error = error_from_response(503, "text/plain; charset=utf-8", b"Down for maintenance\r\nuntil 14:00")
    assert error.server_message == "Down for maintenance until 14:00"


def test_server_text_is_cleaned_and_truncated() -> None:
    hostile = "Access denied\x1b[2J\u202eevil\u0000 " + "x" * 1000
    error = error_from_response(400, "application/json", json.dumps({"error": hostile}).encode())
    message = error.server_message
    assert len(message) <= MAX_SERVER_TEXT
    assert message.endswith("…")
    assert message.startswith("Access denied [2Jevil x")
    assert not any(ch in message for ch in "\x1b\u202e\u0000")


def test_unpaired_surrogates_are_replaced() -> None:
    error = error_from_response(400, "application/json", b'{"error": "bad \\ud800 thing"}')
    error.server_message.encode("utf-8")  # would raise on an unpaired surrogate
    assert error.server_message.startswith("bad ")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            b'{"error":"invalid_grant","error_description":"refresh token was revoked"}',
            ("invalid_grant", "refresh token was revoked"),
        ),
        (b'{"error":"invalid_client"}', ("invalid_client", None)),
        (
            b'{"error":"access_denied","error_description":"","error_uri":"https://x"}',
            ("access_denied", None),
        ),
        (b'{"error":"invalid_request","error_description":5}', ("invalid_request", None)),
        (
            b'{"error":"invalid_grant","error_description":"line1\\nline2\\u0007"}',
            ("invalid_grant", "line1 line2"),
        ),
    ],
)
def test_oauth_errors(body: bytes, expected: tuple[str, str | None]) -> None:
    assert parse_oauth_error(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"Bad Request",
        b"[]",
        b"{}",
        b'{"error": null}',
        b'{"error": ""}',
        b'{"error": "has\\"quote"}',
        b'{"error": "back\\\\slash"}',
        b'{"error": "caf\\u00e9"}',
        b'{"error": "' + b"a" * 101 + b'"}',
        b"\x80",
    ],
)
def test_oauth_non_errors_are_server_response_errors(body: bytes) -> None:
    with pytest.raises(ServerResponseError):
        parse_oauth_error(body)


# --- garbage in --------------------------------------------------------------------------------


def _displayable(text: str) -> bool:
    """One line, no control characters, bidi overrides or unpaired surrogates."""
    return not any(
        unicodedata.category(ch) in {"Cc", "Cs", "Zl", "Zp"} or ch in "\u202e\u2066" for ch in text
    )


CONTENT_TYPES = st.one_of(
    st.none(), st.text(max_size=40), st.sampled_from(["application/json", "text/plain"])
)


@given(st.integers(100, 599), CONTENT_TYPES, st.binary(max_size=300))
def test_random_error_bodies(status: int, content_type: str | None, body: bytes) -> None:
    error = error_from_response(status, content_type, body)
    assert isinstance(error, ApiError)
    assert 0 < len(error.server_message) <= MAX_SERVER_TEXT
    assert _displayable(error.server_message)
    assert str(error)


@given(st.integers(100, 599), JSON)
def test_random_json_error_bodies(status: int, doc: object) -> None:
    error = error_from_response(status, "application/json", json.dumps(doc).encode())
    assert isinstance(error, ApiError)
    assert _displayable(error.server_message)


@given(
    st.dictionaries(st.sampled_from(["error", "error_description", "error_uri"]), JSON | st.text(max_size=40))
)
def test_random_oauth_bodies(doc: dict[str, object]) -> None:
    try:
        error, description = parse_oauth_error(json.dumps(doc).encode())
    except SluisError:
        return
    assert error == doc["error"]
    assert error.isascii()
    assert error.isprintable()
    assert description is None or (_displayable(description) and len(description) <= MAX_SERVER_TEXT)


@given(st.binary(max_size=200))
def test_random_oauth_bytes(body: bytes) -> None:
    try:
        result = parse_oauth_error(body)
    except SluisError:
        return
    assert isinstance(result, tuple)
    assert isinstance(result[0], str)
