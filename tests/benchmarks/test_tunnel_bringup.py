"""Tunnel bring-up time: from "start" to the first ping answered through the tunnel.

Each Sluis backend is measured beside the same tunnel brought up by hand in the same run and the
same namespaces (``wireguard-go`` + ``wg setconf`` + ``ip``, building the same tunnel: both addresses,
the routes of a default-gateway profile and the endpoint's host route; a plain ``openvpn --config``), and
reported as a ratio, so a slower machine moves both sides alike. Sluis' side includes what a user
waits for after ``/connect``: writing the private files, the privileged steps, following the
management interface or NetworkManager's signals. The first-ping loop is the same for both sides.

Run for the figures (as root):

    python -m pytest tests/benchmarks/test_tunnel_bringup.py --benchmark-enable -s

``SLUIS_BENCH_JSON=path`` also writes them as JSON. In the normal suite (``--benchmark-disable``)
every case runs once as a smoke test; no timing is ever asserted.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gui.backends.base import Backend, BackendOptions
from gui.backends.networkmanager import NetworkManagerBackend
from gui.backends.openvpn import LinuxOpenVpnBackend
from gui.backends.wireguard import LinuxWireGuardBackend
from gui.core.wgkeys import generate_keypair
from gui.demoserver import DemoServer
from tests.support.netns import SERVER_IP, Lab, lab, memory_service, networkmanager, require_root

FIGURES: dict[str, Any] = {}
pytestmark = [pytest.mark.needs_root, pytest.mark.slow]


def _enabled(benchmark: Any) -> bool:
    return not getattr(benchmark, "disabled", False)


def first_ping(net: Lab, address: str, timeout: float = 30.0) -> None:
    """Ping until one answer comes back (0.2 s per try)."""
    deadline = time.monotonic() + timeout
    argv = ["ip", "netns", "exec", net.client, "ping", "-n", "-q", "-c", "1", "-W", "0.2", address]
    while time.monotonic() < deadline:
        if subprocess.run(argv, capture_output=True, check=False).returncode == 0:
            return
    raise AssertionError(f"no ping answer from {address}")


def report(name: str, manual: list[float], sluis: list[float]) -> None:
    figure = {
        "manual_median_s": round(statistics.median(manual), 4),
        "sluis_median_s": round(statistics.median(sluis), 4),
        "ratio": round(statistics.median(sluis) / statistics.median(manual), 2),
        "rounds": len(sluis),
    }
    FIGURES[name] = figure
    print(
        f"\n{name}: manual {figure['manual_median_s']} s, Sluis {figure['sluis_median_s']} s, "
        f"ratio {figure['ratio']}"
    )
    target = os.environ.get("SLUIS_BENCH_JSON")
    if target:
        Path(target).write_text(json.dumps(FIGURES, indent=2) + "\n")


def _path_words(route_get: list[str]) -> list[str]:
    """``via GATEWAY dev DEVICE`` (or ``dev DEVICE``) from ``ip -o route get``'s words."""
    words: list[str] = []
    for key in ("via", "dev"):
        if key in route_get:
            words += [key, route_get[route_get.index(key) + 1]]
    return words


def measure_backend(
    benchmark: Any,
    loop: asyncio.AbstractEventLoop,
    make: Callable[[], Backend],
    up: Callable[[Backend], Awaitable[None]],
    ping: Callable[[], None],
    rounds: int,
) -> list[float]:
    times: list[float] = []
    live: list[Backend] = []

    def teardown() -> None:
        while live:
            loop.run_until_complete(live.pop().down())

    def once() -> None:
        teardown()
        backend = make()
        live.append(backend)
        start = time.perf_counter()
        loop.run_until_complete(up(backend))
        ping()
        times.append(time.perf_counter() - start)

    try:
        benchmark.pedantic(once, rounds=rounds, iterations=1)
    finally:
        teardown()
    return times


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    the_loop = asyncio.new_event_loop()
    yield the_loop
    the_loop.close()


