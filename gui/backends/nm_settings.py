"""NetworkManager settings for a configuration: pure translation, unit-tested without a bus.

What NetworkManager gets is what the parsed models hold, nothing else. WireGuard's private key is a
secret of the connection (NetworkManager keeps it in memory); for OpenVPN, whose plugin reads key
*files*, the client key is written encrypted (PKCS#8, a fresh random passphrase) and the passphrase
travels as the ``cert-pass`` secret. The profile's ``default_gateway`` becomes ``never-default``;
the DNS servers and domains are the direct backends' (``gui.backends.dns``: the WireGuard ``DNS =``
line and ``dns_search_domain_list``; OpenVPN's pushed ones are applied by the NetworkManager plugin
itself), and a default-gateway tunnel gets eduVPN's exclusive DNS (priority INT_MIN, routing domain
``~.``). The D-Bus side is ``gui.backends.networkmanager``.
"""

from __future__ import annotations

import getpass
import ipaddress
import os
import secrets
import socket
import struct
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gui.backends.base import TunnelSetupError
from gui.backends.dns import DnsSettings, for_wireguard
from gui.backends.wireguard import full_tunnel, resolve_endpoint
from gui.core.openvpn_profile import Directive, OpenVpnProfile, parse_profile
from gui.core.profiles import Profile
from gui.core.vpnconfig import WireGuardConfig

OPENVPN_SERVICE = "org.freedesktop.NetworkManager.openvpn"
DNS_EXCLUSIVE_PRIORITY = -2147483648


class NetworkManagerError(TunnelSetupError):
    pass


def encrypt_private_key(key_pem: str, passphrase: str) -> str:
    """The client key as encrypted PKCS#8: what lands in the runtime dir is useless without the
    passphrase, which only NetworkManager gets (as a secret, in memory)."""
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(key_pem.encode(), password=None)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode()),
    ).decode()


@dataclass(frozen=True)
class NmOpenVpn:
    """``vpn.data``, ``vpn.secrets`` and the files the plugin reads (name → content, key encrypted)."""

    data: dict[str, str]
    secrets: dict[str, str] = field(repr=False)
    files: dict[str, str] = field(repr=False)


def openvpn_settings(text: str, directory: Path) -> NmOpenVpn:
    """NetworkManager-openvpn's ``vpn.data`` for an OpenVPN profile, read through the allow-listed
    model (``gui.core.openvpn_profile``): what NM gets is what the model holds, nothing else."""
    profile = parse_profile(text)
    files: dict[str, str] = {}
    data: dict[str, str] = {"connection-type": "tls", "dev-type": "tun"}
    secret_values: dict[str, str] = {}
    data["remote"] = ", ".join(f"{r.host}:{r.port}:{r.proto}" for r in profile.remotes)
    blocks = profile.blocks
    if "pkcs12" in blocks:
        raise NetworkManagerError("a PKCS#12 profile is not supported by the NetworkManager backend")
    for name in ("ca", "cert", "extra-certs", "tls-crypt", "tls-auth", "tls-crypt-v2"):
        if name in blocks:
            path = directory / f"{name}.pem"
            files[str(path)] = blocks[name] + "\n"
            data[name] = str(path)
    if "crl-verify" in blocks:
        path = directory / "crl.pem"
        files[str(path)] = blocks["crl-verify"] + "\n"
        data["crl-verify-file"] = str(path)
    if "key" in blocks:
        passphrase = secrets.token_urlsafe(24)
        path = directory / "key.pem"
        files[str(path)] = encrypt_private_key(blocks["key"], passphrase)
        data["key"] = str(path)
        data["cert-pass-flags"] = "0"
        secret_values["cert-pass"] = passphrase
    simple = {
        "remote-cert-tls": "remote-cert-tls",
        "tls-version-min": "tls-version-min",
        "data-ciphers": "data-ciphers",
        "cipher": "cipher",
        "auth": "auth",
        "tls-cipher": "tls-cipher",
        "reneg-sec": "reneg-seconds",
        "server-poll-timeout": "connect-timeout",
        "tun-mtu": "tunnel-mtu",
        "key-direction": "ta-dir",
    }
    for directive, key in simple.items():
        found = _last(profile, directive)
        if found is not None and found.args:
            data[key] = found.args[0]
    if "tls-auth" in data and "ta-dir" not in data:
        data["ta-dir"] = "1"
    verify = _last(profile, "verify-x509-name")
    if verify is not None:
        kind = verify.args[1] if len(verify.args) > 1 else "subject"
        data["verify-x509-name"] = f"{kind}:{verify.args[0]}"
    if profile.auth_user_pass:
        data["connection-type"] = "password-tls"
        data["password-flags"] = "2"  # asked from the user's agent each time
    return NmOpenVpn(data, secret_values, files)


def _last(profile: OpenVpnProfile, name: str) -> Directive | None:
    """The top-level directive OpenVPN uses when a profile says it more than once: the last."""
    found = profile.directives(name)
    return found[-1] if found else None


