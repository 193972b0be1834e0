"""WireGuard (wg-quick) configurations: the parsed view, the client's private key put in, and
the text written back.

Only the keys a client needs are read; ``PostUp`` & co. are refused, because a backend hands this text
to tools that run as root. ``render_wireguard`` writes a configuration back from the parsed view, with
only the keys read here, which is the safe text to give ``wg-quick``.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlsplit

from gui.core.errors import ConfigError
from gui.core.vpnconfig.lines import (
    HOSTNAME_PATTERN,
    PORT_PATTERN,
    Endpoint,
    IPAddress,
    IPInterface,
    IPNetwork,
    ip_or_none,
    line_error,
    numbered_lines,
    parse_host,
    parse_port,
    shown,
)
from gui.core.wgkeys import is_valid_key


@dataclass(frozen=True)
class WireGuardInterface:
    """The ``[Interface]`` section; ``private_key`` is ``None`` until the client inserts its own."""

    private_key: str | None = field(repr=False)
    addresses: tuple[IPInterface, ...]
    dns_servers: tuple[IPAddress, ...] = ()
    # Names on the ``DNS`` line that are not addresses (wg-quick reads them as search domains).
    dns_search_domains: tuple[str, ...] = ()
    mtu: int | None = None


@dataclass(frozen=True)
class WireGuardPeer:
    """One ``[Peer]`` section (the server); the preshared key stays out of ``repr``."""

    public_key: str
    allowed_ips: tuple[IPNetwork, ...]
    endpoint: Endpoint | None
    preshared_key: str | None = field(default=None, repr=False)
    persistent_keepalive: int | None = None
    # WireGuard over TCP: the URL of the server's TCP proxy; the client runs a local UDP-to-TCP proxy.
    proxy_endpoint: str | None = None


@dataclass(frozen=True)
class WireGuardConfig:
    """The parsed view of a wg-quick configuration."""

    interface: WireGuardInterface
    peers: tuple[WireGuardPeer, ...]
    # Keys that were read past (``ListenPort``, ``Table``, newer ones), for a log line.
    ignored_keys: tuple[str, ...] = ()


_WG_HOOKS = frozenset({"preup", "postup", "predown", "postdown"})
_WG_INTERFACE_LISTS = frozenset({"address", "dns"})
_WG_PEER_LISTS = frozenset({"allowedips"})
_WG_INTERFACE_KEYS = frozenset({"privatekey", "mtu"}) | _WG_INTERFACE_LISTS
_WG_PEER_KEYS = _WG_PEER_LISTS | {
    "publickey",
    "presharedkey",
    "endpoint",
    "persistentkeepalive",
    "proxyendpoint",
}


class _WgLine(NamedTuple):
    """A classified line: a section header (``section`` set), a key/value, or blank (all ``None``)."""

    section: str | None
    key: str | None
    value: str


def _classify_wg(line: str, number: int) -> _WgLine:
    stripped = line.split("#", 1)[0].strip()
    if not stripped:
        return _WgLine(None, None, "")
    if stripped.startswith("["):
        if not stripped.endswith("]"):
            raise line_error(number, "a section header must end with “]”")
        return _WgLine("".join(stripped[1:-1].split()).lower(), None, "")
    key, sep, value = stripped.partition("=")
    if not sep or not key.strip():
        raise line_error(number, "expected “Key = value” or a [Section] header")
    return _WgLine(None, key.strip(), value.strip())


def _list_items(value: str, key: str, number: int) -> list[str]:
    if not value:
        return []  # "DNS =" with nothing after it: wg-quick reads an empty list
    items = [item.strip() for item in value.split(",")]
    if not all(items):
        raise line_error(number, f"{key} has an empty entry")
    return items


def _wg_key(value: str, key: str, number: int) -> str:
    if not is_valid_key(value):
        raise line_error(number, f"{key} is not a valid WireGuard key (base64 of 32 bytes)")
    return value


def _interface_address(value: str, number: int) -> IPInterface:
    try:
        if "%" in value or not value.isascii():
            raise ValueError(value)
        return ipaddress.ip_interface(value)
    except ValueError:
        raise line_error(number, f"{shown(value)} is not an IP address with prefix length") from None


def _network(value: str, number: int) -> IPNetwork:
    try:
        if "%" in value or not value.isascii():
            raise ValueError(value)
        return ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise line_error(number, f"{shown(value)} is not an IP network") from None


def _wg_endpoint(value: str, number: int) -> Endpoint:
    if value.startswith("["):
        match = re.fullmatch(r"\[([^\]]*)\]:([^:]*)", value)
        address = ip_or_none(match[1]) if match else None
        if match is None or not isinstance(address, ipaddress.IPv6Address):
            raise line_error(number, f"{shown(value)} is not “[IPv6 address]:port”")
        return Endpoint(str(address), parse_port(match[2], number))
    host, sep, port = value.rpartition(":")
    if not sep or ":" in host:
        raise line_error(number, f"{shown(value)} is not “host:port” (an IPv6 address needs [brackets])")
    return Endpoint(parse_host(host, number), parse_port(port, number))


def _proxy_url(value: str, number: int) -> str:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in {"http", "https"}
        or not parts.hostname
        or any(ch.isspace() for ch in value)
        or not value.isascii()
    ):
        raise line_error(number, f"ProxyEndpoint {shown(value)} is not an http(s):// URL")
    return value


class _WgSection:
    """The values of one ``[Interface]`` or ``[Peer]`` section while it is being read."""

    def __init__(self, name: str, number: int) -> None:
        self.name = name
        self.number = number
        self.single: dict[str, tuple[int, str]] = {}
        self.lists: dict[str, list[tuple[int, str]]] = {}

    def add(self, key: str, original: str, value: str, number: int, lists: frozenset[str]) -> None:
        if key in lists:
            self.lists.setdefault(key, []).extend((number, v) for v in _list_items(value, original, number))
            return
        if key in self.single:
            raise line_error(number, f"{original} appears twice in this [{self.name.capitalize()}] section")
        self.single[key] = (number, value)

    def items(self, key: str) -> list[tuple[int, str]]:
        return self.lists.get(key, [])


def _build_interface(section: _WgSection) -> WireGuardInterface:
    private_key = None
    if "privatekey" in section.single:
        number, value = section.single["privatekey"]
        if value:  # an empty "PrivateKey =" is a placeholder for the client's key
            private_key = _wg_key(value, "PrivateKey", number)
    addresses = tuple(_interface_address(v, n) for n, v in section.items("address"))
    if not addresses:
        raise line_error(section.number, "the [Interface] section has no Address")
    servers: list[IPAddress] = []
    domains: list[str] = []
    for number, value in section.items("dns"):
        address = ip_or_none(value)
        if address is not None:
            servers.append(address)
        elif HOSTNAME_PATTERN.fullmatch(value):
            domains.append(value)
        else:
            raise line_error(number, f"DNS entry {shown(value)} is neither an IP address nor a domain")
    mtu = None
    if "mtu" in section.single:
        number, value = section.single["mtu"]
        if not PORT_PATTERN.fullmatch(value) or not 68 <= int(value) <= 65535:
            raise line_error(number, f"MTU {shown(value)} is not a number from 68 to 65535")
        mtu = int(value)
    return WireGuardInterface(private_key, addresses, tuple(servers), tuple(domains), mtu)


def _build_peer(section: _WgSection) -> WireGuardPeer:
    def single(key: str) -> tuple[int, str] | None:
        found = section.single.get(key)
        if found is not None and not found[1]:
            raise line_error(found[0], f"{key} has no value")
        return found

    public = single("publickey")
    if public is None:
        raise line_error(section.number, "the [Peer] section has no PublicKey")
    preshared = single("presharedkey")
    endpoint = single("endpoint")
    proxy = single("proxyendpoint")
    if endpoint is None and proxy is None:
        raise line_error(section.number, "the [Peer] section has no Endpoint")
    keepalive = None
    if (found := single("persistentkeepalive")) is not None:
        number, value = found
        if value.lower() != "off":
            if not PORT_PATTERN.fullmatch(value) or int(value) > 65535:
                raise line_error(number, f"PersistentKeepalive {shown(value)} is not a number of seconds")
            keepalive = int(value) or None
    return WireGuardPeer(
        public_key=_wg_key(public[1], "PublicKey", public[0]),
        allowed_ips=tuple(_network(v, n) for n, v in section.items("allowedips")),
        endpoint=_wg_endpoint(endpoint[1], endpoint[0]) if endpoint else None,
        preshared_key=_wg_key(preshared[1], "PresharedKey", preshared[0]) if preshared else None,
        persistent_keepalive=keepalive,
        proxy_endpoint=_proxy_url(proxy[1], proxy[0]) if proxy else None,
    )


def parse_wireguard(text: str) -> WireGuardConfig:
    """The parsed view of a WireGuard (wg-quick) configuration.

    Requires one ``[Interface]`` with an ``Address`` and at least one ``[Peer]`` with a ``PublicKey``
    and an ``Endpoint`` (or, for WireGuard over TCP, a ``ProxyEndpoint``). Sections and keys are
    case-insensitive and ``#`` starts a comment, as in ``wg``. Raises ``ConfigError`` ("line N: …").
    """
    interface: _WgSection | None = None
    peers: list[_WgSection] = []
    current: _WgSection | None = None
    ignored: dict[str, None] = {}
    for number, line in numbered_lines(text):
        parsed = _classify_wg(line, number)
        if parsed.section is not None:
            if parsed.section == "interface":
                if interface is not None:
                    raise line_error(number, "a second [Interface] section")
                current = interface = _WgSection("interface", number)
            elif parsed.section == "peer":
                current = _WgSection("peer", number)
                peers.append(current)
            else:
                raise line_error(number, f"unknown section {shown(line.strip())}")
            continue
        if parsed.key is None:
            continue
        if current is None:
            raise line_error(number, f"{shown(parsed.key)} comes before any [Interface] or [Peer] section")
        key = parsed.key.lower()
        if key in _WG_HOOKS:
            raise line_error(number, f"{shown(parsed.key)} would run commands; it is not accepted")
        is_interface = current.name == "interface"
        known = _WG_INTERFACE_KEYS if is_interface else _WG_PEER_KEYS
        if key not in known:
            ignored[parsed.key] = None
            continue
        lists = _WG_INTERFACE_LISTS if is_interface else _WG_PEER_LISTS
        if not parsed.value and key != "privatekey" and key not in lists:
            raise line_error(number, f"{parsed.key} has no value")
        current.add(key, parsed.key, parsed.value, number, lists)
    if interface is None:
        raise ConfigError(detail="the WireGuard configuration has no [Interface] section")
    if not peers:
        raise ConfigError(detail="the WireGuard configuration has no [Peer] section")
    built_peers = tuple(_build_peer(p) for p in peers)
    seen: set[str] = set()
    for section, peer in zip(peers, built_peers, strict=True):
        if peer.public_key in seen:
            raise line_error(section.number, "a second [Peer] with the same PublicKey")
        seen.add(peer.public_key)
    return WireGuardConfig(_build_interface(interface), built_peers, tuple(ignored))


def with_private_key(wireguard_text: str, private_key_b64: str) -> str:
    """``wireguard_text`` with ``PrivateKey = <key>`` as the first line of ``[Interface]``.

    An existing ``PrivateKey`` there is replaced; every other line, comments included, is kept as is.
    Raises ``ConfigError`` for an invalid key or a text without exactly one ``[Interface]``.
    """
    if not is_valid_key(private_key_b64):
        raise ConfigError(detail="the WireGuard private key is not a valid key")
    raw_lines = wireguard_text.split("\n")
    output: list[str] = []
    header_index: int | None = None
    in_interface = False
    for (number, line), raw in zip(numbered_lines(wireguard_text), raw_lines, strict=True):
        parsed = _classify_wg(line, number)
        if parsed.section is not None:
            in_interface = parsed.section == "interface"
            if in_interface:
                if header_index is not None:
                    raise line_error(number, "a second [Interface] section")
                header_index = len(output)
        elif in_interface and parsed.key is not None and parsed.key.lower() == "privatekey":
            continue
        output.append(raw)
    if header_index is None:
        raise ConfigError(detail="the WireGuard configuration has no [Interface] section")
    ending = "\r" if output[header_index].endswith("\r") else ""
    output.insert(header_index + 1, f"PrivateKey = {private_key_b64}{ending}")
    return "\n".join(output)


def render_wireguard(config: WireGuardConfig) -> str:
    """A wg-quick configuration holding exactly the parsed values (``ProxyEndpoint`` left out:
    ``wg-quick`` does not know it; point ``Endpoint`` at the local proxy instead)."""
    iface = config.interface
    lines = ["[Interface]"]
    if iface.private_key is not None:
        lines.append(f"PrivateKey = {iface.private_key}")
    lines.append("Address = " + ", ".join(str(a) for a in iface.addresses))
    dns = [str(s) for s in iface.dns_servers] + list(iface.dns_search_domains)
    if dns:
        lines.append("DNS = " + ", ".join(dns))
    if iface.mtu is not None:
        lines.append(f"MTU = {iface.mtu}")
    for peer in config.peers:
        lines += ["", "[Peer]", f"PublicKey = {peer.public_key}"]
        if peer.preshared_key is not None:
            lines.append(f"PresharedKey = {peer.preshared_key}")
        if peer.allowed_ips:
            lines.append("AllowedIPs = " + ", ".join(str(n) for n in peer.allowed_ips))
        if peer.endpoint is not None:
            lines.append(f"Endpoint = {peer.endpoint}")
        if peer.persistent_keepalive is not None:
            lines.append(f"PersistentKeepalive = {peer.persistent_keepalive}")
    return "\n".join(lines) + "\n"
