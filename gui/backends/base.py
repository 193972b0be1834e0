"""The one interface every platform backend implements.

The controller asks a backend what it can run (``capabilities``, which becomes the ``Accept``
header of ``/connect``), hands it a configuration, and follows its state through events. Backends
never talk to the VPN server's API: the controller does, and only when the user decides.
"""

from __future__ import annotations

import contextlib
import os
import sys
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from gui.core.errors import TunnelError
from gui.core.paths import APP_DIR_NAME, ensure_private_dir
from gui.core.protocols import Protocol

if TYPE_CHECKING:
    # Annotations only: ``sluis status`` reads the tunnel state (``TunnelState``) through this module
    # and needs neither the configuration parsers nor an event loop.
    from gui.core.profiles import Profile
    from gui.core.vpnconfig import VpnConfig

if TYPE_CHECKING:  # only the type: the proxy's module is loaded by the backends that run one
    from gui.core.proxyguard import ProxyGuardClient


class TunnelSetupError(TunnelError):
    """A tunnel step failed; ``detail`` names the step in words for the user."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail=detail)

    @property
    def detail(self) -> str:
        return str(self.params["detail"])


class TunnelState(StrEnum):
    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    DISCONNECTING = "disconnecting"
    FAILED = "failed"


@dataclass(frozen=True)
class TunnelEvent:
    state: TunnelState
    addresses: tuple[str, ...] = ()
    # Why a tunnel failed, in words for the user (already translatable English).
    reason: str | None = None


@dataclass(frozen=True)
class Capabilities:
    protocols: frozenset[Protocol]
    notes: tuple[str, ...] = field(default=())


Listener = Callable[[TunnelEvent], None]

# Bringing a tunnel up or down must end; a backend that hangs becomes an error, not a stuck caller.
BACKEND_TIMEOUT = 60.0


@dataclass(frozen=True)
class CredentialRequest:
    """OpenVPN asks for a username/password (``auth-user-pass``), maybe with a static challenge."""

    kind: str  # "Auth" (the VPN login) or another OpenVPN password type, e.g. "Private Key"
    need_username: bool = True
    challenge: str | None = None  # the static-challenge text, shown to the user
    echo: bool = False  # whether the challenge answer may be shown while typed


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str = field(repr=False)
    challenge_response: str | None = field(default=None, repr=False)


# Asked when the VPN process needs a login; ``None`` cancels the connection.
CredentialsCallback = Callable[[CredentialRequest], Awaitable[Credentials | None]]


def default_runtime_dir() -> Path:
    """Where configs and control sockets live while a tunnel is up: private, and on tmpfs.

    Only the name: the temp-folder fallback (no ``XDG_RUNTIME_DIR``) is a name any local user can
    create first, so a backend uses the folder through ``private_runtime_dir``, never directly."""
    env = os.environ.get("SLUIS_RUNTIME_DIR")
    if env:
        return Path(env)
    if sys.platform.startswith("linux"):
        if os.geteuid() == 0:
            return Path("/run") / APP_DIR_NAME
        xdg = os.environ.get("XDG_RUNTIME_DIR")
        if xdg:
            return Path(xdg) / APP_DIR_NAME
    import tempfile

    return Path(tempfile.gettempdir()) / f"{APP_DIR_NAME}-{os.getuid() if hasattr(os, 'getuid') else 'user'}"


@dataclass(frozen=True)
class BackendOptions:
    """What a backend is told besides the configuration; every field has a working default."""

    runtime_dir: Path = field(default_factory=default_runtime_dir)
    # Run the tunnel inside this network namespace (tests, containers); ``None``: the current one.
    netns: str | None = None
    # Configure DNS for the tunnel (off in namespace tests: nothing may touch the host's resolv.conf).
    manage_dns: bool = True
    credentials: CredentialsCallback | None = None
    # NetworkManager: the system bus address (``None``: the standard one).
    bus_address: str | None = None
    # OpenVPN: seconds to wait for CONNECTED before reporting a failure.
    connect_timeout: float = 60.0
    # The root helper's own folder when Sluis runs as root in-process (tests); ``None``: /run/sluis.
    # A helper started through pkexec always uses /run/sluis and ignores this.
    helper_state_dir: Path | None = None


def private_runtime_dir(where: BackendOptions | Path | None = None) -> Path:
    """The runtime folder (``BackendOptions.runtime_dir``, a path, or ``default_runtime_dir()``),
    made or checked by ``ensure_private_dir`` each time it is about to be used. A folder another
    user made first, or a symbolic link, raises ``PrivateFolderError``: its records are never read
    and nothing in it is deleted (they could name any file on the system)."""
    if where is None:
        folder = default_runtime_dir()
    elif isinstance(where, BackendOptions):
        folder = where.runtime_dir
    else:
        folder = where
    return ensure_private_dir(folder)


def gateway_of(addresses: tuple[str, ...]) -> str | None:
    """The first host of the tunnel's IPv4 subnet (or IPv6 when there is no IPv4): the server's
    side of the tunnel, which answers pings on a working link."""
    import ipaddress

    interfaces = [ipaddress.ip_interface(a) for a in addresses if "/" in a]
    interfaces.sort(key=lambda i: i.version)
    for interface in interfaces:
        network = interface.network
        if network.num_addresses >= 4:
            first = next(network.hosts())
            if first != interface.ip:
                return str(first)
    return None


class Backend(ABC):
    """Subclasses implement ``_up`` / ``_down``; events go out through ``_emit``."""

    name: str = "abstract"

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self.state = TunnelEvent(TunnelState.DISCONNECTED)
        # WireGuard over TCP: the ProxyGuard client the running tunnel goes through.
        self.proxy: ProxyGuardClient | None = None

    @property
    @abstractmethod
    def capabilities(self) -> Capabilities: ...

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _emit(self, event: TunnelEvent) -> None:
        self.state = event
        for listener in list(self._listeners):
            with contextlib.suppress(Exception):
                listener(event)

    async def up(self, config: VpnConfig, profile: Profile) -> None:
        self._emit(TunnelEvent(TunnelState.CONNECTING))
        try:
            addresses = await self._up(config, profile)
        except Exception as exc:
            self._emit(TunnelEvent(TunnelState.FAILED, reason=str(exc)))
            raise
        self._emit(TunnelEvent(TunnelState.CONNECTED, addresses=addresses))

    async def down(self) -> None:
        if self.state.state is TunnelState.DISCONNECTED:
            return
        self._emit(TunnelEvent(TunnelState.DISCONNECTING))
        try:
            await self._down()
        finally:
            self._emit(TunnelEvent(TunnelState.DISCONNECTED))

    async def cleanup_stale(self) -> None:  # noqa: B027 - an optional hook; most backends need it
        """Remove what a crashed run left behind (interfaces, connections, files)."""

    def use_credentials(self, ask: CredentialsCallback) -> None:  # noqa: B027 - most backends never ask
        """Send this backend's login questions (OpenVPN's ``>PASSWORD`` prompts) to ``ask``, the
        tunnel owner's, unless it was built with a ``BackendOptions.credentials`` callback of its
        own. Backends that never ask for a login ignore it."""

    async def counters(self) -> tuple[int, int] | None:
        """Received and sent bytes of the tunnel now, or ``None`` when the backend cannot tell."""
        return None

    @property
    def gateway(self) -> str | None:
        """The in-tunnel address the failover check pings (``None``: no check possible)."""
        return gateway_of(self.state.addresses)

    async def ping_gateway(self, size: int = 56) -> bool:
        """One unprivileged ping of ``gateway`` (the ``ping`` binary: no raw socket in Sluis)."""
        import asyncio

        target = self.gateway
        if target is None:
            return True
        proc = await asyncio.create_subprocess_exec(
            "ping",
            "-n",
            "-q",
            "-c",
            "1",
            "-W",
            "1",
            "-s",
            str(size),
            target,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        return await proc.wait() == 0

    @property
    def mtu(self) -> int:
        """The tunnel MTU the failover check fills its probe to."""
        return 1280

    async def reconnect(self, config: VpnConfig, profile: Profile, *, reason: str | None = None) -> None:
        """Bring the tunnel down and up again with ``config`` (no API call: the same session).

        Listeners see CONNECTING then CONNECTED (or FAILED), never DISCONNECTED: the user did not
        disconnect."""
        self._emit(TunnelEvent(TunnelState.CONNECTING, reason=reason))
        try:
            await self._down()
            addresses = await self._up(config, profile)
        except Exception as exc:
            self._emit(TunnelEvent(TunnelState.FAILED, reason=str(exc)))
            raise
        self._emit(TunnelEvent(TunnelState.CONNECTED, addresses=addresses))

    async def rejoin(self) -> bool:
        """After a resume or a network change: make the running tunnel find its server again
        (WireGuard: endpoints re-resolved and re-set; OpenVPN: a restart of its connection), with
        the same configuration. ``False`` when this backend has nothing to do for that."""
        return False

    @property
    def transport(self) -> str | None:
        """``udp`` or ``tcp`` for the running tunnel, when the backend knows."""
        if self.state.state is not TunnelState.CONNECTED:
            return None
        return "tcp" if self.proxy is not None else "udp"

    async def _stop_proxy(self) -> None:
        """Close the WireGuard-over-TCP proxy, if this tunnel has one (with the tunnel)."""
        proxy, self.proxy = self.proxy, None
        if proxy is not None:
            await proxy.stop()

    @abstractmethod
    async def _up(self, config: VpnConfig, profile: Profile) -> tuple[str, ...]: ...

    @abstractmethod
    async def _down(self) -> None: ...


def pid_alive(pid: object) -> bool:
    """Whether a process (a tunnel's daemon, the supervisor) still runs; a zombie counts as gone."""
    if not isinstance(pid, int) or pid <= 1:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return True
