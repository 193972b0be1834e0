"""``TunnelSession``: one tunnel's whole life, written once.

Whoever asks (the window's controller, the background process ``sluis connect`` leaves running, the
control API), the same steps run in the same order:

1. the protocols ``/connect`` may accept (``allowed_protocols``: the backend, the settings and IT's
   locks), and never a second tunnel beside a first;
2. ``/info`` + ``/connect`` (a dead authorization goes to the ``login`` hook once, or ends the
   session as *revoked*);
3. bring-up with a deadline; a half-built tunnel is taken down again. When the VPN process asks
   for a login (an Access Server user-locked profile), the session answers it: with the login
   kept in the keyring, else through the connect's ``credentials`` asker (the window's dialog, a
   login the CLI or the control API brought), else the connect fails with
   ``CredentialsRequiredError``. A refused login is forgotten from the keyring;
4. the failover watch (TCP when UDP stops answering) and the expiry deadline: warnings before
   ``Expires``, and at ``Expires`` the tunnel down and ``/disconnect``;
5. disconnect: the tunnel down first, *then* the best-effort ``/disconnect``.

Every change is reported to the listeners and written to the state file.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from gui.backends.base import (
    BACKEND_TIMEOUT,
    Backend,
    CredentialRequest,
    Credentials,
    TunnelEvent,
    TunnelState,
)
from gui.backends.failover import FailoverPolicy, TcpVariant, TunnelMonitor
from gui.backends.helped import PrivilegedBackend
from gui.backends.netwatch import NetworkWatcher
from gui.backends.sleepwatch import SleepWatcher
from gui.core.errors import (
    AlreadyConnectedError,
    CredentialsRefusedError,
    CredentialsRequiredError,
    ReauthorizationRequired,
    SluisError,
)
from gui.core.expiry import Session
from gui.core.profile_secrets import AskLogin, GivenLogin, LoginAnswer, LoginPrompt
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.servers import ServerEntry, ServerKind
from gui.core.service import VpnService
from gui.tunnel.protocols import allowed_protocols
from gui.tunnel.status import SessionEnd, StateFile, TunnelStatus

if TYPE_CHECKING:  # configurations arrive with a connect; parsing them is not the start's business
    from gui.core.vpnconfig import VpnConfig

log = logging.getLogger(__name__)

# A half-built tunnel is taken down with a shorter deadline (the error is already on its way).
ABANDON_TIMEOUT = 20.0
# How often the expiry watch looks at the clock at most (it also wakes just before each deadline).
EXPIRY_POLL = 30.0

Listener = Callable[[TunnelStatus], None]
# Called with the time left when a warning before ``Expires`` is due.
WarningListener = Callable[[timedelta], None]
# Log in again for a server (the browser opens); ``None``: the session ends as "revoked" instead.
Login = Callable[[str], Awaitable[None]]
_T = TypeVar("_T")


def default_network_watch(backend: Backend) -> NetworkWatcher | None:
    """``ip monitor`` in the tunnel's namespace, for the direct Linux backends (the others'
    services follow network changes themselves)."""
    if not sys.platform.startswith("linux") or not isinstance(backend, PrivilegedBackend):
        return None
    return NetworkWatcher(backend.options.netns)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _profile_name(entry: ServerEntry) -> str:
    """The name a login question shows (an imported profile's own name, else the server)."""
    name = entry.display_name if isinstance(entry.display_name, str) else ""
    if not name and isinstance(entry.display_name, dict):
        name = next(iter(entry.display_name.values()), "")
    return name or entry.source_host or entry.base_url


@dataclass
class _Login:
    """The VPN login of one tunnel: whom to ask during its connect, and what was given (in memory
    only: OpenVPN asks again on its own restarts, e.g. with ``auth-nocache``)."""

    entry: ServerEntry
    profile_name: str
    ask: AskLogin | None
    # The bring-up deadline, paused while a person answers.
    deadline: asyncio.Timeout | None = None
    # The question nobody could answer (no asker, a cancel, a given login that does not fit it).
    unanswered: LoginPrompt | None = None
    given: Credentials | None = None

    @property
    def fresh(self) -> bool:
        """The asker brings a password of its own: it wins over one kept in the keyring."""
        return isinstance(self.ask, GivenLogin) and self.ask.has_password


@contextlib.contextmanager
def _paused(deadline: asyncio.Timeout | None) -> Iterator[None]:
    """The time a person takes to answer does not count against the bring-up deadline."""
    when = deadline.when() if deadline is not None else None
    if deadline is None or when is None:
        yield
        return
    loop = asyncio.get_running_loop()
    left = when - loop.time()
    with contextlib.suppress(RuntimeError):  # the connect ended meanwhile
        deadline.reschedule(None)
    try:
        yield
    finally:
        with contextlib.suppress(RuntimeError):
            deadline.reschedule(loop.time() + max(left, 0.0))


class TunnelSession:
    def __init__(
        self,
        service: VpnService,
        backend: Backend,
        *,
        clock: Callable[[], datetime] = utc_now,
        failover: FailoverPolicy | None = None,
        login: Login | None = None,
        state_file: StateFile | None = None,
        bring_up_timeout: float = BACKEND_TIMEOUT,
        network_watch: Callable[[Backend], NetworkWatcher | None] | None = None,
    ) -> None:
        self.service = service
        # Network changes under the tunnel (the direct Linux backends: ``ip monitor``).
        self.network_watch = network_watch or default_network_watch
        self.backend = backend
        self.clock = clock
        self.failover = failover or FailoverPolicy.from_environment()
        self.login = login
        self.state_file = state_file
        self.bring_up_timeout = bring_up_timeout
        self._status = TunnelStatus(backend=backend.name)
        self._listeners: list[Listener] = []
        self._warning_listeners: list[WarningListener] = []
        self._config: VpnConfig | None = None
        self._session: Session | None = None
        self._watch: asyncio.Task[None] | None = None
        self._expiry: asyncio.Task[None] | None = None
        self._expiring: asyncio.Task[None] | None = None
        self._prepared = False
        self._settled = asyncio.Event()
        self._settled.set()
        self._login: _Login | None = None
        backend.subscribe(self._on_backend_event)
        backend.use_credentials(self._answer_login)

    # -- what it reports -------------------------------------------------------------------------------

    @property
    def status(self) -> TunnelStatus:
        return self._status

    @property
    def session(self) -> Session | None:
        """The VPN session's start and end (for countdowns and the renew rule), while there is one."""
        return self._session

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def subscribe_warnings(self, listener: WarningListener) -> Callable[[], None]:
        self._warning_listeners.append(listener)
        return lambda: (
            self._warning_listeners.remove(listener) if listener in self._warning_listeners else None
        )

    def _set(self, status: TunnelStatus) -> None:
        if status == self._status and status.profile is self._status.profile:
            return
        self._status = status
        if self.state_file is not None:
            try:
                self.state_file.write(status)
            except OSError as exc:
                log.warning("could not write the tunnel state file: %s", type(exc).__name__)
        for listener in list(self._listeners):
            listener(status)

    # -- the protocol rule -----------------------------------------------------------------------------

    def accept(
        self, profile: Profile | None = None, requested: Protocol | None = None
    ) -> frozenset[Protocol]:
        """What ``/connect`` may be asked for (``ProtocolNotAllowedError`` when nothing may)."""
        return allowed_protocols(
            self.backend.capabilities.protocols,
            self.service.settings,
            self.service.policy,
            profile=profile,
            requested=requested,
        )

    # -- connecting ------------------------------------------------------------------------------------

    async def prepare(self) -> None:
        """Once per owner: take down what a crashed earlier owner left behind."""
        if not self._prepared:
            self._prepared = True
            with contextlib.suppress(Exception):
                await self.backend.cleanup_stale()

    async def connect(
        self,
        server: str,
        profile_id: str | None = None,
        *,
        profile: Profile | None = None,
        protocol: Protocol | None = None,
        prefer_tcp: bool | None = None,
        credentials: AskLogin | None = None,
    ) -> TunnelStatus:
        """Bring a tunnel up to ``server``; the status once it is up. Raises ``SluisError``s (the
        status then says ``failed`` with the reason) and ``AlreadyConnectedError`` while one is up.

        ``credentials`` is asked when the VPN process wants a login that the keyring does not
        keep (the window's dialog, or a ``GivenLogin``); without it such a connect fails with
        ``CredentialsRequiredError``, which says what to ask."""
        if self._status.active:
            raise AlreadyConnectedError(server=self._status.server or "")
        entry = self.service.servers.get(server)
        accept = self.accept(profile, protocol)
        await self.prepare()
        if self.backend.state.state is not TunnelState.DISCONNECTED:
            await self.disconnect()  # a failed tunnel still in place: down, and its config given back
        self._settled.clear()
        try:
            wanted = profile_id or (profile.profile_id if profile else None)
            self._login = _Login(entry, _profile_name(entry), credentials)
            return await self._connect(entry, profile, wanted, accept, prefer_tcp)
        finally:
            self._settled.set()

    async def _connect(
        self,
        entry: ServerEntry,
        profile: Profile | None,
        profile_id: str | None,
        accept: frozenset[Protocol],
        prefer_tcp: bool | None,
    ) -> TunnelStatus:
        base = TunnelStatus(
            TunnelState.CONNECTING, server=entry.base_url, profile=profile, backend=self.backend.name
        )
        self._set(base)
        try:
            chosen, config = await self.with_login(
                entry.base_url,
                lambda: self.service.obtain_config(
                    entry.base_url, profile_id, accept=accept, prefer_tcp=prefer_tcp
                ),
            )
        except asyncio.CancelledError:
            self._set(replace(base, state=TunnelState.DISCONNECTED))
            raise
        except ReauthorizationRequired as exc:
            self._set(replace(base, state=TunnelState.FAILED, reason=exc.message, ended=SessionEnd.REVOKED))
            raise
        except SluisError as exc:
            self._set(replace(base, state=TunnelState.FAILED, reason=exc.message))
            raise
        self._config = config
        self._session = self._session_of(config)
        base = replace(base, profile=chosen, protocol=config.protocol, expires=config.expires)
        self._set(base)
        try:
            async with asyncio.timeout(self.bring_up_timeout) as deadline:
                if self._login is not None:
                    self._login.deadline = deadline
                await self.backend.up(config, chosen)
        except BaseException as exc:
            # Cancelled, timed out or failed half-way: part of a tunnel may exist that nothing else
            # would ever take down; and the config is given back to the server.
            self._config = None
            cancelled = isinstance(exc, asyncio.CancelledError)
            failure: SluisError | None = None
            try:
                await self._abandon()
                failure = None if cancelled else await self._login_failure(exc)
            except asyncio.CancelledError:
                cancelled = True  # a cancel during the clean-up: the status must still settle
                raise
            finally:
                self._login = None
                if cancelled:
                    self._set(replace(base, state=TunnelState.DISCONNECTED))
                else:
                    shown = failure or exc
                    in_time = "the VPN tunnel did not come up in time"
                    reason = shown.message if isinstance(shown, SluisError) else in_time
                    self._set(replace(base, state=TunnelState.FAILED, reason=reason))
            with contextlib.suppress(Exception):
                await self._give_back(entry.base_url)
            if failure is not None:
                raise failure from exc
            raise
        self._start_watching(config, chosen)
        up = replace(
            base,
            state=TunnelState.CONNECTED,
            addresses=self.backend.state.addresses,
            connected_since=self.clock(),
            transport=self.backend.transport,
        )
        self._set(up)
        return up

    async def with_login(self, server: str, call: Callable[[], Awaitable[_T]]) -> _T:
        """An API call for ``server``; when the authorization is gone, the ``login`` hook once and
        the call again (without a hook the last config is forgotten and the error raised). The
        window's profile list uses it too."""
        try:
            return await call()
        except ReauthorizationRequired:
            if self.login is None:
                self._forget_last_config(server)
                raise
            log.info("authorization needed for %s", server)
        await self.login(server)
        return await call()

    def _session_of(self, config: VpnConfig) -> Session | None:
        if config.expires is None:
            return None
        last = self.service.last_session()
        started = (
            datetime.fromtimestamp(last.started_at, UTC)
            if last is not None and last.started_at is not None
            else self.clock()
        )
        return Session(started_at=min(started, config.expires), expires_at=config.expires)

    def _forget_last_config(self, server: str) -> None:
        """The authorization is gone: the last config's expiry no longer means anything."""
        last = self.service.last_session()
        if last is not None and last.server == server:
            self.service.paths.connection_file.unlink(missing_ok=True)

    # -- the VPN login ------------------------------------------------------------------------------

    async def _answer_login(self, request: CredentialRequest) -> Credentials | None:
        """The backend's credentials callback (``Backend.use_credentials``): OpenVPN asks for a login.
        ``None`` makes the backend give up; the connect then reports why (``_login_failure``)."""
        login = self._login
        if login is None:
            log.warning("the VPN process asked for a login outside a connect; none given")
            return None
        if request.kind != "Auth":
            log.warning("the VPN process asked for a %r password, which Sluis does not keep", request.kind)
            return None
        if login.given is not None and request.challenge is None:
            return login.given  # the same tunnel again (OpenVPN restarted it): the same login
        answer = await self._login_answer(login, request)
        if answer is None:
            return None
        login.given = Credentials(answer.username, answer.password)
        return Credentials(answer.username, answer.password, answer.challenge_response)

    async def _login_answer(self, login: _Login, request: CredentialRequest) -> LoginAnswer | None:
        async def ask(prompt: LoginPrompt) -> LoginAnswer | None:
            answer = None
            if login.ask is not None:
                with _paused(login.deadline):
                    answer = await login.ask(prompt)
            if answer is None:
                login.unanswered = prompt
            return answer

        if login.entry.kind is ServerKind.IMPORTED:
            from gui.core.importers import imported_login

            return await imported_login(
                self.service.importer,
                login.entry,
                ask,
                challenge=request.challenge,
                echo=request.echo,
                fresh=login.fresh,
            )
        return await ask(LoginPrompt(login.profile_name, None, request.challenge, request.echo))

    async def _login_failure(self, exc: BaseException) -> SluisError | None:
        """What a failed bring-up means for the login: nobody answered (``CredentialsRequiredError``,
        saying what to ask), or the server refused it (a kept login is forgotten)."""
        login = self._login
        if login is None:
            return None
        if login.unanswered is not None and not isinstance(exc, CredentialsRefusedError):
            prompt = login.unanswered
            return CredentialsRequiredError(
                profile=login.profile_name,
                username=prompt.username,
                challenge=prompt.challenge,
                echo=prompt.echo,
                password_known=prompt.password_known,
            )
        given = login.given
        if (
            isinstance(exc, CredentialsRefusedError)
            and given is not None
            and login.entry.kind is ServerKind.IMPORTED
        ):
            from gui.core.importers import forget_imported_login

            refused = (given.username, given.password)
            try:
                forgotten = await forget_imported_login(self.service.importer, login.entry, refused)
            except Exception as failed:
                log.warning("could not forget a refused login: %s", type(failed).__name__)
                return None
            if forgotten:
                log.info("the server refused the kept VPN login; it is forgotten")
                return CredentialsRefusedError(CredentialsRefusedError.FORGOTTEN_TEMPLATE)
        return None

    # -- watching --------------------------------------------------------------------------------------

    def _start_watching(self, config: VpnConfig, profile: Profile) -> None:
        self._stop_watching()
        if self.backend.gateway is not None:
            tcp_variant: TcpVariant | None = None
            if config.protocol is Protocol.OPENVPN:
                from gui.backends.openvpn import tcp_first

                tcp_variant = tcp_first
            elif config.protocol is Protocol.WIREGUARD and self._may_use_wireguard_tcp(profile):
                tcp_variant = self._wireguard_over_tcp(profile)
            watcher = self.network_watch(self.backend)
            monitor = TunnelMonitor(
                self.backend,
                config,
                profile,
                tcp_variant=tcp_variant,
                policy=self.failover,
                changes=watcher,
                on_resume=self.check_expiry,  # a session that expired while asleep goes down instead
            )
            self._watch = asyncio.create_task(self._watch_tunnel(monitor, watcher), name="sluis tunnel watch")
        if self._session is not None:
            self._expiry = asyncio.create_task(self._watch_expiry(), name="sluis expiry watch")

    def _may_use_wireguard_tcp(self, profile: Profile) -> bool:
        """The profile offers it, the backend runs it, and IT's policy does not lock another protocol."""
        if Protocol.WIREGUARD_TCP not in profile.protocols:
            return False
        try:
            self.accept(profile, Protocol.WIREGUARD_TCP)
        except SluisError:
            return False
        return True

    def _wireguard_over_tcp(self, profile: Profile) -> TcpVariant:
        """The failover's move for a WireGuard tunnel: the server's WireGuard-over-TCP configuration,
        from one more ``/connect`` (no login is asked for: without an authorization, no move)."""

        async def fetch(udp: VpnConfig) -> VpnConfig | None:
            del udp  # replaced whole: the server's TCP configuration differs (ProxyEndpoint)
            server = self._status.server
            if server is None:
                return None
            try:
                _, config = await self.service.obtain_config(
                    server, profile.profile_id, accept={Protocol.WIREGUARD_TCP}, prefer_tcp=True
                )
            except SluisError as exc:
                log.warning("no WireGuard over TCP configuration for the failover: %s", type(exc).__name__)
                return None
            if config.protocol is not Protocol.WIREGUARD_TCP:
                return None
            self._config = config
            self._session = self._session_of(config)
            return config

        return fetch

    @staticmethod
    async def _watch_tunnel(monitor: TunnelMonitor, watcher: NetworkWatcher | None) -> None:
        sleeper = SleepWatcher() if sys.platform.startswith("linux") else None
        try:
            if watcher is not None and not watcher.start():
                monitor.changes = None
            if sleeper is not None and await sleeper.start():
                monitor.resumes = sleeper
            await monitor.run()
        finally:
            if watcher is not None:
                watcher.close()
            if sleeper is not None:
                await sleeper.close()

    def _stop_watching(self) -> None:
        for task in (self._watch, self._expiry):
            if task is not None and task is not asyncio.current_task():
                task.cancel()
        self._watch = self._expiry = None

    async def _watch_expiry(self) -> None:
        previous = self.clock()
        while self._session is not None:
            now = self.clock()
            for due in self._session.notification_due(previous, now):
                if due > timedelta(0):
                    for listener in list(self._warning_listeners):
                        listener(self._session.remaining(now))
            previous = now
            if self.check_expiry(now):
                return
            left = (self._session.expires_at - now).total_seconds()
            await asyncio.sleep(max(0.05, min(EXPIRY_POLL, left)))

    def check_expiry(self, now: datetime | None = None) -> bool:
        """The expiry rule: at ``Expires`` the tunnel goes down and ``/disconnect`` is sent. True once
        that has been started (also called from the window's once-a-second tick)."""
        if self._session is None or self._expiring is not None or self._config is None:
            return False
        if not self._session.expired(now or self.clock()):
            return False
        self._expiring = asyncio.ensure_future(self._expire())
        return True

    async def _expire(self) -> None:
        try:
            log.info("the VPN session has expired; taking the tunnel down")
            await self.disconnect(ended=SessionEnd.EXPIRED)
        finally:
            self._expiring = None

    # -- disconnecting ---------------------------------------------------------------------------------

    async def disconnect(self, *, ended: SessionEnd | None = None) -> TunnelStatus:
        """The tunnel down first, then the best-effort ``/disconnect``: the old config is never reused."""
        status = self._status
        server = status.server
        self._stop_watching()
        holding = self.backend.state.state is not TunnelState.DISCONNECTED
        if holding:
            self._set(replace(status, state=TunnelState.DISCONNECTING))
            await self._take_down()
        self._session = None if ended is None else self._session
        gave = self._config is not None
        self._config = None
        self._login = None
        down = TunnelStatus(
            TunnelState.DISCONNECTED,
            server=server,
            profile=status.profile,
            protocol=status.protocol,
            expires=status.expires,
            backend=self.backend.name,
            ended=ended,
        )
        self._set(down)
        if server is not None and gave:
            await self._give_back(server)
        return down

    async def _give_back(self, server: str) -> None:
        """``/disconnect``, best effort: the tunnel is down already. Either way the config is over,
        so it no longer shows as the last one (an expired session's authorization is gone too)."""
        try:
            await self.service.disconnect(server)
        except SluisError as exc:
            log.info("/disconnect to %s failed: %s", server, type(exc).__name__)
        finally:
            self._forget_last_config(server)

    async def _take_down(self) -> None:
        """``backend.down()`` that a cancel does not cut short: half-way, the backend would report
        the tunnel down while it is still up. The cancel takes effect once the tunnel is down."""
        down = asyncio.ensure_future(asyncio.wait_for(self.backend.down(), BACKEND_TIMEOUT))
        try:
            await asyncio.shield(down)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await asyncio.shield(down)
            raise

    async def _abandon(self) -> None:
        if self.backend.state.state is TunnelState.DISCONNECTED:
            return
        try:
            await asyncio.shield(asyncio.wait_for(self.backend.down(), ABANDON_TIMEOUT))
        except Exception as exc:
            log.warning("could not take a half-built tunnel down: %s", type(exc).__name__)

    async def close(self) -> None:
        """Stop watching (the owner is going away); the tunnel itself is the caller's decision."""
        self._stop_watching()
        if self._expiring is not None:
            with contextlib.suppress(Exception):
                await self._expiring

    async def wait_settled(self) -> None:
        """Until no connect is in progress."""
        await self._settled.wait()

    # -- the backend's events ------------------------------------------------------------------------------

    def _on_backend_event(self, event: TunnelEvent) -> None:
        status = self._status
        if status.state is TunnelState.CONNECTING or status.state is TunnelState.DISCONNECTING:
            return  # connect() and disconnect() report their own progress
        if event.state is TunnelState.CONNECTING and status.state is TunnelState.CONNECTED:
            # The running tunnel finds its server again (a resume, another network, OpenVPN's own
            # restart): still this connection, "Reconnecting…" until it answers.
            if not status.reconnecting:
                self._set(replace(status, reconnecting=True))
        elif event.state is TunnelState.FAILED and status.state is TunnelState.CONNECTED:
            self._set(
                replace(
                    status,
                    state=TunnelState.FAILED,
                    reason=event.reason or "the tunnel failed",
                    reconnecting=False,
                )
            )
        elif event.state is TunnelState.CONNECTED and status.state in (
            TunnelState.CONNECTED,
            TunnelState.FAILED,
        ):
            if self._config is not None:
                self._set(
                    replace(
                        status,
                        state=TunnelState.CONNECTED,
                        addresses=event.addresses or status.addresses,
                        protocol=self._config.protocol,
                        transport=self.backend.transport,
                        reason=None,
                        reconnecting=False,
                    )
                )
        elif event.state is TunnelState.DISCONNECTED and status.state in (
            TunnelState.CONNECTED,
            TunnelState.FAILED,
        ):
            # The backend took its tunnel down by itself (a failed move to TCP): nothing is left.
            self._stop_watching()
            self._set(
                replace(
                    status,
                    state=TunnelState.FAILED,
                    addresses=(),
                    reason=status.reason or event.reason,
                    reconnecting=False,
                )
            )
