"""Choosing another language in Settings takes effect at once: the window is rebuilt in the new
language at the same place and page, and the old one goes (the app keeps running)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QLocale
from ui_support import RecordingTray, make_controller

from gui.controller.machine import Controller
from gui.ui.live_language import LiveLanguage
from gui.ui.main_window import MainWindow


async def no_browser(url: str) -> None:
    raise AssertionError("no login here")


@pytest.fixture
def live(qtbot: Any, qt_loop: Any, qapp: Any, tmp_path: Path) -> Iterator[tuple[Controller, LiveLanguage]]:
    previous = QLocale()
    controller = make_controller(tmp_path, no_browser)
    tray = RecordingTray()

    def make_window() -> MainWindow:
        return MainWindow(controller, tray=tray, quit_app=lambda: pytest.fail("nothing quits"))

    switcher = LiveLanguage(qapp, controller, tmp_path / "qm", [], make_window)
    yield controller, switcher
    switcher.window.hide()
    switcher.window.deleteLater()  # the replaced ones are deleted by the switcher itself
    switcher.remove_translators()
    QLocale.setDefault(previous)


def test_a_new_language_rebuilds_the_window_at_once(
    qtbot: Any, live: tuple[Controller, LiveLanguage]
) -> None:
    controller, switcher = live
    first = switcher.window
    first.show()
    first.move(50, 60)
    first.show_page(first.settings_page)
    assert first.servers_nav.text() == "Ser&vers"
    place = first.pos()
    with qtbot.waitSignal(switcher.windowReplaced, timeout=5000):
        first.settings_page.language.setCurrentIndex(first.settings_page.language.findData("nl"))
    dutch = switcher.window
    assert dutch is not first
    assert dutch.isVisible()
    assert not shiboken6.isValid(first) or not first.isVisible(), "the old window went"
    assert dutch.current_page is dutch.settings_page, "the same page"
    assert dutch.pos() == place, "at the same place (Dutch may need a wider window)"
    assert dutch.add_page.add_button.text() == "Deze server toevoegen"
    assert controller.settings.language == "nl"

    with qtbot.waitSignal(switcher.windowReplaced, timeout=5000):
        dutch.settings_page.language.setCurrentIndex(dutch.settings_page.language.findData(""))
    assert switcher.window.add_page.add_button.text() == "Add this server"
