"""What the window needs of a tray: a state to show and notifications to pass on.

Apart from the tray icon itself (``gui.ui.tray``), which the start makes after the window's first
frame: the window is built against this small interface, and works the same without a tray.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Protocol as TypingProtocol

if TYPE_CHECKING:
    from gui.controller.viewmodel import ControllerState


class MessageKind(StrEnum):
    """What a notification is about: its icon follows (never the green "connected" one for a
    warning)."""

    INFO = "info"
    WARNING = "warning"
    ENDED = "ended"


class Tray(TypingProtocol):
    """What the window needs from a tray."""

    def set_state(self, state: ControllerState) -> None: ...
    def show_message(self, title: str, text: str, kind: MessageKind = MessageKind.INFO) -> None: ...
