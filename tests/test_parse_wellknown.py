"""The well-known document: API v3 endpoints, older servers, and garbage."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.errors import NotApiV3Error, ServerResponseError, SluisError
from gui.core.wellknown_doc import API_V3_KEY, Endpoints, parse_well_known

HOST = "vpn.example.org"
# The API draft's example, as /.well-known/vpn-user-portal serves it.
SAMPLE: dict[str, Any] = {
    "api": {
        "http://eduvpn.org/api#3": {
            "api_endpoint": "https://vpn.example.org/vpn-user-portal/api/v3",
            "authorization_endpoint": "https://vpn.example.org/vpn-user-portal/oauth/authorize",
            "token_endpoint": "https://vpn.example.org/vpn-user-portal/oauth/token",
        }
    },
    "v": "3.4.1-1.fc38",
}
# A 2.x server (before 2.4.1) lists only API v2.
SAMPLE_V2 = {
    "api": {
        "http://eduvpn.org/api#2": {
            "api_endpoint": "https://vpn.example.org/portal/api.php",
            "authorization_endpoint": "https://vpn.example.org/portal/_oauth/authorize",
            "token_endpoint": "https://vpn.example.org/portal/oauth.php/token",
        }
    },
    "v": "2.3.6",
}

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


def _body(doc: object) -> bytes:
    return json.dumps(doc).encode()


def test_sample_document_gives_the_endpoints() -> None:
    assert parse_well_known(_body(SAMPLE), HOST) == Endpoints(
        api_endpoint="https://vpn.example.org/vpn-user-portal/api/v3",
        authorization_endpoint="https://vpn.example.org/vpn-user-portal/oauth/authorize",
        token_endpoint="https://vpn.example.org/vpn-user-portal/oauth/token",
        server_version="3.4.1-1.fc38",
    )


def test_a_server_offering_v2_and_v3_is_read_as_v3() -> None:
    both = copy.deepcopy(SAMPLE)
    both["api"].update(SAMPLE_V2["api"])
    assert parse_well_known(_body(both), HOST).api_endpoint.endswith("/api/v3")


def test_missing_version_and_loopback_endpoints_with_port() -> None:
    doc = copy.deepcopy(SAMPLE)
    del doc["v"]
    doc["api"][API_V3_KEY] = {
        key: f"https://127.0.0.1:8443/{key}"
        for key in ("api_endpoint", "authorization_endpoint", "token_endpoint")
    }
    endpoints = parse_well_known(_body(doc), "127.0.0.1:8443")
    assert endpoints.server_version is None
    assert endpoints.token_endpoint == "https://127.0.0.1:8443/token_endpoint"


@pytest.mark.parametrize("doc", [SAMPLE_V2, {"v": "2.0.0"}, {"api": {}}, {"api": None}])
def test_no_api_v3_entry_means_an_older_server(doc: object) -> None:
    with pytest.raises(NotApiV3Error) as caught:
        parse_well_known(_body(doc), HOST)
    assert caught.value.params["host"] == HOST
    assert HOST in str(caught.value)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://vpn.example.org/api/v3", "https"),
        ("http://127.0.0.1/api/v3", "https"),
        ("/vpn-user-portal/api/v3", "https"),
        ("vpn.example.org/api/v3", "https"),
        ("https:///api/v3", "host"),
        ("https://user:pw@vpn.example.org/api/v3", "user name"),
        ("https://vpn.example.org/oauth/token#frag", "fragment"),
        ("https://vpn.example.org:99999/api", "valid URL"),
        ("https://vpn.example.org:0/api", "port 0"),
        ("https://[::1/api", "valid URL"),
        ("https://vpn.example.org/a b", "spaces"),
        ("https://vpn.example.org/\x00", "control"),
        ("", "empty"),
        (42, "text"),
        (None, "text"),
    ],
)
def test_unusable_endpoint_urls_are_refused_with_a_reason(url: object, reason: str) -> None:
    doc = copy.deepcopy(SAMPLE)
    doc["api"][API_V3_KEY]["token_endpoint"] = url
    with pytest.raises(ServerResponseError) as caught:
        parse_well_known(_body(doc), HOST)
    assert "token_endpoint" in str(caught.value)
    assert reason in str(caught.value)


@pytest.mark.parametrize("missing", ["api_endpoint", "authorization_endpoint", "token_endpoint"])
def test_missing_endpoint_is_named(missing: str) -> None:
    doc = copy.deepcopy(SAMPLE)
    del doc["api"][API_V3_KEY][missing]
    with pytest.raises(ServerResponseError, match=missing):
        parse_well_known(_body(doc), HOST)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><body>404 Not Found</body></html>",
        b"\xff\xfe\x00garbage",
        b"[]",
        b'"api"',
        b'{"api": []}',
        b'{"api": {"http://eduvpn.org/api#3": "https://vpn.example.org"}}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"v": ' + b"9" * 10_000 + b"}",
    ],
)
def test_malformed_documents_are_server_response_errors(body: bytes) -> None:
    with pytest.raises(ServerResponseError):
        parse_well_known(body, HOST)


def test_odd_version_is_dropped_not_fatal() -> None:
    for odd in (3, ["3.0"], "3.0\n<script>", "x" * 500):
        doc = copy.deepcopy(SAMPLE)
        doc["v"] = odd
        assert parse_well_known(_body(doc), HOST).server_version is None


def _check(body: bytes) -> None:
    try:
        result = parse_well_known(body, HOST)
    except SluisError:
        return
    assert isinstance(result, Endpoints)
    assert all(url.startswith("https://") for url in (result.api_endpoint, result.token_endpoint))


@given(st.binary(max_size=300))
def test_random_bytes(body: bytes) -> None:
    _check(body)


@given(JSON)
def test_random_json(doc: object) -> None:
    _check(_body(doc))


@given(st.sampled_from(["api_endpoint", "authorization_endpoint", "token_endpoint", "v"]), JSON)
def test_mutated_sample(key: str, value: object) -> None:
    doc = copy.deepcopy(SAMPLE)
    if key == "v":
        doc["v"] = value
    else:
        doc["api"][API_V3_KEY][key] = value
    _check(_body(doc))


@given(st.text(max_size=80))
def test_random_endpoint_text(url: str) -> None:
    doc = copy.deepcopy(SAMPLE)
    doc["api"][API_V3_KEY]["api_endpoint"] = url
    _check(json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass"))


@given(st.sampled_from([["api"], ["api", API_V3_KEY]]), JSON)
def test_mutated_structure(path: list[str], value: object) -> None:
    doc = copy.deepcopy(SAMPLE)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    _check(_body(doc))
