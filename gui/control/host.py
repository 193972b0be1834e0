"""The background tunnel owner that ``sluis connect`` starts when no Sluis runs yet.

One owner per user session: whichever process holds the tunnel serves the control socket, the
window or this host. ``sluis connect``, ``status`` and ``disconnect`` always talk to the owner, and
a window started while this host holds a tunnel finds it there. The host runs a ``TunnelSession``
(the same one the window uses: protocol locks, expiry, failover, disconnect order) behind the
control API and ends by itself once its tunnel is gone (disconnect, expiry, a failure that took
the tunnel down), or when no tunnel has been up within ``IDLE_EXIT`` seconds.
SIGTERM takes the tunnel down (then ``/disconnect``) and ends it.

It says ``ready`` (or ``failed: reason``) on stdout once the control socket listens, so the
``sluis`` that started it knows when to send its request.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from gui.backends.base import BackendOptions, TunnelState
from gui.backends.registry import pick_backend
from gui.control.protocol import control_socket_path
from gui.control.server import ControlServer
from gui.control.target import SessionTarget
from gui.core.errors import SluisError
from gui.core.paths import AppPaths, ensure_private_dir
from gui.core.service import VpnService
from gui.tunnel.session import TunnelSession
from gui.tunnel.status import TunnelStatus, state_file

log = logging.getLogger("sluis.host")

# Seconds the host waits for its first request before it ends (the CLI sends it at once).
IDLE_EXIT = 30.0
# Seconds it lingers after its tunnel is gone, so a `sluis status` right after still finds it.
LINGER = 2.0


def backend_options() -> BackendOptions:
    """The environment's say over the backend (tests and containers: a namespace, a private bus)."""
    netns = os.environ.get("SLUIS_NETNS") or None
    # A namespaced run (tests) keeps its helper records apart, so that its start-up clean-up of
    # "tunnels a previous run left" cannot take down another run's live tunnel. Root only: the
    # pkexec helper has no such option.
    helper_dir = os.environ.get("SLUIS_HELPER_STATE_DIR") if netns else None
    return BackendOptions(
        netns=netns,
        helper_state_dir=Path(helper_dir) if helper_dir else None,
        manage_dns=os.environ.get("SLUIS_MANAGE_DNS", "1") != "0",
        bus_address=os.environ.get("SLUIS_NM_BUS") or None,
        connect_timeout=float(os.environ.get("SLUIS_CONNECT_TIMEOUT", "60")),
    )


class Host:
    def __init__(self, session: TunnelSession, server: ControlServer) -> None:
        self.session = session
        self.server = server
        self.done = asyncio.Event()
        self._had_tunnel = False
        self._linger: asyncio.Task[None] | None = None
        session.subscribe(self._on_status)
        # Nobody may be looking at a window: the warnings before Expires go to the log (and the
        # control API's subscribers see the tunnel go down at Expires).
        session.subscribe_warnings(
            lambda left: log.info("the VPN session ends in %d minutes", int(left.total_seconds() // 60))
        )

    def _on_status(self, status: TunnelStatus) -> None:
        if status.state is TunnelState.CONNECTED:
            self._had_tunnel = True
        if status.active:
            if self._linger is not None:
                self._linger.cancel()
                self._linger = None
            return
        gone = self.session.backend.state.state is TunnelState.DISCONNECTED
        if self._had_tunnel and gone and self._linger is None:
            self._linger = asyncio.ensure_future(self._end_after(LINGER))

    async def _end_after(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
        self.done.set()

    async def run(self, report: Callable[[str], None]) -> int:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        try:
            await self.server.start()
        except SluisError as exc:
            report(f"failed: {exc.message}")
            return 1
        await self.session.prepare()
        report("ready")
        idle = asyncio.ensure_future(self._idle_exit())
        stopped = asyncio.ensure_future(stop.wait())
        done = asyncio.ensure_future(self.done.wait())
        await asyncio.wait({stopped, done}, return_when=asyncio.FIRST_COMPLETED)
        for task in (idle, stopped, done):
            task.cancel()
        try:
            await self.session.wait_settled()
            if self.session.backend.state.state is not TunnelState.DISCONNECTED:
                await self.session.disconnect()
        finally:
            await self.session.close()
            await self.server.close()
        return 0

    async def _idle_exit(self) -> None:
        """End when no tunnel has been up for ``IDLE_EXIT`` seconds (nothing asked for, or only
        connects that failed, such as one still waiting for a login the CLI is asking for)."""
        while True:
            await asyncio.sleep(IDLE_EXIT)
            if not self._had_tunnel and not self.session.status.active:
                log.info("no tunnel is up; ending")
                self.done.set()
                return


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sluis-host", description="Sluis's background tunnel owner")
    parser.add_argument("--backend", default="")
    args = parser.parse_args(argv)
    paths = AppPaths.from_environment()
    ensure_private_dir(paths.log_dir)
    logging.basicConfig(
        filename=str(paths.log_dir / "tunnel.log"),
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    out = sys.stdout

    def report(line: str) -> None:
        out.write(line + "\n")
        out.flush()
        # From here on nobody reads stdout: point it at /dev/null so a closed pipe never kills us.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)

    try:
        service = VpnService(paths)
        backend = pick_backend(args.backend or service.settings.backend or None, backend_options())
        session = TunnelSession(service, backend, state_file=state_file(paths))
        server = ControlServer(SessionTarget(session, service), control_socket_path())
    except SluisError as exc:
        report(f"failed: {exc.message}")
        return 1
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(Host(session, server).run(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
