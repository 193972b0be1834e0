"""Error responses of the API and of the OAuth token endpoint, turned into typed errors.

The server's own words are shown to the user (the API text: "show the server's text; do not match on
it"), so they are cleaned first: no control or bidirectional-override characters, one line, bounded.
Anything unexpected, HTML error pages included, becomes a generic "HTTP <status>" rather than a crash.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from gui.core.errors import ApiError, NoCommonProtocolError, ProfileNotFoundError, ServerResponseError

MAX_SERVER_TEXT = 300
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
# RFC 6749 section 5.2: error codes are printable ASCII without '"' and '\'.
_OAUTH_ERROR_CODE = re.compile(r"[\x20\x21\x23-\x5b\x5d-\x7e]{1,100}")
_ERROR_CLASSES: dict[int, type[ApiError]] = {404: ProfileNotFoundError, 406: NoCommonProtocolError}


def clean_server_text(text: str, limit: int = MAX_SERVER_TEXT) -> str:
    """``text`` fit to show: controls, bidi overrides and unpaired surrogates removed, whitespace
    collapsed to single spaces, cut to ``limit`` characters (with an ellipsis)."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    kept = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text if ch not in _BIDI_CONTROLS)
    collapsed = " ".join(kept.split())
    return collapsed if len(collapsed) <= limit else collapsed[: limit - 1].rstrip() + "…"


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return doc if isinstance(doc, dict) else None


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _server_message(content_type: str | None, body: bytes) -> str | None:
    doc = _json_object(body)
    if doc is not None:
        error, description = doc.get("error"), doc.get("error_description")
        parts = [clean_server_text(p) for p in (error, description) if isinstance(p, str)]
        return clean_server_text(": ".join(p for p in parts if p)) or None
    if _media_type(content_type) == "text/plain":
        try:
            return clean_server_text(body.decode("utf-8")) or None
        except UnicodeDecodeError:
            return None
    return None


def error_from_response(status: int, content_type: str | None, body: bytes) -> ApiError:
    """The typed error for a failed API response (``{"error": "…"}`` per the API text).

    404 is ``ProfileNotFoundError``, 406 ``NoCommonProtocolError``, any other status ``ApiError``.
    Never raises: a body it cannot read yields the server message "HTTP <status>".
    """
    message = _server_message(content_type, body) or f"HTTP {status}"
    return _ERROR_CLASSES.get(status, ApiError)(status=status, server_message=message)


def parse_oauth_error(body: bytes) -> tuple[str, str | None]:
    """``(error, error_description)`` of an OAuth 2 error response (RFC 6749 section 5.2).

    ``error`` is the machine-readable code (``invalid_grant``, …) to act on; the description is
    cleaned for display, or ``None``. Raises ``ServerResponseError`` when the body is no such response.
    """
    doc = _json_object(body)
    if doc is None:
        raise ServerResponseError(detail="the authorization server's error response is not a JSON object")
    error = doc.get("error")
    if not isinstance(error, str) or not _OAUTH_ERROR_CODE.fullmatch(error):
        raise ServerResponseError(detail="the authorization server's error response has no valid “error”")
    description = doc.get("error_description")
    cleaned = clean_server_text(description) if isinstance(description, str) else ""
    return error, cleaned or None
