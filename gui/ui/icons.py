"""The SVG icons in ``resources/``: the app icon and one per connection state (drawn to read at 16 px)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from gui.bundled import bundled_dir
from gui.controller.viewmodel import ControllerState

RESOURCES = bundled_dir("resources")

_STATE_FILES = {
    ControllerState.IDLE: "state-disconnected.svg",
    ControllerState.CHOOSING_PROFILE: "state-disconnected.svg",
    ControllerState.AUTHORIZING: "state-connecting.svg",
    ControllerState.CONNECTING: "state-connecting.svg",
    ControllerState.DISCONNECTING: "state-connecting.svg",
    ControllerState.CONNECTED: "state-connected.svg",
    ControllerState.ERROR: "state-error.svg",
}


def icon_file(state: ControllerState | None) -> Path:
    """The file for a state's icon; ``None`` is the application icon."""
    return RESOURCES / (_STATE_FILES[state] if state is not None else "sluis.svg")


@cache
def _load(path: Path) -> QIcon:
    return QIcon(str(path))


def app_icon() -> QIcon:
    return _load(icon_file(None))


def state_icon(state: ControllerState) -> QIcon:
    return _load(icon_file(state))
