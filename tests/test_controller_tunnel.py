"""The window's controller with a real backend: a WireGuard tunnel between namespaces, watched for
failure, brought down on disconnect (root, as in CI)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gui.backends.base import BackendOptions, TunnelEvent, TunnelState
from gui.backends.wireguard import LinuxWireGuardBackend
from gui.controller.machine import Controller
from gui.controller.viewmodel import ControllerState
from gui.demoserver import DemoServer
from tests.support.netns import SERVER_IP, lab, memory_service, require_root


async def no_browser(url: str) -> None:
    raise AssertionError("the token is already there")


@pytest.mark.needs_root
def test_connect_watch_fail_and_disconnect_through_the_controller(
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
    run_qt: Callable[..., Any],
) -> None:
    require_root("wireguard-go", "wg", "ping")
    monkeypatch.setenv("SLUIS_FAILOVER_DEADLINE", "3")
    demo = demo_server_factory(wireguard_endpoint=f"{SERVER_IP}:51820")
    service = memory_service(tmp_path / "home", demo)
    base_url = next(iter(service.servers)).base_url
    with lab(tmp_path) as net:
        backend = LinuxWireGuardBackend(
            BackendOptions(runtime_dir=tmp_path / "run", netns=net.client, manage_dns=False)
        )
        controller = Controller(service, backend, no_browser)
        server_if = net.wireguard_server(demo, "wireguard-only")  # no peers yet: /connect registers one

        def peer_known_before_the_tunnel(event: TunnelEvent) -> None:
            # /connect has registered the key by the time the backend starts: give it to the peer
            # now, so the first handshake succeeds (else the watch's short test deadline races it).
            if event.state is TunnelState.CONNECTING:
                net.sync_wireguard_peers(demo, server_if)

        backend.subscribe(peer_known_before_the_tunnel)
        run_qt(controller.connect_profile(base_url, "wireguard-only"))
        assert controller.state is ControllerState.CONNECTED
        assert controller.connection is not None and controller.connection.addresses
        qtbot.waitUntil(lambda: net.ping(backend.gateway or "", wait=1), timeout=15000)
        assert controller.state is ControllerState.CONNECTED  # a healthy link raises no alarm

        # The server stops answering: the watch reports it, the window does not claim "connected".
        net.ns(net.server, "ip", "link", "del", server_if)
        qtbot.waitUntil(lambda: controller.state is ControllerState.ERROR, timeout=20000)
        assert backend.state.state is TunnelState.FAILED
        assert controller.last_error and "stopped answering" in controller.last_error

        ifname = backend.record.ifname if backend.record else ""
        run_qt(controller.disconnect_vpn())
        assert ifname not in net.links(net.client)
        assert demo.state.disconnects() == 1
        assert controller.state is ControllerState.IDLE
