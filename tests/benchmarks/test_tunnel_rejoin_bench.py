"""Reconnect time after a network switch: from the switch to the first ping answered through the tunnel.

The client namespace moves between two uplinks (the old link goes down, the other one's default
route takes over), back and forth, while the tunnel watch runs with Sluis's defaults (probes every
2 s, a change counts after 1 s of quiet). What is measured is what a user waits for: the watch
noticing, the rejoin (WireGuard: endpoint route and endpoint set again; OpenVPN: a restart of its
connection) and the first answer. Run for the figures (as root):

    python -m pytest tests/benchmarks/test_tunnel_rejoin_bench.py --benchmark-enable -s

``SLUIS_BENCH_JSON=path`` also writes them as JSON. In the normal suite every case runs once as a
smoke test; no timing is asserted.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gui.backends.base import Backend, BackendOptions
from gui.backends.failover import FailoverPolicy, TunnelMonitor
from gui.backends.netwatch import NetworkWatcher
from gui.backends.openvpn import LinuxOpenVpnBackend
from gui.backends.wireguard import LinuxWireGuardBackend
from gui.demoserver import DemoServer
from tests.support.netns import SERVER_IP, Lab, lab, memory_service, require_root, run
from tests.test_tunnel_rejoin import second_uplink, until_answer

FIGURES: dict[str, Any] = {}
pytestmark = [pytest.mark.needs_root, pytest.mark.slow]


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    the_loop = asyncio.new_event_loop()
    yield the_loop
    the_loop.close()


def _move(net: Lab, uplinks: list[tuple[str, str]], index: int) -> None:
    """Onto uplink ``index`` (its link up, its gateway the default), off the other one."""
    here, gateway = uplinks[index]
    other = uplinks[1 - index][0]
    run("ip", "-n", net.client, "link", "set", here, "up")
    run("ip", "-n", net.client, "link", "set", other, "down")
    run("ip", "-n", net.client, "route", "replace", "default", "via", gateway, "dev", here)


def _measure(
    benchmark: Any,
    loop: asyncio.AbstractEventLoop,
    net: Lab,
    backend: Backend,
    gateway: str,
    name: str,
    rounds: int,
) -> None:
    uplinks = [(f"vc{net.tag}", SERVER_IP), (second_uplink(net), "10.99.9.2")]
    watcher = NetworkWatcher(net.client)
    assert watcher.start()
    monitor = TunnelMonitor(backend, None, None, policy=FailoverPolicy(), changes=watcher)  # type: ignore[arg-type]
    task = loop.create_task(monitor.run())
    times: list[float] = []
    position = [0]

    async def switch_and_wait() -> None:
        position[0] = 1 - position[0]
        start = time.perf_counter()
        _move(net, uplinks, position[0])
        took = await until_answer(net, gateway)
        assert took is not None, f"no answer through the tunnel after the switch ({monitor.actions})"
        times.append(time.perf_counter() - start)
        await asyncio.sleep(2.5)  # the watch settles before the next switch

    try:
        # The tunnel carries traffic (a first handshake done) and the watch runs before the first switch.
        assert loop.run_until_complete(until_answer(net, gateway)) is not None
        loop.run_until_complete(asyncio.sleep(1.5))
        benchmark.pedantic(lambda: loop.run_until_complete(switch_and_wait()), rounds=rounds, iterations=1)
    finally:
        task.cancel()
        loop.run_until_complete(asyncio.wait({task}))
        watcher.close()
    FIGURES[name] = {
        "median_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
        "rounds": len(times),
        # In order: odd rounds move to the second uplink, even ones back to the first.
        "each_s": [round(t, 3) for t in times],
    }
    figure = FIGURES[name]
    print(
        f"\n{name}: reconnect after a network switch, median {figure['median_s']} s, each {figure['each_s']}"
    )
    target = os.environ.get("SLUIS_BENCH_JSON")
    if target:
        Path(target).write_text(json.dumps(FIGURES, indent=2) + "\n")


def _rounds(benchmark: Any) -> int:
    return 1 if getattr(benchmark, "disabled", False) else 5


def test_wireguard_rejoin_after_a_switch(
    benchmark: Any,
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
    loop: asyncio.AbstractEventLoop,
) -> None:
    require_root("wireguard-go", "wg", "ping")
    demo = demo_server_factory(wireguard_endpoint=f"{SERVER_IP}:51820")
    service = memory_service(tmp_path / "home", demo)
    with lab(tmp_path) as net:
        backend = LinuxWireGuardBackend(
            BackendOptions(
                tmp_path / "run", netns=net.client, manage_dns=False, helper_state_dir=tmp_path / "h"
            )
        )
        profile, config = loop.run_until_complete(
            service.obtain_config(demo.base_url, "wireguard-only", accept=backend.capabilities.protocols)
        )
        net.wireguard_server(demo, "wireguard-only")
        loop.run_until_complete(backend.up(config, profile))
        try:
            _measure(benchmark, loop, net, backend, "10.45.45.1", "wireguard/direct", _rounds(benchmark))
        finally:
            loop.run_until_complete(backend.down())


def test_openvpn_rejoin_after_a_switch(
    benchmark: Any,
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
    loop: asyncio.AbstractEventLoop,
) -> None:
    require_root("openvpn", "ping")
    demo = demo_server_factory(openvpn_remotes=(f"{SERVER_IP} 1194 udp",))
    service = memory_service(tmp_path / "home", demo)
    with lab(tmp_path) as net:
        net.openvpn_server(demo, "udp", "10.101.7.0", extra=('push "redirect-gateway def1"',))
        backend = LinuxOpenVpnBackend(
            BackendOptions(
                tmp_path / "run", netns=net.client, manage_dns=False, helper_state_dir=tmp_path / "h"
            )
        )
        profile, config = loop.run_until_complete(
            service.obtain_config(demo.base_url, "openvpn-only", accept=backend.capabilities.protocols)
        )
        loop.run_until_complete(backend.up(config, profile))
        try:
            _measure(benchmark, loop, net, backend, "10.101.7.1", "openvpn/direct", _rounds(benchmark))
        finally:
            loop.run_until_complete(backend.down())
