"""The status screen and the defects that hurt: activating the connected server never drops the
tunnel, Back never disconnects, the last profile connects without a list, a failed add while
connected keeps the user where they were, and an error is shown once, over the page, without
moving anything on it. All against the demo server over HTTPS and real widgets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtWidgets import QLabel, QWidget
from ui_support import RecordingTray, browser_for, make_controller

from gui.backends.base import TunnelState
from gui.backends.recording import RecordingBackend
from gui.controller.machine import Controller
from gui.controller.viewmodel import ControllerState
from gui.demoserver import DemoServer
from gui.ui.main_window import MainWindow
from gui.ui.state_colors import StateKind


def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def settle(qtbot: Any, controller: Controller, state: ControllerState) -> None:
    qtbot.waitUntil(
        lambda: not controller.busy and controller.state in (state, ControllerState.ERROR), timeout=15000
    )
    assert controller.state is state, controller.last_error


@pytest.fixture
def connected(
    qtbot: Any,
    qt_loop: Any,
    run_qt: Callable[..., Any],
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
) -> Iterator[tuple[MainWindow, Controller, RecordingBackend, DemoServer]]:
    backend = RecordingBackend()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca), backend=backend)
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    window.resize(480, 640)
    window.show()
    run_qt(controller.add_server(demo_server.base_url))
    run_qt(controller.connect_profile(demo_server.base_url, "employees"))
    assert controller.state is ControllerState.CONNECTED
    assert window.current_page is window.connection_page
    yield window, controller, backend, demo_server
    # Not left connected: a live session clock (a QTimer) must not outlive the test's objects.
    run_qt(controller.shutdown())


def test_activating_the_connected_server_shows_its_status_and_keeps_the_tunnel(
    qtbot: Any, connected: tuple[MainWindow, Controller, RecordingBackend, DemoServer]
) -> None:
    window, controller, backend, server = connected
    url = controller.servers()[0].base_url
    page = window.servers_page
    for activate in ("enter", "double-click", "connect button"):
        click(qtbot, window.servers_nav)
        assert window.current_page is page
        page.select(url)
        if activate == "enter":
            qtbot.keyClick(page.tree, Qt.Key.Key_Return)
        elif activate == "double-click":
            rect = page.tree.visualItemRect(page.tree.currentItem())
            qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            qtbot.mouseDClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        else:
            click(qtbot, page.connect_button)
        qtbot.wait(50)  # let any (wrong) operation start
        settle(qtbot, controller, ControllerState.CONNECTED)
        assert backend.state.state is TunnelState.CONNECTED, activate
        assert len(backend.configs) == 1, f"{activate} on the connected server reconnected"
        assert server.state.disconnects() == 0, f"{activate} on the connected server disconnected"
        if activate != "connect button":
            assert window.current_page is window.connection_page, f"{activate} opens the status screen"
    # The same profile asked for again (the control API, the tray) keeps the tunnel too.
    controller.connect_profile(url, "employees")
    controller.connect_server(url)
    qtbot.wait(50)
    assert len(backend.configs) == 1 and server.state.disconnects() == 0


def test_back_from_the_profile_list_never_disconnects_and_another_profile_switches(
    qtbot: Any, connected: tuple[MainWindow, Controller, RecordingBackend, DemoServer]
) -> None:
    window, controller, backend, server = connected
    status = window.connection_page
    assert status.profile_button.isVisibleTo(window), "the profile can be switched on the status screen"
    click(qtbot, status.profile_button)
    qtbot.waitUntil(lambda: window.current_page is window.profiles_page, timeout=15000)
    current = window.profiles_page.list.currentItem()
    assert current is not None and current.text() == "Employees", "the profile in use is preselected"
    assert window.profiles_page.list.hasFocus(), "the focus lands on the list"
    click(qtbot, window.profiles_page.back_button)
    assert window.current_page is window.connection_page
    assert controller.state is ControllerState.CONNECTED
    assert backend.state.state is TunnelState.CONNECTED and server.state.disconnects() == 0

    click(qtbot, status.profile_button)
    qtbot.waitUntil(lambda: window.current_page is window.profiles_page, timeout=15000)
    qtbot.keyClick(window.profiles_page.list, Qt.Key.Key_Escape)  # Esc is Back too
    assert window.current_page is window.connection_page
    assert backend.state.state is TunnelState.CONNECTED

    click(qtbot, status.profile_button)
    qtbot.waitUntil(lambda: window.current_page is window.profiles_page, timeout=15000)
    window.profiles_page.select("openvpn-only")
    click(qtbot, window.profiles_page.connect_button)
    settle(qtbot, controller, ControllerState.CONNECTED)
    assert server.state.disconnects() == 1, "switching profile ends the old session first"
    assert status.profile_label.text() == "OpenVPN only"


def test_opening_another_server_while_connected_previews_it_without_touching_the_tunnel(
    qtbot: Any,
    run_qt: Callable[..., Any],
    connected: tuple[MainWindow, Controller, RecordingBackend, DemoServer],
    demo_server_factory: Callable[..., DemoServer],
) -> None:
    window, controller, backend, server = connected
    other = demo_server_factory()
    run_qt(controller.add_server(other.base_url))
    first = controller.connection
    assert first is not None
    window.open_server(other.base_url)
    status = window.connection_page
    assert window.current_page is status
    assert status.server_label.text() == other.base_url.split("://")[1].rstrip("/")
    assert status.connect_button.text() == "&Connect"
    assert status.graphic.kind is StateKind.OFF
    assert backend.state.state is TunnelState.CONNECTED and server.state.disconnects() == 0
    window.open_server(first.server.base_url)  # back to the connected one: its status again
    assert status.connect_button.text() == "&Disconnect"
    assert status.graphic.kind is StateKind.ON


def visible_texts(window: QWidget) -> list[str]:
    return [
        label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window) and label.text()
    ]


def positions(widgets: list[QWidget], window: QWidget) -> list[tuple[int, int, int, int]]:
    out = []
    for widget in widgets:
        corner = widget.mapTo(window, QPoint(0, 0))
        out.append((corner.x(), corner.y(), widget.width(), widget.height()))
    return out


def test_a_failed_add_while_connected_keeps_the_page_and_the_text_shows_one_error_over_it(
    qtbot: Any, connected: tuple[MainWindow, Controller, RecordingBackend, DemoServer]
) -> None:
    window, controller, _backend, _server = connected
    window.settings_nav.click()
    window.servers_nav.click()
    click(qtbot, window.servers_page.add_button)
    page = window.add_page
    assert window.current_page is page
    watched = [page.url_edit, page.add_button, window.discovery_search.search_edit]
    before = positions(watched, window)
    typed = "https://127.0.0.1:1/"
    page.url_edit.setText(typed)
    click(qtbot, page.add_button)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=15000)
    assert controller.state is ControllerState.CONNECTED, "the tunnel is still up"
    assert window.current_page is page, "a failed add throws the user to another page"
    assert page.url_edit.text() == typed, "what the user typed is kept"
    assert positions(watched, window) == before, "the error pushed the page's controls"
    message = window.banner.message
    assert message
    assert sum(message in text for text in visible_texts(window)) == 1, "the error is shown twice"
    assert window.banner.step_button.isVisible()
    assert window.banner.step_button.text() == "Check the address"
    click(qtbot, window.banner.step_button)
    assert page.url_edit.hasFocus() and page.url_edit.selectedText() == typed
    assert not window.banner.isVisible()


def test_an_error_stays_with_its_page_and_the_status_says_not_connected_once(
    qtbot: Any,
    qt_loop: Any,
    run_qt: Callable[..., Any],
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
) -> None:
    controller = make_controller(tmp_path, browser_for(trust_demo_ca))
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    window.show()
    run_qt(controller.add_server(demo_server.base_url))
    run_qt(controller.connect_profile(demo_server.base_url, "no-such-profile"))
    assert controller.state is ControllerState.ERROR
    assert window.current_page is window.connection_page
    assert window.banner.isVisible()
    assert window.banner.step_button.text() == "Try again"
    texts = visible_texts(window)
    assert texts.count("Not connected") == 1, texts
    assert sum(window.banner.message in t for t in texts) == 1
    status = window.connection_page
    assert status.details.isHidden(), "no empty detail rows after a failure"
    assert status.graphic.kind is StateKind.ERROR
    click(qtbot, window.help_nav)
    assert not window.banner.isVisible(), "the error followed the user to another page"


def test_esc_cancels_waiting_for_the_login_and_then_goes_back(
    qtbot: Any, qt_loop: Any, tmp_path: Path, demo_server: DemoServer, trust_demo_ca: Path
) -> None:
    opened: list[str] = []

    async def patient_user(url: str) -> None:
        opened.append(url)  # the user never finishes logging in

    controller = make_controller(tmp_path, patient_user)
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    window.show()
    page = window.add_page
    assert window.current_page is page and window.focusWidget() is page.url_edit
    qtbot.keyClicks(page.url_edit, demo_server.base_url)
    qtbot.keyClick(page.url_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=15000)
    assert controller.state is ControllerState.AUTHORIZING
    qtbot.keyClick(page.url_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: controller.state is ControllerState.IDLE, timeout=5000)
    assert controller.servers() == []
    assert window.current_page is page, "cancelling keeps the page and what was typed"
    assert page.url_edit.text() == demo_server.base_url
    qtbot.keyClick(page.url_edit, Qt.Key.Key_Escape)  # nothing waits now: Esc goes back
    assert window.current_page is window.servers_page
    assert window.servers_nav.isChecked()


def test_a_host_that_does_not_exist_says_so_and_offers_to_check_the_address(
    qtbot: Any, qt_loop: Any, tmp_path: Path
) -> None:
    async def no_browser(url: str) -> None:
        raise AssertionError("never reached")

    controller = make_controller(tmp_path, no_browser)
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    window.show()
    window.add_page.url_edit.setText("https://no-such-host.invalid/")
    click(qtbot, window.add_page.add_button)
    qtbot.waitUntil(window.banner.isVisible, timeout=15000)
    assert "no server has that name" in window.banner.message, window.banner.message
    assert window.banner.step_button.text() == "Check the address"
    qtbot.keyClicks(window.add_page.url_edit, "x")  # correcting it answers the error
    assert not window.banner.isVisible()


def test_the_server_list_marks_the_connected_server_and_keeps_actions_in_a_menu(
    qtbot: Any, connected: tuple[MainWindow, Controller, RecordingBackend, DemoServer]
) -> None:
    window, controller, _backend, _server = connected
    page = window.servers_page
    click(qtbot, window.servers_nav)
    (row,) = page.server_items()
    description = row.data(0, Qt.ItemDataRole.AccessibleDescriptionRole)
    assert description == "Connected · Employees", "the connected server is marked, in words too"
    assert page.tree.visualItemRect(row).height() >= 2 * page.fontMetrics().height(), "two lines per server"
    url = controller.servers()[0].base_url
    page.select(url)
    page.tree.customContextMenuRequested.emit(page.tree.visualItemRect(row).center())
    menu = page.context_menu
    assert menu is not None
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["&Disconnect", "&Log in again", "&Remove…"], texts
    menu.close()
    run_disconnect = controller.disconnect_vpn()
    qtbot.waitUntil(run_disconnect.done, timeout=15000)
    description = page.server_items()[0].data(0, Qt.ItemDataRole.AccessibleDescriptionRole)
    assert description == "Employees", "the last profile stays in the list after disconnecting"


class CountingBackend(RecordingBackend):
    """A tunnel whose byte counters the backend can tell (as WireGuard and OpenVPN do)."""

    async def counters(self) -> tuple[int, int] | None:
        return (1_500_000, 20_480)


def test_data_in_and_out_show_when_the_backend_tells_them(
    qtbot: Any,
    qt_loop: Any,
    run_qt: Callable[..., Any],
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
) -> None:
    controller = make_controller(tmp_path, browser_for(trust_demo_ca), backend=CountingBackend())
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    window.show()
    run_qt(controller.add_server(demo_server.base_url))
    run_qt(controller.connect_profile(demo_server.base_url, "employees"))
    page = window.connection_page
    qtbot.waitUntil(lambda: bool(page.received_label.text()), timeout=5000)
    assert page.received_label.isVisibleTo(window) and page.sent_label.isVisibleTo(window)
    assert page.received_label.text() == QLocale().formattedDataSize(1_500_000)
    assert page.sent_label.text() == QLocale().formattedDataSize(20_480)
    run_qt(controller.disconnect_vpn())
    assert not page.received_label.isVisibleTo(window), "no data rows once disconnected"
    assert page.details.isHidden()
