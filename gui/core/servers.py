"""The user's servers: what was added, how (institute, secure internet, typed by hand), and the
last profile used. No secrets here: tokens live in the keyring (see ``tokens``)."""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gui.core.errors import StorageError, UnknownServerError
from gui.core.paths import write_private
from gui.core.urls import normalize_base_url

if TYPE_CHECKING:
    from gui.core.policy import Policy

log = logging.getLogger(__name__)


class ServerKind(StrEnum):
    INSTITUTE_ACCESS = "institute_access"
    SECURE_INTERNET = "secure_internet"
    CUSTOM = "custom"
    # An OpenVPN/WireGuard profile imported from a file or an Access Server token URL (no API v3).
    IMPORTED = "imported"


@dataclass
class ServerEntry:
    base_url: str
    kind: ServerKind = ServerKind.CUSTOM
    # A plain name or a language-keyed object from discovery; empty means "show the host".
    display_name: str | dict[str, str] = ""
    org_id: str | None = None
    last_profile: str | None = None
    added_at: float = field(default_factory=time.time)
    # Added from discovery, later gone from the list: kept, but marked.
    delisted: bool = False
    # Imported profiles only (``kind=IMPORTED``): the private copy's file name in the imports
    # folder, how it logs in (``gui.core.importers.ImportedKind``), and where it came from.
    profile_file: str | None = None
    profile_kind: str | None = None
    source_host: str | None = None
    # Secure Internet only: the base URL of the location (country) in use. The tokens stay those
    # of ``base_url``, the organization's home server, which serve every location.
    location: str | None = None

    @property
    def api_base_url(self) -> str:
        """Where the VPN API calls go: the chosen Secure Internet location, else the server."""
        return self.location or self.base_url

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data

    @classmethod
    def from_json(cls, raw: Any) -> ServerEntry | None:
        if not isinstance(raw, dict) or not isinstance(raw.get("base_url"), str):
            return None
        try:
            kind = ServerKind(raw.get("kind", ServerKind.CUSTOM))
        except ValueError:
            kind = ServerKind.CUSTOM
        name = raw.get("display_name", "")
        if not isinstance(name, str | dict):
            name = ""
        last = raw.get("last_profile")
        org = raw.get("org_id")
        added = raw.get("added_at")
        return cls(
            base_url=raw["base_url"],
            kind=kind,
            display_name=name,
            org_id=org if isinstance(org, str) else None,
            last_profile=last if isinstance(last, str) else None,
            added_at=float(added) if isinstance(added, int | float) else time.time(),
            delisted=bool(raw.get("delisted", False)),
            location=raw["location"] if isinstance(raw.get("location"), str) else None,
            **_imported_fields(raw),
        )


def _imported_fields(raw: dict[str, Any]) -> dict[str, str | None]:
    """The optional imported-profile fields, each kept only when it is a string."""
    names = ("profile_file", "profile_kind", "source_host")
    return {name: raw[name] if isinstance(raw.get(name), str) else None for name in names}


class ServerStore:
    """The list in ``servers.json``; every change is written at once (atomically, mode 0600)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, ServerEntry] = {}
        self._load()

    def _load(self) -> None:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            log.warning("server list %s is unreadable (%s); starting empty, keeping a copy", self.path, exc)
            with contextlib.suppress(OSError):
                self.path.replace(self.path.with_suffix(".json.broken"))
            return
        items = raw.get("servers", []) if isinstance(raw, dict) else []
        for item in items if isinstance(items, list) else []:
            entry = ServerEntry.from_json(item)
            if entry is not None:
                self._entries[entry.base_url] = entry

    def save(self) -> None:
        payload = {"version": 1, "servers": [e.to_json() for e in self._entries.values()]}
        try:
            write_private(self.path, json.dumps(payload, indent=2) + "\n")
        except OSError as exc:
            raise StorageError(path=str(self.path), detail=exc.strerror or str(exc)) from None

    def __iter__(self) -> Iterator[ServerEntry]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, url: str) -> ServerEntry | None:
        if url in self._entries:  # imported profiles are keyed by an id, not an https URL
            return self._entries[url]
        try:
            key = normalize_base_url(url)
        except Exception:
            return None
        return self._entries.get(key)

    def get(self, url: str) -> ServerEntry:
        entry = self.find(url)
        if entry is None:
            raise UnknownServerError(url=url)
        return entry

    def add(self, entry: ServerEntry) -> ServerEntry:
        existing = self._entries.get(entry.base_url)
        if existing is not None:
            entry.last_profile = entry.last_profile or existing.last_profile
            entry.added_at = existing.added_at
        self._entries[entry.base_url] = entry
        self.save()
        return entry

    def remove(self, url: str) -> ServerEntry:
        entry = self.get(url)
        del self._entries[entry.base_url]
        self.save()
        return entry

    def remember_profile(self, url: str, profile_id: str) -> None:
        entry = self.get(url)
        if entry.last_profile != profile_id:
            entry.last_profile = profile_id
            self.save()


def listed_servers(store: ServerStore, policy: Policy) -> list[ServerEntry]:
    """The servers to show: IT's predefined ones first (in the policy's order, whether or not the
    user has logged in to them yet), then the user's own."""
    predefined = [
        store.find(s.base_url) or ServerEntry(base_url=s.base_url, display_name=s.display_name)
        for s in policy.servers
    ]
    return predefined + [e for e in store if not policy.is_predefined(e.base_url)]
