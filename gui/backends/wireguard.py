"""WireGuard on Linux without NetworkManager: ``wg`` + ``ip``, with the kernel module or wireguard-go.

The private key reaches ``wg setconf`` on stdin and is never written to a file. Routing follows
OpenVPN's ``def1`` idea instead of wg-quick's fwmark rules: a host route to the endpoint through the
current path, then the halves of the address space (``0.0.0.0/1`` + ``128.0.0.0/1``) into the
tunnel, which wins over the default route without touching it; a split tunnel gets its prefixes.
Every step is the root helper's (``wireguard_start``): it records what it made in its own folder,
so ``stop`` and ``cleanup_stale`` undo exactly that, also after a crash.

WireGuard over TCP: Sluis's own ProxyGuard client (``gui.core.proxyguard``) listens on 127.0.0.1 and
WireGuard's endpoint points there; the proxy's TCP connection is kept out of the tunnel it carries by
the same host route through the current path that a UDP endpoint gets (the helper's
``proxy_hosts``), so no socket needs a firewall mark and Sluis itself needs no privilege for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import socket
from pathlib import Path

from gui.backends.base import BackendOptions, Capabilities, TunnelSetupError
from gui.backends.dns import apply_dns, for_wireguard
from gui.backends.helped import HelperTunnel, PrivilegedBackend
from gui.backends.leaks import block_ipv6, needs_ipv6_block
from gui.backends.netns import netns_socket_factory
from gui.backends.privileged import Helper, PrivilegedError, WgPeerSpec
from gui.core.errors import ConfigError
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.proxyguard import ProxyGuardClient, start_proxy_for
from gui.core.vpnconfig import IPNetwork, VpnConfig, WireGuardConfig

log = logging.getLogger(__name__)

DEFAULT_MTU = 1420
_HALVES = {
    4: ("0.0.0.0/1", "128.0.0.0/1"),
    6: ("::/1", "8000::/1"),
}


def kernel_has_wireguard(release: str | None = None) -> bool:
    """Loaded, built in, or available to load (modules load on first use, so /sys alone is not enough)."""
    if Path("/sys/module/wireguard").exists():
        return True
    release = release or os.uname().release
    base = Path("/lib/modules") / release
    for name in ("wireguard.ko", "wireguard.ko.xz", "wireguard.ko.zst", "wireguard.ko.gz"):
        if (base / "kernel/drivers/net/wireguard" / name).exists():
            return True
    try:
        return "/wireguard.ko" in (base / "modules.builtin").read_text()
    except OSError:
        return False


def resolve_endpoint(host: str, port: int) -> str:
    """An IP address for the endpoint (the privileged step takes addresses only)."""
    with contextlib.suppress(ValueError):
        return str(ipaddress.ip_address(host))
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)
    if not infos:
        raise TunnelSetupError(f"cannot resolve the VPN server {host}")
    return str(infos[0][4][0])


def tunnel_routes(config: WireGuardConfig) -> list[str]:
    """The prefixes to route into the tunnel: a ``/0`` becomes its two halves."""
    routes: list[str] = []
    for peer in config.peers:
        for network in peer.allowed_ips:
            if network.prefixlen == 0:
                routes.extend(_HALVES[network.version])
            else:
                routes.append(str(network))
    return list(dict.fromkeys(routes))


def full_tunnel(config: WireGuardConfig) -> bool:
    return any(n.prefixlen == 0 for peer in config.peers for n in peer.allowed_ips)


def peer_specs(config: WireGuardConfig, proxy_port: int | None = None) -> list[WgPeerSpec]:
    """What the helper sets per peer; with ``proxy_port`` (WireGuard over TCP) the endpoint is the
    local proxy on 127.0.0.1 instead of the server's UDP endpoint."""
    specs = []
    for peer in config.peers:
        if proxy_port is not None:
            host, port = "127.0.0.1", proxy_port
        elif peer.endpoint is None:
            raise ConfigError(detail="this WireGuard configuration has no UDP Endpoint")
        else:
            host, port = resolve_endpoint(peer.endpoint.host, peer.endpoint.port), peer.endpoint.port
        specs.append(
            WgPeerSpec(
                public_key=peer.public_key,
                allowed_ips=tuple(str(n) for n in peer.allowed_ips),
                endpoint_host=host,
                endpoint_port=port,
                persistent_keepalive=peer.persistent_keepalive or 25,
                preshared_key=peer.preshared_key,
            )
        )
    return specs


async def start_proxy(config: WireGuardConfig, netns: str | None) -> ProxyGuardClient:
    """``start_proxy_for`` with sockets in ``netns`` (tests, containers) or ordinary ones."""
    return await start_proxy_for(config, netns_socket_factory(netns))


