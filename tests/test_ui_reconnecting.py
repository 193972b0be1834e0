"""While a running tunnel finds its server again (a resume, another network), the window, the state
file, the control API and ``sluis status`` say "reconnecting"; with the first answer, "connected"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui_support import RecordingTray, browser_for, make_controller

from gui.backends.base import TunnelEvent, TunnelState
from gui.backends.failover import REJOINING
from gui.backends.recording import RecordingBackend
from gui.cli import _state_words
from gui.control.target import status_of
from gui.controller.machine import Controller
from gui.controller.viewmodel import ControllerState
from gui.demoserver import DemoServer
from gui.tunnel.status import StateFile
from gui.ui.main_window import MainWindow
from tests.test_controller_flow import add_through_window, click, connect_through_window, wait_state


def test_the_window_and_the_status_say_reconnecting_meanwhile(
    qtbot: Any, qt_loop: Any, tmp_path: Path, demo_server: DemoServer, trust_demo_ca: Path
) -> None:
    backend = RecordingBackend()
    controller: Controller = make_controller(tmp_path, browser_for(trust_demo_ca), backend=backend)
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    add_through_window(qtbot, window, controller, demo_server.base_url)
    connect_through_window(qtbot, window, controller, "employees")
    page = window.connection_page
    assert page.status_label.text() == "Connected"
    addresses = backend.state.addresses

    backend._emit(TunnelEvent(TunnelState.CONNECTING, addresses=addresses, reason=REJOINING))
    qtbot.waitUntil(lambda: page.status_label.text() == "Reconnecting…", timeout=5000)
    assert controller.state is ControllerState.CONNECTED, "still this connection: no new connect"
    assert page.connect_button.text() == "&Disconnect"
    status = controller.tunnel.status
    assert status.reconnecting and status.to_json()["reconnecting"] is True
    assert status_of(status).to_json()["reconnecting"] is True, "the control API says so"
    assert _state_words(status.to_json()) == "connected (reconnecting)", "and sluis status"
    saved = StateFile(tmp_path / "tunnel.json")
    saved.write(status)  # what the background owner writes on every change
    assert (saved.read() or {})["reconnecting"] is True

    backend._emit(TunnelEvent(TunnelState.CONNECTED, addresses=addresses))
    qtbot.waitUntil(lambda: page.status_label.text() == "Connected", timeout=5000)
    assert not controller.tunnel.status.reconnecting
    assert _state_words(controller.tunnel.status.to_json()) == "connected"
    # Disconnected again, as a user would: no session clock or watch outlives the test.
    click(qtbot, page.connect_button)
    wait_state(qtbot, controller, ControllerState.IDLE)


def test_the_settings_page_says_what_sluis_does_against_leaks(
    qtbot: Any, qt_loop: Any, tmp_path: Path
) -> None:
    from gui.ui.settings_page import SettingsPage

    controller = make_controller(tmp_path, lambda _url: None)
    page = SettingsPage(controller)
    qtbot.addWidget(page)
    page.show()
    assert page.leak_note.isVisible()
    assert "DNS" in page.leak_note.text() and "IPv6" in page.leak_note.text()
