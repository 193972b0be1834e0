"""WireGuard over TCP for real: a network that drops every UDP packet, the demo server's ProxyGuard
endpoint in the VPN server's namespace, wireguard-go on both sides, and Sluis's own proxy client.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import trustme

from gui.backends.base import BackendOptions, TunnelState
from gui.backends.failover import FailoverPolicy
from gui.backends.netns import socket_in_netns
from gui.backends.registry import DirectBackend
from gui.backends.wireguard import LinuxWireGuardBackend
from gui.core.protocols import Protocol
from gui.demoserver import DemoConfig, DemoServer
from gui.demoserver.tls import TLSFiles
from gui.tunnel.session import TunnelSession
from tests.support.keyrings import require_secret_service
from tests.support.netns import (
    SERVER_IP,
    Lab,
    block_udp,
    lab,
    memory_service,
    require_root,
    sync_when_registered,
)

ROOT = Path(__file__).resolve().parent.parent

PROXY_PORT = 443
PROFILE = "wireguard-tcp"
GATEWAY = "10.46.46.1"


@pytest.fixture
def server_tls(tls_ca: trustme.CA, tmp_path: Path, trust_demo_ca: Path) -> TLSFiles:
    """A certificate for the VPN server's address in the lab, from the CA the client trusts."""
    leaf = tls_ca.issue_cert("127.0.0.1", SERVER_IP)
    files = TLSFiles(tmp_path / "server.pem", tmp_path / "server.key", trust_demo_ca)
    files.cert_file.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
    leaf.private_key_pem.write_to_path(str(files.key_file))
    return files


