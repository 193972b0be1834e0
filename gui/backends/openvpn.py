"""OpenVPN 2.6 on Linux without NetworkManager, driven through its management interface.

The server's text (already checked by ``parse_openvpn``: nothing that runs programs or reads local
files) goes to a 0600 file in the private runtime dir; the privileged helper starts ``openvpn`` on it
with ``--management … unix --management-hold`` and our own ``--dev`` after ``--config``, so the
interface name is ours. Sluis then follows the ``>STATE`` stream, answers ``>PASSWORD`` prompts
through the credentials callback, and reads byte counts. OpenVPN itself tries the ``remote`` lines
in order (UDP, then TCP after ``server-poll-timeout``). Everything in the runtime dir is removed on
disconnect.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import getpass
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from gui.backends.base import (
    BackendOptions,
    Capabilities,
    CredentialRequest,
    Credentials,
    TunnelEvent,
    TunnelSetupError,
    TunnelState,
    pid_alive,
)
from gui.backends.helped import PrivilegedBackend
from gui.backends.privileged import Helper, PrivilegedError
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.vpnconfig import VpnConfig, parse_openvpn

log = logging.getLogger(__name__)

_PASSWORD_NEED = re.compile(r">PASSWORD:Need '([^']+)' (username/password|password)(?: SC:(\d),(.*))?")


def quote(value: str) -> str:
    """A management-interface argument: double quotes, backslash escapes (OpenVPN's own parser)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def static_challenge_password(password: str, response: str) -> str:
    """OpenVPN's static-challenge format ``SCRV1:base64(password):base64(response)``."""
    enc = base64.b64encode
    return f"SCRV1:{enc(password.encode()).decode()}:{enc(response.encode()).decode()}"


def tcp_first(config: VpnConfig) -> VpnConfig | None:
    """The same configuration with its TCP ``remote`` lines first, or ``None`` without TCP remotes.

    Failover uses it to reconnect over TCP with the session it has (no new ``/connect``).
    """
    if config.openvpn is None or "tcp" not in config.openvpn.protos:
        return None
    lines = config.text.split("\n")
    remote_idx = [i for i, line in enumerate(lines) if line.strip().lower().startswith("remote ")]
    remotes = [lines[i] for i in remote_idx]
    ordered = sorted(remotes, key=lambda line: not _is_tcp(line))
    for index, line in zip(remote_idx, ordered, strict=True):
        lines[index] = line
    text = "\n".join(lines)
    return replace(config, text=text, openvpn=parse_openvpn(text))


def _is_tcp(line: str) -> bool:
    parts = line.split()
    return len(parts) >= 4 and parts[3].lower().startswith("tcp")


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
            elif line.startswith(">FATAL:"):
                self.fatal = line.removeprefix(">FATAL:")
                log.warning("OpenVPN: %s", self.fatal)

    async def _password(self, line: str) -> None:
        if line.startswith(">PASSWORD:Verification Failed"):
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
            answer = await self.credentials(request)
        if answer is None:
            self.fatal = "no login was given for the VPN"
            await self.send("signal SIGTERM")
            return
        password = answer.password
        if challenge is not None:
            password = static_challenge_password(answer.password, answer.challenge_response or "")
        if what == "username/password":
            await self.send(f"username {quote(kind)} {quote(answer.username)}")
        await self.send(f"password {quote(kind)} {quote(password)}")

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


@dataclass
class OpenVpnRecord:
    ifname: str
    netns: str | None
    pid: int | None
    files: list[str]

    def save(self, path: Path) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(self.__dict__, handle)

    @classmethod
    def load(cls, path: Path) -> OpenVpnRecord | None:
        try:
            raw = json.loads(path.read_text())
            return cls(str(raw["ifname"]), raw.get("netns"), raw.get("pid"), list(raw.get("files", [])))
        except (OSError, ValueError, KeyError, TypeError):
            return None


def _exists(path: Path) -> bool:
    return path.exists()


class LinuxOpenVpnBackend(PrivilegedBackend):
    name = "openvpn"

    def __init__(self, options: BackendOptions | None = None, helper: Helper | None = None) -> None:
        super().__init__(options, helper)
        self.record: OpenVpnRecord | None = None
        self._session: ManagementSession | None = None
        self._connected = asyncio.Event()
        self._ended = asyncio.Event()
        self._stopping = False
        self._last_state: StateLine | None = None
        self.remote: str | None = None
        self._tcp = False

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(
            frozenset({Protocol.OPENVPN}),
            outlives_client=True,
            notes=(
                "OpenVPN 2.6 through its management interface; DNS servers pushed by the server are"
                " not applied by this backend (no up-scripts are allowed)",
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
            if self._connected.is_set() and self.state.state is not TunnelState.CONNECTED:
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
        runtime = self.options.runtime_dir
        runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(runtime, 0o700)
        ifname = "slov" + secrets.token_hex(3)
        conf, mgmt, logfile = (
            runtime / f"{ifname}.ovpn",
            runtime / f"{ifname}.sock",
            runtime / f"{ifname}.log",
        )
        record = OpenVpnRecord(ifname, self.options.netns, None, [str(conf), str(mgmt), str(logfile)])
        self.record = record
        self._connected.clear()
        self._ended.clear()
        self._stopping = False
        self._tcp = False
        fd = os.open(conf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(config.text)
        record_path = runtime / f"{ifname}.openvpn.json"
        record.save(record_path)
        try:
            record.pid = await self.helper.spawn(
                "openvpn",
                config=str(conf),
                management=str(mgmt),
                log=str(logfile),
                ifname=ifname,
                netns=self.options.netns,
                owner=None if os.geteuid() == 0 else getpass.getuser(),
                query_passwords=config.openvpn.auth_user_pass,
            )
            record.save(record_path)
            await self._attach(mgmt, record.pid)
            await self._wait_connected(logfile)
            addresses = await self._addresses(ifname)
        except PrivilegedError as exc:
            await self._teardown(record)
            raise TunnelSetupError(f"starting OpenVPN failed: {exc}") from exc
        except BaseException:
            await self._teardown(record)
            raise
        return addresses

    async def _attach(self, mgmt: Path, pid: int) -> None:
        for _ in range(500):
            if _exists(mgmt):
                break
            if not pid_alive(pid):
                raise TunnelSetupError("OpenVPN exited at once: " + self._log_tail())
            await asyncio.sleep(0.01)
        reader, writer = await asyncio.open_unix_connection(str(mgmt))
        self._session = ManagementSession(reader, writer, self._on_state, self.options.credentials)
        await reader.readline()  # >INFO:OpenVPN Management Interface Version 5
        self._session.start()
        # "hold off" first: after a restart (UDP→TCP) OpenVPN would otherwise wait for us again.
        for command in ("state on", "bytecount 2", "hold off", "hold release"):
            await self._session.send(command)

    async def _wait_connected(self, logfile: Path) -> None:
        deadline = time.monotonic() + self.options.connect_timeout
        connected = asyncio.create_task(self._connected.wait())
        ended = asyncio.create_task(self._ended.wait())
        try:
            done, _ = await asyncio.wait(
                {connected, ended},
                timeout=max(0.0, deadline - time.monotonic()),
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            connected.cancel()
            ended.cancel()
        if self._connected.is_set():
            return
        fatal = self._session.fatal if self._session else None
        if not done:
            raise TunnelSetupError(
                f"the VPN server did not answer within {self.options.connect_timeout:.0f} seconds"
            )
        raise TunnelSetupError(fatal or ("OpenVPN stopped: " + self._log_tail()))

    def _log_tail(self) -> str:
        if self.record is None:
            return ""
        with contextlib.suppress(OSError):
            lines = Path(self.record.files[2]).read_text(errors="replace").strip().splitlines()
            return lines[-1] if lines else ""
        return ""

    async def _addresses(self, ifname: str) -> tuple[str, ...]:
        out = await self.helper.check("addr_show", ifname=ifname, netns=self.options.netns)
        found: list[str] = []
        for link in json.loads(out or "[]"):
            for info in link.get("addr_info", []):
                if info.get("scope") == "global":
                    found.append(f"{info['local']}/{info['prefixlen']}")
        if not found and self._last_state is not None:
            found = [a for a in (self._last_state.local_ip, self._last_state.local_ipv6) if a]
        return tuple(found)

    async def _down(self) -> None:
        if self.record is not None:
            await self._teardown(self.record)
            self.record = None

    async def _teardown(self, record: OpenVpnRecord) -> None:
        self._stopping = True
        if self._session is not None:
            with contextlib.suppress(OSError, ConnectionError):
                await self._session.send("signal SIGTERM")
        if record.pid is not None:
            for _ in range(100):
                if not pid_alive(record.pid):
                    break
                await asyncio.sleep(0.05)
            else:
                with contextlib.suppress(PrivilegedError):
                    await self.helper.kill(record.pid)
        if self._session is not None:
            await self._session.close()
            self._session = None
        for name in [*record.files, str(self.options.runtime_dir / f"{record.ifname}.openvpn.json")]:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)

    async def cleanup_stale(self) -> None:
        for path in sorted(self.options.runtime_dir.glob("*.openvpn.json")):
            record = OpenVpnRecord.load(path)
            if record is None:
                path.unlink(missing_ok=True)
            elif self.record is None or record.ifname != self.record.ifname:
                self._session = None
                if record.pid is not None and pid_alive(record.pid):
                    with contextlib.suppress(PrivilegedError):
                        await self.helper.kill(record.pid)
                await self._teardown(record)

    async def counters(self) -> tuple[int, int] | None:
        return (self._session.rx_bytes, self._session.tx_bytes) if self._session else None

    async def ping_gateway(self, size: int = 56) -> bool:
        if self.options.netns is None:
            return await super().ping_gateway(size)
        target = self.gateway
        if target is None:
            return True
        result = await self.helper.run("ping", address=target, size=size, netns=self.options.netns)
        return result.returncode == 0

    @property
    def transport(self) -> str | None:
        """``udp`` or ``tcp``: what the current connection runs over (``None`` while not connected)."""
        if not self._connected.is_set() or self._last_state is None or self._last_state.name != "CONNECTED":
            return None
        return "tcp" if self._tcp else "udp"
