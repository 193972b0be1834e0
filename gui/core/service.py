"""The use cases of Sluis, one async method each, shared by the CLI and the controller.

Each method takes plain data and returns plain data or raises a ``SluisError``: the CLI prints the
message, the controller turns it into state for the views.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gui.core.client import EndpointCache, ServerClient
from gui.core.errors import ReauthorizationRequired, SluisError
from gui.core.http import normalize_base_url
from gui.core.i18n import QT_TRANSLATE_NOOP
from gui.core.oauth import BrowserOpener, PendingLogins
from gui.core.paths import AppPaths, write_private
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.servers import ServerEntry, ServerKind, ServerStore
from gui.core.settings import Settings
from gui.core.tokens import TokenStore
from gui.core.vpnconfig import VpnConfig

log = logging.getLogger(__name__)


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


class VpnService:
    def __init__(
        self,
        paths: AppPaths,
        settings: Settings | None = None,
        token_store: TokenStore | None = None,
        *,
        endpoint_cache: EndpointCache | None = None,
        pending_logins: PendingLogins | None = None,
    ) -> None:
        self.paths = paths
        self.settings = settings if settings is not None else Settings.load(paths.settings_file)
        self.tokens = token_store if token_store is not None else TokenStore()
        self.servers = ServerStore(paths.servers_file)
        self.endpoint_cache = endpoint_cache or EndpointCache()
        self.pending_logins = pending_logins or PendingLogins()

    @asynccontextmanager
    async def client(self, base_url: str) -> AsyncIterator[ServerClient]:
        async with ServerClient(
            base_url,
            client_id=self.settings.effective_client_id,
            redirect_uri=self.settings.redirect_uri,
            token_store=self.tokens,
            endpoint_cache=self.endpoint_cache,
        ) as client:
            yield client

    async def add_server(
        self,
        url: str,
        open_browser: BrowserOpener,
        *,
        kind: ServerKind = ServerKind.CUSTOM,
        display_name: str | dict[str, str] = "",
        org_id: str | None = None,
        wayf_template: str | None = None,
    ) -> ServerEntry:
        """Check the server speaks API v3, log in, and only then remember it: a failed add leaves
        nothing behind."""
        base_url = normalize_base_url(url)
        async with self.client(base_url) as client:
            await client.endpoints()
            await client.login(
                open_browser, wayf_template=wayf_template, org_id=org_id, pending=self.pending_logins
            )
        return self.servers.add(
            ServerEntry(base_url=base_url, kind=kind, display_name=display_name, org_id=org_id)
        )

    async def reauthorize(self, url: str, open_browser: BrowserOpener) -> None:
        entry = self.servers.get(url)
        async with self.client(entry.base_url) as client:
            await client.forget_tokens()
            await client.login(open_browser, pending=self.pending_logins)

    async def remove_server(self, url: str) -> ServerEntry:
        entry = self.servers.get(url)
        await self.tokens.delete(entry.base_url)
        self.servers.remove(entry.base_url)
        return entry

    async def profiles(self, url: str) -> list[Profile]:
        entry = self.servers.get(url)
        async with self.client(entry.base_url) as client:
            return await client.info()

    async def obtain_config(
        self,
        url: str,
        profile_id: str | None,
        *,
        accept: Iterable[Protocol],
        prefer_tcp: bool | None = None,
    ) -> tuple[Profile, VpnConfig]:
        """``/info`` then ``/connect``; remembers the profile and the session's expiry."""
        entry = self.servers.get(url)
        async with self.client(entry.base_url) as client:
            profiles = await client.info()
            profile = choose_profile(profiles, profile_id or entry.last_profile)
            tcp = self.settings.prefer_tcp if prefer_tcp is None else prefer_tcp
            config = await client.connect(profile.profile_id, accept=accept, prefer_tcp=tcp)
            started = client.session_started_at
        self.servers.remember_profile(entry.base_url, profile.profile_id)
        self._record(
            LastSession(
                entry.base_url,
                profile.profile_id,
                config.protocol.value,
                config.expires.isoformat() if config.expires else None,
                started,
            )
        )
        return profile, config

    async def disconnect(self, url: str) -> None:
        entry = self.servers.get(url)
        async with self.client(entry.base_url) as client:
            try:
                await client.disconnect()
            except ReauthorizationRequired:
                log.info("no authorization left for %s; nothing to disconnect", entry.base_url)
        last = LastSession.load(self.paths.connection_file)
        if last is not None and last.server == entry.base_url:
            self.paths.connection_file.unlink(missing_ok=True)

    def last_session(self) -> LastSession | None:
        return LastSession.load(self.paths.connection_file)

    def _record(self, session: LastSession) -> None:
        write_private(self.paths.connection_file, json.dumps(session.__dict__) + "\n")

    def status(self) -> dict[str, Any]:
        last = self.last_session()
        status: dict[str, Any] = {"state": "disconnected"}
        if last is not None:
            status["last_config"] = {
                "server": last.server,
                "profile": last.profile,
                "protocol": last.protocol,
                "expires": last.expires,
            }
        status["servers"] = [entry.base_url for entry in self.servers]
        status["keyring"] = "keyring" if self.tokens.persistent else "memory"
        return status


def choose_profile(profiles: list[Profile], wanted: str | None) -> Profile:
    if wanted:
        for profile in profiles:
            if profile.profile_id == wanted:
                return profile
    if len(profiles) == 1:
        return profiles[0]
    if not profiles:
        raise SluisError(QT_TRANSLATE_NOOP("Errors", "This server offers you no VPN profiles."))
    if wanted:
        raise SluisError(
            QT_TRANSLATE_NOOP("Errors", "The server has no profile “{profile}”. Available: {available}"),
            profile=wanted,
            available=", ".join(p.profile_id for p in profiles),
        )
    raise SluisError(
        QT_TRANSLATE_NOOP("Errors", "Choose a profile ({available})."),
        available=", ".join(p.profile_id for p in profiles),
    )
