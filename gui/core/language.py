"""Choosing the user's language from a BCP-47-keyed display name (eduVPN client rules)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

LocalizedText = str | Mapping[str, str]


def _normalise(tag: str) -> str:
    return tag.replace("_", "-").strip().lower()


def pick_language(names: Mapping[str, str], tag: str) -> str | None:
    """The rule for one tag: exact key, a key starting with the tag, then with the language and a
    dash, then the bare language. Case-insensitive, ``_`` read as ``-`` (Qt writes ``nl_NL``)."""
    keys = {_normalise(k): k for k in names}
    wanted = _normalise(tag)
    if not wanted:
        return None
    if wanted in keys:
        return names[keys[wanted]]
    for norm, key in keys.items():
        if norm.startswith(wanted + "-"):  # "de-de-1996" for "de-DE"; never "del" for "de"
            return names[key]
    language = wanted.split("-", 1)[0]
    for norm, key in keys.items():
        if norm.startswith(language + "-"):
            return names[key]
    if language in keys:
        return names[keys[language]]
    return None


def localized(text: LocalizedText, languages: Iterable[str]) -> str:
    """The text to show for the user's languages (in order of preference): each language by the
    rule above, then ``en-US``, ``en``, the first key. A plain string is shown as is."""
    if isinstance(text, str):
        return text
    if not text:
        return ""
    for tag in languages:
        found = pick_language(text, tag)
        if found is not None:
            return found
    for fallback in ("en-US", "en"):
        keys = {_normalise(k): k for k in text}
        if _normalise(fallback) in keys:
            return text[keys[_normalise(fallback)]]
    return next(iter(text.values()))


def all_names(text: LocalizedText) -> list[str]:
    """Every language's version, for search."""
    return [text] if isinstance(text, str) else list(text.values())
