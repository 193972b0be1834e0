"""Holes in the controller's state machine and the views that a user meets: a cancel that comes
early (before the operation ran a step, or while the one before it winds down), a cancel during a
tunnel bring-up or take-down, a login while connected, a double-click on the big button, a row
activated while a login runs, a countdown left frozen, an unusable profile preselected, a question
whose window goes away."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from ui_support import RecordingTray, browser_for, make_controller

from gui.backends.base import TunnelState
from gui.backends.recording import RecordingBackend
from gui.controller.viewmodel import ControllerState
from gui.core.profiles import Profile
from gui.core.vpnconfig import VpnConfig
from gui.demoserver import DemoServer
from gui.ui.main_window import MainWindow


def test_cancel_right_after_asking_leaves_no_busy_state_and_opens_no_browser(
    qtbot: Any, qt_loop: Any, tmp_path: Path, demo_server: DemoServer, trust_demo_ca: Path
) -> None:
    opened: list[str] = []

    async def patient_user(url: str) -> None:
        opened.append(url)

    controller = make_controller(tmp_path, patient_user)
    task = controller.add_server(demo_server.base_url)
    assert controller.busy
    controller.cancel()  # in the same turn of the loop: the operation has not run a step yet
    qtbot.waitUntil(task.done, timeout=5000)
    assert controller.state is ControllerState.IDLE
    assert opened == []
    assert controller.servers() == []


def test_cancel_while_the_previous_operation_winds_down_stops_the_new_one(
    qtbot: Any, qt_loop: Any, tmp_path: Path, demo_server: DemoServer, trust_demo_ca: Path
) -> None:
    opened: list[str] = []
    winding_down: list[int] = []
    closed = asyncio.Event()

    async def slow_to_let_go(url: str) -> None:
        opened.append(url)
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            winding_down.append(1)
            await closed.wait()  # closing things takes a moment
            raise

    controller = make_controller(tmp_path, slow_to_let_go)
    controller.add_server(demo_server.base_url)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=15000)
    second = controller.add_server(demo_server.base_url)  # replaces the first login
    qtbot.waitUntil(lambda: bool(winding_down), timeout=5000)
    controller.cancel()  # the user changes their mind while the first one still closes
    closed.set()
    qtbot.waitUntil(second.done, timeout=5000)
    assert len(opened) == 1, "the cancelled login still opened the browser"
    assert controller.state is ControllerState.IDLE
    assert controller.servers() == []


class HangingBackend(RecordingBackend):
    """A tunnel that starts to come up (an interface exists) and then never reports back."""

    def __init__(self) -> None:
        super().__init__()
        self.started = 0

    async def _up(self, config: VpnConfig, profile: Profile) -> tuple[str, ...]:
        self.started += 1
        await asyncio.sleep(3600)
        return ()


def test_cancelling_a_connect_while_the_tunnel_comes_up_takes_the_half_tunnel_down(
    qtbot: Any, qt_loop: Any, run_qt: Any, tmp_path: Path, demo_server: DemoServer, trust_demo_ca: Path
) -> None:
    backend = HangingBackend()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca), backend=backend)
    run_qt(controller.add_server(demo_server.base_url))
    url = controller.servers()[0].base_url
    task = controller.connect_profile(url, "employees")
    qtbot.waitUntil(lambda: backend.started == 1, timeout=15000)
    controller.cancel()
    qtbot.waitUntil(task.done, timeout=5000)
    qtbot.waitUntil(lambda: backend.downs == 1, timeout=5000)
    assert backend.state.state is TunnelState.DISCONNECTED
    assert controller.state is ControllerState.IDLE


def test_adding_or_logging_in_to_another_server_while_connected_keeps_the_connected_state(
    qtbot: Any, qt_loop: Any, run_qt: Any, tmp_path: Path, demo_server_factory: Any, trust_demo_ca: Path
) -> None:
    first, second = demo_server_factory(), demo_server_factory()
    backend = RecordingBackend()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca), backend=backend)
    run_qt(controller.add_server(first.base_url))
    url = controller.servers()[0].base_url
    run_qt(controller.connect_profile(url, "employees"))
    assert controller.state is ControllerState.CONNECTED

    run_qt(controller.add_server(second.base_url))  # the tunnel to the first server stays up
    assert backend.state.state is TunnelState.CONNECTED
    assert controller.state.value == "connected", "the window would offer Connect while connected"
    other = next(s.base_url for s in controller.servers() if s.base_url != url)
    run_qt(controller.reauthorize(other))
    assert controller.state.value == "connected"
    run_qt(controller.remove_server(other))
    assert controller.state.value == "connected"
    run_qt(controller.disconnect_vpn())
    assert controller.state.value == "idle"


def test_activating_a_server_row_while_a_login_runs_does_not_replace_the_login(
    qtbot: Any, qt_loop: Any, run_qt: Any, tmp_path: Path, demo_server_factory: Any, trust_demo_ca: Path
) -> None:
    first, second = demo_server_factory(), demo_server_factory()
    browser = browser_for(trust_demo_ca)
    opened: list[str] = []
    patient = False

    async def open_browser(url: str) -> None:
        opened.append(url)
        if not patient:
            result = browser(url)
            assert inspect.isawaitable(result)
            await result

    controller = make_controller(tmp_path, open_browser)
    run_qt(controller.add_server(first.base_url))
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    patient = True  # the second login waits for the user in the browser
    login = controller.add_server(second.base_url)
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=15000)
    window.show_page(window.servers_page)
    assert not window.servers_page.connect_button.isEnabled()
    window.servers_page.tree.setFocus()
    qtbot.keyClick(window.servers_page.tree, Qt.Key.Key_Return)  # Enter activates the current row
    # A connect would have replaced (cancelled) the login and said "connecting" at once.
    assert controller.state.value == "authorizing", "the page started a connect it had disabled"
    controller.cancel()
    qtbot.waitUntil(login.done, timeout=5000)


def test_the_session_countdown_does_not_stay_frozen_on_screen_after_disconnecting(
    qtbot: Any, qt_loop: Any, run_qt: Any, tmp_path: Path, demo_server_factory: Any, trust_demo_ca: Path
) -> None:
    server = demo_server_factory(session_lifetime=5 * 3600.0)
    controller = make_controller(tmp_path, browser_for(trust_demo_ca))
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    run_qt(controller.add_server(server.base_url))
    run_qt(controller.connect_profile(server.base_url, "employees"))
    page = window.connection_page
    assert not page.countdown_label.isHidden()
    run_qt(controller.disconnect_vpn())
    # The clock stops with the tunnel: a "Valid for …" left on screen would never change again.
    assert page.countdown_label.isHidden()


def test_disconnecting_from_an_unreachable_server_takes_the_tunnel_down_without_an_error(
    qtbot: Any, qt_loop: Any, run_qt: Any, tmp_path: Path, demo_server: DemoServer, trust_demo_ca: Path
) -> None:
    backend = RecordingBackend()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca), backend=backend)
    run_qt(controller.add_server(demo_server.base_url))
    run_qt(controller.connect_profile(demo_server.base_url, "employees"))
    demo_server.stop()  # the server is gone (the VPN was the way to it, the network changed …)
    run_qt(controller.disconnect_vpn(), timeout_ms=8000)
    assert backend.downs == 1
    assert backend.state.state is TunnelState.DISCONNECTED
    assert controller.state.value == "idle", controller.last_error
    point = controller.resume_point()
    assert point is not None and not point.connected, "the next start would reconnect"


def double_click(widget: QWidget, start_ms: int) -> None:
    """What a desktop delivers for a double-click: press, release, press, double-click, release.
    (``QTest.mouseDClick`` sends the double-click event alone, which no widget ever sees alone.)"""
    pos = QPointF(widget.rect().center())
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, offset, buttons in (
        (QEvent.Type.MouseButtonPress, 0, left),
        (QEvent.Type.MouseButtonRelease, 10, none),
        (QEvent.Type.MouseButtonPress, 100, left),
        (QEvent.Type.MouseButtonDblClick, 100, left),
        (QEvent.Type.MouseButtonRelease, 110, none),
    ):
        event = QMouseEvent(kind, pos, widget.mapToGlobal(pos), left, buttons, Qt.KeyboardModifier.NoModifier)
        event.setTimestamp(start_ms + offset)
        QApplication.sendEvent(widget, event)


def test_a_double_click_on_connect_connects_instead_of_cancelling_at_once(
    qtbot: Any, qt_loop: Any, run_qt: Any, tmp_path: Path, demo_server: DemoServer, trust_demo_ca: Path
) -> None:
    backend = RecordingBackend()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca), backend=backend)
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    run_qt(controller.add_server(demo_server.base_url))
    run_qt(controller.connect_profile(demo_server.base_url, "employees"))
    run_qt(controller.disconnect_vpn())
    button = window.connection_page.connect_button
    assert button.text().replace("&", "") == "Connect"
    # Many people double-click buttons: the second click must not hit the "Cancel" the first one made.
    double_click(button, 1_000_000)
    qtbot.waitUntil(lambda: not controller.busy, timeout=15000)
    assert controller.state.value == "connected", controller.last_error
    double_click(button, 2_000_000)  # and Disconnect is not cancelled half-way
    qtbot.waitUntil(lambda: not controller.busy, timeout=15000)
    assert controller.state.value == "idle", controller.last_error
    assert backend.state.state is TunnelState.DISCONNECTED


def test_an_unusable_profile_is_never_the_one_preselected(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    from gui.core.protocols import Protocol
    from gui.ui.profiles_page import ID_ROLE, ProfilesPage

    legacy = Profile("legacy", "Legacy", frozenset(), frozenset())  # no protocol Sluis can use
    staff = Profile("staff", "Staff", frozenset({Protocol.WIREGUARD}), frozenset())
    page = ProfilesPage(make_controller(tmp_path, lambda _url: None))
    qtbot.addWidget(page)
    for preselect in (None, "legacy"):  # first in the list, or the one used last time
        page.show_profiles("https://vpn.example.org/", [legacy, staff], preselect)
        current = page.list.currentItem()
        assert current is not None
        assert current.data(ID_ROLE) == "staff", "Enter would connect to a profile that cannot work"


class SlowDownBackend(RecordingBackend):
    """Taking the tunnel down takes a moment (``nmcli``, ``wg-quick down``)."""

    def __init__(self) -> None:
        super().__init__()
        self.down_started = 0
        self.down_finished = 0
        self.release = asyncio.Event()

    async def _down(self) -> None:
        self.down_started += 1
        await self.release.wait()
        self.down_finished += 1
        await super()._down()


def test_cancel_during_a_disconnect_does_not_abandon_the_tunnel_half_down(
    qtbot: Any, qt_loop: Any, run_qt: Any, tmp_path: Path, demo_server: DemoServer, trust_demo_ca: Path
) -> None:
    backend = SlowDownBackend()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca), backend=backend)
    run_qt(controller.add_server(demo_server.base_url))
    run_qt(controller.connect_profile(demo_server.base_url, "employees"))
    task = controller.disconnect_vpn()
    qtbot.waitUntil(lambda: backend.down_started == 1, timeout=5000)
    controller.cancel()  # the tray offers Cancel while busy
    backend.release.set()  # the interface goes away a moment later
    qtbot.waitUntil(task.done, timeout=5000)
    # The window says disconnected only once the tunnel really is down.
    assert backend.down_finished == 1
    assert backend.state.state is TunnelState.DISCONNECTED
    assert controller.state.value == "idle"


def test_a_login_question_whose_window_goes_away_answers_cancelled(qtbot: Any, qt_loop: Any) -> None:
    from gui.core.profile_secrets import LoginPrompt
    from gui.ui.login_dialog import LoginDialog, ask_login

    parent = QWidget()  # the window, rebuilt (and deleted) when the language changes
    task = asyncio.ensure_future(ask_login(parent, LoginPrompt("Office", "alice")))
    qtbot.waitUntil(lambda: any(isinstance(w, LoginDialog) and w.isVisible() for w in parent.children()))
    parent.deleteLater()
    qtbot.waitUntil(task.done, timeout=3000)  # not waiting for ever for a dialog that is gone
    assert task.result() is None  # and no "C++ object already deleted" traceback