def _ip_settings(
    profile: Profile,
    addresses: list[ipaddress.IPv4Interface | ipaddress.IPv6Interface] | None,
    dns: DnsSettings,
    version: int,
) -> dict[str, Any]:
    from dbus_fast import Variant

    settings: dict[str, Any] = {"never-default": Variant("b", not profile.default_gateway)}
    own = [a for a in (addresses or []) if a.version == version]
    if addresses is None:
        settings["method"] = Variant("s", "auto")
    elif own:
        settings["method"] = Variant("s", "manual")
        settings["address-data"] = Variant(
            "aa{sv}",
            [{"address": Variant("s", str(a.ip)), "prefix": Variant("u", a.network.prefixlen)} for a in own],
        )
    else:
        settings["method"] = Variant("s", "disabled")
        return settings
    servers = [ipaddress.ip_address(d) for d in dns.servers]
    if version == 4:
        values = [struct.unpack("=I", s.packed)[0] for s in servers if s.version == 4]
        if values:
            settings["dns"] = Variant("au", values)
    else:
        values6 = [s.packed for s in servers if s.version == 6]
        if values6:
            settings["dns"] = Variant("aay", values6)
    search = list(dns.domains)
    if dns.default_route:
        search.append("~.")  # all names through the tunnel's resolvers (no DNS leak)
        settings["dns-priority"] = Variant("i", DNS_EXCLUSIVE_PRIORITY)
    if search:
        settings["dns-search"] = Variant("as", search)
    return settings


def _connection_section(name: str, kind: str, ifname: str | None) -> dict[str, Any]:
    from dbus_fast import Variant

    section: dict[str, Any] = {
        "id": Variant("s", name),
        "uuid": Variant("s", str(uuid.uuid4())),
        "type": Variant("s", kind),
        "autoconnect": Variant("b", False),
    }
    if ifname:
        section["interface-name"] = Variant("s", ifname)
    if os.geteuid() != 0:
        section["permissions"] = Variant("as", [f"user:{getpass.getuser()}"])
    return section


# WireGuard over TCP: a rule before NetworkManager's own WireGuard rules (which send everything
# unmarked into the tunnel's table) looks the proxy's address up in the main table, so the proxy's
# TCP connection keeps the current path and never enters the tunnel it carries.
PROXY_RULE_PRIORITY = 1000
MAIN_TABLE = 254


def proxy_bypass_rule(address: str) -> dict[str, Any]:
    """One ``ipv4.routing-rules`` / ``ipv6.routing-rules`` entry: ``to <address> lookup main``."""
    from dbus_fast import Variant

    version = ipaddress.ip_address(address).version
    return {
        "family": Variant("i", socket.AF_INET if version == 4 else socket.AF_INET6),
        "priority": Variant("u", PROXY_RULE_PRIORITY),
        "to": Variant("s", address),
        "to-len": Variant("y", 32 if version == 4 else 128),
        "table": Variant("u", MAIN_TABLE),
    }


def wireguard_settings(
    config: WireGuardConfig, profile: Profile, ifname: str, proxy: tuple[str, int] | None = None
) -> dict[str, Any]:
    """A WireGuard connection; the private key is in it as a secret (NM keeps it in memory).

    With ``proxy`` (WireGuard over TCP: the proxy's address and the local proxy's port) the peer's
    endpoint is the local proxy on 127.0.0.1, and a routing rule keeps the proxy's address out of
    the tunnel (``proxy_bypass_rule``)."""
    from dbus_fast import Variant

    if config.interface.private_key is None:
        raise NetworkManagerError("the WireGuard configuration has no private key")
    peers = []
    for peer in config.peers:
        if proxy is not None:
            host, port = "127.0.0.1", proxy[1]
        elif peer.endpoint is None:
            raise NetworkManagerError("this WireGuard configuration has no UDP Endpoint")
        else:
            host, port = resolve_endpoint(peer.endpoint.host, peer.endpoint.port), peer.endpoint.port
        entry: dict[str, Any] = {
            "public-key": Variant("s", peer.public_key),
            "endpoint": Variant("s", f"[{host}]:{port}" if ":" in host else f"{host}:{port}"),
            "allowed-ips": Variant("as", [str(n) for n in peer.allowed_ips]),
            "persistent-keepalive": Variant("u", peer.persistent_keepalive or 25),
        }
        if peer.preshared_key:
            entry["preshared-key"] = Variant("s", peer.preshared_key)
            entry["preshared-key-flags"] = Variant("u", 0)
        peers.append(entry)
    wireguard: dict[str, Any] = {
        "private-key": Variant("s", config.interface.private_key),
        "private-key-flags": Variant("u", 0),
        "peers": Variant("aa{sv}", peers),
    }
    if config.interface.mtu:
        wireguard["mtu"] = Variant("u", config.interface.mtu)
    addresses = list(config.interface.addresses)
    dns = for_wireguard(config, profile, full_tunnel=full_tunnel(config))
    settings = {
        "connection": _connection_section(f"Sluis {profile.profile_id}", "wireguard", ifname),
        "wireguard": wireguard,
        "ipv4": _ip_settings(profile, addresses, dns, 4),
        "ipv6": _ip_settings(profile, addresses, dns, 6),
    }
    if proxy is not None:
        family = "ipv6" if ":" in proxy[0] else "ipv4"
        settings[family]["routing-rules"] = Variant("aa{sv}", [proxy_bypass_rule(proxy[0])])
    return settings


def openvpn_connection(nm: NmOpenVpn, profile: Profile) -> dict[str, Any]:
    from dbus_fast import Variant

    # The servers (and pushed domains) come from OpenVPN's push, which the plugin applies itself.
    dns = DnsSettings((), profile.dns_search_domains, profile.default_gateway)
    return {
        "connection": _connection_section(f"Sluis {profile.profile_id}", "vpn", None),
        "vpn": {
            "service-type": Variant("s", OPENVPN_SERVICE),
            "data": Variant("a{ss}", nm.data),
            "secrets": Variant("a{ss}", nm.secrets),
        },
        "ipv4": _ip_settings(profile, None, dns, 4),
        "ipv6": _ip_settings(profile, None, dns, 6),
    }