def _demo_in_lab(net: Lab, tls: TLSFiles) -> DemoServer:
    """The demo server (API on 127.0.0.1, as in every test) whose ProxyGuard endpoint also listens on
    the VPN server's address inside the lab and relays to the lab's wireguard-go from there."""
    config = DemoConfig(
        auto_approve=True,
        wireguard_endpoint=f"{SERVER_IP}:51820",
        wireguard_proxy_endpoint=f"https://{SERVER_IP}/proxyguard",
    )
    demo = DemoServer(
        config,
        tls=tls,
        proxy_udp_factory=lambda family: socket_in_netns(net.server, family, socket.SOCK_DGRAM),
    )
    listener = socket_in_netns(net.server, socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((SERVER_IP, PROXY_PORT))
    listener.listen(16)
    demo.listen_also(listener)
    return demo.start()


def _options(tmp_path: Path, net: Lab) -> BackendOptions:
    """The tunnel in the lab's client namespace; the helper's records in ``tmp_path/helper``."""
    return BackendOptions(
        runtime_dir=tmp_path / "run", netns=net.client, manage_dns=False, helper_state_dir=tmp_path / "helper"
    )


@pytest.fixture
def net(tmp_path: Path) -> Iterator[Lab]:
    require_root("wireguard-go", "wg", "ping", "ss")
    with lab(tmp_path) as the_lab:
        yield the_lab


async def _answers_soon(net: Lab) -> bool:
    """The gateway answers within WireGuard's handshake retry (5 s; the test tells the server about
    a new peer a moment after its /connect, so the first initiation may go unanswered)."""
    for _ in range(15):
        if await asyncio.to_thread(net.ping, GATEWAY, count=1, wait=1):
            return True
    return False


def _handshakes(net: Lab, ifname: str) -> list[int]:
    out = net.ns(net.server, "wg", "show", ifname, "latest-handshakes")
    return [int(line.split("\t")[1]) for line in out.splitlines() if "\t" in line]


def _host_routes(net: Lab) -> list[str]:
    out = net.ns(net.client, "ip", "-4", "route", "show")
    return [line.split()[0] for line in out.splitlines() if line.startswith(f"{SERVER_IP} ")]


def _proxy_connections(net: Lab) -> list[str]:
    """The client namespace's TCP connections to the proxy (``ss``: one line each)."""
    out = net.ns(net.client, "ss", "-Htn", "state", "established", "dst", f"{SERVER_IP}:{PROXY_PORT}")
    return [line for line in out.splitlines() if line.strip()]


@pytest.mark.needs_root
async def test_wireguard_over_tcp_where_udp_is_blocked(
    tmp_path: Path, net: Lab, server_tls: TLSFiles
) -> None:
    demo = _demo_in_lab(net, server_tls)
    try:
        service = memory_service(tmp_path / "home", demo)
        options = _options(tmp_path, net)
        backend = DirectBackend(options)
        assert Protocol.WIREGUARD_TCP in backend.capabilities.protocols
        wireguard = backend.children[Protocol.WIREGUARD_TCP]
        assert isinstance(wireguard, LinuxWireGuardBackend)
        block_udp(net)
        profile, config = await service.obtain_config(
            demo.base_url, PROFILE, accept=backend.capabilities.protocols, prefer_tcp=True
        )
        assert config.protocol is Protocol.WIREGUARD_TCP
        server_if = net.wireguard_server(demo, PROFILE)
        events: list[TunnelState] = []
        backend.subscribe(lambda e: events.append(e.state))

        await backend.up(config, profile)
        assert wireguard.record is not None and wireguard.proxy is not None
        ifname = wireguard.record.ifname
        assert backend.transport == "tcp"
        assert await asyncio.to_thread(net.ping, GATEWAY, count=3), "no ping through WireGuard over TCP"
        assert any(_handshakes(net, server_if)), "the server's wireguard-go saw no handshake"
        # WireGuard's endpoint is the local proxy; the proxy's own connection stays off the tunnel.
        assert f"127.0.0.1:{wireguard.proxy.local_port}" in net.ns(
            net.client, "wg", "show", ifname, "endpoints"
        )
        assert f"dev {ifname}" in net.ns(net.client, "ip", "route", "get", "192.0.2.77")
        assert f"dev {ifname}" not in net.ns(net.client, "ip", "route", "get", SERVER_IP)
        assert _host_routes(net) == [SERVER_IP], "the proxy's address is routed around the tunnel"
        assert len(_proxy_connections(net)) == 1
        # UDP really is blocked: nothing reached the server's WireGuard port directly.
        assert demo.proxyguard.sessions == 1

        # A middlebox resets the TCP connection: the next packets open a new one, the tunnel lives on.
        demo.reset_proxy_connections()
        assert await asyncio.to_thread(net.ping, GATEWAY, count=5), (
            "the tunnel did not survive a reset of the proxy connection"
        )
        assert wireguard.proxy.connections == 2
        assert demo.proxyguard.sessions == 2
        assert backend.state.state is TunnelState.CONNECTED

        # A network change: the rejoin moves the proxy's host route to today's path and leaves
        # WireGuard's endpoint on the local proxy (a route for 127.0.0.1 would cut the tunnel off).
        assert await wireguard.rejoin()
        assert _host_routes(net) == [SERVER_IP]
        assert "127.0.0.1" not in net.ns(net.client, "ip", "-4", "route", "show")
        assert f"127.0.0.1:{wireguard.proxy.local_port}" in net.ns(
            net.client, "wg", "show", ifname, "endpoints"
        )
        assert await asyncio.to_thread(net.ping, GATEWAY, count=3), "no ping after the rejoin"

        await backend.down()
        await service.disconnect(demo.base_url)
        assert ifname not in net.links(net.client)
        assert wireguard.proxy is None
        assert _proxy_connections(net) == []
        assert _host_routes(net) == [], "the host route to the proxy is gone"
        assert list((tmp_path / "helper" / "0").iterdir()) == []
        assert events == [
            TunnelState.CONNECTING,
            TunnelState.CONNECTED,
            TunnelState.DISCONNECTING,
            TunnelState.DISCONNECTED,
        ]
    finally:
        demo.stop()


@pytest.mark.needs_root
async def test_a_refused_upgrade_fails_the_bring_up_and_leaves_nothing(
    tmp_path: Path, net: Lab, server_tls: TLSFiles
) -> None:
    demo = _demo_in_lab(net, server_tls)
    try:
        service = memory_service(tmp_path / "home", demo)
        backend = LinuxWireGuardBackend(_options(tmp_path, net))
        state = tmp_path / "helper"
        profile, config = await service.obtain_config(
            demo.base_url, PROFILE, accept=backend.capabilities.protocols, prefer_tcp=True
        )
        assert config.wireguard is not None
        wrong = replace(
            config,
            wireguard=replace(
                config.wireguard,
                peers=tuple(
                    replace(p, proxy_endpoint=f"https://{SERVER_IP}/not-proxyguard")
                    for p in config.wireguard.peers
                ),
            ),
        )
        with pytest.raises(Exception, match="answered 404"):
            await backend.up(wrong, profile)
        assert backend.state.state is TunnelState.FAILED
        assert backend.proxy is None and backend.record is None
        assert not [link for link in net.links(net.client) if link.startswith("slwg")]
        assert not state.exists() or list((state / "0").iterdir()) == []
    finally:
        demo.stop()


@pytest.mark.needs_root
@pytest.mark.slow
async def test_failover_moves_a_blocked_wireguard_tunnel_to_wireguard_over_tcp(
    tmp_path: Path, net: Lab, server_tls: TLSFiles
) -> None:
    """The eduVPN failover rule with a profile that offers WireGuard over TCP: UDP stops, the tunnel
    owner fetches the TCP configuration (one more ``/connect``) and the tunnel comes back over TCP."""
    demo = _demo_in_lab(net, server_tls)
    session: TunnelSession | None = None
    try:
        service = memory_service(tmp_path / "home", demo)
        backend = DirectBackend(_options(tmp_path, net))
        session = TunnelSession(service, backend, failover=FailoverPolicy(interval=0.5, deadline=8.0))
        server_if = net.wireguard_server(demo, PROFILE)
        synced: set[str] = set()

        async def keep_server_peers_in_sync() -> None:
            # The real server tells its WireGuard about each /connect; here the test does.
            while True:
                peers = set(demo.state.wireguard_peers())
                if peers != synced:
                    await asyncio.to_thread(net.sync_wireguard_peers, demo, server_if)
                    synced.clear()
                    synced.update(peers)
                await asyncio.sleep(0.1)

        syncing = asyncio.create_task(keep_server_peers_in_sync())
        try:
            status = await session.connect(demo.base_url, PROFILE, prefer_tcp=False)
            assert status.protocol is Protocol.WIREGUARD and status.transport == "udp"
            connects = len(demo.state.connect_log)
            # Within the failover's deadline, longer than WireGuard's handshake retry.
            assert await _answers_soon(net), "no ping through the UDP tunnel"
            block_udp(net)
            for _ in range(600):
                if session.status.transport == "tcp" and session.status.state is TunnelState.CONNECTED:
                    break
                await asyncio.sleep(0.1)
            status = session.status
            assert status.protocol is Protocol.WIREGUARD_TCP, status
            assert status.transport == "tcp" and status.state is TunnelState.CONNECTED
            assert len(demo.state.connect_log) == connects + 1, "one /connect for the TCP configuration"
            assert await _answers_soon(net), "no ping after the move to TCP"
            await session.disconnect()
        finally:
            syncing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await syncing
        assert _proxy_connections(net) == []
        assert not [link for link in net.links(net.client) if link.startswith("slwg")]
    finally:
        if session is not None:
            await session.close()
        demo.stop()


@pytest.mark.needs_root
def test_sluis_connect_over_tcp_where_udp_is_blocked_then_disconnect_leaves_nothing(
    tmp_path: Path, net: Lab, server_tls: TLSFiles
) -> None:
    """The user's path: ``sluis connect`` in its own process (the background owner keeps the tunnel
    and its proxy), ``sluis status``, ``sluis disconnect``."""
    require_secret_service()  # each command is its own process: tokens must outlive them
    demo = _demo_in_lab(net, server_tls)
    try:
        server_if = net.wireguard_server(demo, PROFILE)
        block_udp(net)
        env = {
            **os.environ,
            "SLUIS_HOME": str(tmp_path / "home"),
            "SLUIS_RUNTIME_DIR": str(tmp_path / "run"),
            "SLUIS_NETNS": net.client,
            "SLUIS_HELPER_STATE_DIR": str(tmp_path / "helper"),
            "SLUIS_MANAGE_DNS": "0",
            "SSL_CERT_FILE": str(server_tls.ca_file),
            "BROWSER": f"{sys.executable} -m tests.support.browser %s",
            "PYTHONPATH": str(ROOT),
        }

        def sluis(*args: str) -> str:
            done = subprocess.run(
                [sys.executable, "-m", "gui", *args], env=env, capture_output=True, text=True, timeout=90
            )
            assert done.returncode == 0, done.stderr
            return done.stdout

        sluis("add", demo.base_url)
        watcher = threading.Thread(target=sync_when_registered, args=(net, demo, server_if), daemon=True)
        watcher.start()
        out = sluis("connect", demo.base_url, "--profile", PROFILE, "--backend", "direct", "--prefer-tcp")
        watcher.join(30)
        assert "Connected" in out and "WireGuard over TCP" in out
        assert net.ping(GATEWAY, count=8, wait=2), "no ping through the tunnel sluis connect set up"
        assert any(_handshakes(net, server_if)), "the server's wireguard-go saw no handshake"
        status = json.loads(sluis("status", "--json"))
        assert status["state"] == "connected"
        assert status["protocol"] == "wireguard+tcp" and status["transport"] == "tcp"
        assert "Protocol: WireGuard over TCP" in sluis("status")
        assert len(_proxy_connections(net)) == 1
        assert _host_routes(net) == [SERVER_IP]

        sluis("disconnect", demo.base_url)
        assert not [link for link in net.links(net.client) if link.startswith("slwg")]
        assert _proxy_connections(net) == []
        assert _host_routes(net) == []
        assert demo.state.disconnects() == 1
        assert json.loads(sluis("status", "--json"))["state"] == "disconnected"
    finally:
        demo.stop()
