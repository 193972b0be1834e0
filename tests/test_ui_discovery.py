"""The server search on the Add server page, against signed lists served by the demo server:
typing searches without network, the keyboard adds, an organization adds its Secure Internet home,
the search hides with the setting and in Let's Connect! mode, a failed list update is a dismissable
notice."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from ui_support import RecordingTray, browser_for, make_controller

from gui.controller.machine import Controller
from gui.controller.viewmodel import ControllerState
from gui.core.servers import ServerKind
from gui.core.settings import Settings
from gui.demoserver import DemoServer
from gui.demoserver.discovery import DEMO_ORG_ID
from gui.ui.main_window import MainWindow


@pytest.fixture
def discovery_env(demo_server: DemoServer, monkeypatch: pytest.MonkeyPatch, trust_demo_ca: Path) -> str:
    key = demo_server.publish_discovery()
    monkeypatch.setenv("SLUIS_DISCOVERY_URL", demo_server.discovery_url)
    monkeypatch.setenv("SLUIS_DISCOVERY_KEYS", key)
    return key


async def no_browser(url: str) -> None:
    raise AssertionError("this test never logs in")


@pytest.fixture
def online_window(
    qtbot: Any, qt_loop: Any, run_qt: Any, tmp_path: Path, trust_demo_ca: Path, demo_server: DemoServer
) -> Iterator[Callable[[], tuple[Controller, MainWindow]]]:
    """A window whose controller went online for discovery; shut down (lists' HTTP client closed)
    after the test, before the demo server stops."""
    made: list[Controller] = []

    def make() -> tuple[Controller, MainWindow]:
        controller = make_controller(tmp_path, browser_for(trust_demo_ca))
        made.append(controller)
        window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(controller.discoveryChanged, timeout=15000):
            controller.start_discovery()
        return controller, window

    yield make
    for controller in made:
        run_qt(controller.shutdown())


def open_add_page(qtbot: Any, window: MainWindow, controller: Controller) -> None:
    with qtbot.waitSignal(controller.discoveryChanged, timeout=15000):
        qtbot.mouseClick(window.servers_page.add_button, Qt.MouseButton.LeftButton)
    assert window.current_page is window.add_page


def shown(window: MainWindow) -> list[str]:
    box = window.discovery_search.results_list
    return [item.text() for i in range(box.count()) if (item := box.item(i)) is not None]


def test_typing_searches_the_lists_without_network_and_the_keyboard_adds(
    qtbot: Any, online_window: Any, demo_server: DemoServer, discovery_env: str
) -> None:
    controller, window = online_window()
    open_add_page(qtbot, window, controller)
    search = window.discovery_search
    assert search.isVisible()
    assert search.search_edit.hasFocus(), "the search box has the focus when the page opens"
    before = len(demo_server.state.request_log)
    qtbot.keyClicks(search.search_edit, "demo")
    assert len(demo_server.state.request_log) == before, "no request per keystroke"
    assert shown(window) == [
        "Institute Access",
        "Sluis Demo University",
        "Secure Internet",
        "Sluis Demo Organization",
    ]
    qtbot.keyClick(search.search_edit, Qt.Key.Key_Down)
    assert search.results_list.hasFocus()
    assert search.results_list.currentItem().text() == "Sluis Demo University"
    qtbot.keyClick(search.results_list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(controller.servers()) == 1, timeout=15000)
    qtbot.waitUntil(lambda: controller.state is ControllerState.IDLE, timeout=15000)
    (entry,) = controller.service.servers
    assert entry.kind is ServerKind.INSTITUTE_ACCESS
    assert entry.base_url == demo_server.base_url + "/"
    assert window.current_page is window.servers_page
    assert not window.servers_page.location_button.isVisible(), "no locations for Institute Access"


def test_an_address_is_offered_first_and_enter_adds_it(
    qtbot: Any, online_window: Any, demo_server: DemoServer, discovery_env: str
) -> None:
    controller, window = online_window()
    open_add_page(qtbot, window, controller)
    search = window.discovery_search
    qtbot.keyClicks(search.search_edit, "vpn.example.org")
    assert shown(window)[:2] == ["Server address", "Add this server: https://vpn.example.org/"]
    search.search_edit.clear()
    address = demo_server.base_url.removeprefix("https://")
    qtbot.keyClicks(search.search_edit, address)
    qtbot.keyClick(search.search_edit, Qt.Key.Key_Return)  # Enter in the box adds the first result
    qtbot.waitUntil(lambda: len(controller.servers()) == 1, timeout=15000)
    assert controller.servers()[0].base_url == demo_server.base_url + "/"


def test_an_organization_adds_its_secure_internet_home_with_locations(
    qtbot: Any, online_window: Any, demo_server: DemoServer, discovery_env: str
) -> None:
    controller, window = online_window()
    open_add_page(qtbot, window, controller)
    search = window.discovery_search
    qtbot.keyClicks(search.search_edit, "organization")
    rows = search.result_items()
    assert [r.text() for r in rows] == ["Sluis Demo Organization"]
    search.results_list.itemActivated.emit(rows[0])
    qtbot.waitUntil(lambda: len(controller.servers()) == 1, timeout=15000)
    (entry,) = controller.service.servers
    assert (entry.kind, entry.org_id) == (ServerKind.SECURE_INTERNET, DEMO_ORG_ID)
    locations = controller.locations(entry.base_url)
    assert [(loc.country_code, loc.flag) for loc in locations] == [("NL", "🇳🇱")]
    assert locations[0].country_name == "Netherlands"

    page = window.servers_page
    assert window.current_page is page
    page.select(entry.base_url)
    assert page.location_button.isVisible()
    qtbot.mouseClick(page.location_button, Qt.MouseButton.LeftButton)
    dialog = page.location_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.country_codes() == ["NL"]
    assert dialog.list.item(0).text() == "🇳🇱  Netherlands (in use)"
    dialog.reject()


def test_the_search_hides_with_the_setting_and_in_lets_connect_mode(
    qtbot: Any, qt_loop: Any, tmp_path: Path
) -> None:
    controller = make_controller(tmp_path, no_browser)
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.servers_page.add_button, Qt.MouseButton.LeftButton)
    assert window.discovery_search.isVisible()
    window.settings_page.show_discovery.click()  # off, saved at once
    assert not controller.settings.show_discovery
    assert not window.discovery_search.isVisible()
    assert controller.search("university") == []
    window.settings_page.show_discovery.click()
    assert window.discovery_search.isVisible()

    lets = make_controller(tmp_path / "lc", no_browser, settings=replace(Settings(), lets_connect=True))
    other = MainWindow(lets, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(other)
    other.show()
    qtbot.mouseClick(other.servers_page.add_button, Qt.MouseButton.LeftButton)
    assert not other.discovery_search.isVisible()
    assert other.focusWidget() is other.add_page.url_edit, "Let's Connect! asks for an address"


def test_a_failed_list_update_is_a_dismissable_notice(
    qtbot: Any, online_window: Any, demo_server: DemoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = demo_server.publish_discovery()
    monkeypatch.setenv("SLUIS_DISCOVERY_URL", demo_server.url("/nothing-here/"))
    monkeypatch.setenv("SLUIS_DISCOVERY_KEYS", key)
    controller, window = online_window()
    open_add_page(qtbot, window, controller)
    search = window.discovery_search
    assert search.notice_label.isVisible()
    assert "could not" in search.notice_label.text().lower() or "404" in search.notice_label.text()
    qtbot.mouseClick(search.dismiss_button, Qt.MouseButton.LeftButton)
    assert not search.notice_label.isVisible()
    assert controller.discovery_notice is None
