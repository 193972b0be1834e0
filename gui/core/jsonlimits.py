"""JSON from a peer that may be hostile: a size cap and a nesting cap, checked before decoding.

``json.loads`` recurses once per ``[`` or ``{``: a line of 30,000 ``[`` raises ``RecursionError``,
which no ``except ValueError`` catches, and a reader that dies on it stops serving everyone. So
every reader of JSON that another process (or the network) sends decodes it here: the size is
checked first, then the nesting depth by a cheap scan over the brackets outside strings, and only
then is the text decoded; a ``RecursionError`` is still caught, as a last resort.

Every refusal is a ``JsonInputError``, a ``ValueError``: a caller turns it into its own protocol's
structured error (``str(error)`` is a short English reason without any of the input in it).
"""

from __future__ import annotations

import json
import re
from typing import Any

DEFAULT_MAX_DEPTH = 32

# The only characters that matter for nesting: brackets, and what starts, ends or escapes a string.
_SPECIAL = re.compile(r'[\[\]{}"\\]')
_OPENING = frozenset("[{")
_CLOSING = frozenset("]}")


class JsonInputError(ValueError):
    """JSON that was not decoded: too large, nested too deeply, or not valid (UTF-8) JSON."""


class JsonTooLargeError(JsonInputError):
    pass


class JsonTooDeepError(JsonInputError):
    pass


class JsonSyntaxError(JsonInputError):
    pass


def exceeds_depth(text: str, max_depth: int) -> bool:
    """Whether ``text`` opens more than ``max_depth`` arrays/objects inside one another.

    Brackets inside strings do not count (``"[[["`` is depth 0). Linear in the length of ``text``;
    malformed input gives some answer, and ``json.loads`` refuses it afterwards anyway.
    """
    depth = 0
    in_string = False
    escaped_at = -1  # the index of a character a backslash escapes
    for match in _SPECIAL.finditer(text):
        position = match.start()
        if position == escaped_at:
            continue
        char = match.group()
        if in_string:
            if char == "\\":
                escaped_at = position + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in _OPENING:
            depth += 1
            if depth > max_depth:
                return True
        elif char in _CLOSING:
            depth -= 1
    return False


def loads_limited(data: bytes | str, *, max_bytes: int, max_depth: int = DEFAULT_MAX_DEPTH) -> Any:
    """``json.loads(data)`` for input of at most ``max_bytes`` (UTF-8) nested at most ``max_depth``
    deep; raises ``JsonTooLargeError``, ``JsonTooDeepError`` or ``JsonSyntaxError`` (all
    ``JsonInputError``, a ``ValueError``). Bytes must be UTF-8 (RFC 8259 §8.1): no guessing of
    UTF-16/32, so the bracket scan reads the same characters as the decoder."""
    if len(data) > max_bytes:
        raise JsonTooLargeError(f"the JSON text is larger than {max_bytes} bytes")
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise JsonSyntaxError("the JSON text is not valid UTF-8") from None
    else:
        text = data
        if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
            raise JsonTooLargeError(f"the JSON text is larger than {max_bytes} bytes")
    if exceeds_depth(text, max_depth):
        raise JsonTooDeepError(f"the JSON text is nested more than {max_depth} levels deep")
    try:
        return json.loads(text)
    except RecursionError:
        raise JsonTooDeepError("the JSON text is nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, a number with too many digits
        raise JsonSyntaxError(f"the text is not valid JSON ({_position(exc)})") from None


def _position(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    return "not a valid value"
