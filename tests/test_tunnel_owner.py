"""One tunnel owner per user session, whoever started the tunnel.

``sluis connect`` with no window leaves a background owner running; a window started then shows
that tunnel, refuses a second one beside it, disconnects it through its owner, and takes over the
control API once the owner has ended. Real processes, the real control socket, the demo server
over HTTPS; the ``recording`` backend (no tunnel on the test machine).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gui.backends.recording import RecordingBackend
from gui.control.protocol import control_socket_path
from gui.controller.machine import Controller
from gui.controller.remote import RemoteOwner
from gui.controller.viewmodel import ControllerState
from gui.core.paths import AppPaths
from gui.core.service import VpnService
from gui.core.settings import Settings
from gui.demoserver import DemoServer
from tests.test_readme_commands import private_env
from tests.ui_support import FakeClock, memory_tokens

ROOT = Path(__file__).resolve().parent.parent


def _sluis(env: dict[str, str], *args: str, check: int = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "gui", *args], env=env, capture_output=True, text=True, timeout=90
    )
    assert done.returncode == check, done.stderr
    assert "Traceback" not in done.stderr
    return done


def _env(tmp_path: Path, ca_file: Path) -> dict[str, str]:
    runtime = Path(f"/tmp/sluis-owner-{tmp_path.name[-12:]}")  # a socket path must stay short
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = private_env(tmp_path / "root", runtime, {"SSL_CERT_FILE": str(ca_file)})
    Settings(backend="recording").save(AppPaths.from_environment(env).settings_file)
    return env


def test_a_window_shows_the_cli_tunnel_refuses_a_second_and_disconnects_it(
    qtbot: Any,
    qt_loop: Any,
    run_qt: Callable[..., Any],
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    demo_tls: Any,
) -> None:
    demo = demo_server_factory()
    env = _env(tmp_path, demo_tls.ca_file)
    _sluis(env, "add", demo.base_url)
    up = _sluis(env, "connect", demo.base_url, "--profile", "wireguard-only")
    assert up.stdout.startswith("Connected to ")
    path = control_socket_path(env)
    status = json.loads(_sluis(env, "status", "--json").stdout)
    assert status["state"] == "connected" and status["protocol"] == "wireguard"

    # The window of the same home starts: it finds the owner and shows its tunnel.
    remote = RemoteOwner.find(path)
    assert remote is not None and remote.holds_tunnel
    paths = AppPaths.from_environment(env)
    service = VpnService(paths, Settings.load(paths.settings_file), memory_tokens())
    backend = RecordingBackend()
    controller = Controller(service, backend, lambda _url: None, clock=FakeClock())
    watching = asyncio.ensure_future(controller.attach_remote(remote))
    qtbot.waitUntil(lambda: controller.state is ControllerState.CONNECTED, timeout=10000)
    assert controller.connection is not None
    assert controller.connection.server.base_url == demo.base_url.rstrip("/") + "/"
    assert controller.connection.protocol is not None and controller.connection.addresses
    profile = controller.connection.profile
    assert profile is not None and profile.profile_id == "wireguard-only"
    assert profile.display_name != "wireguard-only", "the profile shows by its name, not its id"

    # Never a second tunnel beside it: a connect in the window is refused and nothing is asked.
    run_qt(controller.connect_profile(demo.base_url, "openvpn-only"))
    assert controller.state is ControllerState.ERROR and "Disconnect first" in (controller.last_error or "")
    assert backend.configs == [] and len(demo.state.connect_log) == 1

    # Disconnect in the window reaches the owner: tunnel down, /disconnect, and the owner ends.
    run_qt(controller.disconnect_vpn())
    assert controller.state is ControllerState.IDLE
    assert demo.state.disconnects() == 1
    qtbot.waitUntil(watching.done, timeout=15000)  # the owner has gone: the window owns from now on
    assert controller.remote is None
    deadline = time.monotonic() + 10
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not path.exists(), "the background owner ended and removed its socket"
    assert json.loads(_sluis(env, "status", "--json").stdout)["state"] == "disconnected"


def test_the_cli_with_another_home_never_reaches_this_owner(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], demo_tls: Any
) -> None:
    demo = demo_server_factory()
    env = _env(tmp_path, demo_tls.ca_file)
    _sluis(env, "add", demo.base_url)
    _sluis(env, "connect", demo.base_url, "--profile", "wireguard-only")
    try:
        other = {**env, "SLUIS_HOME": str(tmp_path / "other")}
        assert control_socket_path(other) != control_socket_path(env)
        seen = json.loads(_sluis(other, "status", "--json").stdout)
        assert seen["state"] == "disconnected" and "server" not in seen
        _sluis(other, "disconnect")  # nothing of its own to take down; ours stays up
        assert json.loads(_sluis(env, "status", "--json").stdout)["state"] == "connected"
    finally:
        _sluis(env, "disconnect")


def test_a_cli_tunnel_goes_down_at_expires_and_its_owner_ends(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], demo_tls: Any
) -> None:
    """A session of a few seconds: the background owner takes the tunnel down at ``Expires``
    without anybody asking, tries to give the config back, ends, and leaves nothing behind."""
    demo = demo_server_factory(session_lifetime=4.0)
    env = _env(tmp_path, demo_tls.ca_file)
    _sluis(env, "add", demo.base_url)
    _sluis(env, "connect", demo.base_url, "--profile", "wireguard-only")
    path = control_socket_path(env)
    assert json.loads(_sluis(env, "status", "--json").stdout)["state"] == "connected"
    deadline = time.monotonic() + 30
    while path.exists() and time.monotonic() < deadline:  # the owner ends once its tunnel is gone
        time.sleep(0.2)
    assert not path.exists(), "the background owner is still running after Expires"
    status = json.loads(_sluis(env, "status", "--json").stdout)
    assert status["state"] == "disconnected" and status["ended"] == "expired"
    assert "last_config" not in status, "an expired session's config is not shown as the last one"
    # After Expires the server itself has ended the authorization: the give-back is attempted (the
    # refresh it needs is refused), after the take-down.
    assert demo.state.request_log[-1] == ("POST", "/vpn-user-portal/oauth/token")
