"""WireGuard over TCP (Sluis's ProxyGuard client) beside plain WireGuard: throughput and added latency.

Both tunnels run in the same run, the same namespaces, to the same wireguard-go server and the demo
server's ProxyGuard endpoint: one bulk TCP transfer from the client namespace to a sink on the
server's tunnel address, and pings through the tunnel (round-trip time). The ratio is what the proxy
costs on this machine; the proxy's side includes the TLS connection, both framing directions and
the demo server's relay, which are Python on one event loop each.

Run for the figures (as root):

    python -m pytest tests/benchmarks/test_wireguard_tcp_throughput.py --benchmark-enable -s

``SLUIS_BENCH_JSON=path`` also writes them as JSON. In the normal suite (``--benchmark-disable``)
it runs once with a small transfer as a smoke test; no figure is ever asserted.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import trustme

from gui.backends.wireguard import LinuxWireGuardBackend
from gui.core.protocols import Protocol
from gui.demoserver.tls import TLSFiles
from tests.support.netns import Lab, lab, memory_service, require_root
from tests.test_backend_wireguard_tcp import GATEWAY, PROFILE, _demo_in_lab, _options

pytestmark = [pytest.mark.needs_root, pytest.mark.slow]
SINK_PORT = 5201

SINK = """
import socket, sys
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((sys.argv[1], int(sys.argv[2])))
server.listen(4)
print("ready", flush=True)
while True:
    conn, _ = server.accept()
    total = 0
    while data := conn.recv(1 << 16):
        total += len(data)
    conn.sendall(str(total).encode())
    conn.close()
"""

SEND = """
import socket, sys, time
size = int(sys.argv[3])
chunk = b"\\x5a" * (1 << 16)
sock = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=60)
start = time.perf_counter()
sent = 0
while sent < size:
    sock.sendall(chunk)
    sent += len(chunk)
sock.shutdown(socket.SHUT_WR)
received = int(sock.recv(64))
print(received, time.perf_counter() - start)
"""


def _transfer(net: Lab, size: int) -> float:
    """Megabits per second of one bulk transfer through the tunnel (client namespace → sink)."""
    done = subprocess.run(
        ["ip", "netns", "exec", net.client, sys.executable, "-c", SEND, GATEWAY, str(SINK_PORT), str(size)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    received, seconds = done.stdout.split()
    assert int(received) >= size, "the sink got less than was sent"
    return int(received) * 8 / float(seconds) / 1e6


def _rtt(net: Lab, count: int) -> float:
    """The average round-trip time in ms of ``count`` pings through the tunnel."""
    out = net.ns(net.client, "ping", "-n", "-q", "-c", str(count), "-i", "0.2", GATEWAY)
    match = re.search(r"= [0-9.]+/([0-9.]+)/", out)
    assert match, out
    return float(match[1])


async def _measure(net: Lab, size: int, pings: int, benchmark: Any | None = None) -> dict[str, float]:
    """Throughput and round-trip time; with ``benchmark``, the transfer is its one round."""
    for _ in range(30):  # the first handshake (the server learns the peer a moment after /connect)
        if await asyncio.to_thread(net.ping, GATEWAY, count=1, wait=1):
            break
    if benchmark is None:
        mbit = await asyncio.to_thread(_transfer, net, size)
    else:
        # In a thread: the proxy runs on this event loop and must keep running during the transfer.
        mbit = await asyncio.to_thread(
            benchmark.pedantic, _transfer, args=(net, size), rounds=1, iterations=1
        )
    rtt = await asyncio.to_thread(_rtt, net, pings)
    return {"mbit_s": round(mbit, 1), "rtt_ms": round(rtt, 3)}


async def test_throughput_and_latency_over_tcp_beside_plain_wireguard(
    tmp_path: Path, benchmark: Any, tls_ca: trustme.CA, trust_demo_ca: Path
) -> None:
    require_root("wireguard-go", "wg", "ping")
    enabled = not getattr(benchmark, "disabled", False)
    size, pings = ((64 << 20), 50) if enabled else ((1 << 20), 3)
    leaf = tls_ca.issue_cert("127.0.0.1", "10.99.7.2")
    tls = TLSFiles(tmp_path / "server.pem", tmp_path / "server.key", trust_demo_ca)
    tls.cert_file.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
    leaf.private_key_pem.write_to_path(str(tls.key_file))
    figures: dict[str, Any] = {}
    with lab(tmp_path) as net:
        demo = _demo_in_lab(net, tls)
        try:
            service = memory_service(tmp_path / "home", demo)
            server_if = net.wireguard_server(demo, PROFILE)
            sink = net.start([sys.executable, "-c", SINK, GATEWAY, str(SINK_PORT)])
            assert sink.poll() is None
            options = _options(tmp_path, net)
            for name, prefer_tcp in (("wireguard_udp", False), ("wireguard_tcp", True)):
                backend = LinuxWireGuardBackend(options)
                profile, config = await service.obtain_config(
                    demo.base_url, PROFILE, accept=backend.capabilities.protocols, prefer_tcp=prefer_tcp
                )
                assert config.protocol is (Protocol.WIREGUARD_TCP if prefer_tcp else Protocol.WIREGUARD)
                net.sync_wireguard_peers(demo, server_if)
                await backend.up(config, profile)
                try:
                    figures[name] = await _measure(net, size, pings, benchmark if prefer_tcp else None)
                finally:
                    await backend.down()
        finally:
            demo.stop()
    udp, tcp = figures["wireguard_udp"], figures["wireguard_tcp"]
    figures["throughput_ratio_tcp_to_udp"] = round(tcp["mbit_s"] / udp["mbit_s"], 2)
    figures["added_latency_ms"] = round(tcp["rtt_ms"] - udp["rtt_ms"], 3)
    figures["transfer_bytes"] = size
    print("\n" + json.dumps(figures, indent=2))
    benchmark.extra_info.update(figures)
    target = os.environ.get("SLUIS_BENCH_JSON")
    if target:
        await asyncio.to_thread(Path(target).write_text, json.dumps(figures, indent=2) + "\n")
