"""The control API over a ``TunnelSession``: what the background tunnel owner serves.

The window serves the same API through its controller (``ControllerTarget``), which drives the same
``TunnelSession``; so a request means the same thing whoever owns the tunnel.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from gui.backends.base import TunnelState
from gui.control.protocol import ConnectionState, ErrorCode, ProtocolError, Status, requested_protocol
from gui.control.server import ControlTarget, StatusBroadcaster, StatusListener
from gui.core.profile_secrets import GivenLogin
from gui.core.service import VpnService
from gui.core.urls import normalize_base_url
from gui.tunnel.session import TunnelSession
from gui.tunnel.status import TunnelStatus

_STATES = {
    TunnelState.DISCONNECTED: ConnectionState.DISCONNECTED,
    TunnelState.CONNECTING: ConnectionState.CONNECTING,
    TunnelState.CONNECTED: ConnectionState.CONNECTED,
    TunnelState.DISCONNECTING: ConnectionState.DISCONNECTING,
    TunnelState.FAILED: ConnectionState.ERROR,
}


def status_of(tunnel: TunnelStatus, controller: str | None = None) -> Status:
    """The API's status for a tunnel status (the extra keys are ``sluis status --json``'s)."""
    data = tunnel.to_json()
    extra = {
        k: data[k]
        for k in ("protocol", "addresses", "transport", "backend", "ended", "connected_since", "profile_name")
    }
    extra["reconnecting"] = data["reconnecting"]
    return Status(
        _STATES[tunnel.state],
        server=tunnel.server,
        profile=data["profile"],
        controller=controller if tunnel.active else None,
        error=tunnel.reason,
        expires=data["expires"],
        extra=extra,
    )


class SessionTarget(ControlTarget):
    """One operation at a time; a connect while another tunnel is up is refused ("Disconnect
    first"), the same connect again answers with the tunnel that is up."""

    def __init__(self, session: TunnelSession, service: VpnService) -> None:
        self.session = session
        self.service = service
        self._controller: str | None = None
        self._lock = asyncio.Lock()
        self._broadcast = StatusBroadcaster()
        self._last: Status | None = None
        session.subscribe(self._on_status)

    def _on_status(self, tunnel: TunnelStatus) -> None:
        """Subscribers see each state once (details that fill in while connecting come with the
        next state or on request)."""
        status = status_of(tunnel, self._controller)
        last = self._last
        key = (status.state, status.server, status.error)
        if last is None or key != (last.state, last.server, last.error):
            self._broadcast.emit(status)
        self._last = status

    def status(self) -> Status:
        return status_of(self.session.status, self._controller)

    def subscribe(self, listener: StatusListener) -> Callable[[], None]:
        return self._broadcast.subscribe(listener)

    async def connect(
        self,
        server: str,
        profile: str | None,
        controller: str,
        *,
        protocol: str | None = None,
        prefer_tcp: bool | None = None,
        login: GivenLogin | None = None,
    ) -> Status:
        requested = requested_protocol(protocol)
        async with self._lock:
            current = self.session.status
            if (
                current.state is TunnelState.CONNECTED
                and current.server == self._base_url(server)
                and (
                    profile is None or (current.profile is not None and current.profile.profile_id == profile)
                )
            ):
                return status_of(current, self._controller)  # asked again: it is up already
            # Another tunnel while one is up: refused (AlreadyConnectedError), never a second one.
            self._controller = controller
            # No one to ask here: a profile that needs a login it did not bring (and the keyring does
            # not keep) fails with CredentialsRequiredError, answered ``credentials_required``.
            up = await self.session.connect(
                server, profile, protocol=requested, prefer_tcp=prefer_tcp, credentials=login
            )
            return status_of(up, controller)

    def _base_url(self, server: str) -> str:
        """The server's key as the session names it (an imported profile's is no URL)."""
        entry = self.service.servers.find(server)
        return entry.base_url if entry is not None else normalize_base_url(server)

    async def disconnect(self, controller: str | None) -> Status:
        async with self._lock:
            down = await self.session.disconnect()
            self._controller = None
            return replace(status_of(down), controller=None)

    async def import_profile(self, source: str, confirmed: bool) -> dict[str, Any]:
        """Import only what the caller has confirmed: a headless owner has nobody to ask."""
        if not confirmed:
            raise ProtocolError(
                ErrorCode.NOT_SUPPORTED, "this Sluis has no window to ask in; confirm first (--yes)"
            )
        entry = await self.service.import_profile(source, lambda _source: True)
        return entry.to_json()
