"""The VPN's DNS on Linux with the direct backends: what the helper accepts, how it applies it
(systemd-resolved calls, resolvconf, a managed resolv.conf), and real tunnels in namespaces whose
client resolves through the VPN's resolver and gets its previous resolver back byte for byte."""

from __future__ import annotations

import os
import signal
import struct
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from gui.backends import macos, windows
from gui.backends.base import Backend, BackendOptions, TunnelSetupError, TunnelState
from gui.backends.dns import (
    DnsSettings,
    for_openvpn,
    for_wireguard,
    parse_pushed,
    wireguard_with_profile_domains,
)
from gui.backends.openvpn import LinuxOpenVpnBackend, ManagementSession, StateLine
from gui.backends.privileged import InProcessHelper, PrivilegedError
from gui.backends.wireguard import LinuxWireGuardBackend
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.vpnconfig import VpnConfig, parse_wireguard, render_wireguard
from gui.demoserver import DemoServer
from gui.helper import dns
from gui.helper.checks import HelperError
from gui.helper.service import HelperService
from tests.support.netns import SERVER_IP, Lab, lab, memory_service, require_root

KEY = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk="
PUB = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg="
UDP_NET = "10.101.7.0"
# The client's resolver before the tunnel: an address nothing answers on.
LAB_RESOLV_CONF = (
    "# the lab's own resolver\nnameserver 10.99.7.53\nsearch lab.invalid\noptions timeout:1 attempts:1\n"
)


def _profile(default_gateway: bool, domains: tuple[str, ...] = ()) -> Profile:
    return Profile(
        "p", "P", frozenset(), frozenset(), default_gateway=default_gateway, dns_search_domains=domains
    )


# -- what the helper accepts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        {"servers": ["10.0.0.1\nnameserver 6.6.6.6"], "domains": [], "default_route": True},
        {"servers": ["fe80::1%eth0"], "domains": [], "default_route": True},
        {"servers": [], "domains": [], "default_route": True},
        {"servers": ["10.0.0.1"] * 9, "domains": [], "default_route": True},
        {"servers": ["10.0.0.1"], "domains": ["~."], "default_route": True},
        {"servers": ["10.0.0.1"], "domains": ["a b"], "default_route": True},
        {"servers": ["10.0.0.1"], "domains": ["x\nnameserver 6.6.6.6"], "default_route": True},
        {"servers": ["10.0.0.1"], "domains": ["-bad.example"], "default_route": True},
        {"servers": ["10.0.0.1"], "domains": ["a" * 64 + ".example"], "default_route": True},
        {"servers": ["10.0.0.1"], "domains": ["x.example"] * 33, "default_route": True},
        {"servers": ["10.0.0.1"], "domains": [], "default_route": "yes"},
        {"servers": "10.0.0.1", "domains": [], "default_route": True},
    ],
)
def test_the_helper_refuses_anything_but_addresses_and_domain_names(args: dict[str, Any]) -> None:
    with pytest.raises(HelperError):
        dns.DnsRequest.from_args(args)


def test_the_helper_normalises_what_it_accepts() -> None:
    request = dns.DnsRequest.from_args(
        {
            "servers": ["10.0.0.1", "FD00::0001", "10.0.0.1"],
            "domains": ["Corp.Example.", "_srv.x"],
            "default_route": False,
        }
    )
    assert request == dns.DnsRequest(("10.0.0.1", "fd00::1"), ("corp.example", "_srv.x"), False)


