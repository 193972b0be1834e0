"""A quit the platform asks for (macOS's Quit menu and Cmd+Q, the end of a desktop session) goes
through Sluis's own shutdown, which takes the tunnel down and tells the server: Qt's default would
end the event loop first, with the tunnel left up."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent

from gui.app import route_quit_through_shutdown


def test_a_platform_quit_runs_the_clean_shutdown_instead_of_stopping_the_loop(qapp: Any) -> None:
    requests: list[int] = []
    guard = route_quit_through_shutdown(qapp, lambda: requests.append(1))
    try:
        event = QEvent(QEvent.Type.Quit)
        QCoreApplication.sendEvent(qapp, event)
        assert requests == [1]
    finally:
        qapp.removeEventFilter(guard)
