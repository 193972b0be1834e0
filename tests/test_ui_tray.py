"""The tray's session notification: clicking it renews the session when renewing is possible
(the browser opens to log in, the tunnel comes back), and only shows the window otherwise.

The tray object is built directly (offscreen has no tray to show it in); the same click on a real
tray runs in tests/test_ui_xvfb.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from ui_support import FakeClock, browser_for, make_controller

from gui.controller.viewmodel import ControllerState
from gui.demoserver import DemoServer
from gui.ui.tray import SystemTray


def test_clicking_the_notification_renews_only_when_renewing_is_possible(
    qtbot: Any,
    qt_loop: Any,
    run_qt: Any,
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
) -> None:
    demo_server = demo_server_factory(session_lifetime=8 * 3600.0)  # a countdown from the start
    logins: list[str] = []
    clock = FakeClock()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca, logins), clock=clock)
    shown: list[int] = []
    tray = SystemTray(controller, lambda: shown.append(1), lambda: None)
    run_qt(controller.add_server(demo_server.base_url))
    run_qt(controller.connect_profile(controller.servers()[0].base_url, "employees"))
    assert controller.state is ControllerState.CONNECTED
    assert len(logins) == 1

    controller.tick()  # a fresh session: nothing to renew yet
    tray.on_message_clicked()
    assert shown == [1]
    assert controller.state is ControllerState.CONNECTED
    assert len(logins) == 1

    clock.advance(timedelta(minutes=31))
    controller.tick()
    assert tray.renew_offered
    tray.on_message_clicked()
    assert shown == [1, 1]
    qtbot.waitUntil(lambda: len(logins) == 2, timeout=15000)
    qtbot.waitUntil(
        lambda: controller.state is ControllerState.CONNECTED and not controller.busy, timeout=15000
    )
    assert demo_server.state.disconnects() == 1, "the old session was ended at the server"
    tray.hide()
    run_qt(controller.shutdown())