def test_resolved_calls_route_every_name_for_a_default_gateway_profile() -> None:
    request = dns.DnsRequest(("10.8.0.1", "fd00::1"), ("corp.example",), True)
    set_dns, set_domains, default_route = dns.resolved_commands(7, request)
    head = ["busctl", "call", "org.freedesktop.resolve1", "/org/freedesktop/resolve1",
            "org.freedesktop.resolve1.Manager"]  # fmt: skip
    assert set_dns == [*head, "SetLinkDNS", "ia(iay)", "7", "2", "2", "4", "10", "8", "0", "1",
                       "10", "16", "253", *["0"] * 14, "1"]  # fmt: skip
    assert set_domains == [*head, "SetLinkDomains", "ia(sb)", "7", "2", "corp.example", "false", ".", "true"]
    assert default_route == [*head, "SetLinkDefaultRoute", "ib", "7", "true"]
    assert dns.resolved_revert(7) == [*head, "RevertLink", "i", "7"]


def test_resolved_calls_give_a_split_profile_its_search_domains_only() -> None:
    request = dns.DnsRequest(("10.8.0.1",), ("corp.example",), False)
    _, set_domains, default_route = dns.resolved_commands(3, request)
    assert set_domains[-4:] == ["3", "1", "corp.example", "false"]
    assert default_route[-1] == "false"


def test_resolvconf_entry_is_exclusive_only_for_a_default_gateway_with_openresolv() -> None:
    full = dns.DnsRequest(("10.8.0.1",), ("corp.example",), True)
    argv, text = dns.resolvconf_add("slov0a1b2c", full, openresolv=True)
    assert argv == ["resolvconf", "-a", "slov0a1b2c.sluis", "-m", "0", "-x"]
    assert text == "nameserver 10.8.0.1\nsearch corp.example\n"
    split = dns.DnsRequest(("10.8.0.1",), (), False)
    assert dns.resolvconf_add("slov0a1b2c", split, openresolv=True)[0][-1] == "0"
    assert dns.resolvconf_add("slov0a1b2c", split, openresolv=False)[0] == [
        "resolvconf",
        "-a",
        "slov0a1b2c.sluis",
    ]
    assert dns.resolvconf_delete("slov0a1b2c", openresolv=True) == [
        "resolvconf",
        "-d",
        "slov0a1b2c.sluis",
        "-f",
    ]


def test_a_managed_resolv_conf_keeps_outside_servers_only_for_a_split_profile() -> None:
    previous = b"nameserver 192.0.2.53\nsearch home.example\noptions edns0 trust-ad\n"
    full = dns.resolv_conf_lines(dns.DnsRequest(("10.8.0.1",), ("corp.example",), True), previous)
    assert full == "nameserver 10.8.0.1\nsearch corp.example home.example\noptions edns0 trust-ad\n"
    split = dns.resolv_conf_lines(dns.DnsRequest(("10.8.0.1",), ("corp.example",), False), previous)
    assert split.splitlines()[:2] == ["nameserver 10.8.0.1", "nameserver 192.0.2.53"]


def test_resolved_is_used_only_when_the_resolver_file_is_its_own(tmp_path: Path) -> None:
    runtime = tmp_path / "resolve"
    runtime.mkdir()
    conf = tmp_path / "resolv.conf"
    conf.write_text("nameserver 127.0.0.53\n")
    assert not dns.resolved_in_charge(conf, runtime), "resolved does not run: no varlink socket"
    (runtime / "io.systemd.Resolve").touch()
    assert dns.resolved_in_charge(conf, runtime) is (dns.shutil.which("busctl") is not None)
    conf.write_text("nameserver 192.0.2.1\n")
    assert not dns.resolved_in_charge(conf, runtime)


# -- what the backends gather --------------------------------------------------------------------------

# What OpenVPN 2.6 writes to the management socket with --management-up-down (cut down; the real
# stream carries every variable an up-script would see, a username among them).
UPDOWN = [
    ">UPDOWN:UP",
    ">UPDOWN:ENV,dev=slov0a1b2c",
    ">UPDOWN:ENV,foreign_option_2=dhcp-option DOMAIN corp.example",
    ">UPDOWN:ENV,foreign_option_1=dhcp-option DNS 10.8.0.1",
    ">UPDOWN:ENV,foreign_option_3=dhcp-option DNS6 fd00::1",
    ">UPDOWN:ENV,foreign_option_10=dhcp-option DOMAIN-SEARCH search.example",
    ">UPDOWN:ENV,dns_server_0_address_1=10.8.0.2",
    ">UPDOWN:ENV,dns_search_domain_1=new.example",
    ">UPDOWN:ENV,username=someone",
    ">UPDOWN:ENV,END",
]


