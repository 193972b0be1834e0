"""The one bridge between the core and backends and the views: an async state machine with Qt signals.

Views ask the controller for an operation (``add_server``, ``connect``, ``renew`` …) and follow its
signals; they never touch the network, the keyring or a backend. Every background operation has a
single owner (``_operation``): a new one cancels the one before it, so two logins or a connect and a
disconnect never race. Failures become a translated message (``errorOccurred``) and the ``error``
state; nothing here blocks the event loop (keyring calls are threaded in the core).

The clock is injected: the countdown, the "Renew session" rule and the expiry notifications are
computed from absolute times on every tick, so they are right after a suspend and testable.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from gui import __version__
from gui.backends.base import Backend, TunnelState
from gui.controller.standin import (
    WINDOW_FILE,
    ControllerSignals,
    discovery_notice,
    server_item,
    server_item_of,
    server_items,
    server_locations,
    window_state,
)
from gui.controller.viewmodel import (
    BUSY_STATES,
    AppInfo,
    ConnectionInfo,
    ControllerState,
    ServerItem,
    SessionTick,
    error_message,
    ui_languages,
)
from gui.core.discovery import (
    Location,
    ResultKind,
    SearchResult,
    ServerType,
)
from gui.core.errors import AlreadyConnectedError, SluisError, StorageError
from gui.core.expiry import Session
from gui.core.oauth import BrowserOpener
from gui.core.paths import write_private
from gui.core.profile_secrets import AskLogin, GivenLogin, LoginAnswer, LoginPrompt
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.servers import ServerEntry
from gui.core.service import VpnService
from gui.core.settings import Settings
from gui.tunnel.session import TunnelSession
from gui.tunnel.status import SessionEnd, TunnelStatus

if TYPE_CHECKING:  # the app imports it after the first frame (see gui.app)
    from gui.controller.remote import RemoteOwner
    from gui.core.importers import Confirm

log = logging.getLogger("sluis.controller")

Clock = Callable[[], datetime]
TICK_MS = 1000
# At most this many search results are shown: a list longer than a screen helps nobody.
SEARCH_LIMIT = 50
RESUME_FILE = "resume.json"
# How often the status screen's data in/out is read from the backend while connected.
TRAFFIC_INTERVAL = 2.0


@dataclass(frozen=True)
class ResumePoint:
    """What "reconnect at start" needs; kept in the state folder (no secrets)."""

    server: str
    profile: str
    connected: bool


async def _nothing() -> None:
    """The task of an intent that needs no work (Connect on the server already connected)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class Controller(ControllerSignals):
    def __init__(
        self,
        service: VpnService,
        backend: Backend,
        open_browser: BrowserOpener,
        *,
        clock: Clock = utc_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.backend = backend
        self.open_browser = open_browser
        self.clock = clock
        self.state = ControllerState.IDLE
        self.connection: ConnectionInfo | None = None
        # A server opened from the list while a tunnel to another one is up: its status screen
        # shows it (not connected) until it is connected or the connected one is opened again.
        self.viewing: ConnectionInfo | None = None
        self.last_error: str | None = None
        self.expired = False
        self.reconnecting = False
        self._operation: asyncio.Task[None] | None = None
        self._profiles: dict[str, list[Profile]] = {}
        self._last_tick_at: datetime | None = None
        # The tunnel's whole life (protocol rule, /connect, bring-up, failover, expiry, disconnect
        # order) is the TunnelSession's, as for the CLI's background owner; this renders it.
        self.tunnel = TunnelSession(service, backend, clock=self._now, login=self._log_in)
        # A tunnel another Sluis of this user owns (``sluis connect``'s background host), shown
        # here until that owner ends; never a second tunnel beside it.
        self.remote: RemoteOwner | None = None
        self._import_gate = asyncio.Lock()
        self._unsubscribe = self.tunnel.subscribe(self._on_tunnel_status)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        # Discovery downloads run beside the one operation (a refresh never cancels a login) and only
        # after ``start_discovery``: until then the cached or bundled lists are searched offline.
        self._discovery_online = False
        self._discovery_tasks: set[asyncio.Task[None]] = set()
        self._refresh_loop: asyncio.Task[None] | None = None
        self._login_answer: asyncio.Future[LoginAnswer | None] | None = None
        # Bytes (received, sent) of the tunnel as the backend last told; ``None`` when it cannot.
        self.traffic: tuple[int, int] | None = None
        self._traffic_task: asyncio.Task[None] | None = None

    # -- state ---------------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.state in BUSY_STATES

    @property
    def languages(self) -> list[str]:
        return ui_languages(self.service.settings)

    @property
    def settings(self) -> Settings:
        return self.service.settings

    @property
    def app_info(self) -> AppInfo:
        tokens = self.service.tokens
        return AppInfo(__version__, self.backend.name, tokens.persistent, tokens.backend_name)

    def servers(self) -> list[ServerItem]:
        return server_items(self.service)

    def _item(self, entry: ServerEntry) -> ServerItem:
        return server_item_of(self.service, entry)

    def _set_state(self, state: ControllerState) -> None:
        if state is not ControllerState.ERROR:
            self.last_error = None
        if state != self.state:
            log.info("state %s -> %s", self.state.value, state.value)
            self.state = state
        self.stateChanged.emit(state.value)

    def _set_connection(self, info: ConnectionInfo | None) -> None:
        self.connection = info
        self.connectionChanged.emit(info)

    def _fail(self, exc: BaseException) -> None:
        if not isinstance(exc, SluisError):
            log.error("unexpected failure", exc_info=exc)
        else:
            log.info("operation failed: %s", type(exc).__name__)
        self.last_error = error_message(exc)
        tunnel_up = self.backend.state.state is TunnelState.CONNECTED
        self.state = ControllerState.CONNECTED if tunnel_up else ControllerState.ERROR
        self.errorOccurred.emit(self.last_error)
        self.stateChanged.emit(self.state.value)

    # -- operation ownership ----------------------------------------------------------------------------

    def _start(
        self, work: Callable[[], Awaitable[None]], initial: ControllerState | None = None
    ) -> asyncio.Task[None]:
        """Run ``work`` as the one current operation, after cancelling (and awaiting) the previous one.

        ``initial`` is shown at once, before the operation's first step runs, so a second click
        meets a busy window instead of starting the same thing twice.
        """
        previous = self._operation
        if previous is not None and not previous.done():
            # At once, not in ``run``: a cancel before ``run``'s first step must not leave it going.
            previous.cancel()

        async def run() -> None:
            if previous is not None and not previous.done():
                with contextlib.suppress(BaseException):  # its own owner reported how it ended
                    await previous
                # A cancel of this operation while the previous one wound down lands here: honour it.
                current = asyncio.current_task()
                if current is not None and current.cancelling():
                    raise asyncio.CancelledError
            await work()

        async def owned() -> None:
            try:
                await run()
            except asyncio.CancelledError:
                if self._operation is task:
                    self._settle_after_cancel()
                raise
            except Exception as exc:
                if self._operation is task:
                    self._fail(exc)
                else:
                    log.info("a replaced operation failed: %s", type(exc).__name__)

        task = asyncio.ensure_future(owned())
        # Cancelled before its first step, the coroutine never runs its handlers: settle here.
        task.add_done_callback(self._settle_if_cancelled_early)
        self._operation = task
        if initial is not None:
            self._set_state(initial)
        return task

    def _settle_if_cancelled_early(self, task: asyncio.Task[None]) -> None:
        if task.cancelled() and self._operation is task and self.busy:
            self._settle_after_cancel()

    def _settle(self) -> None:
        """The resting state after an operation: connected while a tunnel (perhaps to another server
        than the one just added or logged in to) is up, idle otherwise."""
        self._settle_after_cancel()

    def _settle_after_cancel(self) -> None:
        up = self.backend.state.state is TunnelState.CONNECTED
        self._set_state(ControllerState.CONNECTED if up else ControllerState.IDLE)

    def cancel(self) -> None:
        """Stop the running operation (a login waiting for the browser, a slow connect)."""
        if self._operation is not None and not self._operation.done():
            self._operation.cancel()

    def dismiss_error(self) -> None:
        if self.state is ControllerState.ERROR:
            self._set_state(ControllerState.IDLE)

    async def wait_idle(self) -> None:
        """Await the current operation (tests, shutdown)."""
        while self._operation is not None and not self._operation.done():
            with contextlib.suppress(BaseException):
                await asyncio.shield(self._operation)

    # -- servers -----------------------------------------------------------------------------------------

    async def import_profile(self, source: str, confirm: Confirm) -> ServerEntry:
        """Every import (links, drops, "Import profile…", the control API) goes through here: it
        waits for the operation in progress (a connect is never raced), and the server list is
        refreshed. Errors reach the caller as typed errors, which the views translate."""
        async with self._import_gate:
            await self.wait_idle()
            entry = await self.service.import_profile(source, confirm)
        self.serversChanged.emit()
        return entry

    def add_server(self, url: str) -> asyncio.Task[None]:
        async def work() -> None:
            self._set_state(ControllerState.AUTHORIZING)
            await self.service.add_server(url, self.open_browser)
            self.serversChanged.emit()
            self._settle()

        return self._start(work, ControllerState.AUTHORIZING)

    def reauthorize(self, url: str) -> asyncio.Task[None]:
        async def work() -> None:
            entry = self.service.servers.get(url)
            if self.backend.state.state is not TunnelState.CONNECTED:
                # The Connection page names the server being logged in to and offers Cancel.
                self._set_connection(ConnectionInfo(server=self._item(entry)))
            self._set_state(ControllerState.AUTHORIZING)
            await self.service.reauthorize(url, self.open_browser)
            self.expired = False
            self._settle()

        return self._start(work, ControllerState.AUTHORIZING)

    def remove_server(self, url: str) -> asyncio.Task[None]:
        async def work() -> None:
            base_url = self.service.servers.get(url).base_url
            if self.connection is not None and self.connection.server.base_url == base_url:
                await self._tunnel_down_and_disconnect()
                self._set_connection(None)
            await self.service.remove_server(url)
            self._profiles.pop(url, None)
            self.serversChanged.emit()
            self._settle()

        return self._start(work)

    # -- profiles and connecting -----------------------------------------------------------------------

    def is_connected_to(self, url: str) -> bool:
        """Whether the tunnel that is up (or coming up) belongs to ``url``: activating that server
        shows its status and never drops or replaces the tunnel."""
        entry = self.service.servers.find(url)
        base_url = entry.base_url if entry is not None else url
        status = self.tunnel.status
        if status.active and status.server == base_url:
            return True
        # A tunnel that another Sluis of this user owns (``sluis connect``), shown here.
        info, remote = self.connection, self.remote
        return (
            remote is not None
            and remote.holds_tunnel
            and info is not None
            and info.server.base_url == base_url
        )

    def open_server(self, url: str) -> None:
        """The user opened a server (Enter, double-click): its status screen, never a connect or a
        disconnect. With no tunnel up it becomes the shown server; a tunnel to another server stays
        shown in the tray while this one is previewed (``viewing``) with its Connect button."""
        entry = self.service.servers.get(url)
        item = self._item(entry)
        profile = self._known_profile(entry.base_url, entry.last_profile)
        if self.is_connected_to(entry.base_url):
            self.viewing = None
            self.connectionChanged.emit(self.connection)
            return
        up = self.backend.state.state is TunnelState.CONNECTED
        if up or self.busy:
            self.viewing = ConnectionInfo(server=item, profile=profile)
            self.connectionChanged.emit(self.connection)
            return
        self.viewing = None
        if self.state is ControllerState.ERROR:
            self._set_state(ControllerState.IDLE)  # the failure belonged to the server shown before
        self._set_connection(ConnectionInfo(server=item, profile=profile))

    def profile_name(self, url: str, profile_id: str) -> str:
        """A profile's name in the user's language when its server listed it this run, else its id."""
        profile = self._known_profile(url, profile_id)
        return profile.name(self.languages) if profile is not None else profile_id

    def _known_profile(self, base_url: str, profile_id: str | None) -> Profile | None:
        if profile_id is None:
            return None
        return next((p for p in self._profiles.get(base_url, []) if p.profile_id == profile_id), None)

    def connect_server(self, url: str) -> asyncio.Task[None]:
        """Connect to ``url`` with its last profile (the list is offered only when there is no
        last profile to use). Already connected to it: nothing happens, the tunnel stays."""
        if self.is_connected_to(url):
            return asyncio.ensure_future(_nothing())
        return self.choose_server(url)

    def choose_server(self, url: str, *, login: GivenLogin | None = None) -> asyncio.Task[None]:
        """Fetch the server's profiles: one profile, or the last one used, connects at once;
        otherwise they are offered. A tunnel to another server stays up until a profile is chosen."""
        if self.is_connected_to(url):
            return asyncio.ensure_future(_nothing())

        async def work() -> None:
            self._refuse_beside_remote()
            entry = self.service.servers.get(url)
            up = self.backend.state.state is TunnelState.CONNECTED
            if not up:
                self._set_connection(
                    ConnectionInfo(
                        server=self._item(entry),
                        profile=self._known_profile(entry.base_url, entry.last_profile),
                    )
                )
            self._set_state(ControllerState.CONNECTING)
            profiles = await self.tunnel.with_login(
                entry.base_url, lambda: self.service.profiles(entry.base_url)
            )
            self._profiles[entry.base_url] = profiles
            usable = [p for p in profiles if p.usable]
            last = next((p for p in usable if p.profile_id == entry.last_profile), None)
            pick = profiles[0] if len(profiles) == 1 else last
            if pick is not None:
                if self.backend.state.state is TunnelState.CONNECTED:
                    await self._tunnel_down_and_disconnect()
                await self._connect(entry, pick, login=login)
                return
            if self.backend.state.state is TunnelState.CONNECTED:
                self._settle()  # the tunnel to the other server stays until a profile is chosen
            else:
                self._set_state(ControllerState.CHOOSING_PROFILE)
            self.profilesOffered.emit(entry.base_url, profiles, entry.last_profile)

        self.viewing = None
        return self._start(work, ControllerState.CONNECTING)

    def offer_profiles(self, url: str) -> asyncio.Task[None]:
        """ "Change profile" on the status screen: the server's profiles, the one in use
        preselected; the tunnel stays as it is until another profile is chosen."""

        async def work() -> None:
            entry = self.service.servers.get(url)
            profiles = await self.tunnel.with_login(
                entry.base_url, lambda: self.service.profiles(entry.base_url)
            )
            self._profiles[entry.base_url] = profiles
            info = self.connection
            current = entry.last_profile
            if info is not None and info.server.base_url == entry.base_url and info.profile is not None:
                current = info.profile.profile_id
            self.profilesOffered.emit(entry.base_url, profiles, current)

        return self._start(work)

    def close_profiles(self) -> None:
        """Back from the profile list: nothing is connected or disconnected by it."""
        if self.state is ControllerState.CHOOSING_PROFILE:
            self._settle()

    def connect_profile(
        self,
        url: str,
        profile_id: str,
        *,
        protocol: Protocol | None = None,
        prefer_tcp: bool | None = None,
        login: GivenLogin | None = None,
    ) -> asyncio.Task[None]:
        """``login``: a VPN login that came with the request (the control API); what it cannot
        answer, the login dialog asks. The profile already connected, asked again with nothing
        else changed, keeps its tunnel."""
        info = self.connection
        same = (
            info is not None
            and info.profile is not None
            and info.profile.profile_id == profile_id
            and protocol is None
            and prefer_tcp is None
            and self.is_connected_to(url)
        )
        if same:
            return asyncio.ensure_future(_nothing())

        async def work() -> None:
            self._refuse_beside_remote()
            entry = self.service.servers.get(url)
            if self.backend.state.state is TunnelState.CONNECTED:
                await self._tunnel_down_and_disconnect()
            known = {p.profile_id: p for p in self._profiles.get(entry.base_url, [])}
            await self._connect(
                entry,
                known.get(profile_id),
                profile_id,
                protocol=protocol,
                prefer_tcp=prefer_tcp,
                login=login,
            )

        self.viewing = None
        return self._start(work, ControllerState.CONNECTING)

    def reconnect(self) -> asyncio.Task[None] | None:
        """Connect again to the server and profile shown on the Connection page."""
        info = self.connection
        if info is None:
            return None
        if info.profile is None:
            return self.choose_server(info.server.base_url)
        return self.connect_profile(info.server.base_url, info.profile.profile_id)

    def _now(self) -> datetime:
        return self.clock()

    async def _log_in(self, url: str) -> None:
        """The authorization is gone: log in again in the browser (the session then goes on)."""
        log.info("authorization needed for %s", url)
        self._set_state(ControllerState.AUTHORIZING)
        await self.service.reauthorize(url, self.open_browser)
        self._set_state(ControllerState.CONNECTING)

    async def _connect(
        self,
        entry: ServerEntry,
        profile: Profile | None,
        profile_id: str | None = None,
        *,
        protocol: Protocol | None = None,
        prefer_tcp: bool | None = None,
        login: GivenLogin | None = None,
    ) -> None:
        self.expired = False
        self._set_connection(ConnectionInfo(server=self._item(entry), profile=profile))
        self._set_state(ControllerState.CONNECTING)
        up = await self.tunnel.connect(
            entry.base_url,
            profile.profile_id if profile is not None else profile_id,
            profile=profile,
            protocol=protocol,
            prefer_tcp=prefer_tcp,
            credentials=self._login_asker(login),
        )
        chosen = up.profile
        assert chosen is not None
        now = self.clock()
        self._last_tick_at = now
        self._set_connection(
            ConnectionInfo(
                server=self._item(entry),
                profile=chosen,
                protocol=up.protocol,
                addresses=up.addresses,
                session=self.tunnel.session,
                connected_since=now,
                transport=up.transport,
            )
        )
        self._set_state(ControllerState.CONNECTED)
        self._remember(ResumePoint(entry.base_url, chosen.profile_id, connected=True))
        self._timer.start()
        self.tick()
        self._watch_traffic()

    def _watch_traffic(self) -> None:
        """Read the tunnel's byte counters every few seconds while it is up (a background task:
        a slow ``wg show`` never holds up the window); a backend that cannot tell is not asked again."""
        self._stop_traffic()

        async def watch() -> None:
            while self.backend.state.state is TunnelState.CONNECTED:
                counters = await self.backend.counters()
                if counters is None:
                    return
                if counters != self.traffic:
                    self.traffic = counters
                    self.trafficChanged.emit(counters)
                await asyncio.sleep(TRAFFIC_INTERVAL)

        self._traffic_task = self._background(watch(), "traffic counters")

    def _stop_traffic(self) -> None:
        if self._traffic_task is not None:
            self._traffic_task.cancel()
            self._traffic_task = None
        if self.traffic is not None:
            self.traffic = None
            self.trafficChanged.emit(None)

    # -- the VPN login (user-locked imported profiles) ---------------------------------------------------

    def _login_asker(self, login: GivenLogin | None) -> AskLogin:
        """Who answers the tunnel's login question: a login that came with the request, else (or
        for what it lacks) the user, through the view's dialog."""
        return self._ask_login if login is None else replace(login, otherwise=self._ask_login)

    async def _ask_login(self, prompt: LoginPrompt) -> LoginAnswer | None:
        """Show the question (``loginRequested``) and wait for ``answer_login``; a cancel there
        cancels the connect."""
        if self._login_answer is not None and not self._login_answer.done():
            self._login_answer.cancel()  # one question at a time
        answered: asyncio.Future[LoginAnswer | None] = asyncio.get_running_loop().create_future()
        self._login_answer = answered
        self.loginRequested.emit(prompt)
        try:
            answer = await answered
        except asyncio.CancelledError:
            if self._login_answer is answered:  # not replaced by a newer question
                self.loginWithdrawn.emit()
            raise
        finally:
            if self._login_answer is answered:
                self._login_answer = None
        if answer is None:
            log.info("the VPN login was cancelled")
            self.cancel()
        return answer

    def answer_login(self, answer: LoginAnswer | None) -> None:
        """The view's answer to ``loginRequested`` (``None``: Cancel)."""
        if self._login_answer is not None and not self._login_answer.done():
            self._login_answer.set_result(answer)

    # -- a tunnel another Sluis of this user owns --------------------------------------------------------

    async def attach_remote(self, remote: RemoteOwner) -> None:
        """Show the tunnel ``remote`` owns (and let Disconnect reach it) until that owner has gone."""
        self.remote = remote
        self._show_remote(remote.status)
        try:
            await remote.watch(self._show_remote)
        finally:
            self.remote = None
            remote.close()
            gone = self.backend.state.state is TunnelState.DISCONNECTED
            if gone and self.state is not ControllerState.IDLE:
                self._timer.stop()
                self._set_state(ControllerState.IDLE)

    def _refuse_beside_remote(self) -> None:
        remote = self.remote
        if remote is not None and remote.holds_tunnel:
            raise AlreadyConnectedError(server=str(remote.status.get("server") or ""))

    def _show_remote(self, status: dict[str, Any]) -> None:
        state = status.get("state")
        server = status.get("server")
        if state == "disconnected" or not isinstance(server, str):
            self._timer.stop()
            if self.state is not ControllerState.IDLE:
                self._set_state(ControllerState.IDLE)
            return
        try:
            item = self._item(self.service.servers.get(server))
        except SluisError:
            item = server_item(ServerEntry(base_url=server))
        protocol: Protocol | None = None
        with contextlib.suppress(ValueError, TypeError):
            protocol = Protocol(str(status.get("protocol")))
        profile_id = str(status.get("profile") or "")
        # Shown by its name in the user's language, as the owner's server gave it.
        raw_name = status.get("profile_name")
        name: str | tuple[tuple[str, str], ...] = profile_id
        if isinstance(raw_name, str) and raw_name:
            name = raw_name
        elif isinstance(raw_name, dict) and raw_name:
            name = tuple((str(tag), str(text)) for tag, text in raw_name.items())
        profile = Profile(profile_id, name, frozenset({protocol} if protocol else ()), frozenset())
        session = None
        with contextlib.suppress(ValueError, TypeError):
            expires = datetime.fromisoformat(str(status.get("expires")))
            session = Session(started_at=min(self.clock(), expires), expires_at=expires)
        since = None
        with contextlib.suppress(ValueError, TypeError):
            since = datetime.fromisoformat(str(status.get("connected_since")))
        addresses = tuple(str(a) for a in status.get("addresses") or ())
        transport = status.get("transport")
        self._set_connection(
            ConnectionInfo(
                item,
                profile,
                protocol,
                addresses,
                session,
                since,
                transport=transport if isinstance(transport, str) and transport else None,
            )
        )
        if state == "connected":
            self._set_state(ControllerState.CONNECTED)
            self._timer.start()
        elif state == "error":
            self.last_error = str(status.get("error") or status.get("reason") or "")
            self._set_state(ControllerState.ERROR)
        else:
            self._set_state(ControllerState.CONNECTING)

    # -- disconnecting ----------------------------------------------------------------------------------

    def disconnect_vpn(self) -> asyncio.Task[None]:
        async def work() -> None:
            remote = self.remote
            if remote is not None and remote.holds_tunnel:
                await remote.disconnect()  # its owner takes it down, then tells the server
                self._set_state(ControllerState.IDLE)
                return
            info = self.connection
            await self._tunnel_down_and_disconnect()
            if info is not None and info.profile is not None:
                # The user chose to disconnect: the next start does not reconnect.
                self._remember(ResumePoint(info.server.base_url, info.profile.profile_id, connected=False))
            self._set_state(ControllerState.IDLE)

        return self._start(work, ControllerState.DISCONNECTING)

    async def _tunnel_down_and_disconnect(self) -> None:
        """The tunnel session's disconnect (tunnel down, then ``/disconnect``), shown as it goes."""
        self._timer.stop()
        self._stop_traffic()
        self._set_state(ControllerState.DISCONNECTING)
        info = self.connection
        try:
            await self.tunnel.disconnect()
        finally:
            if info is not None:
                self._set_connection(
                    ConnectionInfo(server=info.server, profile=info.profile, session=info.session)
                )

    # -- session ---------------------------------------------------------------------------------------

    def renew(self) -> asyncio.Task[None] | None:
        """Renew the session in the order the client rules fix: tunnel down, ``/disconnect``, delete the
        tokens, authorize again, and reconnect only if it was connected (or the session just expired
        while connected)."""
        info = self.connection
        if info is None:
            return None

        async def work() -> None:
            was_connected = self.backend.state.state is TunnelState.CONNECTED or self.expired
            if self.backend.state.state is TunnelState.CONNECTED:
                await self._tunnel_down_and_disconnect()
            else:
                with contextlib.suppress(SluisError):  # best effort, as in the tunnel session
                    await self.service.disconnect(info.server.base_url)
            self._set_state(ControllerState.AUTHORIZING)
            await self.service.reauthorize(info.server.base_url, self.open_browser)
            self.expired = False
            if was_connected:
                await self._connect(self.service.servers.get(info.server.base_url), info.profile)
            else:
                self._set_state(ControllerState.IDLE)

        up = self.backend.state.state is TunnelState.CONNECTED
        return self._start(work, ControllerState.DISCONNECTING if up else ControllerState.AUTHORIZING)

    def tick(self) -> SessionTick | None:
        """Re-evaluate the session against the clock: countdown, Renew, notifications, expiry."""
        info = self.connection
        if info is None or info.session is None:
            return None
        now = self.clock()
        session = info.session
        connected = self.state is ControllerState.CONNECTED and info.connected_since is not None
        previous = self._last_tick_at or now
        self._last_tick_at = now
        if connected:
            due = session.notification_due(previous, now)
            if due:
                self.notificationDue.emit(int(min(due).total_seconds()))
        state = SessionTick(
            remaining=session.remaining(now),
            countdown_visible=session.countdown_visible(now),
            renew_visible=session.renew_visible(now),
            expired=session.expired(now),
            connected_for=(now - info.connected_since) if connected and info.connected_since else None,
        )
        self.sessionTicked.emit(state)
        # The expiry rule is the tunnel session's (tunnel down, then /disconnect); this tick only
        # makes it run on the window's clock too. Its status change ends the page.
        if state.expired and connected and self.tunnel.check_expiry(now):
            self._set_state(ControllerState.DISCONNECTING)
        return state

    # -- tunnel events -----------------------------------------------------------------------------------

    def _on_tunnel_status(self, status: TunnelStatus) -> None:
        reconnecting = status.reconnecting and status.state is TunnelState.CONNECTED
        if reconnecting != self.reconnecting:
            self.reconnecting = reconnecting
            self.stateChanged.emit(self.state.value)  # the views say "Reconnecting…" (or no longer)
        info = self.connection
        moved = info is not None and status.addresses != info.addresses
        if status.ended is SessionEnd.EXPIRED and status.state is TunnelState.DISCONNECTED:
            self._timer.stop()
            self.expired = True
            if info is not None:
                self._set_connection(
                    ConnectionInfo(server=info.server, profile=info.profile, session=info.session)
                )
            self._set_state(ControllerState.IDLE)
            self.sessionExpired.emit()
        elif status.state is TunnelState.FAILED and self.state is ControllerState.CONNECTED:
            self._timer.stop()
            self._fail(SluisError(detail=status.reason or "the tunnel failed"))
        elif status.state is TunnelState.CONNECTED and info is not None and moved:
            self._set_connection(replace(info, addresses=status.addresses))

    # -- discovery ----------------------------------------------------------------------------------------

    @property
    def discovery_enabled(self) -> bool:
        """eduVPN's server search is offered: the setting is on and this is not Let's Connect!."""
        return self.service.discovery_enabled

    def search(self, query: str) -> list[SearchResult]:
        """Institutes and organizations matching ``query`` in the lists already in memory (cached or
        bundled until the first refresh). No network: it runs on every keystroke."""
        if not self.discovery_enabled:
            return []
        index = self.service.discovery().search_index()
        return index.search(query, self.languages, SEARCH_LIMIT)

    @property
    def discovery_notice(self) -> str | None:
        """Why a discovery list could not be updated (the last good copy is in use), translated."""
        return discovery_notice(self.service)

    def dismiss_discovery_notice(self) -> None:
        self.service.discovery().dismiss_notice()
        self.discoveryChanged.emit()

    def start_discovery(self, interval: float | None = None) -> asyncio.Task[None] | None:
        """Go online for discovery: refresh the server list now and every ``interval`` seconds, and
        let ``ensure_organizations`` download. The app calls this once at start; tests that should not
        reach the network never do."""
        self._discovery_online = True
        if not self.discovery_enabled or self._refresh_loop is not None:
            return None
        store = self.service.discovery()

        def refreshed(_failure: object) -> None:
            self.service.mark_delisted()
            self.serversChanged.emit()
            self.discoveryChanged.emit()

        if interval is None:
            from gui.core.discovery import REFRESH_INTERVAL

            interval = REFRESH_INTERVAL
        self._refresh_loop = self._background(store.keep_servers_fresh(interval, on_refreshed=refreshed))
        return self._refresh_loop

    def ensure_organizations(self) -> asyncio.Task[None] | None:
        """Fetch the organization list when it is missing or older than an hour (the Add server page
        asks when it opens)."""
        if not (self._discovery_online and self.discovery_enabled):
            return None
        store = self.service.discovery()

        async def work() -> None:
            await store.ensure_organizations()
            self.discoveryChanged.emit()

        return self._background(work())

    def _background(self, work: Awaitable[object], what: str = "discovery refresh") -> asyncio.Task[None]:
        """Work beside the user's operations (a discovery download, the tunnel watch): logged when it
        fails, never an error state of its own (a notice or a tunnel event says it)."""

        async def run() -> None:
            try:
                await work
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("%s failed: %s", what, type(exc).__name__)

        task = asyncio.ensure_future(run())
        self._discovery_tasks.add(task)
        task.add_done_callback(self._discovery_tasks.discard)
        return task

    def add_from_discovery(self, result: SearchResult) -> asyncio.Task[None]:
        """Add what the search offered: an institute, an organization's Secure Internet home (its
        login skips the "where are you from" page), or a typed address."""

        async def work() -> None:
            self._set_state(ControllerState.AUTHORIZING)
            if result.kind is ResultKind.ORGANIZATION and result.organization is not None:
                org_id = result.organization.org_id
                await self.service.add_from_discovery(self.open_browser, org_id=org_id)
            elif result.kind is ResultKind.INSTITUTE_ACCESS:
                await self.service.add_from_discovery(self.open_browser, base_url=result.base_url)
            else:
                await self.service.add_server(result.base_url or result.display_name, self.open_browser)
            self.serversChanged.emit()
            self._settle()

        return self._start(work, ControllerState.AUTHORIZING)

    def support_contacts(self) -> list[tuple[str, tuple[str, ...]]]:
        """The helpdesk of each added server as discovery lists it (``mailto:``, ``tel:``, web
        pages): (the server's name, its contacts); servers without one are left out."""
        if not self.discovery_enabled:
            return []
        listed = {s.base_url.rstrip("/"): s.support_contact for s in self.service.discovery().servers}
        found: list[tuple[str, tuple[str, ...]]] = []
        for entry in self.service.servers:
            contacts = listed.get(entry.api_base_url.rstrip("/")) or listed.get(entry.base_url.rstrip("/"))
            if contacts:
                found.append((self._item(entry).name(self.languages), contacts))
        return found

    def locations(self, url: str) -> list[Location]:
        """The Secure Internet countries to choose from for an added Secure Internet server."""
        return server_locations(self.service, url, self.languages)

    def location_in_use(self, url: str) -> str:
        """The base URL of the Secure Internet location the server's VPN calls go to now."""
        return self.service.servers.get(url).api_base_url

    def change_location(self, url: str, location_base_url: str) -> asyncio.Task[None]:
        """Switch a Secure Internet server to another country with the same login. A tunnel to that
        server goes down and the server is told (``/disconnect``, as when switching servers) before
        the switch; the same profile then connects at the new location, only if it was connected."""

        async def work() -> None:
            entry = self.service.servers.get(url)
            if entry.api_base_url.rstrip("/") == location_base_url.strip().rstrip("/"):
                self._settle_after_cancel()
                return
            info = self.connection
            shown_here = info is not None and info.server.base_url == entry.base_url
            up = self.backend.state.state is TunnelState.CONNECTED
            was_connected = shown_here and up
            profile = info.profile if info is not None and was_connected else None
            if was_connected and self._is_listed_location(location_base_url):
                # An unlisted address fails below without ending the connection.
                await self._tunnel_down_and_disconnect()
            moved = await self.service.change_location(entry.base_url, location_base_url)
            log.info("location of %s changed", moved.base_url)
            self._profiles.pop(moved.base_url, None)
            self.serversChanged.emit()
            if was_connected:
                await self._connect(moved, profile, moved.last_profile)
                return
            if shown_here and info is not None:
                self._set_connection(ConnectionInfo(server=self._item(moved), profile=info.profile))
            self._settle_after_cancel()

        known = self.service.servers.find(url)
        connected_here = (
            known is not None
            and self.connection is not None
            and self.connection.server.base_url == known.base_url
            and self.backend.state.state is TunnelState.CONNECTED
        )
        return self._start(work, ControllerState.DISCONNECTING if connected_here else None)

    def _is_listed_location(self, location_base_url: str) -> bool:
        wanted = location_base_url.strip().rstrip("/")
        return any(
            s.server_type is ServerType.SECURE_INTERNET and s.base_url.rstrip("/") == wanted
            for s in self.service.discovery().servers
        )

    # -- diagnostics ------------------------------------------------------------------------------------

    def diagnostics_report(self) -> str:
        """The redacted report of ``gui.core.diagnostics``, with what the window knows of the tunnel."""
        from gui.core.diagnostics import build_report  # only when asked: it reads package metadata

        tunnel = self.backend.state
        info = self.connection
        backend = {
            "backend": self.backend.name,
            "tunnel": tunnel.state.value,
            "window state": self.state.value,
            "connected server": info.server.base_url if info is not None else None,
            "profile": info.profile.profile_id if info is not None and info.profile is not None else None,
            "protocol": info.protocol.value if info is not None and info.protocol is not None else None,
        }
        return build_report(self.service, backend=backend)

    def save_diagnostics(self, path: str) -> bool:
        """Write the report (mode 0600); a failure is shown like any other error."""
        from gui.core.diagnostics import write_report

        try:
            write_report(Path(path), self.diagnostics_report())
        except OSError as exc:
            self._fail(StorageError(path=path, detail=exc.strerror or str(exc)))
            return False
        log.info("diagnostics saved")
        return True

    # -- settings and lifetime ---------------------------------------------------------------------------

    def is_managed(self, setting: str) -> bool:
        """Whether IT locked this setting in the system policy (the views show it as managed)."""
        return self.service.policy.is_locked(setting)

    def save_settings(self, settings: Settings) -> None:
        previous = self.service.settings
        try:
            self.service.save_settings(settings)
        except OSError as exc:
            self.service.settings = settings  # in force for this run, even if it could not be saved
            path = str(self.service.paths.settings_file)
            self._fail(StorageError(path=path, detail=exc.strerror or str(exc)))
        if self.service.settings.start_at_login != previous.start_at_login:
            self.apply_start_at_login()
        if self._discovery_online and self.discovery_enabled:
            self.start_discovery()
        elif self._refresh_loop is not None:
            self._refresh_loop.cancel()
            self._refresh_loop = None
        self.settingsChanged.emit()
        self.discoveryChanged.emit()

    def apply_start_at_login(self) -> asyncio.Task[None]:
        """Create or remove the login item to match the setting (also at start: IT's policy may
        ask for it). File and registry work runs off the event loop."""
        enabled = self.service.settings.start_at_login

        async def apply() -> None:
            # The autostart entry's writer (plistlib on macOS) loads when it is needed.
            from gui.desktop.autostart import set_start_at_login

            try:
                await asyncio.to_thread(set_start_at_login, enabled)
            except OSError as exc:
                self._fail(StorageError(path="autostart", detail=exc.strerror or str(exc)))

        return self._background(apply(), "start at login")

    @property
    def _resume_file(self) -> Path:
        return self.service.paths.state_dir / RESUME_FILE

    def _remember(self, point: ResumePoint) -> None:
        try:
            write_private(self._resume_file, json.dumps(asdict(point)) + "\n")
        except OSError as exc:
            log.warning("could not remember the connection: %s", exc.strerror or exc)

    def window_state(self) -> dict[str, Any]:
        """What the window kept of itself (``save_window_state``); empty when nothing was kept."""
        return window_state(self.service.paths.state_dir)

    def save_window_state(self, **values: Any) -> None:
        """Keep the window's geometry (base64 text) and hints for the next start (no secrets)."""
        state = {**self.window_state(), **values}
        try:
            write_private(self.service.paths.state_dir / WINDOW_FILE, json.dumps(state) + "\n")
        except OSError as exc:
            log.warning("could not keep the window's place: %s", exc.strerror or exc)

    def resume_point(self) -> ResumePoint | None:
        """The server and profile of the last connection, and whether it was up when Sluis quit."""
        try:
            raw = json.loads(self._resume_file.read_text(encoding="utf-8"))
            return ResumePoint(str(raw["server"]), str(raw["profile"]), bool(raw["connected"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def start(self) -> asyncio.Task[None] | None:
        """At start-up, with "reconnect at start": connect again when the tunnel was up as Sluis quit
        (an auto-connect does call ``/info`` and ``/connect``)."""
        if not self.service.settings.reconnect_at_start:
            return None
        point = self.resume_point()
        if point is None or not point.connected or self.service.servers.find(point.server) is None:
            return None
        return self.connect_profile(point.server, point.profile)

    async def shutdown(self) -> None:
        """On quit: stop the operation; a connected tunnel goes down and the server is told."""
        self._timer.stop()
        self.cancel()
        await self.wait_idle()
        for task in list(self._discovery_tasks):
            task.cancel()
        if self._discovery_tasks:
            await asyncio.gather(*self._discovery_tasks, return_exceptions=True)
        self._refresh_loop = None
        with contextlib.suppress(Exception):
            await self.service.aclose()
        if self.backend.state.state is not TunnelState.DISCONNECTED:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._tunnel_down_and_disconnect(), 10)
        await self.tunnel.close()
        self._unsubscribe()
