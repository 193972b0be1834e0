"""macOS: wireguard-go + ``wg`` and ``openvpn`` run by an authorized helper, with ``ifconfig``/``route``.

The shape is Linux's direct backend with BSD tools: ``wireguard-go utun`` lets the kernel pick the
``utunN`` name and writes it to ``WG_TUN_NAME_FILE``; addresses go on with ``ifconfig … alias``;
routes are the ``def1`` halves plus a host route to the endpoint via the current gateway. The private
key goes to ``wg setconf`` on stdin. The helper that runs these as root (an SMJobBless/launchd
helper, or ``osascript … with administrator privileges`` for a first version) is the ``Runner``.

DNS goes to ``configd`` with ``scutil`` (what Tunnelblick and Apple's own VPNs do): a
``State:/Network/Service/Sluis-<utun>/DNS`` entry with the servers and search domains. A split
profile's entry matches only its domains (``SupplementalMatchDomains``); a default-gateway one also
sets ``OverridePrimary`` on the service's IPv4 entry so that its resolvers become the system's.
Both keys are removed on disconnect. ``networksetup -setdnsservers`` would change the user's own
network services, which would have to be restored after a crash; state keys vanish with a reboot.

Not run for real: every command is built by pure functions here and unit-tested on Linux.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from gui.backends.base import (
    Backend,
    BackendOptions,
    Capabilities,
    TunnelSetupError,
    private_runtime_dir,
)
from gui.backends.dns import DnsSettings, for_wireguard
from gui.backends.privileged import WgPeerSpec, wg_setconf_text
from gui.backends.wireguard import full_tunnel, peer_specs, tunnel_routes
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.proxyguard import ProxyGuardClient, start_proxy_for
from gui.core.vpnconfig import IPInterface, VpnConfig, WireGuardConfig

WIREGUARD_GO = "/opt/homebrew/bin/wireguard-go"
WG = "/opt/homebrew/bin/wg"
_UTUN = re.compile(r"utun[0-9]{1,4}")


@dataclass(frozen=True)
class Command:
    argv: tuple[str, ...]
    stdin: str | None = None
    env: tuple[tuple[str, str], ...] = ()


# Runs one command as root through the authorized helper; returns (exit code, stdout).
Runner = Callable[[Command], Awaitable[tuple[int, str]]]


def check_utun(name: str) -> str:
    if not _UTUN.fullmatch(name):
        raise TunnelSetupError(f"unexpected interface name {name!r}")
    return name


def start_wireguard_go(name_file: str) -> Command:
    return Command((WIREGUARD_GO, "utun"), env=(("WG_TUN_NAME_FILE", name_file),))


def wg_setconf(ifname: str, private_key: str, peers: Sequence[WgPeerSpec]) -> Command:
    return Command(
        (WG, "setconf", check_utun(ifname), "/dev/stdin"), stdin=wg_setconf_text(private_key, peers)
    )


def address_commands(ifname: str, addresses: Sequence[IPInterface]) -> list[Command]:
    commands = []
    for address in addresses:
        if address.version == 4:
            # utun is point-to-point: the destination is the address itself; the subnet is a route.
            commands.append(
                Command(
                    ("/sbin/ifconfig", check_utun(ifname), "inet", str(address), str(address.ip), "alias")
                )
            )
        else:
            commands.append(Command(("/sbin/ifconfig", check_utun(ifname), "inet6", str(address), "alias")))
    return commands


def up_command(ifname: str, mtu: int) -> Command:
    return Command(("/sbin/ifconfig", check_utun(ifname), "mtu", str(mtu), "up"))


def route_commands(ifname: str, config: WireGuardConfig) -> list[Command]:
    commands = []
    for route in tunnel_routes(config):
        family = "-inet6" if ":" in route else "-inet"
        commands.append(
            Command(("/sbin/route", "-q", "-n", "add", family, route, "-interface", check_utun(ifname)))
        )
    return commands


def endpoint_route(endpoint: str, gateway: str) -> Command:
    address = ipaddress.ip_address(endpoint)
    family = "-inet6" if address.version == 6 else "-inet"
    return Command(
        ("/sbin/route", "-q", "-n", "add", family, str(address), str(ipaddress.ip_address(gateway)))
    )


def _service_key(ifname: str, entity: str) -> str:
    return f"State:/Network/Service/Sluis-{check_utun(ifname)}/{entity}"


def dns_set_command(ifname: str, dns: DnsSettings) -> Command:
    """``scutil`` with the tunnel's DNS on stdin (servers and domains are checked values)."""
    lines = ["d.init", "d.add ServerAddresses * " + " ".join(dns.servers)]
    if dns.domains:
        lines.append("d.add SearchDomains * " + " ".join(dns.domains))
        if not dns.default_route:
            lines.append("d.add SupplementalMatchDomains * " + " ".join(dns.domains))
    lines.append(f"set {_service_key(ifname, 'DNS')}")
    if dns.default_route:
        lines += [
            "d.init",
            f"d.add InterfaceName {check_utun(ifname)}",
            "d.add OverridePrimary # 1",
            f"set {_service_key(ifname, 'IPv4')}",
        ]
    return Command(("/usr/sbin/scutil",), stdin="\n".join(lines) + "\n")


