"""What the last ``/connect`` gave, kept between runs, and the offline status built from it.

Apart from ``service`` so that ``sluis status`` with no Sluis running reads two small files without
loading the HTTP/OAuth stack or an event loop (see the CLI's import budget in
``tests/test_import_guard.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class LastSession:
    """What the last ``/connect`` gave, kept between runs (no secrets: no config text, no keys)."""

    server: str
    profile: str
    protocol: str
    expires: str | None
    started_at: float | None

    @classmethod
    def load(cls, path: Path) -> LastSession | None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                str(raw["server"]),
                str(raw["profile"]),
                str(raw["protocol"]),
                raw.get("expires"),
                raw.get("started_at"),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None


def offline_status(
    last: LastSession | None, servers: Iterable[str], persistent_keyring: bool | None
) -> dict[str, Any]:
    """The status with no tunnel up: the last configuration obtained, the servers, where logins live
    (``None``: not asked, so no ``keyring`` field; the question costs a D-Bus round trip)."""
    status: dict[str, Any] = {"state": "disconnected"}
    if last is not None:
        status["last_config"] = {
            "server": last.server,
            "profile": last.profile,
            "protocol": last.protocol,
            "expires": last.expires,
        }
    status["servers"] = list(servers)
    if persistent_keyring is not None:
        status["keyring"] = "keyring" if persistent_keyring else "memory"
    return status