def test_the_management_session_keeps_only_the_pushed_dns_options() -> None:
    session = ManagementSession(None, None, lambda _s: None)  # type: ignore[arg-type]
    for line in UPDOWN:
        session._updown_line(line.removeprefix(">UPDOWN:"))
    assert "username" not in session.pushed and "dev" not in session.pushed
    servers, domains = parse_pushed(session.pushed)
    assert servers == ["10.8.0.1", "fd00::1", "10.8.0.2"]
    assert domains == ["corp.example", "search.example", "new.example"]
    settings = for_openvpn(session.pushed, _profile(True, ("info.example",)))
    assert settings.default_route and settings.domains[-1] == "info.example"
    assert for_openvpn({}, _profile(True)).servers == ()


def test_wireguard_dns_line_and_the_profile_domains() -> None:
    config = parse_wireguard(
        f"[Interface]\nPrivateKey = {KEY}\nAddress = 10.0.0.2/24\nDNS = 10.0.0.1, fd00::1, corp.example\n"
        f"[Peer]\nPublicKey = {PUB}\nAllowedIPs = 10.0.0.0/8\nEndpoint = 192.0.2.1:51820\n"
    )
    split = for_wireguard(config, _profile(False, ("info.example",)), full_tunnel=False)
    assert split == DnsSettings(("10.0.0.1", "fd00::1"), ("corp.example", "info.example"), False)
    assert for_wireguard(config, _profile(False), full_tunnel=True).default_route


# -- the managed file, as root, on a folder of this test's own ------------------------------------------


@pytest.fixture
def netns_etc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if os.geteuid() != 0:
        pytest.skip("the helper writes resolver files as root")
    root = tmp_path / "netns"
    root.mkdir(mode=0o755)
    tmp_path.chmod(0o755)
    monkeypatch.setattr(dns, "NETNS_ETC", root)
    return root


def _tunnel_dns(tmp_path: Path, ifname: str, siblings: dict[str, Path] | None = None) -> dns.TunnelDns:
    folder = tmp_path / "state" / ifname
    folder.mkdir(parents=True, mode=0o700)

    def never(_argv: object, _stdin: object) -> Any:
        raise AssertionError("a managed file runs no program")

    return dns.TunnelDns(folder, ifname, "ns1", never, lambda t: (siblings or {}).get(t))


REQUEST = dns.DnsRequest(("10.8.0.1",), ("corp.example",), True)


@pytest.mark.needs_root
@pytest.mark.parametrize("before", ["file", "link", "absent"])
def test_the_previous_resolver_comes_back_exactly(netns_etc: Path, tmp_path: Path, before: str) -> None:
    path = netns_etc / "ns1" / "resolv.conf"
    if before != "absent":
        path.parent.mkdir()
    if before == "file":
        path.write_bytes(b"# odd spacing kept\r\nnameserver   192.0.2.53  \n\n")
        path.chmod(0o640)
    elif before == "link":
        os.symlink("../../run/elsewhere/resolv.conf", path)
    tunnel = _tunnel_dns(tmp_path, "slwg0a0a0a")
    snapshot = dns._snapshot(path)
    assert tunnel.apply(REQUEST) == "file"
    text = path.read_text()
    assert "nameserver 10.8.0.1\n" in text and "192.0.2.53" not in text and not path.is_symlink()
    tunnel.restore()
    assert dns._snapshot(path) == snapshot
    assert path.parent.exists() is (before != "absent"), "a folder the helper made goes with it"
    assert not (tunnel.folder / dns.RECORD).exists()


