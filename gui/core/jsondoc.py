"""Reading a server's JSON answer: one place that turns every decoding failure into a user error."""

from __future__ import annotations

import json
from typing import Any

from gui.core.errors import ServerResponseError


def load_json(body: bytes, what: str) -> Any:
    """Decoded JSON, or a ``ServerResponseError`` naming ``what``: bad UTF-8, bad JSON, absurd
    nesting or numbers (UnicodeDecodeError and JSONDecodeError are ValueErrors)."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise ServerResponseError(detail=f"the {what} is not valid JSON") from exc
