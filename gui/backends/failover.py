"""Is traffic coming back through the tunnel? If not, move to TCP, or say the tunnel failed.

eduVPN's rule: when a UDP tunnel is up but nothing comes back (no reply from the gateway, the first
host of the tunnel subnet, within about 10 seconds), reconnect over TCP if the profile offers it:
OpenVPN with its TCP remotes, WireGuard over TCP where the profile has it (preferred to OpenVPN over
TCP, as with ``prefer_tcp``).
The probe is the ``ping`` binary (ICMP datagram sockets or its own capability; Sluis opens no raw
socket) at the tunnel's MTU, then at 56 bytes, so a link with a smaller path MTU still counts as
alive and a healthy link is never reported. Received bytes are not an answer: the server's keepalives
keep arriving when only the outgoing UDP is blocked. An OpenVPN reconnect reuses the configuration
it has; WireGuard over TCP needs the server's configuration for that transport (its ``ProxyEndpoint``),
so there the tunnel owner asks ``/connect`` once more. After a reported failure the monitor keeps
probing while the tunnel is in place, and reports "connected" again when the gateway answers; a
resume from sleep restarts the deadline.

After a resume (the clock gap below, or logind's signal: ``gui.backends.sleepwatch``) or a
network change (``gui.backends.netwatch``) the tunnel
*rejoins* its server with the configuration it has (``Backend.rejoin``: WireGuard re-resolves and
re-sets its endpoints, OpenVPN restarts its connection). Meanwhile the tunnel reports CONNECTING
with ``REJOINING`` (the window and ``sluis status`` say "Reconnecting…") and CONNECTED again once the
gateway answers. A session that expired during the sleep is not rejoined: ``on_resume`` (the expiry
rule) takes it down instead.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from gui.backends.base import Backend, TunnelEvent, TunnelState
from gui.core.profiles import Profile
from gui.core.vpnconfig import VpnConfig

log = logging.getLogger(__name__)

# The configuration to move to when UDP fails, or ``None``: OpenVPN's own with TCP remotes first
# (no API call), or WireGuard over TCP, which takes a new ``/connect`` (the tunnel owner's).
TcpVariant = Callable[[VpnConfig], VpnConfig | Awaitable[VpnConfig | None] | None]

# What the user reads when the tunnel is up but the server no longer answers.
NO_ANSWER = "The VPN server stopped answering."
# Seconds of sleep (suspend) between two probes that count as a resume.
SLEEP_GAP = 3.0
# The reason of the CONNECTING event while a running tunnel finds its server again.
REJOINING = "reconnecting after a resume or a network change"


class NetworkChanges(Protocol):
    """What the monitor asks a network or sleep watcher (``gui.backends.netwatch``,
    ``gui.backends.sleepwatch``): did it happen since the last question?"""

    def pending(self) -> bool: ...

    def clear(self) -> None: ...


@dataclass(frozen=True)
class FailoverPolicy:
    # Seconds between probes of a healthy link.
    interval: float = 2.0
    # Seconds without any answer after which the link counts as dead (the rule's "~10 s").
    deadline: float = 10.0
    # Seconds a TCP reconnect may take before the tunnel is reported failed.
    reconnect_timeout: float = 30.0

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> FailoverPolicy:
        """The defaults, with ``SLUIS_FAILOVER_DEADLINE`` (seconds) for tests and slow links."""
        env = os.environ if environ is None else environ
        try:
            return cls(deadline=float(env.get("SLUIS_FAILOVER_DEADLINE", cls.deadline)))
        except ValueError:
            return cls()


class TunnelMonitor:
    """Watches one backend's tunnel; ``run()`` returns when the tunnel is down or has failed."""

    def __init__(
        self,
        backend: Backend,
        config: VpnConfig,
        profile: Profile,
        *,
        tcp_variant: TcpVariant | None = None,
        policy: FailoverPolicy | None = None,
        changes: NetworkChanges | None = None,
        resumes: NetworkChanges | None = None,
        on_resume: Callable[[], bool] | None = None,
        boottime: Callable[[], float] | None = None,
    ) -> None:
        self.backend = backend
        self.changes = changes
        # logind's resume signal (``gui.backends.sleepwatch``), besides the clock gap below.
        self.resumes = resumes
        # True: the session ended during the sleep (expired) and is being taken down: no rejoin.
        self.on_resume = on_resume
        # CLOCK_BOOTTIME; tests give a clock that jumps, as a resume does.
        self.boottime = boottime or _boottime
        self.rejoining = False
        self.config = config
        self.profile = profile
        self.tcp_variant = tcp_variant
        self.policy = policy or FailoverPolicy()
        # What the monitor did, for logs and tests: "tcp" (moved to TCP), "failed", "recovered".
        self.actions: list[str] = []
        self._failed_here = False

    async def _answered(self, last_rx: int | None) -> tuple[bool, int | None]:
        """Did the gateway answer? Received bytes only count when there is no gateway to ping:
        a server's keepalives keep arriving on a link whose outgoing UDP is blocked."""
        counters = await self.backend.counters()
        rx = counters[0] if counters else None
        if self.backend.gateway is None:
            return rx is not None and last_rx is not None and rx > last_rx, rx
        size = max(0, self.backend.mtu - 28)  # IPv4 + ICMP headers: the probe fills the tunnel MTU
        replied = await self.backend.ping_gateway(size)
        if not replied and size > 56:
            replied = await self.backend.ping_gateway(56)  # a smaller MTU path is still a live link
        return replied, rx

    async def run(self) -> None:
        last_ok = time.monotonic()
        last_rx: int | None = None
        clocks = (time.monotonic(), self.boottime())
        while self._watching():
            ok, last_rx = await self._answered(last_rx)
            now, boot = time.monotonic(), self.boottime()
            # CLOCK_MONOTONIC stops while the machine sleeps and CLOCK_BOOTTIME does not: a gap means
            # we just resumed, and the link gets the full deadline again before it counts as dead.
            resumed = (boot - clocks[1]) - (now - clocks[0]) > SLEEP_GAP
            resumed = (self.resumes is not None and self.resumes.pending()) or resumed
            if resumed:
                log.info("resumed from sleep; giving the tunnel %.0f s", self.policy.deadline)
                last_ok = now
                if self.on_resume is not None and self.on_resume():
                    return  # the session ended while asleep: the expiry rule takes the tunnel down
            changed = self.changes is not None and self.changes.pending()
            if resumed or changed:
                await self._rejoin("resumed from sleep" if resumed else "the network changed")
                now = time.monotonic()
                clocks, last_ok, last_rx = (now, self.boottime()), now, None
                continue
            clocks = (now, boot)
            if ok and self.rejoining:
                self.rejoining = False
                self.actions.append("rejoined")
                self.backend._emit(TunnelEvent(TunnelState.CONNECTED, addresses=self.backend.state.addresses))
            if ok:
                last_ok = now
                if self._failed_here and self.backend.state.state is TunnelState.FAILED:
                    self._failed_here = False
                    self.actions.append("recovered")
                    self.backend._emit(
                        TunnelEvent(TunnelState.CONNECTED, addresses=self.backend.state.addresses)
                    )
            elif not self._failed_here and now - last_ok >= self.policy.deadline:
                if not await self._recover():
                    return
                last_ok = time.monotonic()
                last_rx = None
            await asyncio.sleep(self.policy.interval if ok else min(1.0, self.policy.interval))

    async def _rejoin(self, why: str) -> None:
        """The tunnel finds its server again; "connected" comes back with the first answer."""
        log.info("%s; the tunnel reconnects", why)
        self.actions.append("rejoin")
        self.rejoining = True
        self._failed_here = False
        self.backend._emit(
            TunnelEvent(TunnelState.CONNECTING, addresses=self.backend.state.addresses, reason=REJOINING)
        )
        try:
            async with asyncio.timeout(self.policy.reconnect_timeout):
                await self.backend.rejoin()
        except (TimeoutError, Exception) as exc:
            # The probes decide: no answer within the deadline is handled as any dead link is.
            log.warning("reconnecting failed: %r", exc)
        if self.changes is not None:
            self.changes.clear()  # what the rejoin itself changed is not a new network

    def _watching(self) -> bool:
        """While the tunnel is up, and after a failure this monitor reported while the tunnel is
        still in place (the server may come back: then the tunnel is "connected" again)."""
        state = self.backend.state.state
        if state in (TunnelState.CONNECTED, TunnelState.CONNECTING):
            return True
        return state is TunnelState.FAILED and self._failed_here and self.backend.gateway is not None

    async def _recover(self) -> bool:
        """Move to TCP when that is possible; else report the failure. False: stop watching."""
        tcp = None
        if self.backend.transport == "udp" and self.tcp_variant is not None and self.profile.supports_tcp:
            found = self.tcp_variant(self.config)
            tcp = await found if inspect.isawaitable(found) else found
        if tcp is not None:
            log.info(
                "no answer through the UDP tunnel for %.0f s; reconnecting over TCP", self.policy.deadline
            )
            self.actions.append("tcp")
            try:
                # asyncio.timeout, not wait_for: 3.11's wait_for loses a cancellation that arrives
                # just as the reconnect finishes, and the monitor would then never stop.
                async with asyncio.timeout(self.policy.reconnect_timeout):
                    await self.backend.reconnect(tcp, self.profile, reason="moving to TCP")
            except (TimeoutError, Exception) as exc:
                log.warning("reconnecting over TCP failed: %r", exc)
                self.actions.append("failed")
                if self.backend.state.state is not TunnelState.FAILED:  # a timeout: no event yet
                    self.backend._emit(TunnelEvent(TunnelState.FAILED, reason=NO_ANSWER))
                return False  # the backend took its tunnel down
            self.config = tcp
            return True
        self.actions.append("failed")
        self._failed_here = True
        if self.backend.state.state is not TunnelState.FAILED:
            addresses = self.backend.state.addresses  # kept: the tunnel is still there
            self.backend._emit(TunnelEvent(TunnelState.FAILED, addresses=addresses, reason=NO_ANSWER))
        return True


def _boottime() -> float:
    try:
        return time.clock_gettime(time.CLOCK_BOOTTIME)
    except (AttributeError, OSError):  # not Linux: wall-clock time also runs on through sleep
        return time.time()
