"""The window's fast start (issue 13): before its first frame only the page it opens on exists; once
``finish_build`` has run, the window is the one ``MainWindow(controller)`` builds at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gui.controller.machine import Controller
from gui.core.servers import ServerEntry, ServerKind
from gui.ui.main_window import MainWindow
from tests.ui_support import RecordingTray, make_controller

LATER = ("profiles_page", "connection_page", "settings_page", "help_page")


async def no_browser(url: str) -> None:
    raise AssertionError("no login here")


def window_for(controller: Controller, qtbot: Any, *, fast: bool) -> MainWindow:
    window = MainWindow(
        controller, tray=RecordingTray(), quit_app=lambda: pytest.fail("nothing quits"), fast=fast
    )
    qtbot.addWidget(window)
    return window


def stack_order(window: MainWindow) -> list[str]:
    """The pages by their place in the stack (``take_over`` matches pages by it)."""
    names = {id(getattr(window, name)): name for name in MainWindow.PAGES}
    return [names[id(window.stack.widget(i))] for i in range(window.stack.count())]


def test_a_first_start_opens_on_the_add_page_and_builds_the_rest_after(
    qtbot: Any, qt_loop: Any, tmp_path: Path
) -> None:
    controller = make_controller(tmp_path, no_browser)
    window = window_for(controller, qtbot, fast=True)
    assert window.current_page is window.add_page
    assert not window.built
    assert [name for name in (*LATER, "servers_page", "discovery_search") if name in window.__dict__] == []

    window.finish_build()
    whole = window_for(controller, qtbot, fast=False)
    assert window.built and whole.built
    assert stack_order(window) == stack_order(whole) == list(MainWindow.PAGES)
    assert window.current_page is window.add_page
    assert window.discovery_search.parent() is not None, "the search sits on the add page"
    assert window.discovery_search.search_edit is window.add_page.url_edit
    window.finish_build()  # twice is harmless
    assert window.stack.count() == len(MainWindow.PAGES)


def test_a_start_with_servers_opens_on_the_list_and_follows_the_controller_once_built(
    qtbot: Any, qt_loop: Any, tmp_path: Path
) -> None:
    controller = make_controller(tmp_path, no_browser)
    controller.service.servers.add(
        ServerEntry("https://here.example.org/", ServerKind.INSTITUTE_ACCESS, {"en": "Here University"})
    )
    window = window_for(controller, qtbot, fast=True)
    assert window.current_page is window.servers_page
    assert [name for name in (*LATER, "add_page") if name in window.__dict__] == []

    window.finish_build()
    assert stack_order(window) == list(MainWindow.PAGES)
    assert window.current_page is window.servers_page
    controller.errorOccurred.emit("Something went wrong")  # the controller's signals reach it now
    assert window.banner.isVisibleTo(window)


def test_a_click_before_the_rest_is_built_finds_its_page(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    controller = make_controller(tmp_path, no_browser)
    window = window_for(controller, qtbot, fast=True)
    window.settings_nav.click()
    assert window.built
    assert window.current_page is window.settings_page


def test_the_add_page_says_what_its_field_is_for_from_the_first_frame(
    qtbot: Any, qt_loop: Any, tmp_path: Path
) -> None:
    """The search arrives right after the first frame: the field's label and hint do not change then."""
    controller = make_controller(tmp_path, no_browser)
    assert controller.discovery_enabled
    window = window_for(controller, qtbot, fast=True)
    page = window.add_page
    first_frame = (page.field_label.text(), page.url_edit.placeholderText(), page.url_edit.accessibleName())
    window.finish_build()
    whole = (page.field_label.text(), page.url_edit.placeholderText(), page.url_edit.accessibleName())
    assert first_frame == whole
    assert whole[0] == "&Search for your institute, organization or server:"
