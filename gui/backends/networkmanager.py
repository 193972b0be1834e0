"""NetworkManager over D-Bus (dbus-fast, pure-Python asyncio): WireGuard natively, OpenVPN through
the NetworkManager-openvpn plugin.

Connections are added with ``AddConnection2`` *in memory* (never saved to /etc), with the private
keys as secrets in the call: WireGuard's ``private-key`` goes to NetworkManager only; for OpenVPN,
whose plugin reads key *files*, the client key is written encrypted (PKCS#8, a fresh random
passphrase) to the private runtime dir and the passphrase travels as the ``cert-pass`` secret. The
profile's ``default_gateway`` becomes ``never-default``; ``dns_search_domain_list`` and the DNS
servers are set on the connection, and a full tunnel gets eduVPN's exclusive DNS (priority
INT_MIN, routing domain ``~.``). The connection is deleted on disconnect.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import ipaddress
import logging
import os
import secrets
import struct
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gui.backends.base import (
    Backend,
    BackendOptions,
    Capabilities,
    TunnelEvent,
    TunnelSetupError,
    TunnelState,
    private_runtime_dir,
)
from gui.backends.wireguard import kernel_has_wireguard, resolve_endpoint
from gui.core.openvpn_profile import Directive, OpenVpnProfile, parse_profile
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.vpnconfig import VpnConfig, WireGuardConfig

log = logging.getLogger(__name__)

NM = "org.freedesktop.NetworkManager"
NM_PATH = "/org/freedesktop/NetworkManager"
SETTINGS_PATH = "/org/freedesktop/NetworkManager/Settings"
ACTIVE_IFACE = "org.freedesktop.NetworkManager.Connection.Active"
OPENVPN_SERVICE = "org.freedesktop.NetworkManager.openvpn"
# AddConnection2 flags: keep it in memory only, and do not let NM start it by itself.
IN_MEMORY, BLOCK_AUTOCONNECT = 0x2, 0x20
DNS_EXCLUSIVE_PRIORITY = -2147483648

ACTIVE_STATES = {0: "unknown", 1: "activating", 2: "activated", 3: "deactivating", 4: "deactivated"}
# NMActiveConnectionStateReason, for messages a user can act on.
REASONS = {
    1: "unknown reason",
    2: "no reason given",
    3: "the user disconnected",
    4: "the base network went down",
    5: "the VPN service stopped unexpectedly",
    6: "the VPN service returned an invalid configuration",
    7: "the connection attempt timed out",
    8: "the VPN service did not start in time",
    9: "the VPN service failed to start",
    10: "no valid VPN secrets",
    11: "the VPN login failed",
    12: "the connection was removed",
    13: "a dependency failed",
    14: "the device could not be realized",
    15: "the device was removed",
}


class NetworkManagerError(TunnelSetupError):
    pass


OPENVPN_PLUGIN_NAME_FILE = "/usr/lib/NetworkManager/VPN/nm-openvpn-service.name"


# ---------------------------------------------------------------------------------------------------
# Pure translation of configurations into NetworkManager settings (unit-tested without a bus)


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
    dns: list[str],
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
    servers = [ipaddress.ip_address(d) for d in dns]
    if version == 4:
        values = [struct.unpack("=I", s.packed)[0] for s in servers if s.version == 4]
        if values:
            settings["dns"] = Variant("au", values)
    else:
        values6 = [s.packed for s in servers if s.version == 6]
        if values6:
            settings["dns"] = Variant("aay", values6)
    search = list(profile.dns_search_domains)
    if profile.default_gateway:
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


def wireguard_settings(config: WireGuardConfig, profile: Profile, ifname: str) -> dict[str, Any]:
    """A WireGuard connection; the private key is in it as a secret (NM keeps it in memory)."""
    from dbus_fast import Variant

    if config.interface.private_key is None:
        raise NetworkManagerError("the WireGuard configuration has no private key")
    peers = []
    for peer in config.peers:
        if peer.endpoint is None:
            raise NetworkManagerError("WireGuard over TCP is not supported by the NetworkManager backend")
        host = resolve_endpoint(peer.endpoint.host, peer.endpoint.port)
        entry: dict[str, Any] = {
            "public-key": Variant("s", peer.public_key),
            "endpoint": Variant(
                "s", f"[{host}]:{peer.endpoint.port}" if ":" in host else f"{host}:{peer.endpoint.port}"
            ),
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
    dns = [str(d) for d in config.interface.dns_servers]
    return {
        "connection": _connection_section(f"Sluis {profile.profile_id}", "wireguard", ifname),
        "wireguard": wireguard,
        "ipv4": _ip_settings(profile, addresses, dns, 4),
        "ipv6": _ip_settings(profile, addresses, dns, 6),
    }


def openvpn_connection(nm: NmOpenVpn, profile: Profile) -> dict[str, Any]:
    from dbus_fast import Variant

    return {
        "connection": _connection_section(f"Sluis {profile.profile_id}", "vpn", None),
        "vpn": {
            "service-type": Variant("s", OPENVPN_SERVICE),
            "data": Variant("a{ss}", nm.data),
            "secrets": Variant("a{ss}", nm.secrets),
        },
        "ipv4": _ip_settings(profile, None, [], 4),
        "ipv6": _ip_settings(profile, None, [], 6),
    }


# ---------------------------------------------------------------------------------------------------
# The backend


class NetworkManagerBackend(Backend):
    name = "networkmanager"

    def __init__(self, options: BackendOptions | None = None) -> None:
        super().__init__()
        self.options = options or BackendOptions()
        self._bus: Any = None
        self.connection_path: str | None = None
        self.active_path: str | None = None
        self._files: list[Path] = []
        self._state_changed: asyncio.Queue[tuple[int, int]] = asyncio.Queue()
        self._handler: Callable[[Any], None] | None = None
        self._protocol: Protocol | None = None

    @property
    def capabilities(self) -> Capabilities:
        """WireGuard only with a kernel module (so the server is not asked for a config NM cannot
        run); OpenVPN only with the NetworkManager-openvpn plugin."""
        protocols: set[Protocol] = set()
        if kernel_has_wireguard():
            protocols.add(Protocol.WIREGUARD)
        if Path(OPENVPN_PLUGIN_NAME_FILE).exists():
            protocols.add(Protocol.OPENVPN)
        return Capabilities(
            frozenset(protocols),
            outlives_client=True,
            notes=(
                "WireGuard needs the wireguard kernel module (NetworkManager cannot use wireguard-go)",
                "no WireGuard over TCP (needs a ProxyGuard client)",
            ),
        )

    async def _connect_bus(self) -> Any:
        if self._bus is None:
            from dbus_fast import BusType
            from dbus_fast.aio import MessageBus

            self._bus = await MessageBus(
                bus_address=self.options.bus_address, bus_type=BusType.SYSTEM
            ).connect()
        return self._bus

    async def _call(
        self,
        path: str,
        interface: str,
        member: str,
        signature: str = "",
        body: list[Any] | None = None,
        destination: str = NM,
    ) -> list[Any]:
        from dbus_fast import Message, MessageType

        bus = await self._connect_bus()
        message = Message(
            destination=destination,
            path=path,
            interface=interface,
            member=member,
            signature=signature,
            body=body or [],
        )
        async with asyncio.timeout(30):  # not wait_for: 3.11's can lose a cancellation
            reply = await bus.call(message)
        if reply.message_type == MessageType.ERROR:
            detail = reply.body[0] if reply.body else reply.error_name
            raise NetworkManagerError(f"NetworkManager: {detail}")
        return list(reply.body)

    async def _get(self, path: str, interface: str, prop: str) -> Any:
        body = await self._call(path, "org.freedesktop.DBus.Properties", "Get", "ss", [interface, prop])
        return body[0].value

    async def _up(self, config: VpnConfig, profile: Profile) -> tuple[str, ...]:
        self._protocol = config.protocol
        if config.protocol is Protocol.WIREGUARD and config.wireguard is not None:
            ifname = "slwg" + secrets.token_hex(3)
            settings = await asyncio.to_thread(wireguard_settings, config.wireguard, profile, ifname)
        elif config.protocol is Protocol.OPENVPN:
            directory = private_runtime_dir(self.options) / ("nm-" + secrets.token_hex(4))
            directory.mkdir(mode=0o700)
            nm = await asyncio.to_thread(openvpn_settings, config.text, directory)
            for name, content in nm.files.items():
                fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as handle:
                    handle.write(content)
                self._files.append(Path(name))
            self._files.append(directory)
            settings = openvpn_connection(nm, profile)
        else:
            raise NetworkManagerError(f"NetworkManager cannot run {config.protocol.value} here")
        try:
            await self._subscribe()
            body = await self._call(
                SETTINGS_PATH,
                f"{NM}.Settings",
                "AddConnection2",
                "a{sa{sv}}ua{sv}",
                [settings, IN_MEMORY | BLOCK_AUTOCONNECT, {}],
            )
            self.connection_path = body[0]
            try:
                body = await self._call(
                    NM_PATH, NM, "ActivateConnection", "ooo", [self.connection_path, "/", "/"]
                )
            except NetworkManagerError as exc:
                raise self._explain(exc) from exc
            self.active_path = body[0]
            await self._wait_activated()
            for _ in range(40):  # the IP config object can follow the "activated" signal by a moment
                addresses = await self._addresses()
                if addresses:
                    return addresses
                await asyncio.sleep(0.05)
            return ()
        except BaseException:
            await self._teardown()
            raise

    def _explain(self, exc: Exception) -> NetworkManagerError:
        text = exc.detail if isinstance(exc, TunnelSetupError) else str(exc)
        if self._protocol is Protocol.WIREGUARD and not Path("/sys/module/wireguard").exists():
            return NetworkManagerError(
                "NetworkManager could not create the WireGuard interface: this computer has no WireGuard "
                f"kernel module (“wireguard”), and NetworkManager cannot use wireguard-go ({text})"
            )
        return NetworkManagerError(text)

    async def _subscribe(self) -> None:
        from dbus_fast import Message, MessageType

        bus = await self._connect_bus()
        rule = f"type='signal',sender='{NM}',interface='{ACTIVE_IFACE}',member='StateChanged'"
        await self._call(
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus",
            "AddMatch",
            "s",
            [rule],
            destination="org.freedesktop.DBus",
        )

        def handler(message: Message) -> None:
            if (
                message.message_type == MessageType.SIGNAL
                and message.interface == ACTIVE_IFACE
                and message.member == "StateChanged"
                and message.path == self.active_path
            ):
                state, reason = message.body
                self._state_changed.put_nowait((int(state), int(reason)))
                if self.state.state is TunnelState.CONNECTED and int(state) >= 3:
                    self._emit(
                        TunnelEvent(TunnelState.FAILED, reason=REASONS.get(int(reason), "deactivated"))
                    )

        if self._handler is None:
            self._handler = handler
            bus.add_message_handler(handler)

    async def _wait_activated(self) -> None:
        deadline = asyncio.get_running_loop().time() + self.options.connect_timeout
        assert self.active_path is not None
        with contextlib.suppress(NetworkManagerError):
            if int(await self._get(self.active_path, ACTIVE_IFACE, "State")) == 2:
                return
        while True:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise NetworkManagerError("NetworkManager did not finish connecting in time")
            try:
                async with asyncio.timeout(remaining):
                    state, reason = await self._state_changed.get()
            except TimeoutError:
                continue
            if state == 2:
                return
            if state == 4:
                message = REASONS.get(reason, f"reason {reason}")
                raise self._explain(NetworkManagerError(f"NetworkManager: the connection failed: {message}"))

    async def _addresses(self) -> tuple[str, ...]:
        assert self.active_path is not None
        found: list[str] = []
        for prop, iface in (("Ip4Config", "IP4Config"), ("Ip6Config", "IP6Config")):
            path = await self._get(self.active_path, ACTIVE_IFACE, prop)
            if path and path != "/":
                for entry in await self._get(path, f"{NM}.{iface}", "AddressData"):
                    address = entry["address"].value
                    if not address.startswith("fe80"):
                        found.append(f"{address}/{entry['prefix'].value}")
        return tuple(found)

    async def _down(self) -> None:
        await self._teardown()

    async def _teardown(self) -> None:
        if self.active_path is not None:
            with contextlib.suppress(NetworkManagerError, asyncio.TimeoutError):
                await self._call(NM_PATH, NM, "DeactivateConnection", "o", [self.active_path])
            self.active_path = None
        if self.connection_path is not None:
            with contextlib.suppress(NetworkManagerError, asyncio.TimeoutError):
                await self._call(self.connection_path, f"{NM}.Settings.Connection", "Delete")
            self.connection_path = None
        for path in self._files:  # files first, their directory last
            with contextlib.suppress(OSError):
                path.rmdir() if path.is_dir() else path.unlink()
        self._files = []

    async def cleanup_stale(self) -> None:
        """In-memory connections vanish with NetworkManager's restart; ours from a crashed run are
        found by their "Sluis " name and removed."""
        with contextlib.suppress(NetworkManagerError, asyncio.TimeoutError, OSError):
            paths = (await self._call(SETTINGS_PATH, f"{NM}.Settings", "ListConnections"))[0]
            for path in paths:
                if path == self.connection_path:
                    continue
                settings = (await self._call(path, f"{NM}.Settings.Connection", "GetSettings"))[0]
                name = settings.get("connection", {}).get("id")
                if name is not None and str(name.value).startswith("Sluis "):
                    await self._call(path, f"{NM}.Settings.Connection", "Delete")

    async def close(self) -> None:
        if self._bus is not None:
            self._bus.disconnect()
            self._bus = None
