"""VPN protocol selection, as the API text's two "VPN Protocol Selection" tables define it.

One pure function serves both sides: the client uses it to predict and explain what a server will
hand out, the built-in server uses it to decide. The two tables are one rule: the table without
WireGuard+TCP is the other table's rows where WireGuard+TCP is "No".
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Protocol(StrEnum):
    """A kind of VPN configuration a server can hand out (protocol plus, for WireGuard, transport)."""

    OPENVPN = "openvpn"
    WIREGUARD = "wireguard"
    WIREGUARD_TCP = "wireguard+tcp"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self]

    @property
    def family(self) -> Protocol:
        return Protocol.WIREGUARD if self is Protocol.WIREGUARD_TCP else self


MEDIA_TYPES: dict[Protocol, str] = {
    Protocol.OPENVPN: "application/x-openvpn-profile",
    Protocol.WIREGUARD: "application/x-wireguard-profile",
    Protocol.WIREGUARD_TCP: "application/x-wireguard+tcp-profile",
}
PROTOCOL_BY_MEDIA_TYPE: dict[str, Protocol] = {v: k for k, v in MEDIA_TYPES.items()}

# What the server assumes when the Accept header is missing or names nothing it knows.
DEFAULT_ACCEPTED = frozenset({Protocol.OPENVPN, Protocol.WIREGUARD})

# Values of ``vpn_proto_transport_list`` and the protocol each maps to.
TRANSPORTS: dict[str, Protocol] = {
    "openvpn+udp": Protocol.OPENVPN,
    "openvpn+tcp": Protocol.OPENVPN,
    "wireguard+udp": Protocol.WIREGUARD,
    "wireguard+tcp": Protocol.WIREGUARD_TCP,
}
# Values of the deprecated ``vpn_proto_list``.
LEGACY_PROTOCOLS: dict[str, Protocol] = {"openvpn": Protocol.OPENVPN, "wireguard": Protocol.WIREGUARD}


def accept_header(protocols: Iterable[Protocol]) -> str:
    """The plain, comma-separated media types (a real server ignores ``q=`` parameters)."""
    wanted = set(protocols)
    return ",".join(p.media_type for p in Protocol if p in wanted)


def parse_accept(header: str | None) -> frozenset[Protocol]:
    """What a server understands from an Accept header: exact media types only, parameters ignored."""
    found = set()
    for part in (header or "").split(","):
        media_type = part.split(";", 1)[0].strip().lower()
        if media_type in PROTOCOL_BY_MEDIA_TYPE:
            found.add(PROTOCOL_BY_MEDIA_TYPE[media_type])
    return frozenset(found) or DEFAULT_ACCEPTED


def select_protocol(
    available: Iterable[Protocol], *, prefer_tcp: bool, preferred: Protocol = Protocol.OPENVPN
) -> Protocol | None:
    """The configuration a server returns, or ``None`` where the tables say "N/A".

    ``available`` holds the protocols that *both* client and profile support. ``preferred`` is the
    server's preferred protocol family (OpenVPN or WireGuard), used where the tables say
    "Preferred Protocol"; within the WireGuard family, ``prefer_tcp`` picks WireGuard+TCP when it
    is there and plain WireGuard otherwise.
    """
    both = frozenset(available)
    openvpn = Protocol.OPENVPN in both
    wireguard = Protocol.WIREGUARD in both
    wireguard_tcp = Protocol.WIREGUARD_TCP in both

    def wireguard_family() -> Protocol:
        if wireguard_tcp and (prefer_tcp or not wireguard):
            return Protocol.WIREGUARD_TCP
        return Protocol.WIREGUARD

    if not openvpn:
        return wireguard_family() if (wireguard or wireguard_tcp) else None
    if not (wireguard or wireguard_tcp):
        return Protocol.OPENVPN
    if prefer_tcp and not wireguard_tcp:
        # OpenVPN and UDP-only WireGuard with prefer_tcp: OpenVPN, whatever the server prefers.
        return Protocol.OPENVPN
    return Protocol.OPENVPN if preferred.family is Protocol.OPENVPN else wireguard_family()


def tcp_preference(
    accept: Iterable[Protocol], offered: Iterable[Protocol], *, prefer_tcp: bool
) -> frozenset[Protocol]:
    """The ``Accept`` set once ``prefer_tcp`` is applied on the client's side.

    Where the client runs WireGuard over TCP and the profile offers it, a client that prefers TCP
    asks for that only: the server's tables would otherwise hand out OpenVPN over TCP whenever the
    profile has OpenVPN too and the server prefers it, and WireGuard is the faster of the two."""
    wanted = frozenset(accept)
    if prefer_tcp and Protocol.WIREGUARD_TCP in wanted and Protocol.WIREGUARD_TCP in frozenset(offered):
        return frozenset({Protocol.WIREGUARD_TCP})
    return wanted
