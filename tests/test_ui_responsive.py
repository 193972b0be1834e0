"""The window never freezes: a connect against a server that answers after 3 s leaves the Qt event
loop free (the network runs on the qasync loop, the keyring in threads)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from ui_support import RecordingTray, browser_for, make_controller

from gui.controller.viewmodel import ControllerState
from gui.demoserver import DemoConfig, DemoServer, TLSFiles
from gui.ui.main_window import MainWindow

SLOW_ANSWER = 3.0
MAX_STALL = 0.050
TICK_MS = 10


def slow_connect(app: Callable[..., Any], delay: float) -> Callable[..., Any]:
    """ASGI middleware: ``/connect`` answers only after ``delay`` seconds."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].endswith("/connect"):
            await asyncio.sleep(delay)
        await app(scope, receive, send)

    return wrapped


@pytest.fixture
def slow_server(demo_tls: TLSFiles) -> Iterator[DemoServer]:
    server = DemoServer(DemoConfig(auto_approve=True), tls=demo_tls)
    server.app = slow_connect(server.app, SLOW_ANSWER)
    with server.start():
        yield server


@pytest.mark.slow
def test_a_slow_connect_never_stalls_the_event_loop(
    qtbot: Any,
    qt_loop: Any,
    run_qt: Callable[..., Any],
    tmp_path: Path,
    slow_server: DemoServer,
    trust_demo_ca: Path,
) -> None:
    controller = make_controller(tmp_path, browser_for(trust_demo_ca))
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    window.show()
    run_qt(controller.add_server(slow_server.base_url))

    gaps: list[float] = []
    last = [time.monotonic()]

    def beat() -> None:
        now = time.monotonic()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(beat)
    started = time.monotonic()
    timer.start()
    last[0] = time.monotonic()
    controller.connect_profile(slow_server.base_url, "employees")
    qtbot.waitUntil(lambda: controller.state is ControllerState.CONNECTED, timeout=15000)
    timer.stop()
    took = time.monotonic() - started

    assert took >= SLOW_ANSWER, "the server's delay did not happen"
    assert len(gaps) > SLOW_ANSWER * 1000 / TICK_MS / 2
    assert max(gaps) < MAX_STALL, f"the event loop stalled for {max(gaps) * 1000:.0f} ms"
    controller.disconnect_vpn()
    qtbot.waitUntil(lambda: controller.state is ControllerState.IDLE, timeout=15000)
