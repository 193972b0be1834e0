"""Which backends this machine has, and the one to use: ``pick_backend(name=None)``.

The choice order per platform is the order in ``_PREFERENCE``: NetworkManager first on Linux
desktops (the tunnel then belongs to the system and outlives Sluis), the direct ``wg``/``openvpn``
backend where NetworkManager does not run. ``--backend NAME`` or the ``backend`` setting overrides.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gui.backends.base import (
    Backend,
    BackendOptions,
    Capabilities,
    CredentialsCallback,
    TunnelEvent,
    TunnelState,
)
from gui.core.errors import SluisError
from gui.core.i18n import QT_TRANSLATE_NOOP
from gui.core.profiles import Profile
from gui.core.protocols import Protocol

if TYPE_CHECKING:  # configurations arrive with a connect; parsing them is not the start's business
    from gui.core.vpnconfig import VpnConfig


class DirectBackend(Backend):
    """Linux without NetworkManager: WireGuard and OpenVPN backends behind one name, by protocol."""

    name = "direct"

    def __init__(self, options: BackendOptions | None = None) -> None:
        from gui.backends.openvpn import LinuxOpenVpnBackend
        from gui.backends.wireguard import LinuxWireGuardBackend, kernel_has_wireguard

        super().__init__()
        self.options = options or BackendOptions()
        self.children: dict[Protocol, Backend] = {}
        if shutil.which("wg") and (shutil.which("wireguard-go") or kernel_has_wireguard()):
            wireguard = LinuxWireGuardBackend(self.options)
            # One backend for both WireGuard transports (over TCP through its own ProxyGuard client).
            self.children[Protocol.WIREGUARD] = self.children[Protocol.WIREGUARD_TCP] = wireguard
        if shutil.which("openvpn"):
            self.children[Protocol.OPENVPN] = LinuxOpenVpnBackend(self.options)
        self.active: Backend | None = None
        for child in self._distinct():
            child.subscribe(self._forward(child))

    def _distinct(self) -> list[Backend]:
        return list({id(child): child for child in self.children.values()}.values())

    def _forward(self, child: Backend) -> Callable[[TunnelEvent], None]:
        def forward(event: TunnelEvent) -> None:
            if child is self.active:
                self._emit(event)

        return forward

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(
            frozenset(self.children),
            notes=tuple(n for c in self._distinct() for n in c.capabilities.notes),
        )

    def _child(self, config: VpnConfig) -> Backend:
        child = self.children.get(config.protocol)
        if child is None:
            raise SluisError(
                QT_TRANSLATE_NOOP("Errors", "This computer cannot run {protocol} connections."),
                protocol=config.protocol.value,
            )
        return child

    async def up(self, config: VpnConfig, profile: Profile) -> None:
        self.active = self._child(config)
        await self.active.up(config, profile)

    async def down(self) -> None:
        if self.active is not None:
            await self.active.down()

    async def reconnect(self, config: VpnConfig, profile: Profile, *, reason: str | None = None) -> None:
        self.active = self._child(config)
        await self.active.reconnect(config, profile, reason=reason)

    async def _up(self, config: VpnConfig, profile: Profile) -> tuple[str, ...]:
        raise NotImplementedError  # up() is delegated whole

    async def _down(self) -> None:
        raise NotImplementedError

    async def cleanup_stale(self) -> None:
        for child in self._distinct():
            await child.cleanup_stale()

    def use_credentials(self, ask: CredentialsCallback) -> None:
        for child in self._distinct():
            child.use_credentials(ask)

    async def counters(self) -> tuple[int, int] | None:
        return await self.active.counters() if self.active else None

    @property
    def gateway(self) -> str | None:
        return self.active.gateway if self.active else None

    async def ping_gateway(self, size: int = 56) -> bool:
        return await self.active.ping_gateway(size) if self.active else False

    @property
    def mtu(self) -> int:
        return self.active.mtu if self.active else super().mtu

    @property
    def transport(self) -> str | None:
        if self.active is None or self.state.state is not TunnelState.CONNECTED:
            return None
        return self.active.transport


def _networkmanager_running() -> bool:
    return Path("/run/NetworkManager").is_dir() and shutil.which("NetworkManager") is not None


@dataclass(frozen=True)
class BackendInfo:
    name: str
    # Whether it can run on this machine right now (tools installed, service running).
    available: bool
    factory: Callable[[BackendOptions], Backend]


def _networkmanager(options: BackendOptions) -> Backend:
    from gui.backends.networkmanager import NetworkManagerBackend

    return NetworkManagerBackend(options)


def _windows(options: BackendOptions) -> Backend:
    from gui.backends.windows import WindowsBackend

    return WindowsBackend(options)


def _macos(options: BackendOptions) -> Backend:
    from gui.backends.macos import MacOsBackend

    return MacOsBackend(options)


def _recording(options: BackendOptions) -> Backend:
    from gui.backends.recording import RecordingBackend

    return RecordingBackend()


_PREFERENCE: dict[str, tuple[str, ...]] = {
    "linux": ("networkmanager", "direct"),
    "win32": ("windows",),
    "darwin": ("macos",),
}


def available_backends(platform: str | None = None, *, bus_address: str | None = None) -> list[BackendInfo]:
    """Every backend Sluis knows for ``platform`` (default: this one), best first."""
    platform = platform or ("linux" if sys.platform.startswith("linux") else sys.platform)
    here = platform == ("linux" if sys.platform.startswith("linux") else sys.platform)
    checks: dict[str, tuple[bool, Callable[[BackendOptions], Backend]]] = {
        "networkmanager": (here and (bus_address is not None or _networkmanager_running()), _networkmanager),
        "direct": (here and bool(shutil.which("ip")), DirectBackend),
        "windows": (here and platform == "win32", _windows),
        "macos": (here and platform == "darwin", _macos),
    }
    infos = [BackendInfo(name, *checks[name]) for name in _PREFERENCE.get(platform, ())]
    infos.append(BackendInfo("recording", True, _recording))
    return infos


BACKEND_NAMES = ("networkmanager", "direct", "windows", "macos", "recording")


def pick_backend(name: str | None = None, options: BackendOptions | None = None) -> Backend:
    """The named backend, or the best available one for this platform.

    Raises ``SluisError`` for an unknown name, or when no real backend can run here (the recording
    backend is never picked by itself: it brings up no tunnel).
    """
    options = options or BackendOptions()
    infos = available_backends(bus_address=options.bus_address)
    if name:
        factories: dict[str, Callable[[BackendOptions], Backend]] = {
            "networkmanager": _networkmanager,
            "direct": DirectBackend,
            "windows": _windows,
            "macos": _macos,
            "recording": _recording,
        }
        if name not in factories:
            raise SluisError(
                QT_TRANSLATE_NOOP("Errors", "Unknown VPN backend “{name}”. Known: {known}"),
                name=name,
                known=", ".join(BACKEND_NAMES),
            )
        return factories[name](options)
    for info in infos:
        if info.available and info.name != "recording":
            backend = info.factory(options)
            if backend.capabilities.protocols:
                return backend
    raise SluisError(
        QT_TRANSLATE_NOOP(
            "Errors", "No VPN software found: install NetworkManager, or WireGuard tools and OpenVPN."
        )
    )


class UnavailableBackend(Backend):
    """Stands in when no VPN software is installed: the window still opens, lists servers and logs
    in, and connecting says plainly what is missing instead of pretending."""

    name = "unavailable"

    def __init__(self, error: SluisError) -> None:
        super().__init__()
        self.error = error

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(frozenset(), notes=(self.error.message,))

    async def _up(self, config: VpnConfig, profile: Profile) -> tuple[str, ...]:
        raise self.error

    async def _down(self) -> None:
        return None


def backend_for_app(name: str | None, *, demo: bool = False) -> Backend:
    """The window's backend: the recording one for ``--demo`` (its configs name hosts that do not
    exist), else the chosen or best one, else one that explains what is missing."""
    if demo:
        return _recording(BackendOptions())
    try:
        return pick_backend(name or None)
    except SluisError as exc:
        return UnavailableBackend(exc)