@pytest.mark.needs_root
def test_a_file_someone_changed_since_is_left_alone(netns_etc: Path, tmp_path: Path) -> None:
    path = netns_etc / "ns1" / "resolv.conf"
    path.parent.mkdir()
    path.write_text("nameserver 192.0.2.53\n")
    tunnel = _tunnel_dns(tmp_path, "slwg0b0b0b")
    tunnel.apply(REQUEST)
    path.write_text("nameserver 198.51.100.1\n")  # e.g. DHCP renewed while the tunnel was up
    tunnel.restore()
    assert path.read_text() == "nameserver 198.51.100.1\n"


@pytest.mark.needs_root
def test_a_second_tunnel_keeps_the_original_not_the_first_tunnels_file(
    netns_etc: Path, tmp_path: Path
) -> None:
    path = netns_etc / "ns1" / "resolv.conf"
    path.parent.mkdir()
    path.write_text(LAB_RESOLV_CONF)
    first = _tunnel_dns(tmp_path, "slov0c0c0c")
    first.apply(REQUEST)
    second = _tunnel_dns(tmp_path, "slwg0d0d0d", {"0c0c0c": first.folder})
    second.apply(dns.DnsRequest(("10.9.0.1",), (), True))
    first.restore()  # the failover's old tunnel goes: the file is the second's now, left as it is
    assert "10.9.0.1" in path.read_text()
    second.restore()
    assert path.read_text() == LAB_RESOLV_CONF


@pytest.mark.needs_root
def test_dns_set_is_only_for_the_callers_own_tunnels(tmp_path: Path) -> None:
    service = HelperService(tmp_path / "helper", os.getuid(), allow_netns=True)
    answer = service.handle({"op": "dns_set", "args": {"id": "abcdef", "servers": ["10.0.0.1"],
                                                        "domains": [], "default_route": True}})  # fmt: skip
    assert answer.fields == {"ok": False, "error": "no such tunnel of yours"}


# -- real tunnels in namespaces --------------------------------------------------------------------------


@pytest.fixture
async def made() -> AsyncIterator[list[Backend]]:
    backends: list[Backend] = []
    yield backends
    for backend in backends:
        await backend.down()


def _options(tmp_path: Path, net: Lab, **changes: Any) -> BackendOptions:
    return BackendOptions(
        runtime_dir=tmp_path / "run", netns=net.client, helper_state_dir=tmp_path / "helper", **changes
    )


PUSH_DNS = (f'push "dhcp-option DNS {UDP_NET[:-1]}1"', 'push "dhcp-option DOMAIN vpn.test"')


@pytest.mark.needs_root
async def test_openvpn_pushed_dns_resolves_in_the_client_and_goes_on_disconnect(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path, made: list[Backend]
) -> None:
    require_root("openvpn", "getent")
    demo = demo_server_factory(openvpn_remotes=(f"{SERVER_IP} 1194 udp",))
    with lab(tmp_path) as net:
        conf = net.set_resolv_conf(LAB_RESOLV_CONF)
        queried = net.dns_responder({"intranet.vpn.test": "10.101.7.99"})
        net.openvpn_server(demo, "udp", UDP_NET, extra=PUSH_DNS)
        assert net.resolve("intranet") is None, "nothing answers before the tunnel"
        service = memory_service(tmp_path / "home", demo)
        backend = LinuxOpenVpnBackend(_options(tmp_path, net))
        made.append(backend)
        profile, config = await service.obtain_config(
            demo.base_url, "openvpn-only", accept=backend.capabilities.protocols
        )
        await backend.up(config, profile)
        assert backend.state.state is TunnelState.CONNECTED
        # A default-gateway profile: the pushed server alone, the pushed domain searched first.
        lines = conf.read_text().splitlines()
        assert [x for x in lines if x.startswith("nameserver")] == ["nameserver 10.101.7.1"]
        assert "search vpn.test lab.invalid" in lines and "options timeout:1 attempts:1" in lines
        assert net.resolve("intranet") == "10.101.7.99"
        assert "intranet.vpn.test" in queried.read_text().split()
        await backend.down()
        assert conf.read_text() == LAB_RESOLV_CONF
        assert net.resolve("intranet") is None