def dns_remove_command(ifname: str) -> Command:
    keys = (_service_key(ifname, "DNS"), _service_key(ifname, "IPv4"))
    return Command(("/usr/sbin/scutil",), stdin="".join(f"remove {k}\n" for k in keys))


def default_gateway_command(family: int = 4) -> Command:
    return Command(("/sbin/route", "-n", "get", "-inet6" if family == 6 else "-inet", "default"))


def parse_route_get_gateway(output: str) -> str | None:
    match = re.search(r"^\s*gateway:\s*(\S+)", output, re.MULTILINE)
    return match[1] if match else None


def openvpn_command(config_path: str, management_socket: str, log_path: str) -> Command:
    return Command(
        (
            "/opt/homebrew/sbin/openvpn",
            "--config",
            config_path,
            "--dev",
            "utun",
            "--dev-type",
            "tun",
            "--management",
            management_socket,
            "unix",
            "--management-hold",
            "--log",
            log_path,
            "--script-security",
            "1",
        )
    )


class MacOsBackend(Backend):
    name = "macos"

    def __init__(self, options: BackendOptions | None = None, *, runner: Runner | None = None) -> None:
        super().__init__()
        self.options = options or BackendOptions()
        self._runner = runner
        self.ifname: str | None = None
        self.pid: int | None = None
        self.routes: list[Command] = []
        self.dns_set = False

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(
            frozenset({Protocol.WIREGUARD, Protocol.WIREGUARD_TCP}),
            notes=(
                "not run for real yet: built and unit-tested on Linux",
                "OpenVPN commands are built (openvpn_command) but not wired to the management client",
                "WireGuard over TCP through Sluis's own ProxyGuard client (a host route for the proxy)",
            ),
        )

    async def _run(self, command: Command) -> str:
        if self._runner is None:
            raise TunnelSetupError("the macOS helper is not installed")
        code, out = await self._runner(command)
        if code != 0:
            raise TunnelSetupError(f"{command.argv[0]} failed ({code})")
        return out

    async def _up(self, config: VpnConfig, profile: Profile) -> tuple[str, ...]:
        wg = config.wireguard
        if wg is None or wg.interface.private_key is None:
            raise TunnelSetupError("the macOS backend runs WireGuard configurations")
        if config.protocol is not Protocol.WIREGUARD_TCP:
            return await self._up_wireguard(wg, profile, wg.interface.private_key)
        # Over TCP: WireGuard's endpoint is the local proxy, whose own address keeps the old path.
        self.proxy = proxy = await start_proxy_for(wg)
        try:
            return await self._up_wireguard(wg, profile, wg.interface.private_key, proxy)
        except BaseException:
            await self._down()
            raise

    async def _up_wireguard(
        self,
        wg: WireGuardConfig,
        profile: Profile,
        private_key: str,
        proxy: ProxyGuardClient | None = None,
    ) -> tuple[str, ...]:
        name_file = str(private_runtime_dir(self.options) / "utun.name")
        await self._run(start_wireguard_go(name_file))
        ifname = check_utun((await self._run(Command(("/bin/cat", name_file)))).strip())
        self.ifname = ifname
        peers = peer_specs(wg, proxy.local_port if proxy is not None else None)
        await self._run(wg_setconf(ifname, private_key, peers))
        for command in address_commands(ifname, wg.interface.addresses):
            await self._run(command)
        await self._run(up_command(ifname, wg.interface.mtu or 1420))
        if full_tunnel(wg):
            gateway = parse_route_get_gateway(await self._run(default_gateway_command()))
            if proxy is not None and proxy.address is not None:
                around = [proxy.address[0]]
            else:
                around = [p.endpoint_host for p in peers if p.endpoint_host]
            for host in around:
                if gateway:
                    route = endpoint_route(host, gateway)
                    await self._run(route)
                    self.routes.append(route)
        for command in route_commands(ifname, wg):
            await self._run(command)
        dns = for_wireguard(wg, profile, full_tunnel=full_tunnel(wg))
        if self.options.manage_dns and dns.servers:
            self.dns_set = True
            await self._run(dns_set_command(ifname, dns))
        return tuple(str(a) for a in wg.interface.addresses)

    async def _down(self) -> None:
        try:
            if self.dns_set and self.ifname is not None:
                await self._run(dns_remove_command(self.ifname))
                self.dns_set = False
            for route in self.routes:
                delete = Command(tuple("delete" if part == "add" else part for part in route.argv))
                await self._run(delete)
            self.routes = []
            if self.ifname is not None:
                # Removing the control socket makes wireguard-go close the utun and exit.
                await self._run(Command(("/bin/rm", "-f", f"/var/run/wireguard/{self.ifname}.sock")))
                self.ifname = None
        finally:
            await self._stop_proxy()
