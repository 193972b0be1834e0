"""OpenVPN 2.6 on Linux without NetworkManager, driven through its management interface.

The profile goes to the root helper as content (``openvpn_start``): the helper parses it with the
allow-list of ``gui.core.openvpn_profile``, writes the model with its own device name into its
root-owned folder and starts ``openvpn`` there, on hold. Sluis gets the management connection
handed over by the helper, follows the ``>STATE`` stream, answers ``>PASSWORD`` prompts through the
credentials callback (logins never touch argv, the environment or a file) and reads byte counts.
OpenVPN itself tries the ``remote`` lines in order (UDP, then TCP after ``server-poll-timeout``).
On disconnect the helper stops what it started and removes its folder.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from gui.backends.base import (
    BackendOptions,
    Capabilities,
    CredentialRequest,
    Credentials,
    TunnelEvent,
    TunnelSetupError,
    TunnelState,
)
from gui.backends.dns import PUSHED_ENV, DnsSettings, apply_dns, for_openvpn
from gui.backends.helped import HelperTunnel, PrivilegedBackend
from gui.backends.leaks import block_ipv6, needs_ipv6_block
from gui.backends.privileged import Helper, PrivilegedError
from gui.core.errors import CredentialsRefusedError
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.vpnconfig import VpnConfig, parse_openvpn

log = logging.getLogger(__name__)

_PASSWORD_NEED = re.compile(r">PASSWORD:Need '([^']+)' (username/password|password)(?: SC:(\d),(.*))?")


def quote(value: str) -> str:
    """A management-interface argument: double quotes, backslash escapes (OpenVPN's own parser).

    A control character (a line break above all) would end the command and start another one:
    ``ValueError``, never sent."""
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("a management argument may not hold control characters")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def static_challenge_password(password: str, response: str) -> str:
    """OpenVPN's static-challenge format ``SCRV1:base64(password):base64(response)``."""
    enc = base64.b64encode
    return f"SCRV1:{enc(password.encode()).decode()}:{enc(response.encode()).decode()}"


def tcp_first(config: VpnConfig) -> VpnConfig | None:
    """The same configuration with its TCP servers tried first, or ``None`` without TCP servers.

    The model does the reordering (``OpenVpnProfile.with_tcp_first``) and the text becomes the
    written-back model. Failover uses it to reconnect over TCP with the session it has (no new
    ``/connect``).
    """
    if config.openvpn is None:
        return None
    profile = config.openvpn.profile or parse_openvpn(config.text).profile
    moved = profile.with_tcp_first() if profile is not None else None
    if moved is None:
        return None
    text = moved.render()
    return replace(config, text=text, openvpn=parse_openvpn(text))


@dataclass(frozen=True)
class StateLine:
    """One ``>STATE:`` line: ``time,NAME,detail,local_ip,remote_ip,remote_port,…,local_ipv6``."""

    name: str
    detail: str
    local_ip: str
    remote: str
    local_ipv6: str

    @classmethod
    def parse(cls, line: str) -> StateLine:
        fields = line.removeprefix(">STATE:").split(",")
        fields += [""] * (9 - len(fields))
        return cls(fields[1], fields[2], fields[3], fields[4], fields[8])


@dataclass
class ManagementSession:
    """The line protocol of OpenVPN's management socket; feeds states and counters to callbacks."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    on_state: Callable[[StateLine], None]
    credentials: Any = None  # CredentialsCallback | None
    rx_bytes: int = 0
    tx_bytes: int = 0
    fatal: str | None = None
    # OpenVPN said "Verification Failed": the server refused the login.
    refused: bool = False
    # While the credentials callback runs (a person may be typing), and the seconds it took so far:
    # that time does not count against the connect timeout.
    asking_since: float | None = None
    asked_seconds: float = 0.0
    # What the server pushed, as OpenVPN reports it (>UPDOWN:ENV): the DNS options only.
    pushed: dict[str, str] = field(default_factory=dict)
    _updown: dict[str, str] | None = field(default=None, repr=False)
    _task: asyncio.Task[None] | None = field(default=None, repr=False)

    async def send(self, command: str) -> None:
        self.writer.write(command.encode() + b"\n")
        await self.writer.drain()

    def start(self) -> None:
        self._task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        while True:
            raw = await self.reader.readline()
            if not raw:
                self.on_state(StateLine("EOF", "", "", "", ""))
                return
            line = raw.decode(errors="replace").rstrip("\r\n")
            if line.startswith(">STATE:"):
                self.on_state(StateLine.parse(line))
            elif line.startswith(">HOLD:"):
                await self.send("hold release")
            elif line.startswith(">BYTECOUNT:"):
                rx, _, tx = line.removeprefix(">BYTECOUNT:").partition(",")
                if rx.isdigit() and tx.isdigit():
                    self.rx_bytes, self.tx_bytes = int(rx), int(tx)
            elif line.startswith(">PASSWORD:"):
                await self._password(line)
            elif line.startswith(">UPDOWN:"):
                self._updown_line(line.removeprefix(">UPDOWN:"))
            elif line.startswith(">FATAL:"):
                self.fatal = line.removeprefix(">FATAL:")
                log.warning("OpenVPN: %s", self.fatal)

    def _updown_line(self, rest: str) -> None:
        """``UP``/``DOWN``, then ``ENV,name=value`` lines, then ``ENV,END`` (``--management-up-down``)."""
        if rest in ("UP", "DOWN"):
            self._updown = {} if rest == "UP" else None
        elif rest == "ENV,END":
            if self._updown is not None:
                self.pushed = self._updown
            self._updown = None
        elif rest.startswith("ENV,") and self._updown is not None:
            name, _, value = rest.removeprefix("ENV,").partition("=")
            if PUSHED_ENV.fullmatch(name):
                self._updown[name] = value

    async def _password(self, line: str) -> None:
        if line.startswith(">PASSWORD:Verification Failed"):
            self.refused = True
            self.fatal = "the VPN server did not accept the username or password"
            self.on_state(StateLine("AUTH_FAILED", "", "", "", ""))
            return
        match = _PASSWORD_NEED.match(line)
        if match is None:
            return
        kind, what, echo, challenge = match.groups()
        answer: Credentials | None = None
        if self.credentials is not None:
            request = CredentialRequest(
                kind=kind, need_username=what == "username/password", challenge=challenge, echo=echo == "1"
            )
            self.asking_since = time.monotonic()
            try:
                answer = await self.credentials(request)
            except Exception as exc:  # the reader must live on: a failed answer is no answer
                log.warning("the login question failed: %s", type(exc).__name__)
                answer = None
            finally:
                self.asked_seconds += time.monotonic() - self.asking_since
                self.asking_since = None
        if answer is None:
            self.fatal = "no login was given for the VPN"
            await self.send("signal SIGTERM")
            return
        password = answer.password
        if challenge is not None:
            password = static_challenge_password(answer.password, answer.challenge_response or "")
        try:
            commands = [f"password {quote(kind)} {quote(password)}"]
            if what == "username/password":
                commands.insert(0, f"username {quote(kind)} {quote(answer.username)}")
        except ValueError:
            self.fatal = "the username or password holds characters OpenVPN cannot take (a line break)"
            await self.send("signal SIGTERM")
            return
        for command in commands:
            await self.send(command)

    async def close(self) -> None:
        try:
            if self._task is not None:
                self._task.cancel()
                # wait(), not await: the reader's own CancelledError stays inside; ours still comes out.
                await asyncio.wait({self._task})
        finally:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()


class LinuxOpenVpnBackend(PrivilegedBackend):
    name = "openvpn"
    tunnel_kind = "openvpn"

    def __init__(self, options: BackendOptions | None = None, helper: Helper | None = None) -> None:
        super().__init__(options, helper)
        self._session: ManagementSession | None = None
        self._connected = asyncio.Event()
        self._ended = asyncio.Event()
        self._stopping = False
        self._last_state: StateLine | None = None
        self.remote: str | None = None
        self._tcp = False
        self._profile: Profile | None = None
        self._restarted = asyncio.Event()
        self._dns_task: asyncio.Task[None] | None = None

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(
            frozenset({Protocol.OPENVPN}),
            notes=(
                "OpenVPN 2.6 through its management interface; the DNS the server pushes is read"
                " there (--management-up-down, no up-scripts) and set by the root helper",
            ),
        )

    @property
    def mtu(self) -> int:
        return 1400

    def _on_state(self, state: StateLine) -> None:
        self._last_state = state
        log.info("OpenVPN state %s %s", state.name, state.detail)
        if state.name == "TCP_CONNECT":
            self._tcp = True
        elif state.name == "RECONNECTING":
            self._tcp = False
        if state.name == "CONNECTED":
            self.remote = state.remote
            if self._connected.is_set():
                self._restarted.set()
                self._reapply_dns()
                if self.state.state is not TunnelState.CONNECTED:
                    self._emit(TunnelEvent(TunnelState.CONNECTED, addresses=self.state.addresses))
            self._connected.set()
        elif state.name == "RECONNECTING" and self._connected.is_set() and not self._stopping:
            self._emit(
                TunnelEvent(TunnelState.CONNECTING, addresses=self.state.addresses, reason=state.detail)
            )
        elif state.name in ("EXITING", "EOF", "AUTH_FAILED"):
            self._ended.set()
            if self._connected.is_set() and not self._stopping and self.state.state is not TunnelState.FAILED:
                reason = (self._session.fatal if self._session else None) or "the VPN process stopped"
                self._emit(TunnelEvent(TunnelState.FAILED, reason=reason))

    async def _up(self, config: VpnConfig, profile: Profile) -> tuple[str, ...]:
        if config.openvpn is None:
            raise TunnelSetupError("this backend runs OpenVPN configurations only")
        self._connected.clear()
        self._ended.clear()
        self._stopping = False
        self._tcp = False
        self._profile = profile
        try:
            # Content, never a path: the helper parses it again with the same allow-list and runs
            # the text it writes itself, in its own root-owned folder.
            started = await self.helper.request(
                "openvpn_start",
                config=config.text,
                netns=self.options.netns,
                query_passwords=config.openvpn.auth_user_pass,
            )
        except PrivilegedError as exc:
            raise TunnelSetupError(f"starting OpenVPN failed: {exc}") from exc
        record = HelperTunnel(str(started["id"]), str(started["ifname"]), self.options.netns)
        self.record = record
        try:
            await self._attach(record)
            await self._wait_connected()
            addresses = await self._addresses(record)
            if self.options.manage_dns and self._session is not None:
                await apply_dns(self.helper, record.id, for_openvpn(self._session.pushed, profile))
            if needs_ipv6_block(profile.default_gateway, addresses):
                await block_ipv6(self.helper, record.id)
        except PrivilegedError as exc:
            await self._teardown(record)
            raise TunnelSetupError(f"starting OpenVPN failed: {exc}") from exc
        except BaseException:
            await self._teardown(record)
            raise
        return addresses

    async def rejoin(self) -> bool:
        """OpenVPN restarts its connection (``SIGUSR1``: the remote resolved again, routes set up
        through today's network, a new session with the server) and this waits for CONNECTED."""
        if self._session is None or self.record is None:
            return False
        self._restarted.clear()
        await self._session.send("signal SIGUSR1")
        waits = {asyncio.ensure_future(self._restarted.wait()), asyncio.ensure_future(self._ended.wait())}
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()
        if not self._restarted.is_set():
            raise TunnelSetupError("OpenVPN stopped while it reconnected")
        return True

    def _reapply_dns(self) -> None:
        """After OpenVPN's own restart the pushed DNS may differ (and a new device has none)."""
        if not self.options.manage_dns or self._session is None or self.record is None:
            return
        if self._profile is None or (self._dns_task is not None and not self._dns_task.done()):
            return
        settings = for_openvpn(self._session.pushed, self._profile)
        self._dns_task = asyncio.create_task(self._apply_dns_quietly(self.record.id, settings))

    async def _apply_dns_quietly(self, tunnel: str, settings: DnsSettings) -> None:
        try:
            await apply_dns(self.helper, tunnel, settings)
        except TunnelSetupError as exc:
            log.warning("%s", exc)

    async def _attach(self, record: HelperTunnel) -> None:
        sock = await self.helper.management(record.id)
        reader, writer = await asyncio.open_unix_connection(sock=sock)
        self._session = ManagementSession(reader, writer, self._on_state, self.options.credentials)
        await reader.readline()  # >INFO:OpenVPN Management Interface Version 5
        self._session.start()
        # "hold off" first: after a restart (UDP→TCP) OpenVPN would otherwise wait for us again.
        for command in ("state on", "bytecount 2", "hold off", "hold release"):
            await self._session.send(command)

    async def _wait_connected(self) -> None:
        start = time.monotonic()
        connected = asyncio.create_task(self._connected.wait())
        ended = asyncio.create_task(self._ended.wait())
        done: set[asyncio.Task[Any]] = set()
        try:
            while not done:
                left = self._time_left(start)
                if left is not None and left <= 0:
                    break
                done, _ = await asyncio.wait(
                    {connected, ended},
                    timeout=1.0 if left is None else left,
                    return_when=asyncio.FIRST_COMPLETED,
                )
        finally:
            connected.cancel()
            ended.cancel()
        if self._connected.is_set():
            return
        if self._session is not None and self._session.refused:
            raise CredentialsRefusedError()
        fatal = self._session.fatal if self._session else None
        if not done:
            raise TunnelSetupError(
                f"the VPN server did not answer within {self.options.connect_timeout:.0f} seconds"
            )
        raise TunnelSetupError(fatal or ("OpenVPN stopped: " + await self._log_tail()))

    def _time_left(self, start: float) -> float | None:
        """Seconds left of the connect timeout, not counting the time a login question took;
        ``None`` while one is being answered (the clock stands still)."""
        session = self._session
        if session is not None and session.asking_since is not None:
            return None
        asked = session.asked_seconds if session is not None else 0.0
        return start + self.options.connect_timeout + asked - time.monotonic()

    async def _log_tail(self) -> str:
        if self.record is None:
            return ""
        with contextlib.suppress(PrivilegedError):
            answer = await self.helper.request("log_tail", id=self.record.id)
            lines = str(answer.get("lines", "")).strip().splitlines()
            return lines[-1] if lines else ""
        return ""

    async def _addresses(self, record: HelperTunnel) -> tuple[str, ...]:
        answer = await self.helper.request("addresses", id=record.id)
        found = [str(a) for a in answer.get("addresses", [])]
        if not found and self._last_state is not None:
            found = [a for a in (self._last_state.local_ip, self._last_state.local_ipv6) if a]
        return tuple(found)

    async def _down(self) -> None:
        if self.record is not None:
            await self._teardown(self.record)
            self.record = None

    async def _teardown(self, record: HelperTunnel) -> None:
        self._stopping = True
        if self._dns_task is not None:
            self._dns_task.cancel()
            self._dns_task = None
        if self._session is not None:
            with contextlib.suppress(OSError, ConnectionError):
                await self._session.send("signal SIGTERM")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._ended.wait(), 5)
            await self._session.close()
            self._session = None
        # The helper stops what is left of the process and removes its folder (config, log, socket).
        with contextlib.suppress(PrivilegedError):
            await self.helper.request("stop", id=record.id)

    async def counters(self) -> tuple[int, int] | None:
        return (self._session.rx_bytes, self._session.tx_bytes) if self._session else None

    @property
    def transport(self) -> str | None:
        """``udp`` or ``tcp``: what the current connection runs over (``None`` while not connected)."""
        if not self._connected.is_set() or self._last_state is None or self._last_state.name != "CONNECTED":
            return None
        return "tcp" if self._tcp else "udp"