@pytest.mark.needs_root
async def test_wireguard_split_profile_gets_its_dns_and_search_domain(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path, made: list[Backend]
) -> None:
    require_root("wireguard-go", "wg", "getent")
    demo = demo_server_factory(wireguard_endpoint=f"{SERVER_IP}:51820")
    with lab(tmp_path) as net:
        conf = net.set_resolv_conf(LAB_RESOLV_CONF)
        net.dns_responder({"intranet.admin.demo.invalid": "10.47.47.99"})
        service = memory_service(tmp_path / "home", demo)
        backend = LinuxWireGuardBackend(_options(tmp_path, net))
        made.append(backend)
        profile, config = await service.obtain_config(
            demo.base_url, "admins", accept=backend.capabilities.protocols
        )
        net.wireguard_server(demo, "admins")
        await backend.up(config, profile)
        lines = conf.read_text().splitlines()
        # Split: the VPN's resolver first, the previous one still there for names outside it.
        servers = [x.split()[1] for x in lines if x.startswith("nameserver")]
        assert servers == ["10.47.47.1", "fd47::1", "10.99.7.53"]
        assert "search admin.demo.invalid lab.invalid" in lines
        assert net.resolve("intranet") == "10.47.47.99"
        await backend.down()
        assert conf.read_text() == LAB_RESOLV_CONF


class _LostAnswerHelper(InProcessHelper):
    """The helper applies the DNS, then its answer is lost (the connection to it broke)."""

    async def request(self, op: str, **args: Any) -> dict[str, Any]:
        answer = await super().request(op, **args)
        if op == "dns_set":
            self.applied = True
            raise PrivilegedError("the privileged helper was not authorized or stopped")
        return answer


@pytest.mark.needs_root
async def test_a_failed_bring_up_puts_the_previous_resolver_back(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path, made: list[Backend]
) -> None:
    require_root("wireguard-go", "wg")
    demo = demo_server_factory(wireguard_endpoint=f"{SERVER_IP}:51820")
    with lab(tmp_path) as net:
        conf = net.set_resolv_conf(LAB_RESOLV_CONF)
        service = memory_service(tmp_path / "home", demo)
        helper = _LostAnswerHelper(tmp_path / "helper")
        backend = LinuxWireGuardBackend(_options(tmp_path, net), helper=helper)
        made.append(backend)
        profile, config = await service.obtain_config(
            demo.base_url, "wireguard-only", accept=backend.capabilities.protocols
        )
        net.wireguard_server(demo, "wireguard-only")
        with pytest.raises(TunnelSetupError, match="DNS"):
            await backend.up(config, profile)
        assert getattr(helper, "applied", False), "the helper did set the DNS before the failure"
        assert conf.read_text() == LAB_RESOLV_CONF
        assert not [x for x in net.links(net.client) if x.startswith("slwg")]


