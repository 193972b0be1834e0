"""WireGuard on Linux without NetworkManager: ``wg`` + ``ip``, with the kernel module or wireguard-go.

The private key reaches ``wg setconf`` on stdin and is never written to a file. Routing follows
OpenVPN's ``def1`` idea instead of wg-quick's fwmark rules: a host route to the endpoint through the
current path, then the halves of the address space (``0.0.0.0/1`` + ``128.0.0.0/1``) into the
tunnel, which wins over the default route without touching it; a split tunnel gets its prefixes.
What was set up is recorded in the private runtime dir, so ``cleanup_stale`` can undo a crashed run.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import os
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gui.backends.base import BackendOptions, Capabilities, TunnelSetupError
from gui.backends.helped import PrivilegedBackend
from gui.backends.privileged import Helper, PrivilegedError, WgPeerSpec
from gui.core.errors import ConfigError
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.vpnconfig import IPNetwork, VpnConfig, WireGuardConfig

log = logging.getLogger(__name__)

UAPI_DIR = Path("/var/run/wireguard")
DEFAULT_MTU = 1420
_HALVES = {
    4: ("0.0.0.0/1", "128.0.0.0/1"),
    6: ("::/1", "8000::/1"),
}


@dataclass
class WireGuardRecord:
    """What a running tunnel consists of (no keys): enough to tear it down from another process."""

    ifname: str
    netns: str | None
    pid: int | None
    routes: list[str] = field(default_factory=list)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(self.__dict__, handle)

    @classmethod
    def load(cls, path: Path) -> WireGuardRecord | None:
        try:
            raw = json.loads(path.read_text())
            return cls(str(raw["ifname"]), raw.get("netns"), raw.get("pid"), list(raw.get("routes", [])))
        except (OSError, ValueError, KeyError, TypeError):
            return None


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

    def __init__(self, options: BackendOptions | None = None, helper: Helper | None = None) -> None:
        super().__init__(options, helper)
        self.record: WireGuardRecord | None = None
        self._mtu = DEFAULT_MTU

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(
            frozenset({Protocol.WIREGUARD}),
            outlives_client=True,
            notes=(
                "wg + ip, kernel module or wireguard-go",
                "no WireGuard over TCP: that needs a ProxyGuard client, which Sluis does not ship",
            ),
        )

    @property
    def mtu(self) -> int:
        return self._mtu

    def _record_path(self, ifname: str) -> Path:
        return self.options.runtime_dir / f"{ifname}.wireguard.json"

    async def _up(self, config: VpnConfig, profile: Profile) -> tuple[str, ...]:
        wg = config.wireguard
        if wg is None or config.protocol is not Protocol.WIREGUARD:
            raise TunnelSetupError("this backend runs plain WireGuard (UDP) configurations only")
        if wg.interface.private_key is None:
            raise TunnelSetupError("the WireGuard configuration has no private key")
        peers = await asyncio.to_thread(peer_specs, wg)
        netns = self.options.netns
        ifname = "slwg" + secrets.token_hex(3)
        record = WireGuardRecord(ifname, netns, None)
        self.record = record
        path = self._record_path(ifname)
        record.save(path)
        self._mtu = wg.interface.mtu or DEFAULT_MTU
        try:
            await self._create_interface(record)
            record.save(path)
            await self.helper.check(
                "wg_setconf",
                ifname=ifname,
                netns=netns,
                private_key=wg.interface.private_key,
                peers=[p.to_json() for p in peers],
            )
            for address in wg.interface.addresses:
                await self.helper.check("addr_add", ifname=ifname, netns=netns, address=str(address))
            await self.helper.check("link_up", ifname=ifname, netns=netns, mtu=self._mtu)
            if full_tunnel(wg):
                for spec in peers:
                    await self._endpoint_route(record, spec.endpoint_host)
            for route in tunnel_routes(wg):
                if not _covered_by_address(route, wg):
                    await self.helper.check("route_add", ifname=ifname, netns=netns, dest=route)
            record.save(path)
        except PrivilegedError as exc:
            await self._teardown(record)
            raise TunnelSetupError(f"setting up WireGuard failed: {exc}") from exc
        except BaseException:
            await self._teardown(record)
            raise
        return tuple(str(a) for a in wg.interface.addresses)

    async def _create_interface(self, record: WireGuardRecord) -> None:
        kernel = await self.helper.run("link_add_wireguard", ifname=record.ifname, netns=record.netns)
        if kernel.returncode == 0:
            return
        log.info("no WireGuard kernel module (%s); using wireguard-go", kernel.stderr.strip())
        record.pid = await self.helper.spawn("wireguard_go", ifname=record.ifname, netns=record.netns)
        socket_path = UAPI_DIR / f"{record.ifname}.sock"
        for _ in range(250):
            if socket_path.exists():
                return
            await asyncio.sleep(0.02)
        raise TunnelSetupError("wireguard-go did not start (is it installed?)")

    async def _endpoint_route(self, record: WireGuardRecord, endpoint: str | None) -> None:
        """Keep the encrypted packets on the current path once the halves point into the tunnel."""
        if endpoint is None:
            return
        out = await self.helper.check("route_get", address=endpoint, netns=record.netns)
        routes: list[dict[str, Any]] = json.loads(out or "[]")
        if not routes:
            return
        route = routes[0]
        dev = route.get("dev")
        if not isinstance(dev, str) or dev == "lo":
            return
        host = f"{endpoint}/{128 if ':' in endpoint else 32}"
        await self.helper.check(
            "route_add", dest=host, via=route.get("gateway"), ifname=dev, netns=record.netns
        )
        record.routes.append(host)

    async def _down(self) -> None:
        if self.record is not None:
            await self._teardown(self.record)
            self.record = None

    async def _teardown(self, record: WireGuardRecord) -> None:
        for route in record.routes:
            with contextlib.suppress(PrivilegedError):
                await self.helper.run("route_del", dest=route, netns=record.netns)
        with contextlib.suppress(PrivilegedError):
            await self.helper.run("link_del", ifname=record.ifname, netns=record.netns)
        if record.pid is not None:
            with contextlib.suppress(PrivilegedError, ProcessLookupError):
                await self.helper.kill(record.pid)
        self._record_path(record.ifname).unlink(missing_ok=True)

    async def cleanup_stale(self) -> None:
        for path in sorted(self.options.runtime_dir.glob("*.wireguard.json")):
            record = WireGuardRecord.load(path)
            if record is None:
                path.unlink(missing_ok=True)
            elif self.record is None or record.ifname != self.record.ifname:
                log.info("removing the WireGuard tunnel %s a previous run left", record.ifname)
                await self._teardown(record)

    async def counters(self) -> tuple[int, int] | None:
        if self.record is None:
            return None
        result = await self.helper.run("wg_show_dump", ifname=self.record.ifname, netns=self.record.netns)
        return parse_wg_dump_transfer(result.stdout) if result.returncode == 0 else None

    async def ping_gateway(self, size: int = 56) -> bool:
        if self.record is None or self.record.netns is None:
            return await super().ping_gateway(size)
        target = self.gateway
        if target is None:
            return True
        result = await self.helper.run("ping", address=target, size=size, netns=self.record.netns)
        return result.returncode == 0


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
