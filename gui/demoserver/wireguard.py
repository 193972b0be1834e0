"""The WireGuard side: a real X25519 server key pair, per-profile address pools and the peer table.

The client sends only its public key; the server registers it as a peer with addresses from the
profile's pools and answers a configuration with **no** ``PrivateKey`` line, as a real server does.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import threading
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import x25519

from gui.demoserver.profiles import DemoProfile

_RAW = serialization.Encoding.Raw


@dataclass(frozen=True)
class KeyPair:
    """A WireGuard key pair in ``wg genkey``/``wg pubkey`` form (base64 of 32 bytes)."""

    private_key: str = field(repr=False)
    public_key: str


def generate_keypair() -> KeyPair:
    private = x25519.X25519PrivateKey.generate()
    raw_private = private.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    raw_public = private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    return KeyPair(base64.b64encode(raw_private).decode(), base64.b64encode(raw_public).decode())


def public_key_of(private_key: str) -> str:
    """What ``wg pubkey`` prints for a private key."""
    private = x25519.X25519PrivateKey.from_private_bytes(base64.b64decode(private_key, validate=True))
    return base64.b64encode(private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)).decode()


def is_valid_public_key(value: str) -> bool:
    """The ``wg pubkey`` format: standard base64 of exactly 32 bytes (44 characters)."""
    if len(value) != 44:
        return False
    try:
        return len(base64.b64decode(value, validate=True)) == 32
    except (binascii.Error, ValueError):
        return False


class WireGuardSetupError(Exception):
    """The server cannot set up a peer (pool exhausted); the caller may fall back to OpenVPN."""


class PublicKeyInUseError(Exception):
    """The public key belongs to a peer of another authorization."""


@dataclass(frozen=True)
class Peer:
    """A registered client: what a WireGuard server interface needs to accept it."""

    public_key: str
    auth_id: str
    profile_id: str
    address4: ipaddress.IPv4Interface
    address6: ipaddress.IPv6Interface

    @property
    def allowed_ips(self) -> tuple[str, str]:
        """The server side's ``AllowedIPs`` for this peer (its own addresses only)."""
        return (f"{self.address4.ip}/32", f"{self.address6.ip}/128")


class AddressPool:
    """Host addresses of a profile's IPv4 and IPv6 ranges, paired by index like the real server
    (``10.43.43.2`` with ``fd43::2``). Index 1 is the server's own address."""

    def __init__(self, range4: str, range6: str) -> None:
        self.network4 = ipaddress.IPv4Network(range4)
        self.network6 = ipaddress.IPv6Network(range6)
        self._size = self.network4.num_addresses - 1  # the last IPv4 address is broadcast
        self._used: set[int] = set()

    @property
    def server_addresses(self) -> tuple[ipaddress.IPv4Interface, ipaddress.IPv6Interface]:
        return self._pair(1)

    def allocate(self) -> tuple[ipaddress.IPv4Interface, ipaddress.IPv6Interface]:
        for index in range(2, self._size):
            if index not in self._used:
                self._used.add(index)
                return self._pair(index)
        raise WireGuardSetupError(f"address pool {self.network4} exhausted")

    def release(self, address4: ipaddress.IPv4Interface) -> None:
        self._used.discard(int(address4.ip) - int(self.network4.network_address))

    def _pair(self, index: int) -> tuple[ipaddress.IPv4Interface, ipaddress.IPv6Interface]:
        return (
            ipaddress.IPv4Interface(f"{self.network4.network_address + index}/{self.network4.prefixlen}"),
            ipaddress.IPv6Interface(f"{self.network6.network_address + index}/{self.network6.prefixlen}"),
        )


class WireGuardServer:
    """The server key pair and the peer table of all profiles."""

    def __init__(self, profiles: tuple[DemoProfile, ...]) -> None:
        self.keypair = generate_keypair()
        self._pools = {p.profile_id: AddressPool(p.range4, p.range6) for p in profiles}
        self._peers: dict[str, Peer] = {}
        self._lock = threading.Lock()

    @property
    def private_key(self) -> str:
        return self.keypair.private_key

    @property
    def public_key(self) -> str:
        return self.keypair.public_key

    def pool(self, profile_id: str) -> AddressPool:
        return self._pools[profile_id]

    @property
    def peers(self) -> dict[str, Peer]:
        """Active peers by public key (a copy)."""
        with self._lock:
            return dict(self._peers)

    def owner_of(self, public_key: str) -> str | None:
        """The authorization a public key is registered to, if any."""
        with self._lock:
            peer = self._peers.get(public_key)
            return None if peer is None else peer.auth_id

    def add_peer(self, *, public_key: str, auth_id: str, profile_id: str) -> Peer:
        with self._lock:
            existing = self._peers.get(public_key)
            if existing is not None and existing.auth_id != auth_id:
                raise PublicKeyInUseError(public_key)
            if existing is not None:
                self._remove(existing)
            address4, address6 = self._pools[profile_id].allocate()
            peer = Peer(public_key, auth_id, profile_id, address4, address6)
            self._peers[public_key] = peer
            return peer

    def remove_peer(self, peer: Peer) -> None:
        """Release a peer and its addresses, unless its key has since been registered anew."""
        with self._lock:
            if self._peers.get(peer.public_key) == peer:
                self._remove(peer)

    def _remove(self, peer: Peer) -> None:
        del self._peers[peer.public_key]
        self._pools[peer.profile_id].release(peer.address4)


def render_client_config(
    *,
    header: list[str],
    peer: Peer,
    profile: DemoProfile,
    server_public_key: str,
    endpoint: str,
    mtu: int | None,
    over_tcp: bool,
    proxy_endpoint: str = "",
) -> str:
    """The client configuration in the real server's layout: comment header, comma lists without
    spaces, resolvers then search domains on the DNS line, no PrivateKey."""
    lines = list(header)
    if over_tcp:
        lines += [
            "# Transport: WireGuard over TCP. Run a UDP-to-TCP proxy (such as proxyguard-client)",
            "# towards the ProxyEndpoint and point WireGuard at the proxy.",
        ]
    lines += [
        "[Interface]",
        f"Address = {peer.address4},{peer.address6}",
        f"DNS = {','.join((*profile.dns_servers, *profile.dns_search_domains))}",
    ]
    if mtu is not None:
        lines.append(f"MTU = {mtu}")
    lines += [
        "",
        "[Peer]",
        f"PublicKey = {server_public_key}",
        f"AllowedIPs = {','.join(profile.allowed_ips)}",
        f"Endpoint = {endpoint}",
    ]
    if over_tcp:
        lines.append(f"ProxyEndpoint = {proxy_endpoint}")
    return "\n".join(lines) + "\n"