@pytest.mark.needs_root
async def test_a_killed_tunnel_and_a_crashed_sluis_leave_the_resolver_to_the_stale_clean_up(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path, made: list[Backend]
) -> None:
    require_root("openvpn")
    demo = demo_server_factory(openvpn_remotes=(f"{SERVER_IP} 1194 udp",))
    with lab(tmp_path) as net:
        conf = net.set_resolv_conf(LAB_RESOLV_CONF)
        net.openvpn_server(demo, "udp", UDP_NET, extra=PUSH_DNS)
        service = memory_service(tmp_path / "home", demo)
        crashed = LinuxOpenVpnBackend(_options(tmp_path, net))
        profile, config = await service.obtain_config(
            demo.base_url, "openvpn-only", accept=crashed.capabilities.protocols
        )
        await crashed.up(config, profile)
        assert "10.101.7.1" in conf.read_text()
        assert crashed.record is not None
        record = HelperService(tmp_path / "helper", 0, allow_netns=True).state.load(crashed.record.id)
        assert record.pid is not None
        os.kill(record.pid, signal.SIGKILL)  # the tunnel process dies; Sluis "crashes" (never taken down)
        if crashed._session is not None:
            crashed._session.on_state = lambda _s: None
            await crashed._session.close()
        assert "10.101.7.1" in conf.read_text(), "nothing has restored it yet"

        next_run = LinuxOpenVpnBackend(_options(tmp_path, net))
        made.append(next_run)
        await next_run.cleanup_stale()
        assert conf.read_text() == LAB_RESOLV_CONF
        assert list((tmp_path / "helper" / "0").iterdir()) == []


def test_state_line_is_unchanged_by_updown_lines() -> None:
    """An ``>UPDOWN`` line is not a state: the state parser is never handed one."""
    seen: list[StateLine] = []
    session = ManagementSession(None, None, seen.append)  # type: ignore[arg-type]
    session._updown_line("UP")
    session._updown_line("ENV,foreign_option_1=dhcp-option DNS 10.8.0.1")
    assert seen == [] and session.pushed == {}, "nothing is taken before ENV,END"


def _ipv6_route(net: Lab, target: str) -> str:
    done = net.ns(net.client, "ip", "-6", "route", "get", target, check=False)
    return done.strip()


@pytest.mark.needs_root
async def test_an_ipv4_only_default_gateway_tunnel_blocks_ipv6_outside_it(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path, made: list[Backend]
) -> None:
    require_root("openvpn")
    demo = demo_server_factory(openvpn_remotes=(f"{SERVER_IP} 1194 udp",))
    with lab(tmp_path) as net:
        veth_c, veth_s = f"vc{net.tag}", f"vs{net.tag}"
        net.ns(net.client, "ip", "-6", "addr", "add", "fd99::1/64", "dev", veth_c, "nodad")
        net.ns(net.server, "ip", "-6", "addr", "add", "fd99::2/64", "dev", veth_s, "nodad")
        net.ns(net.client, "ip", "-6", "route", "add", "default", "via", "fd99::2")
        assert f"dev {veth_c}" in _ipv6_route(net, "2001:db8::1"), "the lab's IPv6 goes out on the LAN"
        net.openvpn_server(demo, "udp", UDP_NET)  # no server-ipv6: the tunnel carries IPv4 only
        service = memory_service(tmp_path / "home", demo)
        backend = LinuxOpenVpnBackend(_options(tmp_path, net, manage_dns=False))
        made.append(backend)
        profile, config = await service.obtain_config(
            demo.base_url, "openvpn-only", accept=backend.capabilities.protocols
        )
        assert profile.default_gateway
        await backend.up(config, profile)
        assert not any(":" in a for a in backend.state.addresses)
        for target in ("2001:db8::1", "9000::1"):
            assert _ipv6_route(net, target) == "", f"IPv6 to {target} still leaves outside the tunnel"
        connect = net.ns(
            net.client, sys.executable, "-c",
            "import socket,errno\ns=socket.socket(socket.AF_INET6)\n"
            "print(errno.errorcode[s.connect_ex(('2001:db8::1', 443))])",
        )  # fmt: skip
        assert connect.strip() in ("ENETUNREACH", "EHOSTUNREACH"), "refused at once, so programs use IPv4"
        assert f"dev {veth_c}" in _ipv6_route(net, "fd99::2"), "the local network stays reachable"
        await backend.down()
        assert f"dev {veth_c}" in _ipv6_route(net, "2001:db8::1")
        assert "unreachable" not in net.ns(net.client, "ip", "-6", "route", "show")


