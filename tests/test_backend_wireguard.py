"""The direct WireGuard backend with real tunnels: wireguard-go peers in network namespaces."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from gui.backends.base import BackendOptions, TunnelState
from gui.backends.privileged import PrivilegedError, WgPeerSpec, build_step, wg_setconf_text
from gui.backends.wireguard import LinuxWireGuardBackend, parse_wg_dump_transfer, tunnel_routes
from gui.core.protocols import Protocol
from gui.core.vpnconfig import parse_wireguard
from gui.demoserver import DemoServer
from tests.support.netns import SERVER_IP, lab, memory_service, require_root

KEY = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk="
PUB = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg="


def test_privileged_steps_refuse_what_a_server_could_inject(tmp_path: Path) -> None:
    with pytest.raises(PrivilegedError):
        build_step("link_del", {"ifname": "eth0; rm -rf /"}, tmp_path)
    with pytest.raises(PrivilegedError):
        build_step("addr_add", {"ifname": "wg0", "address": "10.0.0.1/24 dev eth0"}, tmp_path)
    with pytest.raises(PrivilegedError):
        build_step("route_add", {"ifname": "wg0", "dest": "10.0.0.0/8", "via": "host.example"}, tmp_path)
    with pytest.raises(PrivilegedError):
        build_step("shell", {"cmd": "id"}, tmp_path)
    with pytest.raises(PrivilegedError):
        WgPeerSpec.from_json({"public_key": "not a key", "allowed_ips": []})
    step = build_step("addr_add", {"ifname": "slwg1", "address": "10.45.45.2/24", "netns": "lab1"}, tmp_path)
    assert step.argv == ("ip", "-n", "lab1", "-4", "addr", "add", "10.45.45.2/24", "dev", "slwg1")


def test_wg_setconf_input_has_keys_only_on_stdin(tmp_path: Path) -> None:
    peer = WgPeerSpec(PUB, ("0.0.0.0/0",), "192.0.2.1", 51820, 25)
    text = wg_setconf_text(KEY, [peer])
    assert "Address" not in text and "DNS" not in text
    step = build_step(
        "wg_setconf", {"ifname": "slwg1", "private_key": KEY, "peers": [peer.to_json()]}, tmp_path
    )
    assert KEY not in " ".join(step.argv) and step.stdin is not None and KEY in step.stdin
    assert step.argv[-1] == "/dev/stdin"


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
    runtime = tmp_path / "run"
    with lab(tmp_path) as net:
        backend = LinuxWireGuardBackend(
            BackendOptions(runtime_dir=runtime, netns=net.client, manage_dns=False)
        )
        assert Protocol.WIREGUARD_TCP not in backend.capabilities.protocols
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
        assert net.ping("10.45.45.1"), "no ping across the WireGuard tunnel"
        # Full tunnel: an address outside every local network goes through the tunnel.
        assert f"dev {ifname}" in net.ns(net.client, "ip", "route", "get", "192.0.2.77")
        assert await backend.ping_gateway(size=backend.mtu - 28)
        counters = await backend.counters()
        assert counters is not None and counters[0] > 0 and counters[1] > 0
        assert list(runtime.glob("*")), "the runtime record of the tunnel exists while it is up"

        await backend.down()
        await service.disconnect(demo.base_url)
        assert ifname not in net.links(net.client)
        assert not exists(f"/var/run/wireguard/{ifname}.sock")
        assert list(runtime.glob("*")) == []
        assert demo.state.disconnects() == 1
        assert events == [
            TunnelState.CONNECTING,
            TunnelState.CONNECTED,
            TunnelState.DISCONNECTING,
            TunnelState.DISCONNECTED,
        ]


def test_privileged_helper_process_speaks_json_lines_and_refuses_bad_requests(tmp_path: Path) -> None:
    """The helper pkexec starts, run here without pkexec: requests in, answers out, nothing run
    for a request that fails validation."""
    import json
    import subprocess
    import sys

    requests = [
        {"op": "link_del", "args": {"ifname": "x; reboot"}},
        {
            "op": "spawn",
            "args": {
                "daemon": "openvpn",
                "config": "/etc/passwd",
                "management": "/x",
                "log": "/x",
                "ifname": "slov1",
            },
        },
        {"op": "kill", "args": {"pid": os.getpid()}},
        {"op": "frobnicate", "args": {}},
        "not an object",
    ]
    done = subprocess.run(
        [sys.executable, "-m", "gui.backends.privileged", "--serve", "--runtime-root", str(tmp_path)],
        input="".join(json.dumps(r) + "\n" for r in requests) + "{broken\n",
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(requests) + 1
    assert not any(a["ok"] for a in answers)
    assert "interface name" in answers[0]["error"]
    assert "outside" in answers[1]["error"]
    assert "not a VPN daemon" in answers[2]["error"]


def test_pkexec_started_helper_accepts_only_the_callers_runtime_dir(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "PKEXEC_UID": "1000"}
    done = subprocess.run(
        [sys.executable, "-m", "gui.backends.privileged", "--serve", "--runtime-root", "/etc"],
        input="",
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        check=False,
    )
    assert done.returncode == 2 and "/run/user/1000/sluis" in done.stderr


def test_privileged_paths_refuse_a_symlink_out_of_the_runtime_dir(tmp_path: Path) -> None:
    """The runtime dir belongs to the user: a link planted there must not make root's openvpn read
    (``--config``) or truncate (``--log``) a file elsewhere."""
    from gui.backends.privileged import check_private_path, execute

    outside = tmp_path / "outside.txt"
    outside.write_text("root only\n")
    runtime = tmp_path / "run"
    runtime.mkdir()
    (runtime / "link.ovpn").symlink_to(outside)
    (runtime / "sub").symlink_to(tmp_path)
    with pytest.raises(PrivilegedError, match="outside"):
        check_private_path(str(runtime / "link.ovpn"), runtime)
    with pytest.raises(PrivilegedError, match="outside"):
        check_private_path(str(runtime / "sub" / "outside.txt"), runtime)
    assert check_private_path(str(runtime / "new.log"), runtime) == str(runtime / "new.log")
    answer = execute(
        {
            "op": "spawn",
            "args": {
                "daemon": "openvpn",
                "config": str(runtime / "ok.ovpn"),
                "management": str(runtime / "mgmt"),
                "log": str(runtime / "link.ovpn"),
                "ifname": "slov1",
            },
        },
        runtime,
    )
    assert not answer["ok"] and "outside" in answer["error"]
    assert outside.read_text() == "root only\n"


def test_privileged_helper_answers_malformed_peers_instead_of_crashing(tmp_path: Path) -> None:
    from gui.backends.privileged import execute

    for peers in (["not an object"], "not a list", [{"public_key": PUB, "allowed_ips": [7]}]):
        answer = execute({"op": "wg_setconf", "args": {"ifname": "wg0", "peers": peers}}, tmp_path)
        assert answer["ok"] is False
        assert "peer" in answer["error"] or "network" in answer["error"]


async def test_in_process_helper_reports_a_missing_tool_as_a_privileged_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root the steps run in-process; a missing ``ip``/``wg`` must fail as the pkexec helper does
    (a ``PrivilegedError`` the backends turn into a tunnel error), not as a raw ``OSError``."""
    from gui.backends.privileged import InProcessHelper

    monkeypatch.setenv("PATH", str(tmp_path))  # no programs at all
    with pytest.raises(PrivilegedError, match="addr_show"):
        await InProcessHelper(tmp_path).run("addr_show", ifname="lo")
