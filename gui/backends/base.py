"""The one interface every platform backend implements.

The controller asks a backend what it can run (``capabilities``, which becomes the ``Accept``
header of ``/connect``), hands it a configuration, and follows its state through events. Backends
never talk to the VPN server's API: the controller does, and only when the user decides.
"""

from __future__ import annotations

import asyncio
import contextlib
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from enum import StrEnum

from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.vpnconfig import VpnConfig


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
    #: Why a tunnel failed, in words for the user (already translatable English).
    reason: str | None = None
    rx_bytes: int | None = None
    tx_bytes: int | None = None


@dataclass(frozen=True)
class Capabilities:
    protocols: frozenset[Protocol]
    #: Can the backend keep running after Sluis exits (NetworkManager, a service)?
    outlives_client: bool = False
    notes: tuple[str, ...] = field(default=())


Listener = Callable[[TunnelEvent], None]


class Backend(ABC):
    """Subclasses implement ``_up`` / ``_down``; events go out through ``_emit``."""

    name: str = "abstract"

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self.state = TunnelEvent(TunnelState.DISCONNECTED)

    @property
    @abstractmethod
    def capabilities(self) -> Capabilities: ...

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    async def events(self) -> AsyncIterator[TunnelEvent]:
        queue: asyncio.Queue[TunnelEvent] = asyncio.Queue()
        unsubscribe = self.subscribe(queue.put_nowait)
        try:
            while True:
                yield await queue.get()
        finally:
            unsubscribe()

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

    async def cleanup_stale(self) -> None:
        """Remove what a crashed run left behind (interfaces, connections, files)."""

    @abstractmethod
    async def _up(self, config: VpnConfig, profile: Profile) -> tuple[str, ...]: ...

    @abstractmethod
    async def _down(self) -> None: ...
