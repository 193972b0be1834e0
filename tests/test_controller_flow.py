"""The window and the controller walk the real flow against the demo server over HTTPS: add a
server, log in, choose a profile, connect, follow the session clock, renew, disconnect."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from ui_support import FakeClock, RecordingTray, browser_for, make_controller

from gui.backends.base import TunnelState
from gui.backends.recording import RecordingBackend
from gui.controller.machine import Controller
from gui.controller.viewmodel import ControllerState
from gui.demoserver import DemoServer
from gui.demoserver.discovery import DEMO_ORG_ID
from gui.ui.main_window import MainWindow

HOUR = timedelta(hours=1)
SECOND = timedelta(seconds=1)


def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def wait_state(qtbot: Any, controller: Controller, state: ControllerState, timeout: int = 15000) -> None:
    settled = (state, ControllerState.ERROR)
    qtbot.waitUntil(lambda: controller.state in settled and not controller.busy, timeout=timeout)
    assert controller.state is state, controller.last_error


@pytest.fixture
def window_for(qtbot: Any, qt_loop: Any) -> Callable[[Controller], MainWindow]:
    def make(controller: Controller) -> MainWindow:
        window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
        qtbot.addWidget(window)
        return window

    return make


def add_through_window(qtbot: Any, window: MainWindow, controller: Controller, url: str) -> None:
    click(qtbot, window.servers_page.add_button)
    assert window.current_page is window.add_page
    qtbot.keyClicks(window.add_page.url_edit, url)
    click(qtbot, window.add_page.add_button)
    qtbot.waitUntil(lambda: len(controller.servers()) == 1, timeout=15000)
    wait_state(qtbot, controller, ControllerState.IDLE)


def connect_through_window(qtbot: Any, window: MainWindow, controller: Controller, profile_id: str) -> None:
    click(qtbot, window.servers_page.connect_button)
    qtbot.waitUntil(lambda: window.current_page is window.profiles_page, timeout=15000)
    window.profiles_page.select(profile_id)
    click(qtbot, window.profiles_page.connect_button)
    wait_state(qtbot, controller, ControllerState.CONNECTED)


def test_add_log_in_choose_profile_connect_and_disconnect(
    qtbot: Any,
    qt_loop: Any,
    window_for: Callable[[Controller], MainWindow],
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
) -> None:
    backend = RecordingBackend()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca), backend=backend)
    window = window_for(controller)
    assert window.servers_page.empty_label.isVisibleTo(window)

    add_through_window(qtbot, window, controller, demo_server.base_url)
    assert window.current_page is window.servers_page
    assert [i.text(0) for i in window.servers_page.server_items()] == [demo_server.base_url.split("://")[1]]

    connect_through_window(qtbot, window, controller, "employees")
    assert "Employees" in window.profiles_page.names()
    assert window.current_page is window.connection_page
    assert len(backend.configs) == 1
    page = window.connection_page
    assert page.profile_label.text() == "Employees"
    assert page.status_label.text() == "Connected"
    assert page.protocol_label.text() in ("OpenVPN", "WireGuard")
    assert page.connect_button.text() == "&Disconnect"
    assert controller.service.servers.get(demo_server.base_url).last_profile == "employees"
    tray = window.tray
    assert isinstance(tray, RecordingTray)
    assert tray.states[-1] is ControllerState.CONNECTED, "the tray icon follows the state"

    click(qtbot, page.connect_button)
    wait_state(qtbot, controller, ControllerState.IDLE)
    assert backend.state.state is TunnelState.DISCONNECTED
    assert backend.downs == 1
    assert demo_server.state.disconnects() == 1
    assert page.connect_button.text() == "&Connect"

    # Connecting again from the Servers page: the remembered profile is preselected.
    click(qtbot, page.back_button)
    assert window.current_page is window.servers_page
    click(qtbot, window.servers_page.connect_button)
    qtbot.waitUntil(lambda: window.current_page is window.profiles_page, timeout=15000)
    current = window.profiles_page.list.currentItem()
    assert current is not None
    assert current.text() == "Employees"
    click(qtbot, window.profiles_page.connect_button)
    wait_state(qtbot, controller, ControllerState.CONNECTED)
    assert len(backend.configs) == 2
    click(qtbot, page.connect_button)
    wait_state(qtbot, controller, ControllerState.IDLE)
    assert demo_server.state.disconnects() == 2


def test_one_profile_connects_without_a_choice(
    qtbot: Any,
    qt_loop: Any,
    run_qt: Callable[..., Any],
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
) -> None:
    from gui.demoserver import DEFAULT_PROFILES

    server = demo_server_factory(profiles=(DEFAULT_PROFILES[1],))
    offered: list[object] = []
    controller = make_controller(tmp_path, browser_for(trust_demo_ca))
    controller.profilesOffered.connect(lambda *args: offered.append(args))
    run_qt(controller.add_server(server.base_url))
    run_qt(controller.choose_server(server.base_url))
    assert controller.state is ControllerState.CONNECTED
    assert offered == []
    assert controller.connection is not None
    assert controller.connection.profile is not None
    assert controller.connection.profile.profile_id == DEFAULT_PROFILES[1].profile_id
    run_qt(controller.disconnect_vpn())


def test_countdown_renew_and_notifications_appear_exactly_at_the_thresholds(
    qtbot: Any,
    qt_loop: Any,
    window_for: Callable[[Controller], MainWindow],
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
    ui_language: Callable[[str], None],
) -> None:
    ui_language("en")  # English plural forms: "1 hour", "2 hours"
    server = demo_server_factory(session_lifetime=5 * 3600.0)
    clock = FakeClock()
    backend = RecordingBackend()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca), clock=clock, backend=backend)
    window = window_for(controller)
    tray = window.tray
    assert isinstance(tray, RecordingTray)
    add_through_window(qtbot, window, controller, server.base_url)
    connect_through_window(qtbot, window, controller, "employees")
    assert controller.connection is not None
    assert controller.connection.session is not None
    session = controller.connection.session
    expires, started = session.expires_at, session.started_at
    page = window.connection_page

    def at(moment: Any) -> None:
        clock.set(moment)
        controller.tick()

    # 5 hours: the countdown shows at once; Renew only once the session is 30 minutes old.
    at(started + timedelta(minutes=30) - SECOND)
    assert not page.countdown_label.isHidden()
    assert page.countdown_label.text() == "Valid for 4 h 30 min"
    assert page.renew_button.isHidden()
    at(started + timedelta(minutes=30))
    assert not page.renew_button.isHidden()
    assert page.timer_label.text().startswith("Connected for 0:30:")

    for threshold, text in ((4, "4 hours"), (2, "2 hours"), (1, "1 hour")):
        before = len(tray.messages)
        at(expires - threshold * HOUR - SECOND)
        assert len(tray.messages) == before, f"no notification before {threshold} h"
        at(expires - threshold * HOUR)
        assert len(tray.messages) == before + 1
        first, hint = tray.messages[-1].splitlines()
        assert first == f"Your VPN session ends in {text}."
        assert hint == "Click here to log in again and renew the session."
        assert window.statusBar().currentMessage() == first

    at(expires - timedelta(minutes=59, seconds=30))
    assert page.countdown_label.text() == "Valid for 59 min 30 s"

    at(expires - SECOND)
    assert controller.state is ControllerState.CONNECTED
    at(expires)
    assert tray.messages[-1].startswith("Your VPN session has ended. Log in again to reconnect.\n")
    qtbot.waitUntil(lambda: controller.expired and controller.state is ControllerState.IDLE, timeout=5000)
    assert backend.state.state is TunnelState.DISCONNECTED
    assert not page.expired_label.isHidden()
    assert not page.login_button.isHidden()

    # "Log in again" renews the session and reconnects, since the session ended while connected.
    clock.set(started)
    click(qtbot, page.login_button)
    wait_state(qtbot, controller, ControllerState.CONNECTED)
    assert len(backend.configs) == 2
    assert page.expired_label.isHidden()
    qtbot.waitUntil(lambda: page.connect_button.isEnabled())
    click(qtbot, page.connect_button)
    wait_state(qtbot, controller, ControllerState.IDLE)


def test_countdown_hidden_until_24_hours_remain(
    qtbot: Any,
    qt_loop: Any,
    run_qt: Callable[..., Any],
    window_for: Callable[[Controller], MainWindow],
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
) -> None:
    server = demo_server_factory(session_lifetime=25 * 3600.0)
    clock = FakeClock()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca), clock=clock)
    window = window_for(controller)
    run_qt(controller.add_server(server.base_url))
    run_qt(controller.connect_profile(server.base_url, "employees"))
    assert controller.connection is not None
    assert controller.connection.session is not None
    expires = controller.connection.session.expires_at
    page = window.connection_page
    clock.set(expires - 24 * HOUR - SECOND)
    controller.tick()
    assert page.countdown_label.isHidden()
    assert page.renew_button.isHidden()
    assert not page.timer_label.isHidden(), "the timer under the connection info is always visible"
    clock.set(expires - 24 * HOUR)
    controller.tick()
    assert page.countdown_label.text() == "Valid for 24 h 0 min"
    assert not page.countdown_label.isHidden()
    assert not page.renew_button.isHidden()
    run_qt(controller.disconnect_vpn())


def test_renew_runs_in_the_order_of_the_client_rules(
    qtbot: Any,
    qt_loop: Any,
    window_for: Callable[[Controller], MainWindow],
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
    run_qt: Callable[..., Any],
) -> None:
    server = demo_server_factory(session_lifetime=10 * 3600.0)
    clock = FakeClock()
    backend = RecordingBackend()
    steps: list[str] = []
    login = browser_for(trust_demo_ca)

    async def open_browser(url: str) -> None:
        steps.append("authorize")
        if len(steps) > 1:  # the renewal: everything before authorizing has happened
            assert backend.state.state is TunnelState.DISCONNECTED
            assert server.state.disconnects() == 1
            base_url = controller.service.servers.get(server.base_url).base_url
            assert await controller.service.tokens.load(base_url) is None
        await login(url)

    controller = make_controller(tmp_path, open_browser, clock=clock, backend=backend)
    window = window_for(controller)

    def on_tunnel(event: Any) -> None:
        if event.state is TunnelState.DISCONNECTED:
            steps.append(f"down (disconnects so far: {server.state.disconnects()})")

    backend.subscribe(on_tunnel)
    run_qt(controller.add_server(server.base_url))
    run_qt(controller.connect_profile(server.base_url, "employees"))
    assert controller.connection is not None
    assert controller.connection.session is not None
    clock.set(controller.connection.session.started_at + HOUR)
    controller.tick()
    page = window.connection_page
    assert not page.renew_button.isHidden()
    click(qtbot, page.renew_button)
    wait_state(qtbot, controller, ControllerState.CONNECTED)
    assert steps == ["authorize", "down (disconnects so far: 0)", "authorize"]
    assert len(backend.configs) == 2
    run_qt(controller.disconnect_vpn())
    assert server.state.disconnects() == 2


def test_renew_when_not_connected_does_not_connect(
    qtbot: Any,
    qt_loop: Any,
    run_qt: Callable[..., Any],
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
) -> None:
    backend = RecordingBackend()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca), backend=backend)
    run_qt(controller.add_server(demo_server.base_url))
    run_qt(controller.connect_profile(demo_server.base_url, "employees"))
    run_qt(controller.disconnect_vpn())
    task = controller.renew()
    assert task is not None
    run_qt(task)
    assert controller.state is ControllerState.IDLE
    assert len(backend.configs) == 1


def test_a_server_error_becomes_a_message_and_the_error_state(
    qtbot: Any,
    qt_loop: Any,
    window_for: Callable[[Controller], MainWindow],
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
    run_qt: Callable[..., Any],
) -> None:
    controller = make_controller(tmp_path, browser_for(trust_demo_ca))
    window = window_for(controller)
    run_qt(controller.add_server(demo_server.base_url))
    run_qt(controller.connect_profile(demo_server.base_url, "no-such-profile"))
    assert controller.state is ControllerState.ERROR
    assert window.error_label.isVisibleTo(window)
    assert "no-such-profile" in window.error_label.text()
    click(qtbot, window.dismiss_button)
    assert controller.state is ControllerState.IDLE
    assert window.error_label.isHidden()


def test_the_same_flow_in_dutch(
    qtbot: Any,
    qt_loop: Any,
    window_for: Callable[[Controller], MainWindow],
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
    ui_language: Callable[[str], None],
) -> None:
    from gui.core.settings import Settings

    ui_language("nl")
    backend = RecordingBackend()
    controller = make_controller(
        tmp_path, browser_for(trust_demo_ca), backend=backend, settings=Settings(language="nl")
    )
    window = window_for(controller)
    assert window.servers_page.add_button.text() == "Server &toevoegen…"
    assert window.add_page.add_button.text() == "Deze server toevoegen"

    add_through_window(qtbot, window, controller, demo_server.base_url)
    connect_through_window(qtbot, window, controller, "employees")
    assert "Medewerkers" in window.profiles_page.names()
    assert "Alleen OpenVPN" in window.profiles_page.names()
    page = window.connection_page
    assert page.profile_label.text() == "Medewerkers"
    assert page.status_label.text() == "Verbonden"
    assert page.connect_button.text() == "Verbinding &verbreken"
    click(qtbot, page.connect_button)
    wait_state(qtbot, controller, ControllerState.IDLE)
    assert page.status_label.text() == "Niet verbonden"
    assert demo_server.state.disconnects() == 1

    # A user-facing error from the core arrives translated and filled in.
    controller.connect_profile(demo_server.base_url, "bestaat-niet")
    wait_state(qtbot, controller, ControllerState.ERROR)
    assert window.error_label.text().startswith("De server heeft geen profiel “bestaat-niet”.")


def test_reconnect_at_start_resumes_only_a_connection_that_was_up_at_quit(
    qtbot: Any,
    qt_loop: Any,
    run_qt: Callable[..., Any],
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
) -> None:
    from ui_support import memory_tokens

    from gui.core.settings import Settings

    tokens = memory_tokens()  # stands in for the keyring, which outlives a run
    settings = Settings(reconnect_at_start=True)
    first = make_controller(tmp_path, browser_for(trust_demo_ca), settings=settings, tokens=tokens)
    run_qt(first.add_server(demo_server.base_url))
    run_qt(first.connect_profile(demo_server.base_url, "openvpn-only"))
    run_qt(first.shutdown())  # quit while connected: tunnel down, /disconnect sent
    assert first.backend.state.state is TunnelState.DISCONNECTED
    assert demo_server.state.disconnects() == 1

    second = make_controller(tmp_path, browser_for(trust_demo_ca), settings=settings, tokens=tokens)
    task = second.start()
    assert task is not None
    run_qt(task)
    assert second.state is ControllerState.CONNECTED
    assert second.connection is not None
    assert second.connection.profile is not None
    assert second.connection.profile.profile_id == "openvpn-only"
    run_qt(second.disconnect_vpn())  # the user's own choice: the next start stays disconnected
    run_qt(second.shutdown())

    third = make_controller(tmp_path, browser_for(trust_demo_ca), settings=settings, tokens=tokens)
    assert third.start() is None


def test_cancelling_a_login_leaves_nothing_behind(
    qtbot: Any,
    qt_loop: Any,
    window_for: Callable[[Controller], MainWindow],
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
) -> None:
    opened: list[str] = []

    async def patient_user(url: str) -> None:
        opened.append(url)  # the browser opens, the user never finishes logging in

    controller = make_controller(tmp_path, patient_user)
    window = window_for(controller)
    click(qtbot, window.servers_page.add_button)
    qtbot.keyClicks(window.add_page.url_edit, demo_server.base_url)
    qtbot.keyClick(window.add_page.url_edit, Qt.Key.Key_Return)  # keyboard only
    qtbot.waitUntil(lambda: bool(opened), timeout=15000)
    assert controller.state is ControllerState.AUTHORIZING
    assert "Log in in your web browser" in window.add_page.status_label.text()
    assert not window.add_page.add_button.isEnabled()
    click(qtbot, window.add_page.cancel_button)
    wait_state(qtbot, controller, ControllerState.IDLE)
    assert controller.servers() == []
    assert window.current_page is window.servers_page


def test_removing_a_connected_server_disconnects_and_forgets_it(
    qtbot: Any,
    qt_loop: Any,
    window_for: Callable[[Controller], MainWindow],
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
    run_qt: Callable[..., Any],
) -> None:
    backend = RecordingBackend()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca), backend=backend)
    window = window_for(controller)
    run_qt(controller.add_server(demo_server.base_url))
    run_qt(controller.connect_profile(demo_server.base_url, "employees"))
    base_url = controller.servers()[0].base_url
    window.show_page(window.servers_page)
    window.servers_page.select(base_url)
    click(qtbot, window.servers_page.remove_button)
    box = window.servers_page.confirm_box
    assert box is not None and box.isVisible(), "removing asks first"
    click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    assert len(controller.servers()) == 1, "Cancel keeps the server"
    click(qtbot, window.servers_page.remove_button)
    box = window.servers_page.confirm_box
    assert box is not None
    click(qtbot, box.button(QMessageBox.StandardButton.Yes))
    qtbot.waitUntil(lambda: controller.servers() == [], timeout=15000)
    wait_state(qtbot, controller, ControllerState.IDLE)
    assert backend.state.state is TunnelState.DISCONNECTED
    assert demo_server.state.disconnects() == 1
    assert run_qt(controller.service.tokens.load(base_url)) is None
    assert window.servers_page.empty_label.isVisibleTo(window)


def test_log_in_again_from_the_servers_page(
    qtbot: Any,
    qt_loop: Any,
    window_for: Callable[[Controller], MainWindow],
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
    run_qt: Callable[..., Any],
) -> None:
    logins: list[str] = []
    controller = make_controller(tmp_path, browser_for(trust_demo_ca, logins))
    window = window_for(controller)
    run_qt(controller.add_server(demo_server.base_url))
    base_url = controller.servers()[0].base_url
    old = run_qt(controller.service.tokens.load(base_url))
    window.servers_page.select(base_url)
    click(qtbot, window.servers_page.reauth_button)
    assert window.current_page is window.connection_page
    assert window.connection_page.connect_button.text() == "&Cancel"
    qtbot.waitUntil(lambda: len(logins) == 2, timeout=15000)
    wait_state(qtbot, controller, ControllerState.IDLE)
    new = run_qt(controller.service.tokens.load(base_url))
    assert new is not None
    assert old is not None
    assert new.refresh_token != old.refresh_token


def test_changing_the_secure_internet_location_reconnects_there_with_the_same_login(
    qtbot: Any,
    qt_loop: Any,
    window_for: Callable[[Controller], MainWindow],
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
    run_qt: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The same demo server under a second name stands in for the German server: real Secure
    # Internet servers accept each other's tokens.
    other = f"https://localhost:{demo_server.port}/"
    key = demo_server.publish_discovery(locations={"DE": other})
    monkeypatch.setenv("SLUIS_DISCOVERY_URL", demo_server.discovery_url)
    monkeypatch.setenv("SLUIS_DISCOVERY_KEYS", key)
    steps: list[str] = []
    backend = RecordingBackend()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca, steps), backend=backend)
    window = window_for(controller)
    disconnect_calls = demo_server.state.disconnects
    backend.subscribe(lambda event: steps.append(f"{event.state.value} after {disconnect_calls()}"))
    try:
        run_qt(controller.service.add_from_discovery(browser_for(trust_demo_ca), org_id=DEMO_ORG_ID))
        controller.serversChanged.emit()
        (entry,) = controller.service.servers
        home = entry.base_url
        assert controller.servers()[0].country_code == "NL"
        run_qt(controller.connect_profile(home, "employees"))
        page = window.connection_page
        assert page.location_label.text() == "Location: 🇳🇱  Netherlands"
        logins = demo_server.state.token_requests["authorization_code"]

        window.show_page(window.servers_page)
        window.servers_page.select(home)
        click(qtbot, window.servers_page.location_button)
        dialog = window.servers_page.location_dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.country_codes() == ["DE", "NL"]
        assert dialog.list.item(1).text() == "🇳🇱  Netherlands (in use)"
        assert not dialog.use_button.isEnabled(), "the location in use is no choice"
        dialog.choose("DE")
        steps.clear()
        with qtbot.waitSignal(controller.connectionChanged, timeout=15000):
            click(qtbot, dialog.use_button)
        wait_state(qtbot, controller, ControllerState.CONNECTED)
        # Down and /disconnect at the old location before the switch, then the same profile again.
        assert steps == [
            "disconnecting after 0",
            "disconnected after 0",
            "connecting after 1",  # /disconnect went to the old location before the switch
            "connected after 1",
        ], "tunnel down, /disconnect, then up again without a login (no 'authorize')"
        assert disconnect_calls() == 1 and backend.downs == 1
        assert len(backend.configs) == 2
        assert controller.service.servers.get(home).location == other
        assert controller.connection is not None and controller.connection.profile is not None
        assert controller.connection.profile.profile_id == "employees"
        assert demo_server.state.token_requests["authorization_code"] == logins, "no new login"
        assert page.location_label.text() == "Location: 🇩🇪  Germany"

        # The list now marks Germany; a disconnected switch back does not connect.
        run_qt(controller.disconnect_vpn())
        assert disconnect_calls() == 2
        window.servers_page.select(home)
        click(qtbot, window.servers_page.location_button)
        dialog = window.servers_page.location_dialog
        assert dialog is not None
        assert dialog.list.item(0).text() == "🇩🇪  Germany (in use)"
        dialog.choose("NL")
        click(qtbot, dialog.use_button)
        qtbot.waitUntil(lambda: controller.service.servers.get(home).location is None, timeout=15000)
        wait_state(qtbot, controller, ControllerState.IDLE)
        assert len(backend.configs) == 2 and disconnect_calls() == 2
        assert page.location_label.text() == "Location: 🇳🇱  Netherlands"

        # An address that is not a listed location is an error and leaves the connection up.
        run_qt(controller.connect_profile(home, "employees"))
        run_qt(controller.change_location(home, "https://elsewhere.example/"))
        assert controller.last_error is not None and "not a Secure Internet location" in controller.last_error
        assert backend.state.state is TunnelState.CONNECTED and disconnect_calls() == 2
    finally:
        run_qt(controller.shutdown())
