"""The server's ``/.well-known/vpn-user-portal`` document: where the API and OAuth endpoints live.

The document is fetched fresh at least once per run (so a server upgraded from 2.x to 3.x is picked up
on restart). A server that lists no ``http://eduvpn.org/api#3`` key under ``api`` does not speak API
v3; that is a distinct error because the user can do nothing about it but ask the server's operator.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from gui.core.errors import NotApiV3Error, ServerResponseError
from gui.core.jsondoc import load_json

API_V3_KEY = "http://eduvpn.org/api#3"
_ENDPOINT_KEYS = ("api_endpoint", "authorization_endpoint", "token_endpoint")
_MAX_URL_CHARS = 2048


@dataclass(frozen=True)
class Endpoints:
    """The three absolute ``https://`` URLs of an API v3 server, and its version when it says."""

    api_endpoint: str
    authorization_endpoint: str
    token_endpoint: str
    server_version: str | None


def https_url_problem(url: object) -> str | None:
    """Why ``url`` cannot be used as an API or OAuth endpoint, or ``None`` when it can.

    Endpoints must be absolute ``https://`` URLs with a host, without credentials or a fragment
    (RFC 6749 forbids a fragment on both OAuth endpoints), and free of spaces and control characters.
    """
    if not isinstance(url, str):
        return "is not a text value"
    if not url or len(url) > _MAX_URL_CHARS:
        return "is empty or too long"
    if any(ch.isspace() or unicodedata.category(ch) in {"Cc", "Cs"} for ch in url):
        return "contains spaces or control characters"
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError:
        return "is not a valid URL"
    if parts.scheme.lower() != "https":
        return "is not an https:// address"
    if not parts.hostname:
        return "has no host name"
    if parts.username is not None or parts.password is not None:
        return "contains a user name or password"
    if parts.fragment or url.endswith("#"):
        return "contains a fragment (#…)"
    if port == 0:
        return "has port 0"
    return None


def parse_well_known(body: bytes, host: str) -> Endpoints:
    """The API v3 endpoints from the well-known document of ``host``.

    Raises ``NotApiV3Error`` when the document has no API v3 entry (an older server), and
    ``ServerResponseError`` when it is not the JSON the API describes or an endpoint is unusable.
    """
    doc = load_json(body, "server's well-known document")
    if not isinstance(doc, dict):
        raise ServerResponseError(detail="the server's well-known document is not a JSON object")
    apis = doc.get("api")
    if apis is None:
        raise NotApiV3Error(host=host)
    if not isinstance(apis, dict):
        raise ServerResponseError(detail="the “api” entry of the well-known document is not an object")
    entry = apis.get(API_V3_KEY)
    if entry is None:
        raise NotApiV3Error(host=host)
    if not isinstance(entry, dict):
        raise ServerResponseError(
            detail=f"the “{API_V3_KEY}” entry of the well-known document is not an object"
        )
    urls: dict[str, str] = {}
    for key in _ENDPOINT_KEYS:
        if key not in entry:
            raise ServerResponseError(detail=f"the well-known document has no “{key}”")
        problem = https_url_problem(entry[key])
        if problem is not None:
            raise ServerResponseError(detail=f"the “{key}” of the well-known document {problem}")
        urls[key] = entry[key]
    version = doc.get("v")
    if not isinstance(version, str) or not version.isprintable() or len(version) > 100:
        version = None  # informational only; a missing or odd version never blocks a connection
    return Endpoints(
        api_endpoint=urls["api_endpoint"],
        authorization_endpoint=urls["authorization_endpoint"],
        token_endpoint=urls["token_endpoint"],
        server_version=version,
    )
