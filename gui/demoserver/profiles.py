"""The VPN profiles the demo server offers, and their ``/info`` shape.

The defaults cover every kind of profile a client meets on real servers (both protocols, one of
them, WireGuard over TCP, a translated or plain display name, full or split tunnel), so one demo
server exercises every branch of a client's profile handling.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from gui.core.protocols import TRANSPORTS, Protocol

# Where a profile without its own list sends DNS (Quad9, as the API text's example does).
PUBLIC_RESOLVERS = ("9.9.9.9", "2620:fe::fe")


@dataclass(frozen=True, eq=False)
class DemoProfile:
    """One profile: what ``/info`` says about it and what its configurations contain.

    ``range4``/``range6`` are the WireGuard address pools; the server takes the first host address
    (``.1``/``::1``) and hands out the others. ``routes`` is empty for a default-gateway profile;
    a split-tunnel profile lists its prefixes there and the tunnel's own ranges are added to them.
    """

    profile_id: str
    display_name: str | Mapping[str, str]
    transports: tuple[str, ...]
    default_gateway: bool
    range4: str
    range6: str
    routes: tuple[str, ...] = ()
    dns_servers: tuple[str, ...] = PUBLIC_RESOLVERS
    dns_search_domains: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = [t for t in self.transports if t not in TRANSPORTS]
        if unknown:
            raise ValueError(f"profile {self.profile_id!r}: unknown transports {unknown}")
        ipaddress.IPv4Network(self.range4)
        ipaddress.IPv6Network(self.range6)

    @property
    def protocols(self) -> frozenset[Protocol]:
        """The configuration kinds this profile can hand out."""
        return frozenset(TRANSPORTS[t] for t in self.transports)

    @property
    def openvpn_transports(self) -> frozenset[str]:
        """``udp``/``tcp``: the OpenVPN remotes this profile's configurations may list."""
        return frozenset(t.split("+", 1)[1] for t in self.transports if t.startswith("openvpn+"))

    @property
    def english_name(self) -> str:
        """The name used in configuration comments (the portal writes one language there)."""
        if isinstance(self.display_name, str):
            return self.display_name
        return self.display_name.get("en") or next(iter(self.display_name.values()), self.profile_id)

    @property
    def allowed_ips(self) -> tuple[str, ...]:
        """What the client routes into the tunnel."""
        if self.default_gateway:
            return ("0.0.0.0/0", "::/0")
        return (*self.routes, self.range4, self.range6)

    def info(self) -> dict[str, Any]:
        """The profile's entry in the ``/info`` ``profile_list``."""
        legacy: list[str] = []
        for transport in self.transports:
            family = transport.split("+", 1)[0]
            if family not in legacy:
                legacy.append(family)
        entry: dict[str, Any] = {
            "default_gateway": self.default_gateway,
            "display_name": (
                self.display_name if isinstance(self.display_name, str) else dict(self.display_name)
            ),
            "profile_id": self.profile_id,
            "vpn_proto_list": legacy,
            "vpn_proto_transport_list": list(self.transports),
        }
        if self.dns_search_domains:
            entry["dns_search_domain_list"] = list(self.dns_search_domains)
        return entry


def _names(**names: str) -> Mapping[str, str]:
    return MappingProxyType(dict(names))


DEFAULT_PROFILES: tuple[DemoProfile, ...] = (
    DemoProfile(
        profile_id="employees",
        display_name=_names(
            en="Employees",
            nl="Medewerkers",
            de="Mitarbeitende",
            fr="Employés",
            es="Empleados",
            ar="الموظفون",
        ),
        transports=("openvpn+udp", "openvpn+tcp", "wireguard+udp"),
        default_gateway=True,
        range4="10.43.43.0/24",
        range6="fd43::/64",
        dns_search_domains=("demo.invalid", "staff.demo.invalid"),
    ),
    DemoProfile(
        profile_id="openvpn-only",
        display_name=_names(en="OpenVPN only", nl="Alleen OpenVPN", de="Nur OpenVPN"),
        transports=("openvpn+udp", "openvpn+tcp"),
        default_gateway=True,
        range4="10.44.44.0/24",
        range6="fd44::/64",
    ),
    DemoProfile(
        profile_id="wireguard-only",
        display_name=_names(en="WireGuard only", nl="Alleen WireGuard", de="Nur WireGuard"),
        transports=("wireguard+udp",),
        default_gateway=True,
        range4="10.45.45.0/24",
        range6="fd45::/64",
    ),
    DemoProfile(
        profile_id="wireguard-tcp",
        display_name=_names(en="WireGuard over TCP", nl="WireGuard via TCP"),
        transports=("wireguard+udp", "wireguard+tcp"),
        default_gateway=True,
        range4="10.46.46.0/24",
        range6="fd46::/64",
    ),
    DemoProfile(
        profile_id="admins",
        display_name="Administrators",
        transports=("openvpn+udp", "openvpn+tcp", "wireguard+udp"),
        default_gateway=False,
        range4="10.47.47.0/24",
        range6="fd47::/64",
        routes=("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fd00::/8"),
        # The split tunnel reaches only the internal resolver, which sits on the tunnel itself.
        dns_servers=("10.47.47.1", "fd47::1"),
        dns_search_domains=("admin.demo.invalid",),
    ),
)
