"""WireGuard on Linux without NetworkManager: ``wg`` + ``ip``, with the kernel module or wireguard-go.

The private key reaches ``wg setconf`` on stdin and is never written to a file. Routing follows
OpenVPN's ``def1`` idea instead of wg-quick's fwmark rules: a host route to the endpoint through the
current path, then the halves of the address space (``0.0.0.0/1`` + ``128.0.0.0/1``) into the
tunnel, which wins over the default route without touching it; a split tunnel gets its prefixes.
Every step is the root helper's (``wireguard_start``): it records what it made in its own folder,
so ``stop`` and ``cleanup_stale`` undo exactly that, also after a crash.
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
from gui.backends.privileged import Helper, PrivilegedError, WgPeerSpec
from gui.core.errors import ConfigError
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
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


def peer_specs(config: WireGuardConfig) -> list[WgPeerSpec]:
    specs = []
    for peer in config.peers:
        if peer.endpoint is None:
            raise ConfigError(detail="WireGuard over TCP needs a TCP proxy, which this backend does not have")
        specs.append(
            WgPeerSpec(
                public_key=peer.public_key,
                allowed_ips=tuple(str(n) for n in peer.allowed_ips),
                endpoint_host=resolve_endpoint(peer.endpoint.host, peer.endpoint.port),
                endpoint_port=peer.endpoint.port,
                persistent_keepalive=peer.persistent_keepalive or 25,
                preshared_key=peer.preshared_key,
            )
        )
    return specs


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
            frozenset({Protocol.WIREGUARD}),
            notes=(
                "wg + ip, kernel module or wireguard-go",
                "no WireGuard over TCP: that needs a ProxyGuard client, which Sluis does not ship",
            ),
        )

    @property
    def mtu(self) -> int:
        return self._mtu

    async def _up(self, config: VpnConfig, profile: Profile) -> tuple[str, ...]:
        wg = config.wireguard
        if wg is None or config.protocol is not Protocol.WIREGUARD:
            raise TunnelSetupError("this backend runs plain WireGuard (UDP) configurations only")
        if wg.interface.private_key is None:
            raise TunnelSetupError("the WireGuard configuration has no private key")
        peers = await asyncio.to_thread(peer_specs, wg)
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
        peers = await asyncio.to_thread(peer_specs, self._wg)
        try:
            await self.helper.request(
                "wireguard_rejoin", id=self.record.id, peers=[p.to_json() for p in peers]
            )
        except PrivilegedError as exc:
            raise TunnelSetupError(f"rejoining the VPN server failed: {exc}") from exc
        return True

    async def _down(self) -> None:
        self._wg = None
        if self.record is not None:
            await self._teardown(self.record)
            self.record = None

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