# -- the same values on the other backends --------------------------------------------------------------

PLATFORM_WG = (
    f"[Interface]\nPrivateKey = {KEY}\nAddress = 10.45.45.2/24\nDNS = 10.45.45.1, fd45::1, vpn.example\n"
    f"[Peer]\nPublicKey = {PUB}\nAllowedIPs = 10.45.0.0/16\nEndpoint = 192.0.2.10:51820\n"
)


def test_networkmanager_gets_the_dns_line_domains_and_the_profile_domains() -> None:
    from gui.backends.nm_settings import (
        DNS_EXCLUSIVE_PRIORITY,
        NmOpenVpn,
        openvpn_connection,
        wireguard_settings,
    )

    config = parse_wireguard(PLATFORM_WG)
    ipv4 = wireguard_settings(config, _profile(False, ("info.example",)), "slwg0")["ipv4"]
    assert ipv4["dns"].value == [struct.unpack("=I", bytes([10, 45, 45, 1]))[0]]
    assert ipv4["dns-search"].value == ["vpn.example", "info.example"]
    assert "dns-priority" not in ipv4
    full = wireguard_settings(config, _profile(True), "slwg0")["ipv4"]
    assert full["dns-search"].value == ["vpn.example", "~."]
    assert full["dns-priority"].value == DNS_EXCLUSIVE_PRIORITY
    ovpn = openvpn_connection(NmOpenVpn({}, {}, {}), _profile(True, ("info.example",)))["ipv4"]
    assert ovpn["dns-search"].value == ["info.example", "~."] and "dns" not in ovpn


def test_windows_wireguard_config_and_openvpn_options_carry_the_profile_dns() -> None:
    config = parse_wireguard(PLATFORM_WG)
    rendered = render_wireguard(wireguard_with_profile_domains(config, _profile(False, ("info.example",))))
    assert "DNS = 10.45.45.1, fd45::1, vpn.example, info.example" in rendered.splitlines()
    options = windows.openvpn_options(r"C:\s\e.ovpn", r"C:\s\e.log", 25340, _profile(True, ("info.example",)))
    assert options.endswith("--script-security 1 --block-outside-dns --dns search-domains info.example")
    assert "block-outside-dns" not in windows.openvpn_options("c", "l", 1, _profile(False))


async def test_macos_sets_the_dns_through_configd_and_removes_it(tmp_path: Path) -> None:
    ran: list[macos.Command] = []

    async def runner(command: macos.Command) -> tuple[int, str]:
        ran.append(command)
        return (0, "utun4\n") if command.argv[0] == "/bin/cat" else (0, "")

    backend = macos.MacOsBackend(BackendOptions(runtime_dir=tmp_path), runner=runner)
    config = VpnConfig(Protocol.WIREGUARD, PLATFORM_WG, None, wireguard=parse_wireguard(PLATFORM_WG))
    await backend.up(config, _profile(False, ("info.example",)))
    scutil = [c for c in ran if c.argv == ("/usr/sbin/scutil",)]
    assert len(scutil) == 1 and scutil[0].stdin == (
        "d.init\nd.add ServerAddresses * 10.45.45.1 fd45::1\n"
        "d.add SearchDomains * vpn.example info.example\n"
        "d.add SupplementalMatchDomains * vpn.example info.example\n"
        "set State:/Network/Service/Sluis-utun4/DNS\n"
    )
    ran.clear()
    await backend.down()
    assert ran[0].stdin == (
        "remove State:/Network/Service/Sluis-utun4/DNS\nremove State:/Network/Service/Sluis-utun4/IPv4\n"
    )
    full = macos.dns_set_command("utun4", DnsSettings(("10.45.45.1",), (), True)).stdin
    assert (
        full is not None and "d.add OverridePrimary # 1\nset State:/Network/Service/Sluis-utun4/IPv4" in full
    )
