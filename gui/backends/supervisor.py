"""The detached process that holds a tunnel after ``sluis connect`` has returned.

``sluis connect`` obtains the configuration (the API is the CLI's job), starts this module in a new
session and hands it the configuration on a pipe, never through a file. The supervisor brings the
tunnel up with the chosen backend, answers one line on stdout (``connected`` or ``failed: reason``)
and then keeps watching: failover to TCP, failure reports, all written to the tunnel state file that
``sluis status`` reads. SIGTERM (``sluis disconnect``) brings the tunnel down and ends it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from gui.backends.base import Backend, BackendOptions, TunnelEvent, TunnelSetupError, TunnelState
from gui.backends.failover import FailoverPolicy, TunnelMonitor
from gui.backends.registry import pick_backend
from gui.core.paths import write_private
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.vpnconfig import VpnConfig, parse_config

log = logging.getLogger(__name__)


def failure_reason(exc: BaseException) -> str:
    """One line for the user: a tunnel step's own words, else the error's message."""
    if isinstance(exc, TunnelSetupError):
        return exc.detail
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())


def profile_to_json(profile: Profile) -> dict[str, Any]:
    return {
        "profile_id": profile.profile_id,
        "display_name": profile.display_name
        if isinstance(profile.display_name, str)
        else [list(p) for p in profile.display_name],
        "protocols": sorted(p.value for p in profile.protocols),
        "transports": sorted(profile.transports),
        "default_gateway": profile.default_gateway,
        "dns_search_domains": list(profile.dns_search_domains),
    }


def profile_from_json(raw: dict[str, Any]) -> Profile:
    name = raw["display_name"]
    return Profile(
        profile_id=str(raw["profile_id"]),
        display_name=name if isinstance(name, str) else tuple((str(a), str(b)) for a, b in name),
        protocols=frozenset(Protocol(p) for p in raw["protocols"]),
        transports=frozenset(raw["transports"]),
        default_gateway=bool(raw["default_gateway"]),
        dns_search_domains=tuple(raw["dns_search_domains"]),
    )


def config_to_json(config: VpnConfig) -> dict[str, Any]:
    return {
        "media_type": config.protocol.media_type,
        "text": config.text,
        "expires": config.expires.isoformat() if config.expires else None,
    }


def config_from_json(raw: dict[str, Any]) -> VpnConfig:
    expires = datetime.fromisoformat(raw["expires"]) if raw.get("expires") else None
    return parse_config(str(raw["media_type"]), str(raw["text"]).encode(), expires)


@dataclass
class TunnelFile:
    """``tunnel.json`` in the state dir: what ``sluis status`` shows (no secrets)."""

    path: Path

    def write(self, data: dict[str, Any]) -> None:
        write_private(self.path, json.dumps(data, indent=2) + "\n")

    def read(self) -> dict[str, Any] | None:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return raw if isinstance(raw, dict) else None


class Supervisor:
    def __init__(
        self, backend: Backend, tunnel_file: TunnelFile, request: dict[str, Any], policy: FailoverPolicy
    ) -> None:
        self.backend = backend
        self.file = tunnel_file
        self.request = request
        self.config = config_from_json(request["config"])
        self.profile = profile_from_json(request["profile"])
        self.policy = policy
        self.stop = asyncio.Event()

    def _write(self, event: TunnelEvent) -> None:
        self.file.write(
            {
                "state": event.state.value if event.state is not TunnelState.DISCONNECTING else "connected",
                "server": self.request["server"],
                "profile": self.profile.profile_id,
                "protocol": self.config.protocol.value,
                "addresses": list(event.addresses),
                "expires": self.request["config"].get("expires"),
                "backend": self.backend.name,
                "transport": self.backend.transport,
                "reason": event.reason,
                "pid": os.getpid(),
                "updated_at": time.time(),
            }
        )

    async def run(self, report: Any) -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stop.set)
        await self.backend.cleanup_stale()
        self._write(TunnelEvent(TunnelState.CONNECTING))
        try:
            await self.backend.up(self.config, self.profile)
        except Exception as exc:
            reason = failure_reason(exc)
            self._write(TunnelEvent(TunnelState.FAILED, reason=reason))
            report(f"failed: {reason}")
            return 1
        self._write(self.backend.state)
        self.backend.subscribe(self._write)
        report("connected")
        tcp_variant = None
        if self.config.protocol is Protocol.OPENVPN:
            from gui.backends.openvpn import tcp_first

            tcp_variant = tcp_first
        monitor = TunnelMonitor(
            self.backend, self.config, self.profile, tcp_variant=tcp_variant, policy=self.policy
        )
        watch = asyncio.create_task(monitor.run())
        await self.stop.wait()
        watch.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watch
        try:
            await self.backend.down()
        finally:
            self.file.path.unlink(missing_ok=True)
        return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sluis-supervisor")
    parser.add_argument("--backend", default="")
    parser.add_argument("--tunnel-file", required=True)
    parser.add_argument("--log-file")
    args = parser.parse_args(argv)
    if args.log_file:
        logging.basicConfig(
            filename=args.log_file,
            level=logging.INFO,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    request = json.loads(sys.stdin.read())
    sys.stdin.close()
    options = BackendOptions(
        netns=os.environ.get("SLUIS_NETNS") or None,
        manage_dns=os.environ.get("SLUIS_MANAGE_DNS", "1") != "0",
        bus_address=os.environ.get("SLUIS_NM_BUS") or None,
        connect_timeout=float(os.environ.get("SLUIS_CONNECT_TIMEOUT", "60")),
    )
    policy = FailoverPolicy.from_environment()
    out = sys.stdout

    def report(line: str) -> None:
        out.write(line + "\n")
        out.flush()
        # From here on nobody reads stdout: point it at /dev/null so a closed pipe never kills us.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)

    try:
        backend = pick_backend(args.backend or None, options)
        supervisor = Supervisor(backend, TunnelFile(Path(args.tunnel_file)), request, policy)
    except Exception as exc:
        report(f"failed: {failure_reason(exc)}")
        return 1
    return asyncio.run(supervisor.run(report))


if __name__ == "__main__":
    sys.exit(main())
