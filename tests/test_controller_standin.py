"""The window drawn before the controller exists (issue 13), then bound to it.

``gui.app`` builds the window's first frame over a ``ControllerStandIn`` (settings and server list
only: no asyncio, tunnel owner or backend loaded) and binds the real controller right after that
frame. What the user sees must not depend on it: the first frame shows the servers already added,
and from ``bind`` on the window works as one built on the controller, including callbacks the pages
took from the stand-in before the controller existed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import Qt
from ui_support import RecordingTray, browser_for, memory_tokens

from gui.backends.recording import RecordingBackend
from gui.controller.machine import Controller
from gui.controller.standin import WINDOW_FILE, ControllerStandIn
from gui.controller.viewmodel import ControllerPort, ControllerState
from gui.core.paths import AppPaths
from gui.core.servers import ServerEntry, ServerKind
from gui.core.service import VpnService
from gui.core.settings import Settings
from gui.core.urls import normalize_base_url
from gui.demoserver import DemoServer
from gui.ui.main_window import MainWindow


def _service(tmp_path: Path) -> VpnService:
    root = tmp_path / "home"
    paths = AppPaths(root / "config", root / "data", root / "cache", root / "state")
    return VpnService(paths, Settings(), memory_tokens())


def test_before_bind_the_stand_in_answers_from_the_files(tmp_path: Path) -> None:
    service = _service(tmp_path)
    service.servers.add(ServerEntry("https://vpn.example.org/", ServerKind.CUSTOM, "Campus VPN"))
    service.paths.state_dir.mkdir(parents=True, exist_ok=True)
    (service.paths.state_dir / WINDOW_FILE).write_text(json.dumps({"tray_hint_given": True}))
    standin = ControllerStandIn(service)
    assert standin.state is ControllerState.IDLE
    assert standin.connection is None and not standin.busy
    assert [item.base_url for item in standin.servers()] == ["https://vpn.example.org/"]
    assert standin.servers()[0].name(["en"]) == "Campus VPN"
    assert standin.window_state() == {"tray_hint_given": True}
    assert not standin.is_connected_to("https://vpn.example.org/")


def test_a_window_drawn_from_the_stand_in_works_as_one_built_on_the_controller(
    tmp_path: Path, qtbot: Any, qt_loop: Any, demo_server: DemoServer, trust_demo_ca: Path
) -> None:
    service = _service(tmp_path)
    url = normalize_base_url(demo_server.base_url)
    service.servers.add(ServerEntry(url, ServerKind.CUSTOM, "Demo"))
    standin = ControllerStandIn(service)
    window = MainWindow(cast(ControllerPort, standin), tray=RecordingTray(), quit_app=lambda: None, fast=True)
    qtbot.addWidget(window)
    # The first frame: the server list, from the file, before any controller exists.
    assert window.current_page is window.servers_page
    rows = window.servers_page.server_items()
    assert [row.text(0) for row in rows] == ["Demo"]

    backend = RecordingBackend()
    controller = Controller(service, backend, browser_for(trust_demo_ca))
    standin.bind(controller)
    window.finish_build()

    # A controller's signal reaches the window through the stand-in: connecting shows the status
    # screen, then the connection (the demo server logs in at once, the recording backend comes up).
    controller.connect_server(url)
    settled = (ControllerState.CHOOSING_PROFILE, ControllerState.CONNECTED, ControllerState.ERROR)
    qtbot.waitUntil(lambda: controller.state in settled, timeout=15000)
    if controller.state is ControllerState.CHOOSING_PROFILE:
        assert window.current_page is window.profiles_page, "the profile choice reached the window"
        controller.connect_profile(url, "employees")
        qtbot.waitUntil(lambda: controller.state is not ControllerState.CONNECTING, timeout=15000)
    assert controller.last_error is None
    assert standin.state is ControllerState.CONNECTED, "reads go to the controller once bound"
    qtbot.waitUntil(lambda: window.current_page is window.connection_page, timeout=5000)
    controller.disconnect_vpn()
    qtbot.waitUntil(lambda: controller.state is ControllerState.IDLE, timeout=15000)
    assert backend.downs == 1

    # The error banner's close button was wired to ``dismiss_error`` before the controller existed
    # (the window is built over the stand-in): it still dismisses the controller's error.
    controller.add_server("not a server address")
    qtbot.waitUntil(lambda: controller.state is ControllerState.ERROR, timeout=5000)
    qtbot.waitUntil(lambda: window.banner.isVisibleTo(window), timeout=5000)
    qtbot.mouseClick(window.dismiss_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.last_error is None, timeout=5000)
    assert controller.state is ControllerState.IDLE
    assert not window.banner.isVisibleTo(window)


def test_before_bind_a_secure_internet_row_waits_for_the_lists(tmp_path: Path) -> None:
    """The first frame does not load and verify the discovery lists for a Secure Internet row's
    country: the row comes without it, and the lists stay unloaded (the start asks again once the
    controller is bound)."""
    service = _service(tmp_path)
    entry = ServerEntry("https://si.example.org/", ServerKind.SECURE_INTERNET, "Org", org_id="https://org")
    service.servers.add(entry)
    rows = ControllerStandIn(service).servers()
    assert [(row.base_url, row.country_code) for row in rows] == [("https://si.example.org/", None)]
    assert service.loaded_discovery() is None
