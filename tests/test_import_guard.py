"""What each entry point loads, so the start-up gains stay (issue 13): no timings, module names.

A script calling ``sluis status``, ``sluis disconnect`` or ``sluis servers`` pays for every module
imported on the way; so does a user waiting for the window's first frame. These tests run the real
entry points in a subprocess and fail when a module on a deny-list was loaded:

* the CLI's reading commands: no Qt, no event loop, no HTTP or OAuth stack, with and without a
  running Sluis to forward to (its control socket answered by a stand-in here);
* the window, at its first painted frame: no HTTP or OAuth stack, no keyring, no signature
  checking. Those come once the frame is on screen;
* ``sluis config``: authlib's OAuth 2 core, but not its integrations package, whose import loads the
  OpenID Connect client and JOSE (``joserfc``), which an API v3 server never needs.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from gui.control.client import CONNECT_TIMEOUT
from gui.control.protocol import encode_result, parse_request
from gui.control.socket_path import control_socket_path
from gui.core.oauth import LOGIN_TIMEOUT
from gui.core.paths import AppPaths
from gui.core.servers import ServerEntry, ServerKind, ServerStore
from gui.core.service import VpnService
from gui.demoserver import DemoServer
from tests.support.browser import make_async_browser
from tests.support.keyrings import require_secret_service

ROOT = Path(__file__).resolve().parent.parent

# Top-level packages the CLI's reading commands must not load.
CLI_DENIED = ("PySide6", "shiboken6", "qasync", "authlib", "httpx2", "asyncio", "minisign")
# ... nor the window before its first frame, nor these of Sluis's own modules (the API client, the
# discovery download, the control API and the background owner's client come after it).
FIRST_FRAME_DENIED = (
    "httpx2",
    "authlib",
    "keyring",
    "secretstorage",
    "jeepney",
    "minisign",
    # The controller and its event loop come after the frame: the window is drawn over a stand-in.
    "asyncio",
    "qasync",
)
FIRST_FRAME_DENIED_MODULES = (
    # The controller, the tunnel owner and the backends (made right after the first frame), the
    # OAuth flow, the discovery lists and the single-instance server's QtNetwork.
    "gui.controller.machine",
    "gui.tunnel",
    "gui.backends",
    "gui.core.oauth",
    "gui.core.discovery",
    "gui.core.expiry",
    "PySide6.QtNetwork",
    "gui.ui.tray",  # the tray icon comes right after the frame
    # The logins' keyring wrapper, the session record and the profile model: first used later.
    "gui.core.tokens",
    "gui.core.session_record",
    "gui.core.profiles",
    "gui.core.client",
    "gui.core.discovery.store",
    "gui.control.server",
    "gui.control.client",
    "gui.controller.remote",
    # ... nor the window's parts it does not draw: a first start opens on the add page, which the
    # window builds before its first frame without its organization search; every other page, the
    # dialogs and the links' handling come right after that frame.
    "gui.ui.discovery_search",
    "gui.ui.servers_page",
    "gui.ui.server_delegate",
    "gui.ui.location_dialog",
    "gui.ui.connection_page",
    "gui.ui.profiles_page",
    "gui.ui.settings_page",
    "gui.ui.help_page",
    "gui.ui.login_dialog",
    "gui.ui.window_links",
    "gui.urlrouter",
    "gui.core.importers",
    "gui.desktop.autostart",
)
# Modules (and their submodules) ``sluis config`` must not load: the OpenID/JOSE path, and Qt.
CONFIG_DENIED_MODULES = (
    "joserfc",
    "authlib.integrations",
    "authlib.oidc",
    "authlib.jose",
    "PySide6",
    "qasync",
)

# Runs ``sluis ARGS`` in this interpreter, then lists every module it loaded, one a line.
PROBE = """
import runpy, sys
target, argv = sys.argv[1], sys.argv[2:]
sys.argv = ["sluis", *argv]
try:
    runpy.run_module("gui", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
else:
    code = 0
with open(target, "w") as out:
    out.write("\\n".join(sorted(sys.modules)))
sys.exit(code)
"""


def _denied(modules: Sequence[str], denied: Sequence[str]) -> list[str]:
    return sorted({name for name in modules if name.split(".")[0] in denied})


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    return {
        **os.environ,
        "SLUIS_HOME": str(tmp_path / "home"),
        "XDG_RUNTIME_DIR": str(runtime),
        "PYTHONPATH": str(ROOT),
    }


def _loaded_by_cli(args: Sequence[str], env: dict[str, str], tmp_path: Path) -> tuple[str, list[str]]:
    target = tmp_path / "modules.txt"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(target), *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, target.read_text().splitlines()


@pytest.mark.parametrize(
    "args",
    [("status",), ("status", "--json"), ("servers",), ("servers", "--json"), ("disconnect",)],
    ids=" ".join,
)
def test_reading_commands_load_no_qt_http_or_event_loop(
    args: tuple[str, ...], env: dict[str, str], tmp_path: Path
) -> None:
    out, modules = _loaded_by_cli(args, env, tmp_path)
    assert out.strip(), "the command answered"
    assert "gui.cli" in modules, "the probe ran the CLI"
    assert _denied(modules, CLI_DENIED) == []


@pytest.fixture
def running_sluis(env: dict[str, str]) -> Iterator[list[str]]:
    """A stand-in for the running Sluis on the control socket: answers every request with a
    connected status and records the methods asked for."""
    path = control_socket_path(env)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    path.chmod(0o600)
    server.listen()
    server.settimeout(30)
    asked: list[str] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                buffer = b""
                while b"\n" not in buffer:
                    chunk = connection.recv(65536)
                    if not chunk:
                        break
                    buffer += chunk
                if b"\n" not in buffer:
                    continue
                envelope = parse_request(buffer.split(b"\n", 1)[0])
                asked.append(type(envelope.request).__name__)
                state = {"state": "connected", "server": "https://vpn.example.org/", "profile": "staff"}
                connection.sendall(encode_result(envelope.request_id, state))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield asked
    server.close()
    thread.join(5)


@pytest.mark.parametrize("args", [("status", "--json"), ("disconnect",)], ids=" ".join)
def test_commands_forwarded_to_a_running_sluis_stay_light(
    args: tuple[str, ...], env: dict[str, str], tmp_path: Path, running_sluis: list[str]
) -> None:
    out, modules = _loaded_by_cli(args, env, tmp_path)
    assert running_sluis, "the command went to the running Sluis"
    if args[0] == "status":
        assert json.loads(out)["state"] == "connected"
    assert _denied(modules, CLI_DENIED) == []


@pytest.mark.parametrize(
    "kind",
    [None, ServerKind.CUSTOM, ServerKind.SECURE_INTERNET],
    ids=["first start", "with a server added", "with a Secure Internet server added"],
)
def test_the_window_draws_its_first_frame_before_loading_http_oauth_or_the_keyring(
    kind: ServerKind | None, env: dict[str, str], tmp_path: Path
) -> None:
    """A first start opens on the add page; a later one on the server list (its page and row
    delegate are then part of the frame, the rest is not: a Secure Internet row's country waits for
    the discovery lists, which load after the frame)."""
    added = kind is not None
    if kind is not None:
        paths = AppPaths.from_environment({"SLUIS_HOME": env["SLUIS_HOME"]})
        ServerStore(paths.servers_file).add(
            ServerEntry("https://vpn.example.org/", kind, "Campus", org_id="https://org.example.org")
        )
    target = tmp_path / "first-frame-modules.txt"
    done = subprocess.run(
        [sys.executable, "-m", "gui"],
        env={
            **env,
            "QT_QPA_PLATFORM": "offscreen",
            "SLUIS_BENCH_FIRST_PAINT": "1",
            "SLUIS_BENCH_IDLE_MS": "0",
            "SLUIS_BENCH_FIRST_PAINT_MODULES": str(target),
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    modules = target.read_text().splitlines()
    assert "gui.ui.main_window" in modules, "the probe saw the window"
    drawn = {"gui.ui.servers_page", "gui.ui.server_delegate"} if added else {"gui.ui.add_server_page"}
    assert drawn <= set(modules), "the first frame showed the page it opens on"
    assert _denied(modules, FIRST_FRAME_DENIED) == []
    assert sorted(set(modules) & (set(FIRST_FRAME_DENIED_MODULES) - drawn)) == []


async def test_sluis_config_loads_no_openid_or_jose(
    demo_server: DemoServer, trust_demo_ca: Path, env: dict[str, str], tmp_path: Path
) -> None:
    require_secret_service()
    service = VpnService(AppPaths.from_environment({"SLUIS_HOME": env["SLUIS_HOME"]}))
    entry = await service.add_server(demo_server.base_url, make_async_browser(str(trust_demo_ca)))
    output = tmp_path / "out.conf"
    args = ("config", entry.base_url, "--profile", "employees", "--output", str(output))
    _out, modules = _loaded_by_cli(args, {**env, "SSL_CERT_FILE": str(trust_demo_ca)}, tmp_path)
    assert output.exists(), "the command wrote the configuration"
    assert "authlib.oauth2.client" in modules, "the probe saw the OAuth client"
    denied = [m for m in modules if any(m == d or m.startswith(d + ".") for d in CONFIG_DENIED_MODULES)]
    assert denied == []


def test_the_control_client_waits_as_long_as_a_login() -> None:
    """The CLI's client keeps its own copy of the login timeout (importing ``gui.core.oauth`` would
    load the event loop): the two must not drift apart."""
    assert CONNECT_TIMEOUT == LOGIN_TIMEOUT
