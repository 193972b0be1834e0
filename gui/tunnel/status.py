"""What a tunnel owner reports: one status for the window, ``sluis status`` and the control API,
and the one state file that outlives the owner (so a vanished owner reads as a failure)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gui.backends.base import TunnelState, pid_alive
from gui.core.jsonlimits import JsonInputError, loads_limited
from gui.core.paths import AppPaths, write_private
from gui.core.protocols import Protocol

if TYPE_CHECKING:  # annotations only (``sluis status`` reads this module)
    from datetime import datetime

    from gui.core.profiles import Profile


class SessionEnd(StrEnum):
    """Why the VPN session is over although nobody pressed Disconnect."""

    EXPIRED = "expired"  # ``Expires`` of /connect has passed: the server has revoked the config
    REVOKED = "revoked"  # the authorization is gone (a refresh was refused): log in again


@dataclass(frozen=True)
class TunnelStatus:
    """No secrets: no configuration text, no keys, no login."""

    state: TunnelState = TunnelState.DISCONNECTED
    server: str | None = None
    profile: Profile | None = field(default=None, compare=False)
    protocol: Protocol | None = None
    addresses: tuple[str, ...] = ()
    expires: datetime | None = None
    connected_since: datetime | None = None
    transport: str | None = None
    backend: str | None = None
    # The last failure, in words for the user.
    reason: str | None = None
    ended: SessionEnd | None = None
    # Connected, but finding the server again after a resume or a network change.
    reconnecting: bool = False

    @property
    def active(self) -> bool:
        """A tunnel exists or is being made: a second one must not be started."""
        return self.state in (TunnelState.CONNECTING, TunnelState.CONNECTED, TunnelState.DISCONNECTING)

    def to_json(self) -> dict[str, Any]:
        """``sluis status --json`` and the state file (the CLI contract's keys)."""
        return {
            "state": self.state.value,
            "server": self.server,
            "profile": self.profile.profile_id if self.profile is not None else None,
            # The profile's name as the server gives it (one text, or text per language tag).
            "profile_name": _display_name(self.profile),
            "protocol": self.protocol.value if self.protocol is not None else None,
            "addresses": list(self.addresses),
            "expires": self.expires.isoformat() if self.expires else None,
            "connected_since": self.connected_since.isoformat() if self.connected_since else None,
            "backend": self.backend,
            "transport": self.transport,
            "reason": self.reason,
            "ended": self.ended.value if self.ended else None,
            "reconnecting": self.reconnecting,
        }


@dataclass
class StateFile:
    """``tunnel.json`` in the state folder, written by the owner on every change (0600, no secrets)."""

    path: Path

    def write(self, status: TunnelStatus) -> None:
        data = status.to_json()
        data["pid"] = os.getpid()
        write_private(self.path, json.dumps(data, indent=2) + "\n")

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def read(self) -> dict[str, Any] | None:
        """What the last owner wrote; a tunnel whose owner is gone is reported ``failed``."""
        try:
            raw = loads_limited(self.path.read_bytes(), max_bytes=64 * 1024, max_depth=4)
        except (OSError, JsonInputError):
            return None
        if not isinstance(raw, dict):
            return None
        if raw.get("state") not in (
            TunnelState.DISCONNECTED.value,
            TunnelState.FAILED.value,
        ) and not pid_alive(raw.get("pid")):
            raw["state"] = TunnelState.FAILED.value
            raw["reason"] = "the Sluis process that held the tunnel is no longer running"
        raw.pop("pid", None)
        return raw


def state_file(paths: AppPaths) -> StateFile:
    """The one state file of a Sluis home (``state/tunnel.json``)."""
    return StateFile(paths.state_dir / "tunnel.json")


def _display_name(profile: Profile | None) -> str | dict[str, str] | None:
    if profile is None:
        return None
    name = profile.display_name
    return name if isinstance(name, str) else dict(name)
