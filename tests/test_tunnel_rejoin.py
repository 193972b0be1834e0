"""The tunnel rides through a network switch and a resume from sleep, with real tunnels in namespaces.

A "network switch" here is what a laptop sees when it leaves one network for another: the old
uplink goes down (its address, default route and the tunnel's host route to the server vanish) and a
second uplink with another address and gateway takes over. A "resume" is a jump of CLOCK_BOOTTIME
against CLOCK_MONOTONIC, which is what the failover monitor sees after a suspend (the test gives it
a clock that jumps: the real one cannot be changed safely). In both cases the tunnel must carry
traffic again without user action, and say "reconnecting" meanwhile.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from gui.backends.base import Backend, BackendOptions, TunnelEvent, TunnelState
from gui.backends.failover import REJOINING, FailoverPolicy, TunnelMonitor
from gui.backends.netwatch import NetworkWatcher, relevant
from gui.backends.openvpn import LinuxOpenVpnBackend
from gui.backends.sleepwatch import LOGIND, SleepWatcher
from gui.backends.wireguard import LinuxWireGuardBackend
from gui.demoserver import DemoServer
from gui.helper.rejoin import default_path
from gui.tunnel.session import TunnelSession
from gui.tunnel.status import TunnelStatus
from tests.support.netns import SERVER_IP, Lab, lab, memory_service, require_root, run

UDP_NET = "10.101.7.0"
# Measured reconnect times (seconds from the change to the first answer through the tunnel),
# printed at the end of the module (run with -s to see them).
MEASURED: dict[str, float] = {}


def test_only_changes_of_the_network_under_the_tunnel_count() -> None:
    assert relevant("default via 10.99.9.2 dev vc2 proto static")
    assert relevant("Deleted default via 192.168.1.1 dev wlan0 proto dhcp metric 600")
    assert relevant("3: wlan0    inet 192.168.7.23/24 brd 192.168.7.255 scope global dynamic wlan0\\")
    assert relevant("Deleted 3: eth0    inet6 2001:db8::5/64 scope global")
    assert not relevant("3: eth0    inet6 fe80::1/64 scope link")
    assert not relevant("10.99.7.2 via 10.99.9.2 dev vc2")  # the helper's own endpoint route
    assert not relevant("0.0.0.0/1 dev slwg0a1b2c scope link")
    assert not relevant("7: slov0a1b2c    inet 10.101.7.2/24 scope global slov0a1b2c")
    assert not relevant("unreachable ::/1 dev lo metric 1024")
    assert not relevant("")


def test_the_default_path_skips_tunnels_and_prefers_the_lowest_metric() -> None:
    routes = (
        '[{"dst":"default","gateway":"192.168.1.1","dev":"wlan0","metric":600},'
        '{"dst":"default","gateway":"10.0.0.1","dev":"eth0","metric":100},'
        '{"dst":"default","dev":"slwg0a1b2c","metric":1}]'
    )
    assert default_path(routes, "slwg0a1b2c") == ("10.0.0.1", "eth0")
    assert default_path('[{"dst":"default","dev":"slov0a0a0a"}]', "slwg0a1b2c") is None
    assert default_path("not json", "x") is None


def test_the_helper_rejoins_and_blocks_only_the_callers_own_tunnels(tmp_path: Path) -> None:
    from gui.helper.service import HelperService

    service = HelperService(tmp_path / "helper", 0, allow_netns=True)
    for op in ("wireguard_rejoin", "block_ipv6"):
        answer = service.handle({"op": op, "args": {"id": "abcdef", "peers": []}})
        assert answer.fields == {"ok": False, "error": "no such tunnel of yours"}
    refused = service.handle({"op": "wireguard_rejoin", "args": {"id": "../x", "peers": []}})
    assert refused.fields == {"ok": False, "error": "invalid tunnel id"}


def test_network_changes_are_reported_once_after_a_quiet_burst() -> None:
    now = [100.0]
    watcher = NetworkWatcher(quiet=1.0, clock=lambda: now[0])
    assert not watcher.pending()
    watcher.note_change()
    now[0] += 0.5
    watcher.note_change()  # the route after the address: one burst
    now[0] += 0.5
    assert not watcher.pending()
    now[0] += 0.6
    assert watcher.pending() and not watcher.pending()


# -- real tunnels ------------------------------------------------------------------------------------------


@pytest.fixture
async def made() -> AsyncIterator[list[Any]]:
    """Backends (taken down) and monitor tasks (cancelled) of a test, also when it fails."""
    things: list[Any] = []
    yield things
    for thing in reversed(things):
        if isinstance(thing, asyncio.Task):
            thing.cancel()
            await asyncio.wait({thing})
        elif isinstance(thing, NetworkWatcher):
            thing.close()
        else:
            await thing.down()


def second_uplink(net: Lab) -> str:
    """Another network for the client (10.99.9.1/24, gateway 10.99.9.2), not in use yet."""
    client_if, server_if = f"vd{net.tag}", f"vt{net.tag}"
    run("ip", "link", "add", client_if, "type", "veth", "peer", "name", server_if)
    run("ip", "link", "set", client_if, "netns", net.client)
    run("ip", "link", "set", server_if, "netns", net.server)
    run("ip", "-n", net.client, "addr", "add", "10.99.9.1/24", "dev", client_if)
    run("ip", "-n", net.server, "addr", "add", "10.99.9.2/24", "dev", server_if)
    run("ip", "-n", net.client, "link", "set", client_if, "up")
    run("ip", "-n", net.server, "link", "set", server_if, "up")
    # As on the first uplink: the server answers there only for its own uplink addresses, so a
    # ping to a tunnel address is answered through the tunnel or not at all.
    rules = (
        "table inet sluisuplink {\n"
        "  chain in { type filter hook input priority 0; policy accept;\n"
        f'    iifname "{server_if}" ip daddr != {{ {SERVER_IP}, 10.99.9.2 }} drop; }}\n'
        "}\n"
    )
    net.ns(net.server, "nft", "-f", "-", stdin=rules)
    return client_if


def switch_network(net: Lab, uplink: str) -> None:
    """Leave the first network (its link goes down) and take the second one's default route."""
    run("ip", "-n", net.client, "link", "set", f"vc{net.tag}", "down")
    run("ip", "-n", net.client, "route", "replace", "default", "via", "10.99.9.2", "dev", uplink)


