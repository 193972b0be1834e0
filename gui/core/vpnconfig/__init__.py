"""VPN configurations from ``/connect``: the server's text, what it says, and a client private key.

The parsers read untrusted text: every problem is a ``ConfigError`` naming the line, and directives
that would run programs or touch local files are refused outright, because a backend hands this text
to tools that run as root. ``model`` is the configuration as a whole and reads a ``/connect``
response by its ``Content-Type``; ``wireguard`` keeps only the keys a client needs (``PostUp`` & co.
refused); ``openvpn`` goes through the allow-listed model of ``gui.core.openvpn_profile``; ``lines``
holds what the parsers share. The names below are the package's interface.
"""

from gui.core.openvpn_profile import OpenVpnRemote
from gui.core.vpnconfig.lines import Endpoint, IPAddress, IPInterface, IPNetwork
from gui.core.vpnconfig.model import MAX_CONFIG_BYTES, VpnConfig, parse_config
from gui.core.vpnconfig.openvpn import OpenVpnConfig, parse_openvpn
from gui.core.vpnconfig.wireguard import (
    WireGuardConfig,
    WireGuardInterface,
    WireGuardPeer,
    parse_wireguard,
    render_wireguard,
    via_local_proxy,
    with_private_key,
)

__all__ = [
    "MAX_CONFIG_BYTES",
    "Endpoint",
    "IPAddress",
    "IPInterface",
    "IPNetwork",
    "OpenVpnConfig",
    "OpenVpnRemote",
    "VpnConfig",
    "WireGuardConfig",
    "WireGuardInterface",
    "WireGuardPeer",
    "parse_config",
    "parse_openvpn",
    "parse_wireguard",
    "render_wireguard",
    "via_local_proxy",
    "with_private_key",
]
