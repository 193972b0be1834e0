"""Checks of every value the root helper is sent: allow-lists by shape, nothing taken on trust."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

_NETNS = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,62}", re.ASCII)
TUNNEL_ID = re.compile(r"[0-9a-f]{6}", re.ASCII)


class HelperError(Exception):
    """A refused or failed request; ``str()`` is one line, safe to log and to show (no keys)."""


def is_wireguard_key(value: object) -> bool:
    """Base64 of exactly 32 bytes (private, public and preshared keys alike)."""
    if not isinstance(value, str) or len(value) != 44 or not value.isascii():
        return False
    try:
        return len(base64.b64decode(value, validate=True)) == 32
    except (binascii.Error, ValueError):
        return False


def tunnel_id(value: object) -> str:
    if not isinstance(value, str) or not TUNNEL_ID.fullmatch(value):
        raise HelperError("invalid tunnel id")
    return value


def netns(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _NETNS.fullmatch(value):
        raise HelperError("invalid network namespace name")
    return value


def _ip(value: object, parse: Any, what: str) -> str:
    try:
        if not isinstance(value, str) or "%" in value or not value.isascii():
            raise ValueError(value)
        return str(parse(value))
    except ValueError:
        raise HelperError(f"invalid {what}") from None


def interface_address(value: object) -> str:
    return _ip(value, ipaddress.ip_interface, "interface address")


def network(value: object) -> str:
    return _ip(value, lambda v: ipaddress.ip_network(v, strict=False), "network")


def address(value: object) -> str:
    return _ip(value, ipaddress.ip_address, "address")


def integer(value: object, low: int, high: int, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise HelperError(f"invalid {what}")
    return value


def flag(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise HelperError(f"invalid {what}")
    return value


def string_list(value: object, what: str, limit: int = 256) -> list[object]:
    if not isinstance(value, list) or len(value) > limit:
        raise HelperError(f"invalid {what}")
    return value


@dataclass(frozen=True)
class WgPeerSpec:
    """What ``wg setconf`` needs for one peer (validated; the preshared key is a secret)."""

    public_key: str
    allowed_ips: tuple[str, ...]
    endpoint_host: str | None
    endpoint_port: int | None
    persistent_keepalive: int | None = None
    preshared_key: str | None = field(default=None, repr=False)

    @classmethod
    def from_json(cls, raw: object) -> WgPeerSpec:
        if not isinstance(raw, dict):
            raise HelperError("invalid peer")
        key = raw.get("public_key")
        if not is_wireguard_key(key):
            raise HelperError("invalid peer public key")
        assert isinstance(key, str)
        psk = raw.get("preshared_key")
        if psk is not None and not is_wireguard_key(psk):
            raise HelperError("invalid preshared key")
        host = raw.get("endpoint_host")
        port: int | None = None
        if host is not None:
            host = address(host)  # names are resolved before the privileged step
            port = integer(raw.get("endpoint_port"), 1, 65535, "port")
        keepalive = raw.get("persistent_keepalive")
        if keepalive is not None:
            keepalive = integer(keepalive, 0, 65535, "keepalive")
        allowed = string_list(raw.get("allowed_ips", []), "allowed IPs", 4096)
        return cls(key, tuple(network(a) for a in allowed), host, port, keepalive, psk)

    def to_json(self) -> dict[str, Any]:
        return {
            "public_key": self.public_key,
            "allowed_ips": list(self.allowed_ips),
            "endpoint_host": self.endpoint_host,
            "endpoint_port": self.endpoint_port,
            "persistent_keepalive": self.persistent_keepalive,
            "preshared_key": self.preshared_key,
        }


def wg_setconf_text(private_key: str, peers: Sequence[WgPeerSpec]) -> str:
    """The ``wg setconf`` input (``wg`` syntax, not wg-quick: no Address/DNS/MTU); it holds keys and
    goes to ``wg`` on stdin only, never to a file."""
    if not is_wireguard_key(private_key):
        raise HelperError("invalid private key")
    lines = ["[Interface]", f"PrivateKey = {private_key}"]
    for peer in peers:
        lines += ["[Peer]", f"PublicKey = {peer.public_key}"]
        if peer.preshared_key:
            lines.append(f"PresharedKey = {peer.preshared_key}")
        if peer.allowed_ips:
            lines.append("AllowedIPs = " + ", ".join(peer.allowed_ips))
        if peer.endpoint_host is not None:
            host = f"[{peer.endpoint_host}]" if ":" in peer.endpoint_host else peer.endpoint_host
            lines.append(f"Endpoint = {host}:{peer.endpoint_port}")
        if peer.persistent_keepalive:
            lines.append(f"PersistentKeepalive = {peer.persistent_keepalive}")
    return "\n".join(lines) + "\n"
