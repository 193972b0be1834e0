"""A configuration from ``/connect``: the server's text, its parsed view, and when it expires.

The server picks the protocol; the response ``Content-Type`` says which one it picked (a real server
falls back silently), so the body is read by its type, never by what was asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from gui.core.apierrors import clean_server_text
from gui.core.errors import ConfigError, ServerResponseError
from gui.core.protocols import PROTOCOL_BY_MEDIA_TYPE, Protocol
from gui.core.vpnconfig.openvpn import OpenVpnConfig, parse_openvpn
from gui.core.vpnconfig.wireguard import WireGuardConfig, parse_wireguard, with_private_key

# A configuration is a few kilobytes; a split-tunnel one with many routes stays far below this.
MAX_CONFIG_BYTES = 1024 * 1024


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
