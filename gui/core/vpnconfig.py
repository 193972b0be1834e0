"""VPN configurations from ``/connect``: the server's text, what it says, and a client private key.

The server picks the protocol; the response ``Content-Type`` says which one it picked (a real server
falls back silently), so the body is read by its type, never by what was asked for. The parsers read
untrusted text: every problem is a ``ConfigError`` naming the line, and directives that would run
programs or touch local files are refused outright, because a backend hands this text to tools
that run as root: WireGuard keeps only the keys a client needs (``PostUp`` & co. refused), OpenVPN
goes through the allow-listed model of ``gui.core.openvpn_profile``.

``render_wireguard`` writes a configuration back from the parsed view, with only the keys read here,
which is the safe text to give ``wg-quick``.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import NamedTuple
from urllib.parse import urlsplit

from gui.core.apierrors import clean_server_text
from gui.core.errors import ConfigError, ServerResponseError
from gui.core.openvpn_profile import OpenVpnProfile, OpenVpnRemote, parse_profile
from gui.core.protocols import PROTOCOL_BY_MEDIA_TYPE, Protocol
from gui.core.wgkeys import is_valid_key

# A configuration is a few kilobytes; a split-tunnel one with many routes stays far below this.
MAX_CONFIG_BYTES = 1024 * 1024

IPInterface = ipaddress.IPv4Interface | ipaddress.IPv6Interface
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_HOSTNAME = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
    r"(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?",
    re.ASCII,
)
_PORT = re.compile(r"[0-9]{1,5}", re.ASCII)


class Endpoint(NamedTuple):
    """A host (name or IP address) and a port."""

    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


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


@dataclass(frozen=True)
class OpenVpnConfig:
    """What a backend needs to know before handing the text to OpenVPN or NetworkManager."""

    # In the file's order, which is the order OpenVPN tries them (TCP first after ``prefer_tcp``).
    remotes: tuple[OpenVpnRemote, ...]
    # Names of the inline blocks present (``ca``, ``cert``, ``key``, ``tls-crypt``, …).
    inline_blocks: frozenset[str]
    auth_user_pass: bool = False
    static_challenge: bool = False
    dev: str | None = None
    # The allowed model; its ``render()`` is the only OpenVPN text that is ever run.
    profile: OpenVpnProfile | None = field(default=None, repr=False, compare=False)

    @property
    def protos(self) -> frozenset[str]:
        return frozenset(r.proto for r in self.remotes)


@dataclass(frozen=True)
class VpnConfig:
    """A configuration as the server sent it (``text``) with its parsed view; ``text`` may hold keys."""

    protocol: Protocol
    text: str = field(repr=False)
    expires: datetime | None
    wireguard: WireGuardConfig | None = None
    openvpn: OpenVpnConfig | None = None

    def with_private_key(self, private_key_b64: str) -> VpnConfig:
        """This WireGuard configuration with the client's private key in ``[Interface]``."""
        if self.wireguard is None:
            raise ConfigError(detail="only a WireGuard configuration takes a private key")
        text = with_private_key(self.text, private_key_b64)
        interface = replace(self.wireguard.interface, private_key=private_key_b64)
        return replace(self, text=text, wireguard=replace(self.wireguard, interface=interface))


# ---------------------------------------------------------------------------------------------------
# Shared line handling


def _line_error(number: int, message: str) -> ConfigError:
    return ConfigError(detail=f"line {number}: {message}", line=number)


def _shown(value: str) -> str:
    """A value quoted for an error message (never used for keys)."""
    return "“" + clean_server_text(value, limit=60) + "”"


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    """The lines with their 1-based numbers; ``\\r\\n`` endings accepted, other control characters not."""
    lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if any(unicodedata.category(ch) in {"Cc", "Cs"} and ch != "\t" for ch in line):
            raise _line_error(number, "contains a control character")
        lines.append((number, line))
    return lines


def _port(value: str, number: int) -> int:
    if not _PORT.fullmatch(value) or not 1 <= int(value) <= 65535:
        raise _line_error(number, f"{_shown(value)} is not a port number (1–65535)")
    return int(value)


def _host(value: str, number: int) -> str:
    """A host name or an IP address (no zone index)."""
    address = _ip_or_none(value)
    if address is not None:
        return str(address)
    if not _HOSTNAME.fullmatch(value):
        raise _line_error(number, f"{_shown(value)} is not a host name or IP address")
    return value


# ---------------------------------------------------------------------------------------------------
# WireGuard

