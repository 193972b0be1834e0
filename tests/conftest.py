"""Shared pytest fixtures. Each section belongs to one part of Sluis; append new sections below."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import secrets
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx2
import hypothesis
import pytest
import trustme

from gui.demoserver import DemoConfig, DemoServer, TLSFiles

# Hypothesis: no timing in pass/fail tests. Its deadline and "input generation is slow" checks
# measure wall time, which a loaded 2-core CI machine does not promise; what the property tests
# assert (a typed result or a typed error) stays the same.
hypothesis.settings.register_profile(
    "sluis", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.load_profile("sluis")

# ================================================================================================
# Demo server (gui.demoserver): a real HTTPS API v3 server on 127.0.0.1, one per test.
#
#   tls_ca               session  trustme.CA that signed the demo servers' certificate
#   demo_tls             session  TLSFiles(cert_file, key_file, ca_file) for DemoServer(tls=...)
#   demo_ssl_context     session  ssl.SSLContext trusting only tls_ca (httpx2.Client(verify=...))
#   demo_server_factory  function make(config=None, *, clock=None, tls=True, **changes) -> started
#                                 DemoServer; config defaults to DemoConfig(auto_approve=True)
#   demo_server          function a started HTTPS DemoServer with auto_approve=True
#   trust_demo_ca        function sets SSL_CERT_FILE to the CA (monkeypatch), returns its path
#   demo_http            function httpx2.Client(base_url=demo_server.base_url) trusting the CA
#   demo_authorize       function authorize(client, server, *, client_id=..., redirect_uri=...)
#                                 runs the real code + PKCE flow (auto_approve) -> token JSON
# ================================================================================================

DEMO_CLIENT_ID = "org.eduvpn.app.linux"
DEMO_REDIRECT_URI = "http://127.0.0.1:8123/callback"


@pytest.fixture(scope="session")
def tls_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def demo_tls(tls_ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> TLSFiles:
    directory = tmp_path_factory.mktemp("demo-tls")
    leaf = tls_ca.issue_cert("127.0.0.1", "localhost", "::1")
    files = TLSFiles(directory / "server.pem", directory / "server.key", directory / "ca.pem")
    files.cert_file.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
    leaf.private_key_pem.write_to_path(str(files.key_file))
    tls_ca.cert_pem.write_to_path(str(files.ca_file))
    return files


@pytest.fixture(scope="session")
def demo_ssl_context(demo_tls: TLSFiles) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(demo_tls.ca_file))


@pytest.fixture
def demo_server_factory(demo_tls: TLSFiles) -> Iterator[Callable[..., DemoServer]]:
    servers: list[DemoServer] = []

    def make(
        config: DemoConfig | None = None,
        *,
        clock: Callable[[], float] | None = None,
        tls: bool = True,
        **changes: Any,
    ) -> DemoServer:
        config = replace(config or DemoConfig(auto_approve=True), **changes)
        server = DemoServer(config, tls=demo_tls if tls else None, clock=clock or time.time)
        servers.append(server)
        return server.start()

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def demo_server(demo_server_factory: Callable[..., DemoServer]) -> DemoServer:
    return demo_server_factory()


@pytest.fixture
def trust_demo_ca(monkeypatch: pytest.MonkeyPatch, demo_tls: TLSFiles) -> Path:
    monkeypatch.setenv("SSL_CERT_FILE", str(demo_tls.ca_file))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    return demo_tls.ca_file


@pytest.fixture
def demo_http(demo_server: DemoServer, demo_ssl_context: ssl.SSLContext) -> Iterator[httpx2.Client]:
    with httpx2.Client(base_url=demo_server.base_url, verify=demo_ssl_context, timeout=10) as client:
        yield client


def _pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _authorize(
    client: httpx2.Client,
    server: DemoServer,
    *,
    client_id: str = DEMO_CLIENT_ID,
    redirect_uri: str = DEMO_REDIRECT_URI,
) -> dict[str, Any]:
    verifier, challenge = _pkce_pair()
    state = secrets.token_urlsafe(12)
    answer = client.get(
        server.authorization_endpoint,
        params={
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": "config",
            "state": state,
            "code_challenge_method": "S256",
            "code_challenge": challenge,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 302, "demo_authorize needs a server with auto_approve=True"
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    assert query["state"] == [state]
    tokens = client.post(
        server.token_endpoint,
        data={
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": redirect_uri,
            "client_id": client_id,
            "code_verifier": verifier,
        },
    )
    assert tokens.status_code == 200, tokens.text
    result: dict[str, Any] = tokens.json()
    return result


@pytest.fixture
def demo_authorize() -> Callable[..., dict[str, Any]]:
    return _authorize


# ================================================================================================
# End of the demo server section.
# ================================================================================================


# ================================================================================================
# Qt front-end (gui.app, gui.controller, gui.ui): pytest-qt with one session-wide qasync loop.
#
#   qasync_loop   session  qasync.QEventLoop(qapp, already_running=True), never stopped or recreated
#   qt_loop       function makes qasync_loop the running asyncio loop for one test only (so the
#                          pytest-asyncio tests elsewhere keep their own loops), cancels leftovers
#   run_qt        function run(awaitable_or_task, timeout_ms=15000) -> result, pumping Qt events
#   ui_language   function use("nl"): install a translation as the app does, removed afterwards
# ================================================================================================

import asyncio  # noqa: E402 - this section's own imports
import os  # noqa: E402
from collections.abc import Awaitable  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import PySide6.QtWidgets  # noqa: E402, F401 - before qasync, so qasync binds to PySide6
import qasync  # noqa: E402


@pytest.fixture(scope="session")
def qasync_loop(qapp: Any) -> Iterator[Any]:
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.events._set_running_loop(None)  # only while a Qt test runs, see qt_loop
    executor = qasync.QThreadExecutor()  # owned here, so its threads end before Qt does
    loop.set_default_executor(executor)
    yield loop
    executor.shutdown(wait=True)


@pytest.fixture
def qt_loop(qasync_loop: Any, qtbot: Any) -> Iterator[Any]:
    asyncio.events._set_running_loop(qasync_loop)
    try:
        yield qasync_loop
        leftovers = [t for t in asyncio.all_tasks(qasync_loop) if not t.done()]
        for task in leftovers:
            task.cancel()
        if leftovers:
            qtbot.waitUntil(lambda: all(t.done() for t in leftovers), timeout=5000)
    finally:
        asyncio.events._set_running_loop(None)


@pytest.fixture
def run_qt(qt_loop: Any, qtbot: Any) -> Callable[..., Any]:
    def run(work: Awaitable[Any], timeout_ms: int = 15000) -> Any:
        task = asyncio.ensure_future(work, loop=qt_loop)
        qtbot.waitUntil(task.done, timeout=timeout_ms)
        return task.result()

    return run


@pytest.fixture
def ui_language(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], None]]:
    """use(code): install Sluis's translation for ``code`` as the app does; undone after the test."""
    from PySide6.QtCore import QLocale

    from gui.ui.translations import install_translators

    previous = QLocale()
    installed: list[Any] = []

    def use(code: str) -> None:
        installed.extend(install_translators(qapp, code, tmp_path_factory.mktemp("qm")))

    yield use
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(previous)