def test_wireguard_direct_bringup(
    benchmark: Any,
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
    loop: asyncio.AbstractEventLoop,
) -> None:
    require_root("wireguard-go", "wg", "ping")
    rounds = 5 if _enabled(benchmark) else 1
    demo = demo_server_factory(wireguard_endpoint=f"{SERVER_IP}:51820")
    service = memory_service(tmp_path / "home", demo)
    with lab(tmp_path) as net:
        server_if = net.wireguard_server(demo, "wireguard-only")
        profile, config = loop.run_until_complete(
            service.obtain_config(
                demo.base_url, "wireguard-only", accept=LinuxWireGuardBackend().capabilities.protocols
            )
        )
        net.sync_wireguard_peers(demo, server_if)
        manual_key = generate_keypair()
        net.ns(
            net.server,
            "wg",
            "set",
            server_if,
            "peer",
            manual_key.public_key,
            "allowed-ips",
            "10.45.45.250/32,fd45::250/128",
        )
        # By hand, the same tunnel Sluis builds from this default-gateway profile: both addresses,
        # everything through the tunnel (the four half-default routes), and a host route that keeps
        # the endpoint on the current path; otherwise the floor would be a smaller job.
        path = net.ns(net.client, "ip", "-o", "route", "get", SERVER_IP).split()
        endpoint_route = [f"{SERVER_IP}/32", *_path_words(path)]

        manual: list[float] = []
        for index in range(rounds):
            ifname = f"wgm{index}{net.tag}"
            start = time.perf_counter()
            proc = subprocess.Popen(
                ["ip", "netns", "exec", net.client, "wireguard-go", "-f", ifname],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            while not os.path.exists(f"/var/run/wireguard/{ifname}.sock"):
                time.sleep(0.002)
            conf = (
                f"[Interface]\nPrivateKey = {manual_key.private_key}\n[Peer]\n"
                f"PublicKey = {demo.state.wireguard.public_key}\nAllowedIPs = 0.0.0.0/0, ::/0\n"
                f"Endpoint = {SERVER_IP}:51820\n"
            )
            net.ns(net.client, "wg", "setconf", ifname, "/dev/stdin", stdin=conf)
            net.ns(net.client, "ip", "-4", "addr", "add", "10.45.45.250/24", "dev", ifname)
            net.ns(net.client, "ip", "-6", "addr", "add", "fd45::250/64", "dev", ifname)
            net.ns(net.client, "ip", "link", "set", ifname, "mtu", "1420", "up")
            net.ns(net.client, "ip", "route", "add", *endpoint_route)
            for half in ("0.0.0.0/1", "128.0.0.0/1", "::/1", "8000::/1"):
                net.ns(net.client, "ip", "route", "add", half, "dev", ifname)
            first_ping(net, "10.45.45.1")
            manual.append(time.perf_counter() - start)
            proc.terminate()
            proc.wait(5)
            net.ns(net.client, "ip", "route", "del", *endpoint_route)

        options = BackendOptions(runtime_dir=tmp_path / "run", netns=net.client, manage_dns=False)
        sluis = measure_backend(
            benchmark,
            loop,
            lambda: LinuxWireGuardBackend(options),
            lambda b: b.up(config, profile),
            lambda: first_ping(net, "10.45.45.1"),
            rounds,
        )
    report("wireguard/direct", manual, sluis)


def _manual_openvpn(net: Lab, text: str, workdir: Path, rounds: int, gateway: str) -> list[float]:
    conf = workdir / "manual.ovpn"
    conf.write_text(text)
    conf.chmod(0o600)
    times = []
    for index in range(rounds):
        start = time.perf_counter()
        proc = subprocess.Popen(
            [
                "ip",
                "netns",
                "exec",
                net.client,
                "openvpn",
                "--config",
                str(conf),
                "--dev",
                f"tm{index}{net.tag}",
                "--dev-type",
                "tun",
                "--route-noexec",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # By hand, one watches for the tunnel address (every 5 ms), then pings: no 0.2 s ping waits.
        dev = f"tm{index}{net.tag}"
        while (
            "inet "
            not in subprocess.run(
                ["ip", "-n", net.client, "-4", "addr", "show", "dev", dev],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
        ):
            time.sleep(0.005)
        first_ping(net, gateway)
        times.append(time.perf_counter() - start)
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    return times


def test_openvpn_direct_bringup(
    benchmark: Any,
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
    loop: asyncio.AbstractEventLoop,
) -> None:
    require_root("openvpn", "ping")
    rounds = 5 if _enabled(benchmark) else 1
    demo = demo_server_factory(openvpn_remotes=(f"{SERVER_IP} 1194 udp",))
    service = memory_service(tmp_path / "home", demo)
    with lab(tmp_path) as net:
        net.openvpn_server(demo, "udp", "10.101.7.0")
        options = BackendOptions(runtime_dir=tmp_path / "run", netns=net.client, manage_dns=False)
        profile, config = loop.run_until_complete(
            service.obtain_config(
                demo.base_url, "openvpn-only", accept=LinuxOpenVpnBackend().capabilities.protocols
            )
        )
        manual = _manual_openvpn(net, config.text, tmp_path, rounds, "10.101.7.1")
        sluis = measure_backend(
            benchmark,
            loop,
            lambda: LinuxOpenVpnBackend(options),
            lambda b: b.up(config, profile),
            lambda: first_ping(net, "10.101.7.1"),
            rounds,
        )
    report("openvpn/direct", manual, sluis)


def test_openvpn_networkmanager_bringup(
    benchmark: Any,
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
    loop: asyncio.AbstractEventLoop,
) -> None:
    require_root("NetworkManager", "nmcli", "dbus-daemon", "openvpn", "unshare")
    if not os.path.exists("/usr/lib/NetworkManager/VPN/nm-openvpn-service.name"):
        pytest.skip("needs network-manager-openvpn")
    rounds = 5 if _enabled(benchmark) else 1
    demo = demo_server_factory(openvpn_remotes=(f"{SERVER_IP} 1194 udp",))
    service = memory_service(tmp_path / "home", demo)
    with lab(tmp_path, configure_client=False) as net, networkmanager(net) as bus:
        net.openvpn_server(demo, "udp", "10.103.7.0")
        options = BackendOptions(runtime_dir=tmp_path / "run", bus_address=bus, connect_timeout=30)
        profile, config = loop.run_until_complete(
            service.obtain_config(
                demo.base_url, "openvpn-only", accept=NetworkManagerBackend(options).capabilities.protocols
            )
        )
        manual = _manual_openvpn(net, config.text, tmp_path, rounds, "10.103.7.1")

        async def up(backend: Backend) -> None:
            await backend.up(config, profile)

        backends: list[NetworkManagerBackend] = []

        def make() -> Backend:
            backends.append(NetworkManagerBackend(options))
            return backends[-1]

        sluis = measure_backend(benchmark, loop, make, up, lambda: first_ping(net, "10.103.7.1"), rounds)
        for backend in backends:
            loop.run_until_complete(backend.close())
    report("openvpn/networkmanager", manual, sluis)
