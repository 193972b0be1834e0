"""Is traffic coming back through the tunnel? If not, move to TCP, or say the tunnel failed.

eduVPN's rule: when a UDP tunnel is up but nothing comes back (no reply from the gateway, the first
host of the tunnel subnet, within about 10 seconds), reconnect over TCP if the profile offers it.
The probe is the ``ping`` binary (ICMP datagram sockets or its own capability; Sluis opens no raw
socket) at the tunnel's MTU, and growing received-byte counters count as an answer too, so a busy or
healthy link is never reported. A reconnect reuses the configuration it has: there is no
``/connect`` for automatic reconnects.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from gui.backends.base import Backend, TunnelEvent, TunnelState
from gui.core.profiles import Profile
from gui.core.vpnconfig import VpnConfig

log = logging.getLogger(__name__)

#: What the user reads when the tunnel is up but the server no longer answers.
NO_ANSWER = "The VPN server stopped answering."


@dataclass(frozen=True)
class FailoverPolicy:
    #: Seconds between probes of a healthy link.
    interval: float = 2.0
    #: Seconds without any answer after which the link counts as dead (the rule's "~10 s").
    deadline: float = 10.0
    #: Seconds a TCP reconnect may take before the tunnel is reported failed.
    reconnect_timeout: float = 30.0


class TunnelMonitor:
    """Watches one backend's tunnel; ``run()`` returns when the tunnel is down or has failed."""

    def __init__(
        self,
        backend: Backend,
        config: VpnConfig,
        profile: Profile,
        *,
        tcp_variant: Callable[[VpnConfig], VpnConfig | None] | None = None,
        policy: FailoverPolicy | None = None,
    ) -> None:
        self.backend = backend
        self.config = config
        self.profile = profile
        self.tcp_variant = tcp_variant
        self.policy = policy or FailoverPolicy()
        #: What the monitor did, for logs and tests: "tcp" (moved to TCP), "failed".
        self.actions: list[str] = []

    async def _answered(self, last_rx: int | None) -> tuple[bool, int | None]:
        counters = await self.backend.counters()
        rx = counters[0] if counters else None
        size = max(0, self.backend.mtu - 28)  # IPv4 + ICMP headers: the probe fills the tunnel MTU
        replied = await self.backend.ping_gateway(size)
        if not replied and size > 56:
            replied = await self.backend.ping_gateway(56)  # a smaller MTU path is still a live link
        grew = rx is not None and last_rx is not None and rx > last_rx
        return replied or grew, rx

    async def run(self) -> None:
        last_ok = time.monotonic()
        last_rx: int | None = None
        while self.backend.state.state in (TunnelState.CONNECTED, TunnelState.CONNECTING):
            ok, last_rx = await self._answered(last_rx)
            now = time.monotonic()
            if ok:
                last_ok = now
            elif now - last_ok >= self.policy.deadline:
                if not await self._recover():
                    return
                last_ok = time.monotonic()
                last_rx = None
            await asyncio.sleep(self.policy.interval if ok else min(1.0, self.policy.interval))

    async def _recover(self) -> bool:
        """Move to TCP when that is possible; else report the failure. True: keep watching."""
        tcp = self.tcp_variant(self.config) if self.tcp_variant else None
        if self.backend.transport == "udp" and tcp is not None and self.profile.supports_tcp:
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
                log.warning("reconnecting over TCP failed: %s", exc)
                self._fail()
                return False
            self.config = tcp
            return True
        self._fail()
        return False

    def _fail(self) -> None:
        self.actions.append("failed")
        if self.backend.state.state is not TunnelState.FAILED:
            self.backend._emit(TunnelEvent(TunnelState.FAILED, reason=NO_ANSWER))


@contextlib.asynccontextmanager
async def monitored(monitor: TunnelMonitor):  # type: ignore[no-untyped-def]
    """Run ``monitor`` in the background for the duration of the block."""
    task = asyncio.create_task(monitor.run())
    try:
        yield monitor
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
