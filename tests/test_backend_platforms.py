"""Windows and macOS backends: every command and file they produce (they cannot run on this machine;
the runner they are given is the platform boundary and records what would run)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from gui.backends import macos, windows
from gui.backends.base import BackendOptions, TunnelState
from gui.backends.registry import available_backends, pick_backend
from gui.core.errors import SluisError
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.vpnconfig import VpnConfig, parse_wireguard
from gui.demoserver import DemoServer

KEY = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk="
PUB = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg="
WG_TEXT = (
    f"[Interface]\nPrivateKey = {KEY}\nAddress = 10.45.45.2/24,fd45::2/64\nDNS = 9.9.9.9,demo.invalid\n\n"
    f"[Peer]\nPublicKey = {PUB}\nAllowedIPs = 0.0.0.0/0,::/0\nEndpoint = 192.0.2.10:51820\n"
)
PROFILE = Profile("employees", "Employees", frozenset({Protocol.WIREGUARD}), frozenset({"wireguard+udp"}))


def wg_config() -> VpnConfig:
    return VpnConfig(Protocol.WIREGUARD, WG_TEXT, None, wireguard=parse_wireguard(WG_TEXT))


async def test_windows_wireguard_installs_and_removes_the_tunnel_service() -> None:
    ran: list[list[str]] = []
    files: dict[str, str] = {}

    async def runner(argv: Sequence[str]) -> tuple[int, str]:
        ran.append(list(argv))
        if argv[0] == "sc.exe":
            return (
                0,
                "SERVICE_NAME: WireGuardTunnel$sluis-employees\n        STATE              : 4  RUNNING\n",
            )
        return 0, ""

    backend = windows.WindowsBackend(runner=runner, write_file=files.__setitem__, remove_file=files.pop)
    await backend.up(wg_config(), PROFILE)
    path = r"C:\ProgramData\Sluis\tunnels\sluis-employees.conf"
    assert ran[0] == [windows.WIREGUARD_EXE, "/installtunnelservice", path]
    assert ran[1] == ["sc.exe", "query", "WireGuardTunnel$sluis-employees"]
    written = files[path]
    assert f"PrivateKey = {KEY}" in written and "Address = 10.45.45.2/24, fd45::2/64" in written
    assert "DNS = 9.9.9.9, demo.invalid" in written and "Endpoint = 192.0.2.10:51820" in written
    assert backend.state.state is TunnelState.CONNECTED
    await backend.down()
    assert ran[-1] == [windows.WIREGUARD_EXE, "/uninstalltunnelservice", "sluis-employees"]
    assert files == {}


async def test_windows_failed_install_leaves_no_config_file() -> None:
    files: dict[str, str] = {}

    async def runner(argv: Sequence[str]) -> tuple[int, str]:
        return 1, "Access denied"

    backend = windows.WindowsBackend(runner=runner, write_file=files.__setitem__, remove_file=files.pop)
    with pytest.raises(Exception, match="Access denied"):
        await backend.up(wg_config(), PROFILE)
    assert files == {} and backend.state.state is TunnelState.FAILED


def test_windows_tunnel_names_are_safe_for_the_service_manager() -> None:
    odd = Profile("staff & guests/ü", "x", frozenset(), frozenset())
    assert windows.tunnel_name(odd) == "sluis-staff---guests--"


def test_windows_openvpn_interactive_service_message() -> None:
    options = windows.openvpn_options(r"C:\Users\a\sluis\e.ovpn", r"C:\Users\a\sluis\e.log", 25340)
    assert "--management 127.0.0.1 25340 stdin" in options and "--management-hold" in options
    message = windows.interactive_service_message(r"C:\Users\a\sluis", options, "pw123")
    fields = message.decode("utf-16-le").split("\x00")
    assert fields[:3] == [r"C:\Users\a\sluis", options, "pw123\n"]
    assert windows.parse_interactive_service_reply("0x0\n4242\n".encode("utf-16-le")) == (0, "4242")
    code, text = windows.parse_interactive_service_reply(
        "0x20000000\nCreateProcessAsUser\nfailed\n".encode("utf-16-le")
    )
    assert code == 0x20000000 and "CreateProcessAsUser" in text
    with pytest.raises(ValueError, match="NUL"):
        windows.interactive_service_message("a\x00b", options, "pw")


def _mac_runner(ran: list[macos.Command]) -> macos.Runner:
    """What the macOS helper would answer: utun7, and a default gateway 192.168.1.1."""

    async def runner(command: macos.Command) -> tuple[int, str]:
        ran.append(command)
        if command.argv[0] == "/bin/cat":
            return 0, "utun7\n"
        if command.argv[:3] == ("/sbin/route", "-n", "get"):
            return 0, "   route to: default\n    gateway: 192.168.1.1\n  interface: en0\n"
        return 0, ""

    return runner


async def test_macos_wireguard_commands(tmp_path: Path) -> None:
    ran: list[macos.Command] = []
    runner = _mac_runner(ran)
    backend = macos.MacOsBackend(BackendOptions(runtime_dir=tmp_path), runner=runner)
    await backend.up(wg_config(), PROFILE)
    argvs = [c.argv for c in ran]
    assert argvs[0] == (macos.WIREGUARD_GO, "utun")
    assert ("WG_TUN_NAME_FILE", str(tmp_path / "utun.name")) in ran[0].env
    setconf = ran[2]
    assert setconf.argv == (macos.WG, "setconf", "utun7", "/dev/stdin")
    assert setconf.stdin is not None and KEY in setconf.stdin and "Address" not in setconf.stdin
    assert KEY not in " ".join(" ".join(a) for a in argvs)
    assert ("/sbin/ifconfig", "utun7", "inet", "10.45.45.2/24", "10.45.45.2", "alias") in argvs
    assert ("/sbin/ifconfig", "utun7", "inet6", "fd45::2/64", "alias") in argvs
    assert ("/sbin/ifconfig", "utun7", "mtu", "1420", "up") in argvs
    assert ("/sbin/route", "-q", "-n", "add", "-inet", "192.0.2.10", "192.168.1.1") in argvs
    assert ("/sbin/route", "-q", "-n", "add", "-inet", "0.0.0.0/1", "-interface", "utun7") in argvs
    assert ("/sbin/route", "-q", "-n", "add", "-inet6", "8000::/1", "-interface", "utun7") in argvs
    ran.clear()
    await backend.down()
    argvs = [c.argv for c in ran]
    assert ("/sbin/route", "-q", "-n", "delete", "-inet", "192.0.2.10", "192.168.1.1") in argvs
    assert argvs[-1] == ("/bin/rm", "-f", "/var/run/wireguard/utun7.sock")


def test_macos_refuses_an_interface_name_it_did_not_expect() -> None:
    with pytest.raises(Exception, match="unexpected interface"):
        macos.wg_setconf("en0; reboot", KEY, [])
    argv = macos.openvpn_command("/r/e.ovpn", "/r/m.sock", "/r/e.log").argv
    assert argv[argv.index("--config") + 1] == "/r/e.ovpn" and "--management-hold" in argv


def test_registry_names_and_errors() -> None:
    names = [info.name for info in available_backends("win32")]
    assert names == ["windows", "recording"]
    assert [info.name for info in available_backends("linux")][:2] == ["networkmanager", "direct"]
    with pytest.raises(SluisError):
        pick_backend("bogus")
    assert pick_backend("recording").name == "recording"
    for name in ("windows", "macos"):
        caps = pick_backend(name).capabilities
        assert Protocol.WIREGUARD_TCP in caps.protocols  # Sluis's own ProxyGuard client, everywhere


# -- WireGuard over TCP: the proxy runs in Sluis, against the demo server's real ProxyGuard endpoint ---


def wg_tcp_config(proxy_url: str) -> VpnConfig:
    text = WG_TEXT.replace("Endpoint = 192.0.2.10:51820", f"ProxyEndpoint = {proxy_url}")
    return VpnConfig(Protocol.WIREGUARD_TCP, text, None, wireguard=parse_wireguard(text))


async def test_windows_wireguard_over_tcp_points_the_service_at_the_local_proxy(
    demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path
) -> None:
    demo_server = demo_server_factory(wireguard_endpoint="127.0.0.1:9")  # the relay's peer: discard
    files: dict[str, str] = {}

    async def runner(argv: Sequence[str]) -> tuple[int, str]:
        running = "SERVICE_NAME: WireGuardTunnel$sluis-employees\n        STATE              : 4  RUNNING\n"
        return (0, running) if argv[0] == "sc.exe" else (0, "")

    backend = windows.WindowsBackend(runner=runner, write_file=files.__setitem__, remove_file=files.pop)
    assert Protocol.WIREGUARD_TCP in backend.capabilities.protocols
    await backend.up(wg_tcp_config(f"{demo_server.base_url}/proxyguard"), PROFILE)
    assert backend.proxy is not None and backend.transport == "tcp"
    (written,) = files.values()
    assert f"Endpoint = 127.0.0.1:{backend.proxy.local_port}" in written
    assert "ProxyEndpoint" not in written
    allowed = next(line for line in written.splitlines() if line.startswith("AllowedIPs"))
    networks = [ipaddress.ip_network(n.strip()) for n in allowed.split("=", 1)[1].split(",")]
    proxy = ipaddress.ip_address("127.0.0.1")  # where the demo server listens
    assert not any(proxy in n for n in networks), "the proxy's address stays off the tunnel"
    assert ipaddress.ip_address("192.0.2.77") in networks[0].supernet(new_prefix=0)
    assert any(ipaddress.ip_address("192.0.2.77") in n for n in networks)
    assert ipaddress.ip_network("::/0") in networks, "IPv6 is untouched"
    assert demo_server.proxyguard.sessions == 1
    proxy_client = backend.proxy
    await backend.down()
    assert backend.proxy is None and not proxy_client.connected and files == {}


async def test_macos_wireguard_over_tcp_routes_the_proxy_around_the_tunnel(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path
) -> None:
    demo_server = demo_server_factory(wireguard_endpoint="127.0.0.1:9")
    ran: list[macos.Command] = []
    runner = _mac_runner(ran)
    backend = macos.MacOsBackend(BackendOptions(runtime_dir=tmp_path), runner=runner)
    await backend.up(wg_tcp_config(f"{demo_server.base_url}/proxyguard"), PROFILE)
    assert backend.proxy is not None and backend.transport == "tcp"
    setconf = ran[2].stdin or ""
    assert f"Endpoint = 127.0.0.1:{backend.proxy.local_port}" in setconf
    argvs = [c.argv for c in ran]
    # The host route goes to the proxy's address (the demo server's, 127.0.0.1 here), via the gateway.
    assert ("/sbin/route", "-q", "-n", "add", "-inet", "127.0.0.1", "192.168.1.1") in argvs
    assert not [a for a in argvs if "192.0.2.10" in a]
    await backend.down()
    assert backend.proxy is None