async def until_answer(net: Lab, address: str, seconds: float = 30.0) -> float | None:
    """Seconds until a ping through the tunnel is answered (``None``: not within ``seconds``)."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if await asyncio.to_thread(net.ping, address, wait=1):
            return time.monotonic() - start
        await asyncio.sleep(0.2)
    return None


class Announced:
    """A resume signal as ``SleepWatcher`` gives it (logind's ``PrepareForSleep(false)``)."""

    def __init__(self) -> None:
        self.resumed = False

    def pending(self) -> bool:
        resumed, self.resumed = self.resumed, False
        return resumed

    def clear(self) -> None:
        self.resumed = False


class JumpingClock:
    """CLOCK_BOOTTIME as the monitor reads it, plus whatever sleep the test pretends happened."""

    def __init__(self) -> None:
        self.slept = 0.0

    def __call__(self) -> float:
        return time.clock_gettime(time.CLOCK_BOOTTIME) + self.slept


async def _watch(
    backend: Backend, made: list[Any], netns: str, **monitor: Any
) -> tuple[TunnelMonitor, list[TunnelEvent], NetworkWatcher]:
    events: list[TunnelEvent] = []
    backend.subscribe(events.append)
    watcher = NetworkWatcher(netns, quiet=0.5)
    assert watcher.start()
    made.append(watcher)
    policy = FailoverPolicy(interval=0.5, deadline=20.0, reconnect_timeout=20.0)
    mon = TunnelMonitor(backend, None, None, policy=policy, changes=watcher, **monitor)  # type: ignore[arg-type]
    made.append(asyncio.create_task(mon.run()))
    await asyncio.sleep(0.5)  # the watch has started
    return mon, events, watcher


def said_reconnecting(events: list[TunnelEvent]) -> bool:
    states = [(e.state, e.reason) for e in events]
    if (TunnelState.CONNECTING, REJOINING) not in states:
        return False
    return TunnelState.CONNECTED in [
        s for s, _ in states[states.index((TunnelState.CONNECTING, REJOINING)) :]
    ]


async def said_so(backend: Backend, events: list[TunnelEvent], seconds: float = 30.0) -> None:
    """Reconnecting, then connected (with the next answered probe, or OpenVPN's own state)."""
    changed = asyncio.Event()
    unsubscribe = backend.subscribe(lambda _event: changed.set())
    try:
        async with asyncio.timeout(seconds):
            while not said_reconnecting(events):
                await changed.wait()
                changed.clear()
    except TimeoutError:
        pass
    finally:
        unsubscribe()
    assert said_reconnecting(events), [(e.state, e.reason) for e in events]


async def _wireguard(tmp_path: Path, demo: DemoServer, net: Lab, made: list[Any]) -> LinuxWireGuardBackend:
    service = memory_service(tmp_path / "home", demo)
    backend = LinuxWireGuardBackend(
        BackendOptions(
            runtime_dir=tmp_path / "run",
            netns=net.client,
            manage_dns=False,
            helper_state_dir=tmp_path / "helper",
        )
    )
    made.append(backend)
    profile, config = await service.obtain_config(
        demo.base_url, "wireguard-only", accept=backend.capabilities.protocols
    )
    net.wireguard_server(demo, "wireguard-only")
    await backend.up(config, profile)
    assert net.ping("10.45.45.1")
    return backend


@pytest.mark.needs_root
async def test_wireguard_rides_through_a_network_switch(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path, made: list[Any]
) -> None:
    require_root("wireguard-go", "wg", "ping")
    demo = demo_server_factory(wireguard_endpoint=f"{SERVER_IP}:51820")
    with lab(tmp_path) as net:
        uplink = second_uplink(net)
        backend = await _wireguard(tmp_path, demo, net, made)
        mon, events, _ = await _watch(backend, made, net.client)
        switch_network(net, uplink)
        took = await until_answer(net, "10.45.45.1")
        assert took is not None, f"no traffic through the tunnel 30 s after the switch: {mon.actions}"
        MEASURED["wireguard, network switch"] = took
        assert "rejoin" in mon.actions
        await said_so(backend, events)
        route = net.ns(net.client, "ip", "route", "get", SERVER_IP)
        assert f"dev {uplink}" in route, "the encrypted packets take the new network"


@pytest.mark.needs_root
async def test_wireguard_rejoins_after_a_resume_from_sleep(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path, made: list[Any]
) -> None:
    require_root("wireguard-go", "wg", "ping")
    demo = demo_server_factory(wireguard_endpoint=f"{SERVER_IP}:51820")
    with lab(tmp_path) as net:
        backend = await _wireguard(tmp_path, demo, net, made)
        clock = JumpingClock()
        logind = Announced()
        mon, events, _ = await _watch(backend, made, net.client, boottime=clock, resumes=logind)
        start = time.monotonic()
        clock.slept += 3600  # an hour with the lid closed
        await said_so(backend, events)
        MEASURED["wireguard, resume"] = time.monotonic() - start
        assert mon.actions.count("rejoin") == 1
        assert net.ping("10.45.45.1")
        # A short sleep the clock check would miss, as logind announces it.
        events.clear()
        logind.resumed = True
        await said_so(backend, events)
        assert mon.actions.count("rejoin") == 2
        assert net.ping("10.45.45.1")


@pytest.mark.needs_root
async def test_a_session_that_ended_during_the_sleep_is_not_rejoined(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path, made: list[Any]
) -> None:
    require_root("wireguard-go", "wg", "ping")
    demo = demo_server_factory(wireguard_endpoint=f"{SERVER_IP}:51820")
    with lab(tmp_path) as net:
        backend = await _wireguard(tmp_path, demo, net, made)
        clock = JumpingClock()
        asked: list[bool] = []

        def expired() -> bool:
            asked.append(True)
            return True  # the expiry rule: the session is over, the tunnel is being taken down

        mon, events, _ = await _watch(backend, made, net.client, boottime=clock, on_resume=expired)
        clock.slept += 3600
        task = next(t for t in made if isinstance(t, asyncio.Task))
        await asyncio.wait_for(asyncio.shield(task), 10)
        assert asked and "rejoin" not in mon.actions
        assert [e for e in events if e.reason == REJOINING] == []


@pytest.mark.needs_root
async def test_openvpn_rides_through_a_network_switch(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path, made: list[Any]
) -> None:
    require_root("openvpn", "ping")
    demo = demo_server_factory(openvpn_remotes=(f"{SERVER_IP} 1194 udp",))
    with lab(tmp_path) as net:
        uplink = second_uplink(net)
        conf = net.set_resolv_conf("nameserver 10.99.7.53\n")
        push = ('push "redirect-gateway def1"', 'push "dhcp-option DNS 10.101.7.1"')
        net.openvpn_server(demo, "udp", UDP_NET, extra=push)
        service = memory_service(tmp_path / "home", demo)
        backend = LinuxOpenVpnBackend(
            BackendOptions(
                runtime_dir=tmp_path / "run", netns=net.client, helper_state_dir=tmp_path / "helper"
            )
        )
        made.append(backend)
        profile, config = await service.obtain_config(
            demo.base_url, "openvpn-only", accept=backend.capabilities.protocols
        )
        await backend.up(config, profile)
        assert net.ping("10.101.7.1")
        mon, events, _ = await _watch(backend, made, net.client)
        switch_network(net, uplink)
        took = await until_answer(net, "10.101.7.1")
        assert took is not None, f"no traffic through the tunnel 30 s after the switch: {mon.actions}"
        MEASURED["openvpn, network switch"] = took
        assert "rejoin" in mon.actions
        await said_so(backend, events)
        assert backend.state.state is TunnelState.CONNECTED
        assert backend.record is not None
        assert f"dev {backend.record.ifname}" in net.ns(net.client, "ip", "route", "get", "10.101.7.1")
        # The restart's pushed DNS is set again (and still undone exactly on disconnect).
        assert "nameserver 10.101.7.1" in conf.read_text()
        await backend.down()
        assert conf.read_text() == "nameserver 10.99.7.53\n"


def teardown_module() -> None:
    for what, seconds in MEASURED.items():
        print(f"reconnect time, {what}: {seconds:.2f} s")


@pytest.mark.needs_root
async def test_the_tunnel_session_says_reconnecting_and_comes_back_after_a_switch(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path, made: list[Any]
) -> None:
    """The whole path as the window and ``sluis status`` see it: the session's own network watch."""
    require_root("wireguard-go", "wg", "ping")
    demo = demo_server_factory(wireguard_endpoint=f"{SERVER_IP}:51820")
    with lab(tmp_path) as net:
        uplink = second_uplink(net)
        backend = LinuxWireGuardBackend(
            BackendOptions(
                runtime_dir=tmp_path / "run",
                netns=net.client,
                manage_dns=False,
                helper_state_dir=tmp_path / "helper",
            )
        )
        made.append(backend)
        session = TunnelSession(
            memory_service(tmp_path / "home", demo),
            backend,
            failover=FailoverPolicy(interval=0.5, deadline=20.0),
        )
        seen: list[TunnelStatus] = []
        session.subscribe(seen.append)
        server_if = net.wireguard_server(demo, "wireguard-only")
        up = await session.connect(demo.base_url, "wireguard-only")
        assert up.state is TunnelState.CONNECTED
        net.sync_wireguard_peers(demo, server_if)  # the key the connect registered
        assert await until_answer(net, "10.45.45.1") is not None  # WireGuard retries its handshake
        await asyncio.sleep(1.5)  # the watch runs (its ``ip monitor`` has started)
        switch_network(net, uplink)
        took = await until_answer(net, "10.45.45.1")
        assert took is not None, "no traffic through the tunnel 30 s after the switch"
        MEASURED["wireguard, network switch, whole session"] = took
        back = asyncio.Event()
        session.subscribe(lambda s: back.set() if not s.reconnecting else None)
        if session.status.reconnecting:
            async with asyncio.timeout(30):
                await back.wait()
        assert any(s.reconnecting and s.state is TunnelState.CONNECTED for s in seen), "said reconnecting"
        assert session.status.state is TunnelState.CONNECTED and not session.status.reconnecting
        await session.disconnect()
        await session.close()


async def _wait_pending(watcher: SleepWatcher, tries: int = 100) -> bool:
    for _ in range(tries):
        if watcher.pending():
            return True
        await asyncio.sleep(0.02)
    return False


async def test_logind_s_resume_signal_counts_and_nobody_else_s() -> None:
    """A stand-in logind on a private session bus (the test runs under dbus-run-session)."""
    import os

    from dbus_fast import BusType, Message
    from dbus_fast.aio import MessageBus

    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        pytest.skip("needs a session bus (tests/run.sh starts one)")
    watcher = SleepWatcher(system=False)
    assert not await watcher.start(), "no logind on the bus: the clock check alone"

    logind = await MessageBus(bus_type=BusType.SESSION).connect()
    impostor = await MessageBus(bus_type=BusType.SESSION).connect()
    try:
        await logind.request_name(LOGIND)
        watcher = SleepWatcher(system=False)
        assert await watcher.start()

        def signal(going_to_sleep: bool) -> Message:
            return Message.new_signal(
                "/org/freedesktop/login1", f"{LOGIND}.Manager", "PrepareForSleep", "b", [going_to_sleep]
            )

        await impostor.send(signal(False))
        assert not await _wait_pending(watcher, 25), "only logind's signal counts"
        await logind.send(signal(True))  # going to sleep: not a resume
        assert not await _wait_pending(watcher, 25)
        await logind.send(signal(False))
        assert await _wait_pending(watcher)
        assert not watcher.pending(), "one resume, reported once"
        await watcher.close()
    finally:
        logind.disconnect()
        impostor.disconnect()