# ================================================================================================
# End of the Qt front-end section.
# ================================================================================================


# ================================================================================================
# A real X server (Xvfb) with a system tray (trayer) for the GUI under xcb.
#
#   xvfb_env  session  env dict (DISPLAY, QT_QPA_PLATFORM=xcb, a private D-Bus session, XDG_RUNTIME_DIR)
#                      for a SUBPROCESS: this process is offscreen and Qt cannot change platform.
#                      Skips when Xvfb/trayer are missing, fails instead when SLUIS_REQUIRE_XVFB=1 (CI).
# ================================================================================================

XVFB_TOOLS = ("Xvfb", "trayer")


def _xvfb_unavailable(reason: str) -> None:
    import os

    if os.environ.get("SLUIS_REQUIRE_XVFB") == "1":
        pytest.fail(f"SLUIS_REQUIRE_XVFB=1 but {reason}")
    pytest.skip(f"{reason} (install the X packages of tests/apt-packages.txt)")


def _stop(process: Any) -> None:
    import subprocess

    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def xvfb_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    import os
    import shutil
    import subprocess
    import sys

    missing = [tool for tool in XVFB_TOOLS if shutil.which(tool) is None]
    if missing:
        _xvfb_unavailable(f"{', '.join(missing)} not found")
    started: list[subprocess.Popen[bytes]] = []
    runtime = tmp_path_factory.mktemp("xdg-runtime")
    runtime.chmod(0o700)
    bus_pid = ""
    try:
        # -displayfd: Xvfb picks a free display itself and writes its number once it accepts clients.
        read_end, write_end = os.pipe()
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(xvfb)
        os.close(write_end)
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        if not number:
            _xvfb_unavailable("Xvfb did not start")
        env = {
            **os.environ,
            "DISPLAY": f":{number}",
            "QT_QPA_PLATFORM": "xcb",
            "XDG_RUNTIME_DIR": str(runtime),
            "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
        }
        env.pop("WAYLAND_DISPLAY", None)
        if shutil.which("dbus-daemon"):
            # One private session bus for the tray host and the app, none of the machine's.
            bus = subprocess.run(
                ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
                capture_output=True,
                text=True,
                timeout=10,
                env=env,
                check=True,
            )
            address, bus_pid = bus.stdout.split()[:2]
            env["DBUS_SESSION_BUS_ADDRESS"] = address
        else:
            env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        tray_host = subprocess.Popen(
            [
                "trayer",
                "--edge",
                "top",
                "--align",
                "right",
                "--widthtype",
                "request",
                "--height",
                "24",
                "--transparent",
                "false",
                "--tint",
                "0xdddddd",
                "--SetDockType",
                "true",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(tray_host)
        probe = (
            "import sys, time\n"
            "from PySide6.QtWidgets import QApplication, QSystemTrayIcon\n"
            "app = QApplication([])\n"
            "end = time.monotonic() + 15\n"
            "while not QSystemTrayIcon.isSystemTrayAvailable() and time.monotonic() < end:\n"
            "    app.processEvents(); time.sleep(0.1)\n"
            "sys.exit(0 if QSystemTrayIcon.isSystemTrayAvailable() else 1)\n"
        )
        ready = subprocess.run([sys.executable, "-c", probe], env=env, timeout=60, capture_output=True)
        if ready.returncode != 0:
            _xvfb_unavailable(f"no system tray appeared on :{number}: {ready.stderr.decode()[-500:]}")
        yield env
    finally:
        for process in reversed(started):
            _stop(process)
        if bus_pid:
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(bus_pid), 15)


# ================================================================================================
# End of the Xvfb section.
# ================================================================================================
