"""The one OpenVPN client-profile model: read as OpenVPN reads it, kept only where allowed, written back.

A profile from a VPN server, an ``.ovpn`` file or a token URL ends up in ``openvpn`` running as
root. OpenVPN is a general tool: its config language loads plugins, runs scripts, reads and writes
files, and talks to proxies. So nothing the text says is passed on. It is tokenized exactly as
OpenVPN's own ``parse_line`` does (a leading ``--``, quotes, backslashes, ``#``/``;`` comments,
inline ``<blocks>``, ``setenv opt``), every directive is looked up in ``ALLOWED`` — the things a
client profile needs, each with the reason it is there and a check of its arguments — and anything
else is refused with its line number. What runs is ``OpenVpnProfile.render()``: text written from
the model, never the text that came in. Inline material only; no directive may name a file.

This module is imported by the root helper: it must stay small, pure and free of I/O (stdlib and
``gui.core.errors`` only).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from gui.core.errors import ConfigError, RefusedDirectiveError

# OpenVPN reads a config line into a 256-byte buffer; a longer line is read in pieces and a piece
# would be parsed as a line of its own (inside ``<connection>`` it is, OpenVPN 2.6 refuses it at the
# top level). Counted in UTF-8 bytes, as OpenVPN counts; lines this long never occur in a real profile.
MAX_LINE = 250
# OpenVPN keeps at most 16 tokens of a line and silently drops the rest.
MAX_TOKENS = 16
MAX_PROFILE_CHARS = 1024 * 1024

_PROTOS = {
    "udp": "udp",
    "udp4": "udp",
    "udp6": "udp",
    "tcp": "tcp",
    "tcp4": "tcp",
    "tcp6": "tcp",
    "tcp-client": "tcp",
    "tcp4-client": "tcp",
    "tcp6-client": "tcp",
}
_HOSTNAME = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
    r"(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?",
    re.ASCII,
)
_CIPHERS = re.compile(r"[A-Za-z0-9:_+.\-]{1,200}", re.ASCII)
_NUMBER = re.compile(r"[0-9]{1,9}", re.ASCII)
_SETENV_NAME = re.compile(r"UV_[A-Za-z0-9_]{1,64}", re.ASCII)
_SPACE = " \t"  # what OpenVPN's space() meets on a line (other control characters are refused)
_TAG = re.compile(r"[a-z0-9-]{1,32}", re.ASCII)
# Inline material (PEM, base64, hex static keys with their ``#`` comment lines): printable ASCII
# without ``<`` and ``>``, so no line can close or open a block when the model is written back.
_BLOCK_LINE = re.compile(r"[\x20-\x3b\x3d\x3f-\x7e\t]*", re.ASCII)


class OpenVpnRemote(NamedTuple):
    """One ``remote`` line: ``proto`` is ``"udp"`` or ``"tcp"`` (``udp6``, ``tcp-client``… normalised)."""

    host: str
    port: int
    proto: str


# ---------------------------------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class Directive:
    """One directive line; ``optional`` marks ``setenv opt NAME …`` (OpenVPN ignores it when unknown)."""

    name: str
    args: tuple[str, ...] = ()
    line: int = 0
    optional: bool = False

    def render(self) -> str:
        words = [self.name, *(_quoted(a) for a in self.args)]
        return ("setenv opt " if self.optional else "") + " ".join(words)


@dataclass(frozen=True)
class InlineBlock:
    """``<name>…</name>``: certificates and keys, given as content (the content may be a secret)."""

    name: str
    content: str = field(repr=False)
    line: int = 0

    def render(self) -> str:
        body = self.content.rstrip("\n")
        return f"<{self.name}>\n{body}\n</{self.name}>" if body else f"<{self.name}>\n</{self.name}>"


@dataclass(frozen=True)
class ConnectionBlock:
    """``<connection>…</connection>``: one way to reach the server (its own remote, proto, port)."""

    directives: tuple[Directive, ...]
    line: int = 0

    def render(self) -> str:
        return "\n".join(["<connection>", *(d.render() for d in self.directives), "</connection>"])


Item = Directive | InlineBlock | ConnectionBlock


@dataclass(frozen=True)
class OpenVpnProfile:
    """An allowed OpenVPN client profile; ``render()`` is the only text that is ever run."""

    items: tuple[Item, ...]

    # -- what it says ------------------------------------------------------------------------------

    def directives(self, name: str) -> list[Directive]:
        return [i for i in self.items if isinstance(i, Directive) and i.name == name]

    def first(self, name: str) -> Directive | None:
        found = self.directives(name)
        return found[0] if found else None

    @property
    def blocks(self) -> dict[str, str]:
        """Inline blocks by name (a profile holds at most one of each)."""
        return {item.name: item.content for item in self.items if isinstance(item, InlineBlock)}

    @property
    def remotes(self) -> tuple[OpenVpnRemote, ...]:
        """The servers in the order OpenVPN tries them, with the defaults that apply to each.

        As OpenVPN does: with ``<connection>`` blocks, only they count (top-level ``remote`` lines are
        ignored), each with its last ``remote`` and the top-level ``proto``/``port`` written before it;
        without them, each top-level ``remote`` with the last top-level ``proto``/``port``."""
        return tuple(remote for _, remote in self._servers())

    def _servers(self) -> list[tuple[int, OpenVpnRemote]]:
        """(index in ``items``, server) in the order OpenVPN tries them."""
        if any(isinstance(i, ConnectionBlock) for i in self.items):
            found = []
            for index, item in enumerate(self.items):
                if isinstance(item, ConnectionBlock):
                    before = (i for i in self.items[:index] if isinstance(i, Directive))
                    found.append((index, _connection_remote(item, *_defaults(before))))
            return found
        top_proto, top_port = _defaults(i for i in self.items if isinstance(i, Directive))
        return [
            (index, _resolve_remote(item, top_proto, top_port))
            for index, item in enumerate(self.items)
            if isinstance(item, Directive) and item.name == "remote"
        ]

    @property
    def auth_user_pass(self) -> bool:
        return self.first("auth-user-pass") is not None

    @property
    def static_challenge(self) -> bool:
        return self.first("static-challenge") is not None

    # -- new models from this one ------------------------------------------------------------------

    def with_tcp_first(self) -> OpenVpnProfile | None:
        """The same profile with its TCP servers tried first (stable), or ``None`` without any.

        Top-level ``remote`` lines swap places; with ``<connection>`` blocks, the blocks do, when
        nothing stands between them: a block takes the top-level settings written before it (``proto``,
        ``port``, ``tls-crypt``, ``tun-mtu``…), so moving one past a line would change it; then
        ``None`` too."""
        servers = self._servers()
        if not any(remote.proto == "tcp" for _, remote in servers):
            return None
        slots = [slot for slot, _ in servers]
        contiguous = slots == list(range(slots[0], slots[-1] + 1))
        if isinstance(self.items[slots[0]], ConnectionBlock) and not contiguous:
            return None
        ordered = [n for n, r in servers if r.proto == "tcp"] + [n for n, r in servers if r.proto != "tcp"]
        items = list(self.items)
        for (slot, _), source in zip(servers, ordered, strict=True):
            items[slot] = self.items[source]
        return OpenVpnProfile(tuple(items))

    def with_block_contents(self, contents: Mapping[str, str]) -> OpenVpnProfile:
        """The same profile with the content of the named inline blocks replaced (checked again)."""
        items: list[Item] = []
        for item in self.items:
            if isinstance(item, InlineBlock) and item.name in contents:
                content = contents[item.name]
                _check_block_content(item.name, content.split("\n"), item.line)
                item = replace(item, content=content)
            items.append(item)
        return OpenVpnProfile(tuple(items))

    def without(self, names: Iterable[str]) -> OpenVpnProfile:
        """The profile without the named directives (at the top level)."""
        dropped = frozenset(names)
        return OpenVpnProfile(
            tuple(i for i in self.items if not (isinstance(i, Directive) and i.name in dropped))
        )

    # -- text -----------------------------------------------------------------------------------------

    def render(self, *, device: str | None = None) -> str:
        """The profile as OpenVPN config text. With ``device``, the ``dev``/``dev-type`` lines are
        replaced by that tun device: the name is the runner's, never the profile's."""
        items: Iterable[Item] = self.items
        lines: list[str] = []
        if device is not None:
            if not _DEVICE.fullmatch(device):
                raise ValueError(f"{device!r} is not a network device name")
            lines += [f"dev {device}", "dev-type tun"]
            items = (
                i for i in self.items if not (isinstance(i, Directive) and i.name in {"dev", "dev-type"})
            )
        lines += [item.render() for item in items]
        return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------------
# The allow-list: what a client profile needs, each with why, and how its arguments are checked

Check = Callable[[tuple[str, ...], int], tuple[str, ...]]


@dataclass(frozen=True)
class Allowed:
    why: str
    check: Check
    # Also allowed inside ``<connection>`` blocks.
    in_connection: bool = False


def _error(line: int, message: str) -> ConfigError:
    return ConfigError(detail=f"line {line}: {message}", line=line)


def _shown(value: str) -> str:
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in value)
    return "“" + (cleaned[:57] + "…" if len(cleaned) > 60 else cleaned) + "”"


def _arity(args: tuple[str, ...], line: int, low: int, high: int, name: str) -> None:
    if not low <= len(args) <= high:
        if high == 0:
            raise _error(line, f"{name} takes no arguments")
        if low == high:
            raise _error(line, f"{name} takes {low} argument{'' if low == 1 else 's'}")
        raise _error(line, f"{name} takes {low}–{high} arguments")


def _none(name: str) -> Check:
    def check(args: tuple[str, ...], line: int) -> tuple[str, ...]:
        _arity(args, line, 0, 0, name)
        return args

    return check


def _number(value: str, line: int, low: int = 0, high: int = 10**9) -> str:
    if not _NUMBER.fullmatch(value) or not low <= int(value) <= high:
        raise _error(line, f"{_shown(value)} is not a number from {low} to {high}")
    return str(int(value))


def _numbers(name: str, low: int, high: int, lo: int = 0, hi: int = 10**9) -> Check:
    def check(args: tuple[str, ...], line: int) -> tuple[str, ...]:
        _arity(args, line, low, high, name)
        return tuple(_number(a, line, lo, hi) for a in args)

    return check


def _choice(name: str, *choices: str, optional: bool = False) -> Check:
    def check(args: tuple[str, ...], line: int) -> tuple[str, ...]:
        _arity(args, line, 0 if optional else 1, 1, name)
        if args and args[0] not in choices:
            raise _error(line, f"{name} {_shown(args[0])} is not one of: {', '.join(choices)}")
        return args

    return check


def _flags(name: str, *choices: str) -> Check:
    def check(args: tuple[str, ...], line: int) -> tuple[str, ...]:
        _arity(args, line, 0, len(choices), name)
        for arg in args:
            if arg not in choices:
                raise _error(line, f"{name} {_shown(arg)} is not one of: {', '.join(choices)}")
        return args

    return check


def _ciphers(name: str) -> Check:
    def check(args: tuple[str, ...], line: int) -> tuple[str, ...]:
        _arity(args, line, 1, 1, name)
        if not _CIPHERS.fullmatch(args[0]):
            raise _error(line, f"{name} {_shown(args[0])} is not a cipher list")
        return args

    return check


def _text(value: str, line: int, limit: int = 200) -> str:
    if not value or len(value) > limit or not value.isprintable():
        raise _error(line, f"{_shown(value)} is not a short line of printable text")
    return value


def host(value: str, line: int) -> str:
    """A host name or an IP address (no zone index), as OpenVPN and the helper accept it."""
    if value.isascii() and "%" not in value:
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            pass
    if not _HOSTNAME.fullmatch(value):
        raise _error(line, f"{_shown(value)} is not a host name or IP address")
    return value


def port(value: str, line: int) -> str:
    return _number(value, line, 1, 65535)


def proto(value: str, line: int) -> str:
    if value.lower() not in _PROTOS:
        raise _error(line, f"{_shown(value)} is not a client protocol (udp or tcp)")
    return value.lower()


def _check_remote(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    _arity(args, line, 1, 3, "remote")
    checked = [host(args[0], line)]
    if len(args) > 1:
        checked.append(port(args[1], line))
    if len(args) > 2:
        checked.append(proto(args[2], line))
    return tuple(checked)


def _check_proto(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    _arity(args, line, 1, 1, "proto")
    return (proto(args[0], line),)


def _check_port(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    _arity(args, line, 1, 1, "port")
    return (port(args[0], line),)


def _check_dev(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    _arity(args, line, 1, 1, "dev")
    if not re.fullmatch(r"tun[0-9]{0,3}", args[0], re.ASCII):
        raise _error(line, f"dev {_shown(args[0])}: only a tun device is supported")
    return args


def _check_resolv_retry(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    _arity(args, line, 1, 1, "resolv-retry")
    return args if args[0] == "infinite" else (_number(args[0], line),)


def _check_verify_name(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    _arity(args, line, 1, 2, "verify-x509-name")
    if len(args) == 2 and args[1] not in {"subject", "name", "name-prefix"}:
        raise _error(line, f"verify-x509-name type {_shown(args[1])} is not subject, name or name-prefix")
    return (_text(args[0], line), *args[1:])


def _check_tls_version(name: str) -> Check:
    def check(args: tuple[str, ...], line: int) -> tuple[str, ...]:
        _arity(args, line, 1, 2, name)
        if args[0] not in {"1.0", "1.1", "1.2", "1.3"}:
            raise _error(line, f"{name} {_shown(args[0])} is not a TLS version")
        if len(args) == 2 and args[1] != "or-highest":
            raise _error(line, f"{name} takes a version and optionally “or-highest”")
        return args

    return check


def _check_static_challenge(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    _arity(args, line, 2, 3, "static-challenge")
    if args[1] not in {"0", "1"} or (len(args) == 3 and args[2] not in {"scrv1", "concat"}):
        raise _error(line, "static-challenge takes a text, 0 or 1 for echo, and optionally scrv1 or concat")
    return (_text(args[0], line), *args[1:])


def _check_pull_filter(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    _arity(args, line, 2, 2, "pull-filter")
    if args[0] not in {"accept", "ignore", "reject"}:
        raise _error(line, "pull-filter takes accept, ignore or reject and a text")
    return (args[0], _text(args[1], line))


_ROUTE_GATEWAYS = frozenset({"vpn_gateway", "net_gateway", "remote_host"})


def _address(value: str, line: int, version: int | None = None) -> str:
    try:
        if not value.isascii() or "%" in value:
            raise ValueError(value)
        address = ipaddress.ip_address(value)
    except ValueError:
        raise _error(line, f"{_shown(value)} is not an IP address") from None
    if version is not None and address.version != version:
        raise _error(line, f"{_shown(value)} is not an IPv{version} address")
    return str(address)


def _check_route(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    _arity(args, line, 1, 4, "route")
    checked = [args[0] if args[0] in _ROUTE_GATEWAYS else _address(args[0], line, 4)]
    if len(args) > 1:
        checked.append("default" if args[1] == "default" else _address(args[1], line, 4))
    if len(args) > 2:
        checked.append(args[2] if args[2] in _ROUTE_GATEWAYS | {"default"} else _address(args[2], line, 4))
    if len(args) > 3:
        checked.append(_number(args[3], line, 0, 65535))
    return tuple(checked)


def _check_route_ipv6(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    _arity(args, line, 1, 3, "route-ipv6")
    try:
        if not args[0].isascii() or "%" in args[0]:
            raise ValueError(args[0])
        network = str(ipaddress.IPv6Network(args[0], strict=False))
    except ValueError:
        raise _error(line, f"{_shown(args[0])} is not an IPv6 network") from None
    checked = [network]
    if len(args) > 1:
        checked.append(args[1] if args[1] in _ROUTE_GATEWAYS | {"default"} else _address(args[1], line, 6))
    if len(args) > 2:
        checked.append(_number(args[2], line, 0, 65535))
    return tuple(checked)


_DHCP_ADDRESS = frozenset({"DNS", "DNS6", "WINS", "NBDD", "NTP"})
_DHCP_DOMAIN = frozenset({"DOMAIN", "DOMAIN-SEARCH", "ADAPTER_DOMAIN_SUFFIX"})


def _check_dhcp_option(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    _arity(args, line, 1, 2, "dhcp-option")
    kind = args[0]
    if kind == "DISABLE-NBT" and len(args) == 1:
        return args
    if len(args) == 2 and kind in _DHCP_ADDRESS:
        return (kind, _address(args[1], line))
    if len(args) == 2 and kind in _DHCP_DOMAIN:
        if not _HOSTNAME.fullmatch(args[1]):
            raise _error(line, f"{_shown(args[1])} is not a domain name")
        return args
    if len(args) == 2 and kind == "NBT" and args[1] in {"1", "2", "4", "8"}:
        return args
    raise _error(line, f"dhcp-option {_shown(kind)} is not a supported option")


def _check_setenv(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    """``setenv`` only sets variables for scripts and plugins (none run) and for ``push-peer-info``;
    the names Access Server and eduVPN use are allowed, nothing else."""
    if not args:
        raise _error(line, "setenv takes a name and a value")
    name = args[0]
    if name == "FORWARD_COMPATIBLE" and len(args) == 2 and args[1] in {"0", "1"}:
        return args
    if name == "PUSH_PEER_INFO" and len(args) <= 2:
        return (name, *(_text(a, line) for a in args[1:]))
    if _SETENV_NAME.fullmatch(name) and len(args) == 2:
        return (name, _text(args[1], line))
    raise RefusedDirectiveError(line=line, directive=f"setenv {name}"[:60])


def _check_redirect(name: str) -> Check:
    return _flags(
        name, "def1", "local", "autolocal", "bypass-dhcp", "bypass-dns", "block-local", "ipv6", "!ipv4"
    )


def _check_compress(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    _arity(args, line, 0, 1, "compress")
    if args and args[0] not in {"stub", "stub-v2", "lz4", "lz4-v2", "lzo", "migrate"}:
        raise _error(line, f"compress {_shown(args[0])} is not a known algorithm")
    return args


def _check_remote_cert_ku(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    _arity(args, line, 0, 4, "remote-cert-ku")
    for arg in args:
        if not re.fullmatch(r"[0-9a-fA-F]{1,4}", arg):
            raise _error(line, f"remote-cert-ku {_shown(arg)} is not a hexadecimal key usage")
    return args


def _check_remote_cert_eku(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    _arity(args, line, 1, 1, "remote-cert-eku")
    if not re.fullmatch(r"[A-Za-z0-9. ]{1,64}", args[0]):
        raise _error(line, f"remote-cert-eku {_shown(args[0])} is not an OID or a usage name")
    return args


def _check_ignore_unknown(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    """Only names on this list: it can then only ever make OpenVPN skip a line Sluis allowed."""
    _arity(args, line, 1, MAX_TOKENS - 1, "ignore-unknown-option")
    for arg in args:
        if arg not in ALLOWED:
            raise _error(line, f"ignore-unknown-option {_shown(arg)} is not a directive Sluis allows")
    return args


def _check_connect_retry(args: tuple[str, ...], line: int) -> tuple[str, ...]:
    _arity(args, line, 1, 2, "connect-retry")
    return tuple(_number(a, line, 0, 86400) for a in args)


ALLOWED: dict[str, Allowed] = {
    # What kind of peer this is
    "client": Allowed("a client: pull settings from the server and act as TLS client", _none("client")),
    "tls-client": Allowed("the TLS client role (part of “client”)", _none("tls-client")),
    "pull": Allowed("accept the settings the server pushes (part of “client”)", _none("pull")),
    "dev": Allowed("a tun device; the name is always replaced by Sluis's own", _check_dev),
    "dev-type": Allowed("tun only (replaced by Sluis's own)", _choice("dev-type", "tun")),
    # How to reach the server
    "remote": Allowed("the server's host, port and transport", _check_remote, in_connection=True),
    "proto": Allowed("the default transport for remotes", _check_proto, in_connection=True),
    "port": Allowed("the default port for remotes", _check_port, in_connection=True),
    "rport": Allowed("the default server port for remotes", _check_port, in_connection=True),
    "remote-random": Allowed("try the remotes in random order", _none("remote-random")),
    "remote-random-hostname": Allowed("DNS cache busting", _none("remote-random-hostname")),
    "resolv-retry": Allowed("how long to retry resolving the server name", _check_resolv_retry),
    "connect-retry": Allowed("seconds between connection attempts", _check_connect_retry, in_connection=True),
    "connect-retry-max": Allowed(
        "how many connection attempts", _numbers("connect-retry-max", 1, 1, 1), in_connection=True
    ),
    "connect-timeout": Allowed(
        "TCP connect timeout", _numbers("connect-timeout", 1, 1, 1, 3600), in_connection=True
    ),
    "server-poll-timeout": Allowed(
        "when to give up on a remote and try the next",
        _numbers("server-poll-timeout", 1, 1, 1, 3600),
        in_connection=True,
    ),
    "explicit-exit-notify": Allowed(
        "tell the server when disconnecting (UDP)",
        _numbers("explicit-exit-notify", 0, 1, 0, 10),
        in_connection=True,
    ),
    "nobind": Allowed("use any local port", _none("nobind")),
    "float": Allowed("accept the server from another address (roaming)", _none("float")),
    "persist-key": Allowed("keep keys in memory across restarts", _none("persist-key")),
    "persist-tun": Allowed("keep the tun device across restarts", _none("persist-tun")),
    "persist-remote-ip": Allowed("keep the resolved address across restarts", _none("persist-remote-ip")),
    # Verifying the server
    "remote-cert-tls": Allowed(
        "the server's certificate must be a server's", _choice("remote-cert-tls", "server")
    ),
    "ns-cert-type": Allowed(
        "older profiles' form of remote-cert-tls (Netscape certificate type)",
        _choice("ns-cert-type", "server"),
    ),
    "remote-cert-ku": Allowed("key usage the server's certificate must have", _check_remote_cert_ku),
    "remote-cert-eku": Allowed(
        "extended key usage the server's certificate must have", _check_remote_cert_eku
    ),
    "verify-x509-name": Allowed("the server certificate's name", _check_verify_name),
    "tls-version-min": Allowed("the oldest TLS version accepted", _check_tls_version("tls-version-min")),
    "tls-version-max": Allowed("the newest TLS version used", _check_tls_version("tls-version-max")),
    "tls-cipher": Allowed("TLS 1.2 cipher list", _ciphers("tls-cipher")),
    "tls-ciphersuites": Allowed("TLS 1.3 cipher suites", _ciphers("tls-ciphersuites")),
    "tls-groups": Allowed("TLS key exchange groups", _ciphers("tls-groups")),
    "tls-cert-profile": Allowed(
        "certificate strength profile",
        _choice("tls-cert-profile", "insecure", "legacy", "preferred", "suiteb"),
    ),
    "tls-timeout": Allowed("TLS packet retransmit timeout", _numbers("tls-timeout", 1, 1, 1, 3600)),
    "hand-window": Allowed("TLS handshake window", _numbers("hand-window", 1, 1, 1, 3600)),
    "tran-window": Allowed("key transition window", _numbers("tran-window", 1, 1, 1, 86400)),
    "key-direction": Allowed("which half of the tls-auth key is ours", _choice("key-direction", "0", "1")),
    "auth": Allowed("the HMAC digest", _ciphers("auth")),
    "cipher": Allowed("the data cipher (older servers)", _ciphers("cipher")),
    "data-ciphers": Allowed("the data ciphers to negotiate", _ciphers("data-ciphers")),
    "data-ciphers-fallback": Allowed(
        "the data cipher of servers without negotiation", _ciphers("data-ciphers-fallback")
    ),
    "ncp-ciphers": Allowed("the old name of data-ciphers", _ciphers("ncp-ciphers")),
    "reneg-sec": Allowed("key renegotiation interval", _numbers("reneg-sec", 1, 2)),
    "reneg-bytes": Allowed("key renegotiation after bytes", _numbers("reneg-bytes", 1, 1)),
    "reneg-pkts": Allowed("key renegotiation after packets", _numbers("reneg-pkts", 1, 1)),
    # Logging in (asked through the management interface, never from a file)
    "auth-user-pass": Allowed(
        "ask for a username and password (Sluis asks; no file)", _none("auth-user-pass")
    ),
    "auth-nocache": Allowed("forget the password after use", _none("auth-nocache")),
    "auth-retry": Allowed(
        "what to do when the login is refused", _choice("auth-retry", "none", "nointeract", "interact")
    ),
    "static-challenge": Allowed("a one-time code asked with the password", _check_static_challenge),
    "push-peer-info": Allowed("send client version and UV_ variables to the server", _none("push-peer-info")),
    "setenv": Allowed("FORWARD_COMPATIBLE, PUSH_PEER_INFO and UV_* variables only", _check_setenv),
    # Routes and DNS (the server may push these too)
    "pull-filter": Allowed("ignore or reject pushed settings", _check_pull_filter),
    "redirect-gateway": Allowed("send all traffic through the VPN", _check_redirect("redirect-gateway")),
    "redirect-private": Allowed(
        "like redirect-gateway without the default route", _check_redirect("redirect-private")
    ),
    "route": Allowed("an IPv4 route into the VPN", _check_route),
    "route-ipv6": Allowed("an IPv6 route into the VPN", _check_route_ipv6),
    "route-metric": Allowed("the metric of VPN routes", _numbers("route-metric", 1, 1, 0, 65535)),
    "route-delay": Allowed("wait before adding routes", _numbers("route-delay", 0, 2, 0, 3600)),
    "route-nopull": Allowed("ignore routes the server pushes", _none("route-nopull")),
    "dhcp-option": Allowed("DNS servers and search domains", _check_dhcp_option),
    "block-outside-dns": Allowed("Windows: stop DNS leaks (ignored elsewhere)", _none("block-outside-dns")),
    "block-ipv6": Allowed("drop IPv6 outside the VPN", _none("block-ipv6")),
    "allow-pull-fqdn": Allowed("pushed routes may name hosts", _none("allow-pull-fqdn")),
    # Link tuning
    "tun-mtu": Allowed("the tunnel MTU", _numbers("tun-mtu", 1, 1, 576, 65535)),
    "tun-mtu-extra": Allowed("extra tun buffer room", _numbers("tun-mtu-extra", 1, 1, 0, 65535)),
    "mssfix": Allowed("clamp TCP segment size", _numbers("mssfix", 0, 1, 0, 65535)),
    "fragment": Allowed("fragment UDP packets", _numbers("fragment", 1, 1, 0, 65535)),
    "sndbuf": Allowed("socket send buffer", _numbers("sndbuf", 1, 1)),
    "rcvbuf": Allowed("socket receive buffer", _numbers("rcvbuf", 1, 1)),
    "keepalive": Allowed("ping and restart intervals", _numbers("keepalive", 2, 2, 0, 86400)),
    "ping": Allowed("ping interval", _numbers("ping", 1, 1, 0, 86400)),
    "ping-restart": Allowed("restart after silence", _numbers("ping-restart", 1, 1, 0, 86400)),
    "ping-exit": Allowed("exit after silence", _numbers("ping-exit", 1, 1, 0, 86400)),
    "ping-timer-rem": Allowed("ping only while connected", _none("ping-timer-rem")),
    "comp-lzo": Allowed(
        "legacy compression setting", _choice("comp-lzo", "yes", "no", "adaptive", optional=True)
    ),
    "compress": Allowed("compression framing (the server decides)", _check_compress),
    "allow-compression": Allowed("whether to compress", _choice("allow-compression", "no", "asym", "yes")),
    # Output
    "verb": Allowed("log detail", _numbers("verb", 1, 1, 0, 11)),
    "mute": Allowed("repeat-message limit", _numbers("mute", 1, 1)),
    "mute-replay-warnings": Allowed("quiet replay warnings", _none("mute-replay-warnings")),
    "ifconfig-nowarn": Allowed("quiet ifconfig mismatch warnings", _none("ifconfig-nowarn")),
    # Compatibility
    "ignore-unknown-option": Allowed(
        "generated profiles (openvpn-install) let an older OpenVPN skip newer directives; names on"
        " this list only",
        _check_ignore_unknown,
    ),
}

# Inline blocks a client profile carries; ``auth-user-pass`` and proxy credentials are not among
# them: Sluis asks for logins itself and hands them to OpenVPN through its management socket.
ALLOWED_BLOCKS: dict[str, str] = {
    "ca": "the certificate authority the server's certificate must chain to",
    "cert": "the client certificate",
    "key": "the client certificate's private key",
    "extra-certs": "intermediate certificates sent with the client certificate",
    "tls-auth": "HMAC key for the TLS control channel",
    "tls-crypt": "encryption key for the TLS control channel",
    "tls-crypt-v2": "the client's own tls-crypt-v2 key",
    "crl-verify": "revoked certificates",
    "pkcs12": "certificate and key as base64 PKCS#12",
}
# ``setenv opt X`` makes X optional (ignored when OpenVPN does not know it); only these may be
# (``tls-version-min 1.0 or-highest`` is how older Access Server profiles write it).
OPTIONAL_ALLOWED = frozenset({"block-outside-dns", "block-ipv6", "tls-version-min"})
# Known to OpenVPN on Windows only: elsewhere a bare line stops OpenVPN, so it is always written
# back as ``setenv opt``.
_WINDOWS_ONLY = frozenset({"block-outside-dns"})
# The device name the runner passes to ``render`` (never the profile's).
_DEVICE = re.compile(r"[A-Za-z0-9_-]{1,15}", re.ASCII)


# ---------------------------------------------------------------------------------------------------
# Reading


def tokenize(line: str, number: int) -> list[str]:
    """Split a line exactly as OpenVPN's ``parse_line`` does.

    ``#``/``;`` start a comment only where a token would start; ``"…"`` allows ``\\\\`` and ``\\"``
    escapes, ``'…'`` none; a quote opens only at a token's start and a closing quote ends the token;
    outside single quotes a backslash may escape only a backslash, a double quote or white space.
    """
    tokens: list[str] = []
    current: list[str] = []
    state = "initial"  # initial | plain | dquoted | squoted
    backslash = False
    for ch in line:
        if not backslash and ch == "\\" and state != "squoted":
            backslash = True
            continue
        out: str | None = None
        if state == "initial":
            if ch not in _SPACE:
                if ch in "#;":  # a comment, escaped or not (as in OpenVPN)
                    break
                if not backslash and ch == '"':
                    state = "dquoted"
                elif not backslash and ch == "'":
                    state = "squoted"
                else:
                    out, state = ch, "plain"
        elif state == "plain":
            if not backslash and ch in _SPACE:
                tokens.append("".join(current))
                current, state = [], "initial"
            else:
                out = ch
        elif state == "dquoted":
            if not backslash and ch == '"':
                tokens.append("".join(current))
                current, state = [], "initial"
            else:
                out = ch
        elif ch == "'":
            tokens.append("".join(current))
            current, state = [], "initial"
        else:
            out = ch
        if backslash and out is not None and not (out in '\\"' or out in _SPACE):
            raise _error(number, "a backslash may only escape a backslash, a quote or a space")
        backslash = False
        if out is not None:
            current.append(out)
    if backslash:
        raise _error(number, "the line ends in a backslash")
    if state in {"dquoted", "squoted"}:
        raise _error(number, "a quote is never closed")
    if state == "plain":
        tokens.append("".join(current))
    return tokens


def _lines(text: str) -> list[str]:
    if len(text) > MAX_PROFILE_CHARS:
        raise ConfigError(detail="the configuration is far too large")
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    checked = []
    for number, raw in enumerate(lines, start=1):
        line = raw.removesuffix("\r")
        if "\x00" in line:
            raise _error(number, "contains a NUL byte")
        if any((ord(ch) < 0x20 and ch != "\t") or ord(ch) == 0x7F for ch in line):
            raise _error(number, "contains a control character")
        if len(line.encode("utf-8", "surrogatepass")) > MAX_LINE:
            raise _error(number, f"is longer than {MAX_LINE} bytes")
        checked.append(line)
    return checked


def _directive(tokens: list[str], number: int, *, in_connection: bool) -> Directive:
    if len(tokens) > MAX_TOKENS:
        raise _error(number, f"has more than {MAX_TOKENS} words")
    name = tokens[0].removeprefix("--")  # OpenVPN drops a leading "--" in config files
    args = tuple(tokens[1:])
    optional = False
    if name == "setenv" and args and args[0] == "opt":
        if len(args) < 2:
            raise _error(number, "setenv opt names no directive")
        # No "--" is dropped here: OpenVPN would not know "--name" and skip the line.
        name, args, optional = args[1], args[2:], True
        if name not in OPTIONAL_ALLOWED:
            raise RefusedDirectiveError(line=number, directive=name[:60])
    allowed = ALLOWED.get(name)
    if allowed is None or (in_connection and not allowed.in_connection):
        raise RefusedDirectiveError(line=number, directive=name[:60])
    if any("\x00" in a for a in args):
        raise _error(number, "contains a NUL byte")
    # OpenVPN on Linux stops at a bare Windows-only directive; "setenv opt" makes it skip it.
    directive = Directive(name, allowed.check(args, number), number, optional or name in _WINDOWS_ONLY)
    if len(directive.render().encode("utf-8")) > MAX_LINE:  # quoting may lengthen a line
        raise _error(number, f"would be longer than {MAX_LINE} bytes when written back")
    return directive


def _check_block_content(name: str, lines: list[str], start: int) -> None:
    for offset, line in enumerate(lines, start=1):
        if not _BLOCK_LINE.fullmatch(line):
            raise _error(start + offset, f"the <{name}> block holds a character that is not key material")
        if len(line) > MAX_LINE:  # ASCII: characters are bytes (content may come from the keyring)
            raise _error(start + offset, f"is longer than {MAX_LINE} bytes")


def parse_profile(text: str) -> OpenVpnProfile:
    """The allowed model of an OpenVPN client profile. Raises ``ConfigError`` naming the line:
    ``RefusedDirectiveError`` for anything not in ``ALLOWED``/``ALLOWED_BLOCKS``."""
    lines = _lines(text)
    items: list[Item] = []
    index = 0
    while index < len(lines):
        number = index + 1
        tokens = tokenize(lines[index], number)
        index += 1
        if not tokens:
            continue
        if len(tokens) == 1 and len(tokens[0]) > 2 and tokens[0][0] == "<" and tokens[0][-1] == ">":
            tag = tokens[0][1:-1]
            body, index = _block_body(lines, index, tag, number)
            if tag == "connection":
                items.append(_connection(body, number))
            elif tag in ALLOWED_BLOCKS:
                if any(isinstance(i, InlineBlock) and i.name == tag for i in items):
                    # OpenVPN would use the last one; the model keeps one of each, unambiguous.
                    raise _error(number, f"a second <{tag}> block")
                _check_block_content(tag, body, number)
                items.append(InlineBlock(tag, "\n".join(body), number))
            else:
                raise RefusedDirectiveError(line=number, directive=f"<{tag[:40]}>")
            continue
        if tokens[0].startswith("<"):
            raise _error(number, f"{_shown(tokens[0])} is not a block this configuration may hold")
        items.append(_directive(tokens, number, in_connection=False))
    profile = OpenVpnProfile(tuple(items))
    if not profile.remotes:
        raise ConfigError(detail="the OpenVPN configuration names no server (no “remote” line)")
    return profile


def _block_body(lines: list[str], index: int, tag: str, start: int) -> tuple[list[str], int]:
    """The lines up to ``</tag>``; OpenVPN ends a block at the first line that starts with it
    (after white space)."""
    if not _TAG.fullmatch(tag):
        raise _error(start, f"{_shown('<' + tag + '>')} is not a block this configuration may hold")
    close = f"</{tag}>"
    body: list[str] = []
    while index < len(lines):
        line = lines[index]
        index += 1
        stripped = line.lstrip(_SPACE)  # OpenVPN 2.6 skips leading white space before the tag
        if stripped.startswith(close):
            if stripped[len(close) :].strip(_SPACE):
                raise _error(index, f"text after {close}")
            return body, index
        body.append(line)
    raise _error(start, f"<{tag}> is never closed")


def _connection(body: list[str], start: int) -> ConnectionBlock:
    directives = []
    for offset, line in enumerate(body, start=1):
        tokens = tokenize(line, start + offset)
        if not tokens:
            continue
        if tokens[0].startswith("<"):
            raise _error(start + offset, f"a block inside <connection> from line {start}")
        directives.append(_directive(tokens, start + offset, in_connection=True))
    if sum(d.name == "remote" for d in directives) != 1:
        # OpenVPN uses only the last one; a second remote in a block is a mistake or a trick.
        raise _error(start, "a <connection> block must hold exactly one remote")
    return ConnectionBlock(tuple(directives), start)


# ---------------------------------------------------------------------------------------------------
# Writing and small helpers


def _quoted(value: str) -> str:
    """An argument as OpenVPN reads it back: bare when that is unambiguous, else double-quoted."""
    if value and value.isprintable() and not any(ch in "\"'\\#; " for ch in value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _defaults(directives: Iterable[Directive]) -> tuple[str | None, int | None]:
    """The ``proto`` and ``port`` that apply to remotes that do not say (the last one wins)."""
    proto_value: str | None = None
    port_value: int | None = None
    for directive in directives:
        if directive.name == "proto":
            proto_value = _PROTOS[directive.args[0]]
        elif directive.name in {"port", "rport"}:
            port_value = int(directive.args[0])
    return proto_value, port_value


def _resolve_remote(remote: Directive, proto_default: str | None, port_default: int | None) -> OpenVpnRemote:
    args = remote.args
    port_value = int(args[1]) if len(args) > 1 else port_default or 1194
    proto_value = _PROTOS[args[2]] if len(args) > 2 else proto_default or "udp"
    return OpenVpnRemote(args[0], port_value, proto_value)


def _connection_remote(
    block: ConnectionBlock, proto_default: str | None, port_default: int | None
) -> OpenVpnRemote:
    """The server of a ``<connection>`` block: OpenVPN starts from the top-level settings read so
    far and applies the block's lines in order, each overriding the one before."""
    host = ""
    proto_value, port_value = proto_default, port_default
    for directive in block.directives:
        args = directive.args
        if directive.name == "remote":
            host = args[0]
            if len(args) > 1:
                port_value = int(args[1])
            if len(args) > 2:
                proto_value = _PROTOS[args[2]]
        elif directive.name == "proto":
            proto_value = _PROTOS[args[0]]
        elif directive.name in {"port", "rport"}:
            port_value = int(args[0])
    return OpenVpnRemote(host, port_value or 1194, proto_value or "udp")