_WG_HOOKS = frozenset({"preup", "postup", "predown", "postdown"})
_WG_INTERFACE_LISTS = frozenset({"address", "dns"})
_WG_PEER_LISTS = frozenset({"allowedips"})
_WG_INTERFACE_KEYS = frozenset({"privatekey", "mtu"}) | _WG_INTERFACE_LISTS
_WG_PEER_KEYS = _WG_PEER_LISTS | {
    "publickey", "presharedkey", "endpoint", "persistentkeepalive", "proxyendpoint"
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
            raise _line_error(number, "a section header must end with “]”")
        return _WgLine("".join(stripped[1:-1].split()).lower(), None, "")
    key, sep, value = stripped.partition("=")
    if not sep or not key.strip():
        raise _line_error(number, "expected “Key = value” or a [Section] header")
    return _WgLine(None, key.strip(), value.strip())


def _list_items(value: str, key: str, number: int) -> list[str]:
    if not value:
        return []  # "DNS =" with nothing after it: wg-quick reads an empty list
    items = [item.strip() for item in value.split(",")]
    if not all(items):
        raise _line_error(number, f"{key} has an empty entry")
    return items


def _wg_key(value: str, key: str, number: int) -> str:
    if not is_valid_key(value):
        raise _line_error(number, f"{key} is not a valid WireGuard key (base64 of 32 bytes)")
    return value


def _ip_or_none(value: str) -> IPAddress | None:
    if "%" in value or not value.isascii():
        return None
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _interface_address(value: str, number: int) -> IPInterface:
    try:
        if "%" in value or not value.isascii():
            raise ValueError(value)
        return ipaddress.ip_interface(value)
    except ValueError:
        raise _line_error(number, f"{_shown(value)} is not an IP address with prefix length") from None


def _network(value: str, number: int) -> IPNetwork:
    try:
        if "%" in value or not value.isascii():
            raise ValueError(value)
        return ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise _line_error(number, f"{_shown(value)} is not an IP network") from None


def _wg_endpoint(value: str, number: int) -> Endpoint:
    if value.startswith("["):
        match = re.fullmatch(r"\[([^\]]*)\]:([^:]*)", value)
        address = _ip_or_none(match[1]) if match else None
        if match is None or not isinstance(address, ipaddress.IPv6Address):
            raise _line_error(number, f"{_shown(value)} is not “[IPv6 address]:port”")
        return Endpoint(str(address), _port(match[2], number))
    host, sep, port = value.rpartition(":")
    if not sep or ":" in host:
        raise _line_error(number, f"{_shown(value)} is not “host:port” (an IPv6 address needs [brackets])")
    return Endpoint(_host(host, number), _port(port, number))


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
        raise _line_error(number, f"ProxyEndpoint {_shown(value)} is not an http(s):// URL")
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
            raise _line_error(number, f"{original} appears twice in this [{self.name.capitalize()}] section")
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
        raise _line_error(section.number, "the [Interface] section has no Address")
    servers: list[IPAddress] = []
    domains: list[str] = []
    for number, value in section.items("dns"):
        address = _ip_or_none(value)
        if address is not None:
            servers.append(address)
        elif _HOSTNAME.fullmatch(value):
            domains.append(value)
        else:
            raise _line_error(number, f"DNS entry {_shown(value)} is neither an IP address nor a domain")
    mtu = None
    if "mtu" in section.single:
        number, value = section.single["mtu"]
        if not _PORT.fullmatch(value) or not 68 <= int(value) <= 65535:
            raise _line_error(number, f"MTU {_shown(value)} is not a number from 68 to 65535")
        mtu = int(value)
    return WireGuardInterface(private_key, addresses, tuple(servers), tuple(domains), mtu)


def _build_peer(section: _WgSection) -> WireGuardPeer:
    def single(key: str) -> tuple[int, str] | None:
        found = section.single.get(key)
        if found is not None and not found[1]:
            raise _line_error(found[0], f"{key} has no value")
        return found

    public = single("publickey")
    if public is None:
        raise _line_error(section.number, "the [Peer] section has no PublicKey")
    preshared = single("presharedkey")
    endpoint = single("endpoint")
    proxy = single("proxyendpoint")
    if endpoint is None and proxy is None:
        raise _line_error(section.number, "the [Peer] section has no Endpoint")
    keepalive = None
    if (found := single("persistentkeepalive")) is not None:
        number, value = found
        if value.lower() != "off":
            if not _PORT.fullmatch(value) or int(value) > 65535:
                raise _line_error(number, f"PersistentKeepalive {_shown(value)} is not a number of seconds")
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
    for number, line in _numbered_lines(text):
        parsed = _classify_wg(line, number)
        if parsed.section is not None:
            if parsed.section == "interface":
                if interface is not None:
                    raise _line_error(number, "a second [Interface] section")
                current = interface = _WgSection("interface", number)
            elif parsed.section == "peer":
                current = _WgSection("peer", number)
                peers.append(current)
            else:
                raise _line_error(number, f"unknown section {_shown(line.strip())}")
            continue
        if parsed.key is None:
            continue
        if current is None:
            raise _line_error(number, f"{_shown(parsed.key)} comes before any [Interface] or [Peer] section")
        key = parsed.key.lower()
        if key in _WG_HOOKS:
            raise _line_error(number, f"{_shown(parsed.key)} would run commands; it is not accepted")
        is_interface = current.name == "interface"
        known = _WG_INTERFACE_KEYS if is_interface else _WG_PEER_KEYS
        if key not in known:
            ignored[parsed.key] = None
            continue
        lists = _WG_INTERFACE_LISTS if is_interface else _WG_PEER_LISTS
        if not parsed.value and key != "privatekey" and key not in lists:
            raise _line_error(number, f"{parsed.key} has no value")
        current.add(key, parsed.key, parsed.value, number, lists)
    if interface is None:
        raise ConfigError(detail="the WireGuard configuration has no [Interface] section")
    if not peers:
        raise ConfigError(detail="the WireGuard configuration has no [Peer] section")
    built_peers = tuple(_build_peer(p) for p in peers)
    seen: set[str] = set()
    for section, peer in zip(peers, built_peers, strict=True):
        if peer.public_key in seen:
            raise _line_error(section.number, "a second [Peer] with the same PublicKey")
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
    for (number, line), raw in zip(_numbered_lines(wireguard_text), raw_lines, strict=True):
        parsed = _classify_wg(line, number)
        if parsed.section is not None:
            in_interface = parsed.section == "interface"
            if in_interface:
                if header_index is not None:
                    raise _line_error(number, "a second [Interface] section")
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


# ---------------------------------------------------------------------------------------------------
# OpenVPN: one model with an allow-list (``gui.core.openvpn_profile``)


def parse_openvpn(text: str) -> OpenVpnConfig:
    """The parsed view of an OpenVPN client configuration, read through the allow-listed model.

    Raises ``ConfigError`` ("line N: …") for malformed lines and unclosed blocks,
    ``RefusedDirectiveError`` for anything a client profile does not need, and ``ConfigError`` for a
    configuration without a ``remote``.
    """
    profile = parse_profile(text)
    dev = profile.first("dev")
    return OpenVpnConfig(
        remotes=profile.remotes,
        inline_blocks=frozenset(profile.blocks),
        auth_user_pass=profile.auth_user_pass,
        static_challenge=profile.static_challenge,
        dev=dev.args[0] if dev is not None else None,
        profile=profile,
    )


# ---------------------------------------------------------------------------------------------------
# A /connect response


def parse_config(content_type: str, body: bytes, expires: datetime | None) -> VpnConfig:
    """The configuration of a ``/connect`` response, read as its ``Content-Type`` says.

    Media-type parameters (``; charset=utf-8``) are tolerated; the body must be UTF-8. Raises
    ``ServerResponseError`` for a content type that is no VPN configuration, ``ConfigError`` for a
    body that is not a valid one (including WireGuard+TCP without a ``ProxyEndpoint``).
    """
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    protocol = PROTOCOL_BY_MEDIA_TYPE.get(media_type)
    if protocol is None:
        shown = clean_server_text(content_type or "", limit=80) or "none"
        raise ServerResponseError(detail=f"the server sent “{shown}” instead of a VPN configuration")
    if len(body) > MAX_CONFIG_BYTES:
        raise ConfigError(detail="the configuration is far too large")
    try:
        text = body.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise ConfigError(detail="the configuration is not UTF-8 text") from None
    if protocol is Protocol.OPENVPN:
        return VpnConfig(protocol, text, expires, openvpn=parse_openvpn(text))
    wireguard = parse_wireguard(text)
    if protocol is Protocol.WIREGUARD_TCP and not any(p.proxy_endpoint for p in wireguard.peers):
        raise ConfigError(detail="the WireGuard over TCP configuration has no ProxyEndpoint")
    return VpnConfig(protocol, text, expires, wireguard=wireguard)
