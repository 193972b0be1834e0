"""``sluis connect`` / ``disconnect`` / ``status`` with a real tunnel, from the CLI's side.

The order the client rules ask for: connect = ``/info`` + ``/connect`` (in the CLI), then the tunnel
(in the detached supervisor); disconnect = the tunnel down first, *then* ``/disconnect``.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from typing import Any

from gui.backends.base import BackendOptions, pid_alive
from gui.backends.registry import pick_backend
from gui.backends.supervisor import TunnelFile, config_to_json, profile_to_json
from gui.core.errors import SluisError
from gui.core.i18n import QT_TRANSLATE_NOOP
from gui.core.paths import AppPaths, ensure_private_dir
from gui.core.protocols import Protocol
from gui.core.service import VpnService
from gui.core.urls import normalize_base_url

# The keys of ``sluis status --json`` for a tunnel (the CLI contract).
STATUS_KEYS = ("state", "server", "profile", "protocol", "addresses", "expires")
# How long ``sluis connect`` waits for the supervisor's answer (OpenVPN's own timeouts are shorter).
CONNECT_WAIT = 120.0


def tunnel_file(paths: AppPaths) -> TunnelFile:
    return TunnelFile(paths.state_dir / "tunnel.json")


def tunnel_status(paths: AppPaths) -> dict[str, Any] | None:
    """The tunnel as the supervisor last wrote it; a vanished supervisor is a failure, not "connected"."""
    data = tunnel_file(paths).read()
    if data is None:
        return None
    status = {key: data.get(key) for key in STATUS_KEYS}
    status["backend"] = data.get("backend")
    status["transport"] = data.get("transport")
    if data.get("reason"):
        status["reason"] = data["reason"]
    if not pid_alive(data.get("pid")):
        status["state"] = "failed"
        status["reason"] = "the Sluis tunnel process is no longer running"
    return status


def backend_protocols(name: str | None) -> frozenset[Protocol]:
    """What the chosen backend can run: the ``Accept`` header of ``/connect``."""
    return pick_backend(
        name or None,
        BackendOptions(
            netns=os.environ.get("SLUIS_NETNS") or None, bus_address=os.environ.get("SLUIS_NM_BUS") or None
        ),
    ).capabilities.protocols


async def connect(
    service: VpnService, url: str, profile_id: str | None, *, prefer_tcp: bool, backend: str | None
) -> dict[str, Any]:
    """Obtain a configuration and hand it to a new supervisor; returns once the tunnel is up.

    Raises ``SluisError`` with the supervisor's reason when it fails.
    """
    current = tunnel_status(service.paths)
    if current is not None and current["state"] in ("connected", "connecting"):
        raise SluisError(
            QT_TRANSLATE_NOOP("Errors", "Already connected to {server}. Disconnect first."),
            server=str(current["server"]),
        )
    if current is not None:
        tunnel_file(service.paths).path.unlink(missing_ok=True)
    name = backend or service.settings.backend or None
    protocols = backend_protocols(name)
    profile, config = await service.obtain_config(
        url, profile_id, accept=protocols, prefer_tcp=True if prefer_tcp else None
    )
    request = {
        "server": normalize_base_url(url),
        "profile": profile_to_json(profile),
        "config": config_to_json(config),
    }
    ensure_private_dir(service.paths.log_dir)
    argv = [
        sys.executable,
        "-m",
        "gui.backends.supervisor",
        "--tunnel-file",
        str(tunnel_file(service.paths).path),
        "--log-file",
        str(service.paths.log_dir / "tunnel.log"),
    ]
    if name:
        argv += ["--backend", name]
    answer = await asyncio.to_thread(_start_supervisor, argv, json.dumps(request))
    if answer != "connected":
        reason = answer.removeprefix("failed: ") if answer else "the tunnel process ended without an answer"
        raise SluisError(QT_TRANSLATE_NOOP("Errors", "The VPN connection failed: {reason}"), reason=reason)
    status = tunnel_status(service.paths)
    return status or {"state": "connected"}


def _start_supervisor(argv: list[str], request: str) -> str:
    proc = subprocess.Popen(  # noqa: S603 - our own module, fixed argv
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        text=True,
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    proc.stdin.write(request)
    proc.stdin.close()
    line = proc.stdout.readline().strip()
    proc.stdout.close()
    return line


async def disconnect(service: VpnService, url: str) -> bool:
    """Tear down the tunnel to ``url`` if there is one, then ``/disconnect``. True: a tunnel was down."""
    base_url = normalize_base_url(url)
    data = tunnel_file(service.paths).read()
    had_tunnel = False
    if data is not None and data.get("server") == base_url:
        pid = data.get("pid")
        if pid_alive(pid):
            assert isinstance(pid, int)
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 30
            while pid_alive(pid) and time.monotonic() < deadline:  # noqa: ASYNC110 - another process
                await asyncio.sleep(0.1)
            if pid_alive(pid):
                raise SluisError(QT_TRANSLATE_NOOP("Errors", "The VPN tunnel did not stop."))
        tunnel_file(service.paths).path.unlink(missing_ok=True)
        had_tunnel = True
    await service.disconnect(url)
    return had_tunnel
