"""``sluis --demo``'s walk-through ends connected, and stays so: the recording backend brings up no
tunnel, so nothing may watch it for answers that cannot come (issue 11: "The VPN server stopped
answering" about 10 s after connecting with the preselected WireGuard profile)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from ui_support import FakeClock

from gui.app import DemoSetup, make_backend
from gui.backends.base import TunnelState
from gui.controller.machine import Controller
from gui.controller.viewmodel import ControllerState
from gui.core.protocols import Protocol
from gui.core.servers import ServerEntry
from gui.core.service import VpnService
from gui.core.tokens import Tokens
from gui.core.urls import normalize_base_url

# What DemoSetup sets in this process; monkeypatch puts each back after the test.
DEMO_ENVIRONMENT = ("SSL_CERT_FILE", "SLUIS_HOME", "SLUIS_DISCOVERY_KEYS", "SLUIS_DISCOVERY_URL")
MINUTE_IN_STEPS = 60
STEP = timedelta(seconds=1)
# Real time per step: the event loop runs the controller's tasks (and a watcher, were there one).
STEP_MS = 50


async def no_browser(url: str) -> None:
    raise AssertionError("the demo's token is already there")


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[DemoSetup, FakeClock]]:
    for name in DEMO_ENVIRONMENT:
        monkeypatch.setenv(name, "recorded so that it is restored")
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    # A watcher, were one started, would report the link dead at its first unanswered probe
    # (two pings of at most a second each) instead of after 10 s: a real minute is not needed.
    monkeypatch.setenv("SLUIS_FAILOVER_DEADLINE", "0")
    clock = FakeClock()
    setup = DemoSetup(clock=lambda: clock().timestamp())
    try:
        yield setup, clock
    finally:
        setup.close()


def demo_controller(setup: DemoSetup, clock: FakeClock) -> Controller:
    """The controller as ``run_app`` builds it for ``--demo`` (its service, its backend), logged in
    to the demo server already (the walk-through's login page is not what is tested here)."""
    service = VpnService(setup.paths, token_store=setup.token_store())
    base_url = normalize_base_url(setup.server.base_url)
    issued = setup.server.state.issue_tokens()
    service.tokens.save_sync(base_url, Tokens.from_authlib(issued.as_json()))
    service.servers.add(ServerEntry(base_url=base_url))
    return Controller(service, make_backend(service.settings, demo=True), no_browser, clock=clock)


def test_demo_stays_connected_with_wireguard_for_a_minute(
    demo: tuple[DemoSetup, FakeClock], qtbot: Any, run_qt: Callable[..., Any]
) -> None:
    setup, clock = demo
    controller = demo_controller(setup, clock)
    assert controller.backend.name == "recording"
    run_qt(controller.connect_profile(setup.server.base_url, "employees"))
    assert controller.state is ControllerState.CONNECTED, controller.last_error
    assert controller.connection is not None
    assert controller.connection.protocol is Protocol.WIREGUARD  # the demo server prefers it

    for _ in range(MINUTE_IN_STEPS):
        clock.advance(STEP)
        controller.tick()
        qtbot.wait(STEP_MS)
        assert controller.state is ControllerState.CONNECTED, controller.last_error
        assert controller.backend.state.state is TunnelState.CONNECTED
    assert controller.last_error is None

    run_qt(controller.disconnect_vpn())
    assert controller.state is ControllerState.IDLE
    assert setup.server.state.disconnects() == 1
    run_qt(controller.shutdown())
