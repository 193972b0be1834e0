"""NetworkManager over D-Bus (dbus-fast, pure-Python asyncio): WireGuard natively, OpenVPN through
the NetworkManager-openvpn plugin.

Connections are added with ``AddConnection2`` *in memory* (never saved to /etc), with the private
keys as secrets in the call (what the settings hold: ``gui.backends.nm_settings``); the encrypted
OpenVPN key file goes to the private runtime dir. The connection is deleted on disconnect.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
from collections.abc import Callable
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
from gui.backends.nm_settings import (
    NetworkManagerError,
    openvpn_connection,
    openvpn_settings,
    wireguard_settings,
)
from gui.backends.wireguard import kernel_has_wireguard, start_proxy
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.vpnconfig import VpnConfig

log = logging.getLogger(__name__)

NM = "org.freedesktop.NetworkManager"
NM_PATH = "/org/freedesktop/NetworkManager"
SETTINGS_PATH = "/org/freedesktop/NetworkManager/Settings"
ACTIVE_IFACE = "org.freedesktop.NetworkManager.Connection.Active"
# AddConnection2 flags: keep it in memory only, and do not let NM start it by itself.
IN_MEMORY, BLOCK_AUTOCONNECT = 0x2, 0x20

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

OPENVPN_PLUGIN_NAME_FILE = "/usr/lib/NetworkManager/VPN/nm-openvpn-service.name"


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
            # Over TCP too: Sluis's own ProxyGuard client, WireGuard's endpoint on 127.0.0.1.
            protocols |= {Protocol.WIREGUARD, Protocol.WIREGUARD_TCP}
        if Path(OPENVPN_PLUGIN_NAME_FILE).exists():
            protocols.add(Protocol.OPENVPN)
        return Capabilities(
            frozenset(protocols),
            notes=(
                "WireGuard needs the wireguard kernel module (NetworkManager cannot use wireguard-go)",
                "WireGuard over TCP through Sluis's own ProxyGuard client and a routing rule for the proxy",
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
        wireguard = config.protocol in (Protocol.WIREGUARD, Protocol.WIREGUARD_TCP)
        if wireguard and config.wireguard is not None:
            ifname = "slwg" + secrets.token_hex(3)
            proxy = None
            if config.protocol is Protocol.WIREGUARD_TCP:
                started = await start_proxy(config.wireguard, self.options.netns)
                self.proxy = started
                assert started.address is not None
                proxy = (started.address[0], started.local_port)
            try:
                settings = await asyncio.to_thread(
                    wireguard_settings, config.wireguard, profile, ifname, proxy
                )
            except BaseException:
                await self._teardown()
                raise
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
        if self._protocol is not Protocol.OPENVPN and not Path("/sys/module/wireguard").exists():
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
        await self._stop_proxy()

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