class LinuxWireGuardBackend(PrivilegedBackend):
    name = "wireguard"
    tunnel_kind = "wireguard"

    def __init__(self, options: BackendOptions | None = None, helper: Helper | None = None) -> None:
        super().__init__(options, helper)
        self._mtu = DEFAULT_MTU
        self._wg: WireGuardConfig | None = None

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(
            frozenset({Protocol.WIREGUARD, Protocol.WIREGUARD_TCP}),
            notes=(
                "wg + ip, kernel module or wireguard-go",
                "WireGuard over TCP through Sluis's own ProxyGuard client",
            ),
        )

    @property
    def mtu(self) -> int:
        return self._mtu

    async def _up(self, config: VpnConfig, profile: Profile) -> tuple[str, ...]:
        wg = config.wireguard
        if wg is None or config.protocol not in (Protocol.WIREGUARD, Protocol.WIREGUARD_TCP):
            raise TunnelSetupError("this backend runs WireGuard configurations only")
        if wg.interface.private_key is None:
            raise TunnelSetupError("the WireGuard configuration has no private key")
        proxy_hosts: list[str] = []
        if config.protocol is Protocol.WIREGUARD_TCP:
            self.proxy = proxy = await start_proxy(wg, self.options.netns)
            assert proxy.address is not None
            proxy_hosts.append(proxy.address[0])
        try:
            return await self._start_wireguard(wg, profile, proxy_hosts)
        except BaseException:
            await self._stop_proxy()
            raise

    async def _start_wireguard(
        self, wg: WireGuardConfig, profile: Profile, proxy_hosts: list[str]
    ) -> tuple[str, ...]:
        port = self.proxy.local_port if self.proxy is not None else None
        peers = await asyncio.to_thread(peer_specs, wg, port)
        self._mtu = wg.interface.mtu or DEFAULT_MTU
        try:
            # One request: the helper creates the interface, sets keys (on wg's stdin), addresses,
            # MTU and routes, records each step, and undoes them itself if one fails.
            started = await self.helper.request(
                "wireguard_start",
                netns=self.options.netns,
                private_key=wg.interface.private_key,
                peers=[p.to_json() for p in peers],
                addresses=[str(a) for a in wg.interface.addresses],
                mtu=self._mtu,
                routes=[r for r in tunnel_routes(wg) if not _covered_by_address(r, wg)],
                endpoint_routes=full_tunnel(wg),
                proxy_hosts=proxy_hosts,
            )
        except PrivilegedError as exc:
            raise TunnelSetupError(f"setting up WireGuard failed: {exc}") from exc
        self.record = HelperTunnel(str(started["id"]), str(started["ifname"]), self.options.netns)
        self._wg = wg
        addresses = [str(a) for a in wg.interface.addresses]
        everything = profile.default_gateway or full_tunnel(wg)
        try:
            if self.options.manage_dns:
                await apply_dns(
                    self.helper, self.record.id, for_wireguard(wg, profile, full_tunnel=full_tunnel(wg))
                )
            if needs_ipv6_block(everything, addresses):
                await block_ipv6(self.helper, self.record.id)
        except BaseException:
            await self._down()  # the helper's stop restores the resolver and the routes too
            raise
        return tuple(str(a) for a in wg.interface.addresses)

    async def rejoin(self) -> bool:
        """Endpoints resolved again (a name may point elsewhere now) and re-set, the endpoint
        routes through today's network: WireGuard handshakes again with the next packet."""
        if self.record is None or self._wg is None:
            return False
        proxy = self.proxy
        port = proxy.local_port if proxy is not None else None
        peers = await asyncio.to_thread(peer_specs, self._wg, port)
        proxy_hosts = [proxy.address[0]] if proxy is not None and proxy.address is not None else []
        try:
            await self.helper.request(
                "wireguard_rejoin",
                id=self.record.id,
                peers=[p.to_json() for p in peers],
                proxy_hosts=proxy_hosts,
            )
        except PrivilegedError as exc:
            raise TunnelSetupError(f"rejoining the VPN server failed: {exc}") from exc
        return True

    async def _down(self) -> None:
        self._wg = None
        try:
            if self.record is not None:
                await self._teardown(self.record)
                self.record = None
        finally:
            await self._stop_proxy()

    async def _teardown(self, record: HelperTunnel) -> None:
        with contextlib.suppress(PrivilegedError):
            await self.helper.request("stop", id=record.id)

    async def counters(self) -> tuple[int, int] | None:
        if self.record is None:
            return None
        try:
            answer = await self.helper.request("status", id=self.record.id)
        except PrivilegedError:
            return None
        rx, tx = answer.get("rx"), answer.get("tx")
        return (rx, tx) if isinstance(rx, int) and isinstance(tx, int) else None


def _covered_by_address(route: str, config: WireGuardConfig) -> bool:
    """A prefix equal to an interface address's own subnet is already routed by the kernel."""
    network: IPNetwork = ipaddress.ip_network(route)
    return any(a.network == network for a in config.interface.addresses)


def parse_wg_dump_transfer(dump: str) -> tuple[int, int] | None:
    """Sum of rx/tx bytes over the peers of ``wg show IF dump`` (the first line is the interface)."""
    rx = tx = 0
    lines = [line for line in dump.splitlines() if line.strip()]
    if not lines:
        return None
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) >= 7 and fields[5].isdigit() and fields[6].isdigit():
            rx += int(fields[5])
            tx += int(fields[6])
    return rx, tx
