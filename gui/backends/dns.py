"""The DNS a tunnel brings, gathered on the user side and handed to the root helper (``dns_set``).

WireGuard: the configuration's ``DNS =`` servers and names. OpenVPN: what the server pushes
(``dhcp-option DNS``/``DNS6``/``DOMAIN``/``DOMAIN-SEARCH`` and OpenVPN 2.6's ``dns`` options), read
from the ``>UPDOWN:ENV`` lines OpenVPN writes to the management socket (``--management-up-down``):
no up-script runs. Both add the profile's ``dns_search_domain_list`` from ``/info``. A
default-gateway profile sends every name through the tunnel; a split one only its domains. The
helper checks all of it again and chooses how to apply it (``gui.helper.dns``).
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from gui.backends.base import TunnelSetupError
from gui.backends.privileged import Helper, PrivilegedError
from gui.core.profiles import Profile, dns_name
from gui.core.vpnconfig import WireGuardConfig

log = logging.getLogger(__name__)

# The helper's limits (gui.helper.dns): more is cut here rather than refused there.
MAX_SERVERS = 8
MAX_DOMAINS = 32
# Environment names of the pushed options worth keeping (nothing else is stored, e.g. no username).
PUSHED_ENV = re.compile(r"foreign_option_\d+|dns_search_domain_\d+|dns_server_\d+_address_\d+", re.ASCII)


@dataclass(frozen=True)
class DnsSettings:
    """A tunnel's resolvers and domains, and whether all names go through it."""

    servers: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    default_route: bool = False

    def request_args(self) -> dict[str, Any]:
        return {
            "servers": list(self.servers[:MAX_SERVERS]),
            "domains": list(self.domains[:MAX_DOMAINS]),
            "default_route": self.default_route,
        }


def _address(text: str) -> str | None:
    """An address, also from ``a.b.c.d:port`` / ``[v6]:port`` (2.6 ``dns server`` values)."""
    text = text.strip()
    candidates = [text]
    if text.startswith("[") and "]" in text:
        candidates.append(text[1 : text.index("]")])
    elif text.count(":") == 1:
        candidates.append(text.partition(":")[0])
    for candidate in candidates:
        with contextlib.suppress(ValueError):
            if "%" not in candidate:
                return str(ipaddress.ip_address(candidate))
    return None


def _merge(servers: Iterable[str], domains: Iterable[str], profile_domains: Iterable[str],
           default_route: bool) -> DnsSettings:  # fmt: skip
    kept_domains = [d for d in (dns_name(x.strip()) for x in (*domains, *profile_domains)) if d is not None]
    return DnsSettings(tuple(dict.fromkeys(servers)), tuple(dict.fromkeys(kept_domains)), default_route)


def for_wireguard(config: WireGuardConfig, profile: Profile, *, full_tunnel: bool) -> DnsSettings:
    """The ``DNS =`` line's servers and names plus the profile's search domains."""
    return _merge(
        (str(a) for a in config.interface.dns_servers),
        config.interface.dns_search_domains,
        profile.dns_search_domains,
        profile.default_gateway or full_tunnel,
    )


def parse_pushed(env: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """Servers and domains from OpenVPN's up/down environment (``foreign_option_<n>`` in order,
    then 2.6's ``dns_server_<n>_address_<m>`` and ``dns_search_domain_<n>``)."""

    def number(key: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", key))

    servers: list[str] = []
    domains: list[str] = []
    for key in sorted((k for k in env if k.startswith("foreign_option_")), key=number):
        words = env[key].split()
        if len(words) != 3 or words[0] != "dhcp-option":
            continue
        kind, value = words[1].upper(), words[2]
        if kind in ("DNS", "DNS6"):
            address = _address(value)
            if address is not None:
                servers.append(address)
        elif kind in ("DOMAIN", "DOMAIN-SEARCH", "ADAPTER_DOMAIN_SUFFIX"):
            domains.append(value)
    for key in sorted((k for k in env if re.fullmatch(r"dns_server_\d+_address_\d+", k)), key=number):
        address = _address(env[key])
        if address is not None:
            servers.append(address)
    for key in sorted((k for k in env if re.fullmatch(r"dns_search_domain_\d+", k)), key=number):
        domains.append(env[key])
    return servers, domains


def for_openvpn(env: Mapping[str, str], profile: Profile) -> DnsSettings:
    servers, domains = parse_pushed(env)
    return _merge(servers, domains, profile.dns_search_domains, profile.default_gateway)


async def apply_dns(helper: Helper, tunnel: str, settings: DnsSettings) -> str | None:
    """Hand the settings to the helper; ``None`` when there is nothing to set (no servers).

    A failure is a failed bring-up (``TunnelSetupError``): a tunnel whose names would leak past it
    is not reported as connected; the caller takes the tunnel down, which restores the resolver."""
    if not settings.servers:
        log.info("the tunnel brings no DNS servers; the resolver stays as it is")
        return None
    try:
        answer = await helper.request("dns_set", id=tunnel, **settings.request_args())
    except PrivilegedError as exc:
        raise TunnelSetupError(f"setting the VPN's DNS failed: {exc}") from exc
    mechanism = str(answer.get("mechanism", ""))
    log.info("the VPN's DNS is set (%s)", mechanism)
    return mechanism


def wireguard_with_profile_domains(config: WireGuardConfig, profile: Profile) -> WireGuardConfig:
    """The configuration with the profile's search domains added to its ``DNS =`` line: for
    platforms whose WireGuard applies that line itself (WireGuard for Windows)."""
    domains = tuple(dict.fromkeys((*config.interface.dns_search_domains, *profile.dns_search_domains)))
    if domains == config.interface.dns_search_domains:
        return config
    return replace(config, interface=replace(config.interface, dns_search_domains=domains))
