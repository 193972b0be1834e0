"""Where the app's own files are: inside the installed package (``gui/_bundled/``, copied there at
build time by ``setup.py``) or, in a source checkout, the repository's ``resources/`` and
``translations/`` folders."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """``resources`` or ``translations``."""
    inside = _PACKAGE / "_bundled" / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name
