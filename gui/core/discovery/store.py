"""The discovery lists the app works with: verified, cached, refreshed, and never a reason to block.

At any moment each list is the newest verified copy among the download, the per-user cache and the copy
bundled with Sluis. A download that fails or does not verify leaves that copy in place and becomes the
``notice`` (a DiscoveryError the UI shows dismissably). The server list is refreshed at start and hourly;
the organization list only when a flow needs it (``ensure_organizations``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import httpx2

from gui.core.discovery.cache import BUNDLED_DIR, SIG_SUFFIX, StoredFile, read_signed, write_signed
from gui.core.discovery.errors import DiscoveryError
from gui.core.discovery.fetch import (
    DEFAULT_TIMEOUT,
    MAX_LIST_BYTES,
    MAX_SIGNATURE_BYTES,
    Validators,
    fetch,
)
from gui.core.discovery.minisig import VerifiedFile, verify
from gui.core.discovery.model import (
    ORGANIZATION_LIST,
    SERVER_LIST,
    DiscoveryServer,
    Organization,
    OrganizationList,
    ServerList,
    parse_organization_list,
    parse_server_list,
)
from gui.core.discovery.search import SearchIndex
from gui.core.discovery.settings import DiscoverySettings
from gui.core.http import new_client

log = logging.getLogger(__name__)

REFRESH_INTERVAL = 3600.0

ListT = TypeVar("ListT", ServerList, OrganizationList)


@dataclass
class _Slot(Generic[ListT]):
    """One discovery file: the copy in use and how it was obtained."""

    file_name: str
    parse: Callable[[Any], ListT]
    empty: ListT
    current: ListT | None = None  # None: not loaded from disk yet
    v: int | None = None  # version of the copy in use; None: no verified copy at all
    from_cache: bool = False  # the copy in use is the cached one, so its validators apply
    validators: Validators = field(default_factory=Validators)
    checked_at: float | None = None  # last successful download or 304
    notice: DiscoveryError | None = None
    notice_seq: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class DiscoveryStore:
    """Server and organization lists for one user.

    ``cache_dir`` is where verified copies are kept (the paths module's cache dir). ``client`` is the
    httpx2 client to download with (tests pass one trusting their CA); without one the store makes its own
    and closes it in ``aclose``. ``bundled`` is the directory of the shipped copy (None: none).
    """

    def __init__(
        self,
        cache_dir: Path,
        settings: DiscoverySettings | None = None,
        client: httpx2.AsyncClient | None = None,
        *,
        bundled: Path | None = BUNDLED_DIR,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._cache_dir = Path(cache_dir)
        self._settings = settings or DiscoverySettings()
        self._client = client
        self._owns_client = client is None
        self._bundled = bundled
        self._timeout = timeout
        self._clock = clock
        self._notice_counter = 0
        self._servers: _Slot[ServerList] = _Slot(SERVER_LIST, parse_server_list, ServerList())
        self._organizations: _Slot[OrganizationList] = _Slot(
            ORGANIZATION_LIST, parse_organization_list, OrganizationList()
        )
        self._index: tuple[ServerList, OrganizationList, SearchIndex] | None = None

    # --- What the app reads --------------------------------------------------------------------------

    @property
    def settings(self) -> DiscoverySettings:
        return self._settings

    @property
    def server_list(self) -> ServerList:
        return self._loaded(self._servers)

    @property
    def organization_list(self) -> OrganizationList:
        return self._loaded(self._organizations)

    @property
    def servers(self) -> tuple[DiscoveryServer, ...]:
        return self.server_list.servers

    @property
    def organizations(self) -> tuple[Organization, ...]:
        return self.organization_list.organizations

    @property
    def notice(self) -> DiscoveryError | None:
        """The latest standing failure (of either list), for a dismissable message; None when all is well."""
        standing = [s for s in (self._servers, self._organizations) if s.notice is not None]
        return max(standing, key=lambda s: s.notice_seq).notice if standing else None

    def dismiss_notice(self) -> None:
        """The user closed the message; a later failure raises a new one."""
        self._servers.notice = self._organizations.notice = None

    def search_index(self) -> SearchIndex:
        """The index over the current lists, rebuilt only when a list changed."""
        servers, organizations = self.server_list, self.organization_list
        if self._index is None or self._index[0] is not servers or self._index[1] is not organizations:
            self._index = (
                servers,
                organizations,
                SearchIndex.build(servers.servers, organizations.organizations),
            )
        return self._index[2]

    # --- Downloading ---------------------------------------------------------------------------------

    async def refresh_servers(self) -> DiscoveryError | None:
        """Download ``server_list.json`` (conditionally); returns the failure, which is also ``notice``."""
        return await self._refresh(self._servers)

    async def ensure_organizations(self, max_age: float = REFRESH_INTERVAL) -> DiscoveryError | None:
        """Download ``organization_list.json`` unless it was checked within ``max_age`` seconds.

        Call it when a flow needs organizations: first use, adding a server with no organization yet,
        re-authorizing an organization-linked server.
        """
        slot = self._organizations
        if slot.checked_at is not None and self._clock() - slot.checked_at < max_age:
            self._loaded(slot)
            return None
        return await self._refresh(slot)

    async def keep_servers_fresh(
        self,
        interval: float = REFRESH_INTERVAL,
        on_refreshed: Callable[[DiscoveryError | None], None] | None = None,
    ) -> None:
        """Refresh the server list now and every ``interval`` seconds until cancelled."""
        while True:
            failure = await self.refresh_servers()
            if on_refreshed is not None:
                on_refreshed(failure)
            await asyncio.sleep(interval)

    async def aclose(self) -> None:
        if self._owns_client and self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __aenter__(self) -> DiscoveryStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # --- Internals -----------------------------------------------------------------------------------

    def _http(self) -> httpx2.AsyncClient:
        if self._client is None:
            self._client = new_client()
        return self._client

    def _verify(
        self, slot: _Slot[ListT], stored: StoredFile, previous_v: int | None
    ) -> tuple[VerifiedFile, ListT]:
        verified = verify(
            stored.data,
            stored.signature,
            slot.file_name,
            self._settings.trusted_keys,
            require_prehashed=self._settings.require_prehashed,
            previous_v=previous_v,
        )
        return verified, slot.parse(verified.document)

    def _loaded(self, slot: _Slot[ListT]) -> ListT:
        """The list in use, loading the newest verifiable copy from cache or bundle on first access."""
        if slot.current is not None:
            return slot.current
        slot.current = slot.empty
        for directory, is_cache in ((self._cache_dir, True), (self._bundled, False)):
            stored = read_signed(directory, slot.file_name) if directory is not None else None
            if stored is None:
                continue
            try:
                verified, parsed = self._verify(slot, stored, None)
            except DiscoveryError as err:
                # Expected for the bundled copy under other trusted keys; a damaged cache is ignored.
                log.warning(
                    "Ignoring the %s copy of %s: %s", "cached" if is_cache else "bundled", slot.file_name, err
                )
                continue
            if slot.v is None or verified.v > slot.v:
                slot.current, slot.v, slot.from_cache = parsed, verified.v, is_cache
                slot.validators = stored.validators if is_cache else Validators()
        return slot.current

    def _fail(self, slot: _Slot[ListT], error: DiscoveryError) -> DiscoveryError:
        self._notice_counter += 1
        slot.notice, slot.notice_seq = error, self._notice_counter
        log.warning("Discovery: %s", error)
        return error

    async def _refresh(self, slot: _Slot[ListT]) -> DiscoveryError | None:
        async with slot.lock:
            self._loaded(slot)
            url = self._settings.url_for(slot.file_name)
            try:
                fetched = await fetch(
                    self._http(),
                    url,
                    file_name=slot.file_name,
                    validators=slot.validators if slot.from_cache else None,
                    max_bytes=MAX_LIST_BYTES,
                    timeout=self._timeout,
                )
                if fetched.body is not None:
                    signature = await fetch(
                        self._http(),
                        url + SIG_SUFFIX,
                        file_name=slot.file_name + SIG_SUFFIX,
                        max_bytes=MAX_SIGNATURE_BYTES,
                        timeout=self._timeout,
                    )
                    assert signature.body is not None  # sent unconditionally: 304 is an error there
                    stored = StoredFile(fetched.body, signature.body, fetched.validators)
                    self._install(slot, stored, *self._verify(slot, stored, slot.v))
            except DiscoveryError as err:
                return self._fail(slot, err)
            slot.checked_at = self._clock()
            slot.notice = None
            return None

    def _install(self, slot: _Slot[ListT], stored: StoredFile, verified: VerifiedFile, parsed: ListT) -> None:
        """Use a verified download and cache it. An equal ``v`` is the same version: the list object (and
        the search index built on it) stays, only the cache and its validators are brought up to date."""
        if slot.v is None or verified.v > slot.v:
            slot.current, slot.v = parsed, verified.v
            log.info("Discovery: %s updated to version %d", slot.file_name, verified.v)
        slot.from_cache, slot.validators = True, stored.validators
        try:
            write_signed(self._cache_dir, slot.file_name, stored)
        except OSError as err:
            log.warning("Could not cache %s in %s: %s", slot.file_name, self._cache_dir, err)
