"""The colours and kinds of the connection's state, from the window's palette.

Apart from the state picture (``gui.ui.state_graphic``) because the error banner uses them on the
window's first frame, which draws no state picture.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QColor, QPalette

from gui.controller.viewmodel import ControllerState


class StateKind(StrEnum):
    """The four looks of the status screen."""

    OFF = "off"
    BUSY = "busy"
    ON = "on"
    ERROR = "error"


def state_kind(state: ControllerState) -> StateKind:
    if state is ControllerState.CONNECTED:
        return StateKind.ON
    if state is ControllerState.ERROR:
        return StateKind.ERROR
    if state in (ControllerState.AUTHORIZING, ControllerState.CONNECTING, ControllerState.DISCONNECTING):
        return StateKind.BUSY
    return StateKind.OFF


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def state_color(palette: QPalette, kind: StateKind) -> QColor:
    """The colour of a state on this palette: green and red are picked lighter on a dark window
    so they keep their contrast; "busy" is the theme's own highlight, "off" its muted text."""
    dark = is_dark(palette)
    if kind is StateKind.ON:
        return QColor("#5cc46a" if dark else "#1e7d32")
    if kind is StateKind.ERROR:
        return QColor("#ff6b6b" if dark else "#b3261e")
    if kind is StateKind.BUSY:
        return palette.color(QPalette.ColorRole.Highlight)
    return palette.color(QPalette.ColorRole.PlaceholderText)
