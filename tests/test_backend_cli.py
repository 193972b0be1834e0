"""``sluis connect`` / ``status`` / ``disconnect`` end to end: separate processes, the real keyring, a
real OpenVPN tunnel in a network namespace that outlives the CLI process."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gui.demoserver import DemoServer
from tests.support.keyrings import require_secret_service
from tests.support.netns import SERVER_IP, cli_env, lab, require_root, sync_when_registered


@pytest.fixture(autouse=True)
def no_stray_supervisor(tmp_path: Path) -> Iterator[None]:
    """A failing test must not leave a tunnel supervisor behind (it runs in its own session)."""
    yield
    tunnel = tmp_path / "home" / "state" / "tunnel.json"
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        os.kill(int(json.loads(tunnel.read_text())["pid"]), signal.SIGTERM)


@pytest.mark.needs_root
def test_connect_status_disconnect_with_a_real_tunnel(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path
) -> None:
    require_root("openvpn", "ping")
    require_secret_service()  # each command is its own process: tokens must outlive them
    demo = demo_server_factory(openvpn_remotes=(f"{SERVER_IP} 1194 udp", f"{SERVER_IP} 1194 tcp"))
    with lab(tmp_path) as net:
        net.openvpn_server(demo, "udp", "10.101.7.0")
        env = cli_env(tmp_path, net, trust_demo_ca)

        def sluis(*args: str, check: int = 0) -> subprocess.CompletedProcess[str]:
            done = subprocess.run(
                [sys.executable, "-m", "gui", *args],
                env=env,
                cwd=tmp_path,
                capture_output=True,
                text=True,
                timeout=90,
            )
            assert done.returncode == check, done.stderr
            return done

        url = demo.base_url
        sluis("add", url)
        out = sluis("connect", url, "--profile", "openvpn-only", "--backend", "direct")
        assert "Connected" in out.stdout
        # The CLI process has exited; the tunnel is still there.
        status = json.loads(sluis("status", "--json").stdout)
        assert status["state"] == "connected"
        assert status["server"] == url + "/" and status["profile"] == "openvpn-only"
        assert status["protocol"] == "openvpn" and status["expires"]
        assert status["addresses"][0].startswith("10.101.7.")
        assert net.ping("10.101.7.1"), "no ping across the tunnel sluis connect set up"
        assert any(link.startswith("slov") for link in net.links(net.client))

        again = sluis("connect", url, "--profile", "openvpn-only")  # the same tunnel: it is up already
        assert "Connected" in again.stdout
        second = sluis("connect", url, "--profile", "employees", check=1)  # never a second tunnel
        assert len(second.stderr.strip().splitlines()) == 1 and "Disconnect first" in second.stderr
        assert len(demo.state.connect_log) == 1

        assert demo.state.disconnects() == 0
        sluis("disconnect", url)
        assert not any(link.startswith("slov") for link in net.links(net.client))
        assert demo.state.disconnects() == 1
        assert list((tmp_path / "run").glob("*")) == []
        assert json.loads(sluis("status", "--json").stdout)["state"] == "disconnected"


@pytest.mark.needs_root
def test_connect_reports_a_failure_in_one_line(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path
) -> None:
    require_root("openvpn")
    require_secret_service()
    demo = demo_server_factory(openvpn_remotes=(f"{SERVER_IP} 1194 udp",))
    with lab(tmp_path) as net:  # no OpenVPN server: nothing answers
        env = cli_env(tmp_path, net, trust_demo_ca, SLUIS_CONNECT_TIMEOUT="3")
        run = [sys.executable, "-m", "gui"]
        subprocess.run([*run, "add", demo.base_url], env=env, check=True, capture_output=True, timeout=60)
        done = subprocess.run(
            [*run, "connect", demo.base_url, "--profile", "openvpn-only", "--backend", "direct"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1
        assert len(done.stderr.strip().splitlines()) == 1 and "did not answer" in done.stderr
        assert list((tmp_path / "run").glob("*")) == []


@pytest.mark.needs_root
def test_wireguard_tunnel_whose_server_dies_shows_as_failed(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path
) -> None:
    require_root("wireguard-go", "wg", "ping")
    require_secret_service()
    demo = demo_server_factory(wireguard_endpoint=f"{SERVER_IP}:51820")
    with lab(tmp_path) as net:
        server_if = net.wireguard_server(demo, "wireguard-only")
        env = cli_env(tmp_path, net, trust_demo_ca, SLUIS_FAILOVER_DEADLINE="5")

        def sluis(*args: str) -> subprocess.CompletedProcess[str]:
            done = subprocess.run(
                [sys.executable, "-m", "gui", *args], env=env, capture_output=True, text=True, timeout=90
            )
            assert done.returncode == 0, done.stderr
            return done

        sluis("add", demo.base_url)
        # The peer learns the key /connect registers as soon as it is registered, as a real server does.
        watcher = threading.Thread(target=sync_when_registered, args=(net, demo, server_if), daemon=True)
        watcher.start()
        sluis("connect", demo.base_url, "--profile", "wireguard-only", "--backend", "direct")
        watcher.join(30)
        assert net.ping("10.45.45.1", count=4, wait=3), "no ping across the WireGuard tunnel"
        status = json.loads(sluis("status", "--json").stdout)
        assert status["state"] == "connected" and status["protocol"] == "wireguard"
        assert status["addresses"] == ["10.45.45.2/24", "fd45::2/64"]

        net.procs[0].terminate()  # the VPN server goes away mid-session
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status = json.loads(sluis("status", "--json").stdout)
            if status["state"] != "connected":
                break
            time.sleep(1)
        assert status["state"] == "failed"
        assert "stopped answering" in status["reason"]

        net.wireguard_server(demo, "wireguard-only")  # the server comes back: so does the tunnel
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status = json.loads(sluis("status", "--json").stdout)
            if status["state"] == "connected":
                break
            time.sleep(1)
        assert status["state"] == "connected"
        assert demo.state.disconnects() == 0 and len(demo.state.connect_log) == 1  # no API calls

        sluis("disconnect", demo.base_url)
        assert demo.state.disconnects() == 1
        assert not any(link.startswith("slwg") for link in net.links(net.client))
