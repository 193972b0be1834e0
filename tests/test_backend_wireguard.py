"""The direct WireGuard backend with real tunnels: wireguard-go peers in network namespaces."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from gui.backends.base import BackendOptions, TunnelState
from gui.backends.privileged import PrivilegedError, WgPeerSpec, wg_setconf_text
from gui.backends.wireguard import LinuxWireGuardBackend, parse_wg_dump_transfer, tunnel_routes
from gui.core.protocols import Protocol
from gui.core.vpnconfig import parse_wireguard
from gui.demoserver import DemoServer
from gui.helper.checks import HelperError
from tests.support.netns import SERVER_IP, lab, memory_service, require_root

KEY = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk="
PUB = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg="


def test_wg_setconf_input_holds_keys_and_peers_only() -> None:
    peer = WgPeerSpec(PUB, ("0.0.0.0/0",), "192.0.2.1", 51820, 25)
    text = wg_setconf_text(KEY, [peer])
    assert "Address" not in text and "DNS" not in text and "PostUp" not in text
    assert f"PrivateKey = {KEY}" in text and "Endpoint = 192.0.2.1:51820" in text
    with pytest.raises(HelperError):
        WgPeerSpec.from_json({"public_key": "not a key", "allowed_ips": []})


def test_full_tunnel_routes_are_halves() -> None:
    config = parse_wireguard(
        f"[Interface]\nPrivateKey = {KEY}\nAddress = 10.0.0.2/24\n"
        f"[Peer]\nPublicKey = {PUB}\nAllowedIPs = 0.0.0.0/0, ::/0, 10.1.0.0/16\nEndpoint = 192.0.2.1:51820\n"
    )
    assert tunnel_routes(config) == ["0.0.0.0/1", "128.0.0.0/1", "::/1", "8000::/1", "10.1.0.0/16"]


def test_wg_dump_transfer_sums_peers() -> None:
    dump = "priv\tpub\t51820\toff\npeer1\t(none)\t1.2.3.4:5\t10.0.0.0/24\t0\t100\t200\toff\n"
    assert parse_wg_dump_transfer(dump) == (100, 200)


def exists(path: str) -> bool:
    return os.path.exists(path)


@pytest.mark.needs_root
async def test_wireguard_tunnel_up_ping_down_disconnect(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path
) -> None:
    require_root("wireguard-go", "wg", "ping")
    demo = demo_server_factory(wireguard_endpoint=f"{SERVER_IP}:51820")
    service = memory_service(tmp_path / "home", demo)
    runtime, state = tmp_path / "run", tmp_path / "helper"
    with lab(tmp_path) as net:
        backend = LinuxWireGuardBackend(
            BackendOptions(runtime_dir=runtime, netns=net.client, manage_dns=False, helper_state_dir=state)
        )
        # Both transports are offered; this profile has UDP only, so UDP it is.
        assert Protocol.WIREGUARD_TCP in backend.capabilities.protocols
        profile, config = await service.obtain_config(
            demo.base_url, "wireguard-only", accept=backend.capabilities.protocols
        )
        assert config.protocol is Protocol.WIREGUARD
        net.wireguard_server(demo, "wireguard-only")
        events: list[TunnelState] = []
        backend.subscribe(lambda e: events.append(e.state))

        await backend.up(config, profile)
        assert backend.record is not None
        ifname = backend.record.ifname
        assert ifname in net.links(net.client)
        assert backend.gateway == "10.45.45.1"
        assert backend.transport == "udp" and backend.proxy is None
        assert net.ping("10.45.45.1"), "no ping across the WireGuard tunnel"
        # Full tunnel: an address outside every local network goes through the tunnel.
        assert f"dev {ifname}" in net.ns(net.client, "ip", "route", "get", "192.0.2.77")
        assert await backend.ping_gateway(size=backend.mtu - 28)
        counters = await backend.counters()
        assert counters is not None and counters[0] > 0 and counters[1] > 0
        recorded = [p.name for p in (state / "0").iterdir()]
        assert recorded == [backend.record.id], "the helper records the tunnel it made while it is up"
        assert (state / "0").stat().st_mode & 0o777 == 0o700

        await backend.down()
        await service.disconnect(demo.base_url)
        assert ifname not in net.links(net.client)
        assert not exists(f"/var/run/wireguard/{ifname}.sock")
        assert list((state / "0").iterdir()) == []
        assert not runtime.exists() or list(runtime.iterdir()) == []
        assert demo.state.disconnects() == 1
        assert events == [
            TunnelState.CONNECTING,
            TunnelState.CONNECTED,
            TunnelState.DISCONNECTING,
            TunnelState.DISCONNECTED,
        ]


async def test_in_process_helper_reports_a_missing_tool_as_a_privileged_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root the steps run in-process; a missing ``ip``/``wg`` must fail as the pkexec helper does
    (a ``PrivilegedError`` the backends turn into a tunnel error), not as a raw ``OSError``."""
    from gui.backends.privileged import InProcessHelper

    monkeypatch.setenv("PATH", str(tmp_path))  # no programs at all
    helper = InProcessHelper(tmp_path / "state")
    peer = WgPeerSpec(PUB, ("10.1.0.0/16",), "192.0.2.1", 51820).to_json()
    with pytest.raises(PrivilegedError, match="FileNotFoundError"):
        await helper.request("wireguard_start", private_key=KEY, peers=[peer], addresses=["10.0.0.2/24"])
    # The half-made tunnel is forgotten again: nothing is left for a later clean-up to trip over.
    assert list((tmp_path / "state" / str(os.getuid())).iterdir()) == []
