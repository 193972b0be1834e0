"""The use cases of Sluis, one async method each, shared by the CLI and the controller.

Each method takes plain data and returns plain data or raises a ``SluisError``: the CLI prints the
message, the controller turns it into state for the views.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Any

from gui.core.errors import PolicyLockedError, ReauthorizationRequired, SluisError
from gui.core.i18n import QT_TRANSLATE_NOOP
from gui.core.paths import AppPaths, write_private
from gui.core.policy import Policy, apply_policy, load_policy, user_choices
from gui.core.protocols import Protocol, tcp_preference
from gui.core.servers import ServerEntry, ServerKind, ServerStore, listed_servers
from gui.core.settings import Settings
from gui.core.urls import normalize_base_url

if TYPE_CHECKING:
    # The HTTP/OAuth stack, discovery (its lists, download and verification), the importers:
    # loaded when a use case first needs them, not for the window's first frame.
    from gui.core.client import ServerClient
    from gui.core.discovery import DiscoveryStore, SearchResult
    from gui.core.endpoints import EndpointCache
    from gui.core.importers import Confirm, LoadedProfile, ProfileImporter
    from gui.core.oauth import BrowserOpener, PendingLogins
    from gui.core.profiles import Profile
    from gui.core.session_record import LastSession
    from gui.core.tokens import TokenStore
    from gui.core.vpnconfig import VpnConfig

log = logging.getLogger(__name__)


class VpnService:
    def __init__(
        self,
        paths: AppPaths,
        settings: Settings | None = None,
        token_store: TokenStore | None = None,
        *,
        endpoint_cache: EndpointCache | None = None,
        pending_logins: PendingLogins | None = None,
        policy: Policy | None = None,
    ) -> None:
        self.paths = paths
        # IT's system-wide policy (``load_policy()`` unless given): applied to the settings here.
        self.policy = policy if policy is not None else load_policy()
        loaded = settings if settings is not None else Settings.load(paths.settings_file)
        # The user's own choices (what their file holds); ``settings`` is what is in force.
        self.user_settings = loaded
        self.settings = apply_policy(loaded, self.policy)
        self.servers = ServerStore(paths.servers_file)
        if token_store is not None:
            self.tokens = token_store
        if endpoint_cache is not None:
            self.endpoint_cache = endpoint_cache
        if pending_logins is not None:
            self.pending_logins = pending_logins
        self._discovery: DiscoveryStore | None = None

    # What the window's first frame does not read is made on first use (``cached_property``) unless
    # given: the keyring's wrapper, the endpoint cache, the OAuth flow's waiting logins (with asyncio).
    @cached_property
    def tokens(self) -> TokenStore:
        from gui.core.tokens import TokenStore

        return TokenStore()

    @cached_property
    def endpoint_cache(self) -> EndpointCache:
        """The servers' endpoints as their well-known documents said, kept for this run."""
        from gui.core.endpoints import EndpointCache

        return EndpointCache()

    @cached_property
    def pending_logins(self) -> PendingLogins:
        """The logins waiting for their browser redirect."""
        from gui.core.oauth import PendingLogins

        return PendingLogins()

    def save_settings(self, settings: Settings) -> None:
        """Put ``settings`` in force and write the user's own choices to their file (not IT's
        defaults, not locked values). ``OSError`` reaches the caller."""
        user = user_choices(settings, self.user_settings, self.policy)
        user.save(self.paths.settings_file)
        self.user_settings = user
        self.settings = apply_policy(user, self.policy)

    @asynccontextmanager
    async def client(self, base_url: str, api_base_url: str | None = None) -> AsyncIterator[ServerClient]:
        from gui.core.client import ServerClient

        async with ServerClient(
            base_url,
            api_base_url=api_base_url,
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
        if self.policy.is_locked("servers") and not self.policy.is_predefined(base_url):
            raise PolicyLockedError(PolicyLockedError.ADD_TEMPLATE, url=base_url)
        display_name = display_name or self._predefined_name(base_url)
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
        if self.policy.is_predefined(url):
            raise PolicyLockedError(url=normalize_base_url(url))
        entry = self.servers.get(url)
        if entry.kind is ServerKind.IMPORTED:
            import asyncio  # not at the top: the window's first frame makes a service without asyncio

            return await asyncio.to_thread(self._remove_imported, entry)
        await self.tokens.delete(entry.base_url)
        self.servers.remove(entry.base_url)
        return entry

    def listed_servers(self) -> list[ServerEntry]:
        """The servers to show: IT's predefined ones first, then the user's own."""
        return listed_servers(self.servers, self.policy)

    def is_predefined(self, url: str) -> bool:
        return self.policy.is_predefined(url)

    def _predefined_name(self, base_url: str) -> str:
        return next((s.display_name for s in self.policy.servers if s.base_url == base_url), "")

    async def profiles(self, url: str) -> list[Profile]:
        entry = self.servers.get(url)
        if entry.kind is ServerKind.IMPORTED:
            return [self._imported_profile(entry)]
        async with self.client(entry.base_url, entry.api_base_url) as client:
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
        if entry.kind is ServerKind.IMPORTED:
            # The keyring blocks (D-Bus, an unlock prompt): never on the event loop's thread.
            import asyncio  # not at the top: the window's first frame makes a service without asyncio

            loaded = await asyncio.to_thread(self.imported, entry.base_url)
            return self._imported_profile(entry), loaded.config
        async with self.client(entry.base_url, entry.api_base_url) as client:
            profiles = await client.info()
            profile = choose_profile(profiles, profile_id or entry.last_profile)
            tcp = self.settings.prefer_tcp if prefer_tcp is None else prefer_tcp
            accept = tcp_preference(accept, profile.protocols, prefer_tcp=tcp)
            config = await client.connect(profile.profile_id, accept=accept, prefer_tcp=tcp)
            started = client.session_started_at
        self.servers.remember_profile(entry.base_url, profile.profile_id)
        self._record(
            entry.base_url,
            profile.profile_id,
            config.protocol.value,
            config.expires.isoformat() if config.expires else None,
            started,
        )
        return profile, config

    async def disconnect(self, url: str) -> None:
        entry = self.servers.get(url)
        if entry.kind is ServerKind.IMPORTED:
            return  # no API server to tell
        async with self.client(entry.base_url, entry.api_base_url) as client:
            try:
                await client.disconnect()
            except ReauthorizationRequired:
                log.info("no authorization left for %s; nothing to disconnect", entry.base_url)
        last = self.last_session()
        if last is not None and last.server == entry.base_url:
            self.paths.connection_file.unlink(missing_ok=True)

    # The session record and the profile model load with the first use that needs them: the window's
    # first frame makes a service and reads neither.
    def last_session(self) -> LastSession | None:
        from gui.core.session_record import LastSession

        return LastSession.load(self.paths.connection_file)

    def _record(
        self, server: str, profile: str, protocol: str, expires: str | None, started_at: float | None
    ) -> None:
        from gui.core.session_record import LastSession

        session = LastSession(server, profile, protocol, expires, started_at)
        write_private(self.paths.connection_file, json.dumps(session.__dict__) + "\n")

    def status(self) -> dict[str, Any]:
        from gui.core.session_record import offline_status

        return offline_status(
            self.last_session(), (entry.base_url for entry in self.servers), self.tokens.persistent
        )

    async def change_location(self, url: str, location_base_url: str) -> ServerEntry:
        """Use another Secure Internet server (country) with the same login: the organization's
        tokens serve every location. The location must be a listed secure-internet server."""
        entry = self.servers.get(url)
        if entry.kind is not ServerKind.SECURE_INTERNET:
            raise SluisError(QT_TRANSLATE_NOOP("Errors", "Only Secure Internet servers have locations."))
        from gui.core.discovery import ServerType

        wanted = normalize_base_url(location_base_url)
        store = self.discovery()
        listed = {s.base_url for s in store.servers if s.server_type is ServerType.SECURE_INTERNET}
        if wanted not in listed:
            raise SluisError(
                QT_TRANSLATE_NOOP("Errors", "{url} is not a Secure Internet location."), url=wanted
            )
        entry.location = None if wanted == entry.base_url else wanted
        self.servers.save()
        return entry

    async def aclose(self) -> None:
        if self._discovery is not None:
            await self._discovery.aclose()

    # -- discovery (eduVPN only; Let's Connect! mode has none) ------------------------------------

    @property
    def discovery_enabled(self) -> bool:
        return self.settings.show_discovery and not self.settings.lets_connect

    def discovery(self) -> DiscoveryStore:
        """The signed-list store, made on first use: most commands never need it."""
        if self._discovery is None:
            from gui.core.discovery import DEFAULT_BASE_URL, DiscoverySettings, DiscoveryStore, from_env

            base = DiscoverySettings(base_url=self.settings.discovery_url or DEFAULT_BASE_URL)
            self._discovery = DiscoveryStore(self.paths.cache_dir / "discovery", from_env(base, os.environ))
        return self._discovery

    def loaded_discovery(self) -> DiscoveryStore | None:
        """The signed-list store if something made it already (``discovery``), else None."""
        return self._discovery

    def mark_delisted(self) -> frozenset[str]:
        """Mark added discovery servers that vanished from the verified list (and unmark those that
        came back); nothing is removed: the user may still use them. Returns the delisted URLs."""
        from gui.core.discovery import delisted

        from_discovery = [
            e for e in self.servers if e.kind in (ServerKind.INSTITUTE_ACCESS, ServerKind.SECURE_INTERNET)
        ]
        gone = delisted((e.base_url for e in from_discovery), self.discovery().server_list)
        changed = False
        for entry in from_discovery:
            if entry.delisted != (entry.base_url in gone):
                entry.delisted = entry.base_url in gone
                changed = True
        if changed:
            self.servers.save()
        return gone

    async def discover(self, query: str, languages: Sequence[str]) -> list[SearchResult]:
        """Search institutes and organizations; a list that cannot be refreshed falls back to the
        last verified copy (``discovery().notice`` says why)."""
        store = self.discovery()
        await store.refresh_servers()
        self.mark_delisted()
        await store.ensure_organizations()
        return store.search_index().search(query, languages)

    async def add_from_discovery(
        self, open_browser: BrowserOpener, *, base_url: str | None = None, org_id: str | None = None
    ) -> ServerEntry:
        """Add an institute by its base URL, or an organization's Secure Internet home server; the
        login skips the "where are you from" page when the server has a template for it."""
        from gui.core.discovery import ServerType, home_server

        store = self.discovery()
        await store.refresh_servers()
        if org_id is not None:
            await store.ensure_organizations()
            organization = next((o for o in store.organizations if o.org_id == org_id), None)
            if organization is None:
                raise SluisError(
                    QT_TRANSLATE_NOOP("Errors", "No organization “{org}” is listed."), org=org_id
                )
            home = home_server(organization, store.servers)
            if home is None:
                raise SluisError(
                    QT_TRANSLATE_NOOP("Errors", "The Secure Internet server of “{org}” is not listed."),
                    org=org_id,
                )
            return await self.add_server(
                home.base_url,
                open_browser,
                kind=ServerKind.SECURE_INTERNET,
                display_name=_plain(organization.display_name),
                org_id=org_id,
                wayf_template=home.authentication_url_template,
            )
        wanted = normalize_base_url(base_url or "")
        server = next((s for s in store.servers if s.base_url == wanted), None)
        if server is None or server.server_type is not ServerType.INSTITUTE_ACCESS:
            raise SluisError(QT_TRANSLATE_NOOP("Errors", "No institute {url} is listed."), url=wanted)
        return await self.add_server(
            server.base_url,
            open_browser,
            kind=ServerKind.INSTITUTE_ACCESS,
            display_name=_plain(server.display_name),
        )

    # -- imported profiles (Access Server token URLs, .ovpn / WireGuard .conf files) -----------------
    # An imported profile is a server entry of its own (``ServerKind.IMPORTED``) with one profile and
    # a fixed configuration: no OAuth, no /info, no /connect, no /disconnect.

    @cached_property
    def importer(self) -> ProfileImporter:
        from gui.core.importers import ProfileImporter

        return ProfileImporter(self.servers, self.paths.data_dir / IMPORTS_FOLDER)

    async def import_profile(self, source: str, confirm: Confirm) -> ServerEntry:
        """Import from a token URL, an https link or a file; ``confirm`` is asked before any download."""
        return await self.importer.run(source, confirm)

    def imported(self, url: str) -> LoadedProfile:
        """An imported entry's configuration with its keyring secrets back in, and its login kind."""
        return self.importer.load(self.servers.get(url))

    def _imported_profile(self, entry: ServerEntry) -> Profile:
        protocol = Protocol.WIREGUARD if (entry.profile_file or "").endswith(".conf") else Protocol.OPENVPN
        name = entry.display_name if isinstance(entry.display_name, str) else ""
        shown = name or entry.source_host or "VPN"
        from gui.core.profiles import Profile

        return Profile(IMPORTED_PROFILE_ID, shown, frozenset({protocol}), frozenset())

    def _remove_imported(self, entry: ServerEntry) -> ServerEntry:
        self.importer.remove(entry)
        self.servers.remove(entry.base_url)
        return entry


# The one profile of an imported entry.
IMPORTED_PROFILE_ID = "imported"
IMPORTS_FOLDER = "imported"


def _plain(text: str | Mapping[str, str]) -> str | dict[str, str]:
    """A display name as the server list stores it (JSON-friendly)."""
    return text if isinstance(text, str) else dict(text)


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
