"""Country flags as bundled SVG images (``resources/flags/<code>.svg``), never emoji: emoji flags
are empty boxes without an emoji font and Windows draws none at all."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPixmap

from gui.ui.icons import RESOURCES

FLAGS = RESOURCES / "flags"


def flag_file(country_code: str) -> Path | None:
    """The bundled SVG of an ISO 3166 code, or ``None``."""
    code = country_code.lower()
    if len(code) != 2 or not code.isalpha():
        return None
    path = FLAGS / f"{code}.svg"
    return path if path.is_file() else None


@cache
def flag_icon(country_code: str) -> QIcon | None:
    """The flag of an ISO 3166 code, or ``None`` when none is bundled."""
    path = flag_file(country_code)
    return QIcon(str(path)) if path is not None else None


def flag_pixmap(country_code: str, height: int) -> QPixmap | None:
    """The flag drawn ``height`` pixels high (3:2), for a label."""
    icon = flag_icon(country_code)
    if icon is None:
        return None
    return icon.pixmap(QSize(height * 3 // 2, height))
