"""The GUI application: QApplication, the qasync event loop, one instance per user, and the wiring.

A second launch does not start a second client (two clients would fight over one tunnel): it hands
its arguments to the running one over a per-user local socket, as one JSON line with a protocol
version, and exits. Closing the window does not quit while a tray icon exists; quitting takes the
tunnel down and tells the server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import logging
import logging.handlers
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import qasync  # after PySide6, so qasync binds to it
from PySide6.QtCore import QObject, QStandardPaths, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication

from gui import APP_ID, APP_NAME
from gui.backends.base import Backend
from gui.backends.recording import RecordingBackend
from gui.controller.machine import Controller
from gui.core.paths import AppPaths
from gui.core.service import VpnService
from gui.core.settings import Settings
from gui.core.tokens import TokenStore
from gui.ui.icons import app_icon
from gui.ui.main_window import MainWindow
from gui.ui.translations import install_translators
from gui.ui.tray import create_tray

log = logging.getLogger("sluis.app")

IPC_VERSION = 1
IPC_CONNECT_TIMEOUT_MS = 500
MAX_IPC_LINE = 64 * 1024
SIGNAL_WAKE_MS = 500
LOG_BYTES = 1 << 20


# -- single instance ---------------------------------------------------------------------------------


def instance_socket_name() -> str:
    """A per-user socket: in the runtime folder (mode 0700) where there is one, named by a hash of
    the user, so two users on one machine each get their own instance."""
    uid = str(os.getuid()) if hasattr(os, "getuid") else ""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or uid
    digest = hashlib.sha256(f"{APP_ID}:{user}".encode()).hexdigest()[:16]
    name = f"sluis-{digest}"
    runtime = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.RuntimeLocation)
    return str(Path(runtime) / name) if runtime and sys.platform != "win32" else name


def encode_message(argv: Sequence[str]) -> bytes:
    return json.dumps({"version": IPC_VERSION, "argv": list(argv)}).encode() + b"\n"


def decode_message(line: bytes) -> list[str] | None:
    """The arguments of a hand-over line, or ``None`` for anything malformed or of another version."""
    try:
        message = json.loads(line)
    except ValueError:
        return None
    if not isinstance(message, dict) or message.get("version") != IPC_VERSION:
        return None
    argv = message.get("argv")
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
        return None
    return argv


def hand_over(argv: Sequence[str], name: str | None = None) -> bool:
    """Send ``argv`` to a running instance; ``False`` when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name or instance_socket_name())
    if not socket.waitForConnected(IPC_CONNECT_TIMEOUT_MS):
        return False
    socket.write(encode_message(argv))
    socket.waitForBytesWritten(IPC_CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches; ``argumentsReceived`` carries each one's argv."""

    argumentsReceived = Signal(list)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or instance_socket_name()
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)

    def listen(self) -> bool:
        """Listen; a socket left by a crashed instance is removed and listening retried once."""
        if self._server.listen(self.name):
            return True
        if self._server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            QLocalServer.removeServer(self.name)
            return self._server.listen(self.name)
        log.warning("single-instance socket unavailable: %s", self._server.errorString())
        return False

    def close(self) -> None:
        self._server.close()

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            buffer = bytearray()

            def read(sock: QLocalSocket = socket, buf: bytearray = buffer) -> None:
                buf.extend(sock.readAll().data())
                if len(buf) > MAX_IPC_LINE:
                    sock.abort()
                    return
                if b"\n" in buf:
                    argv = decode_message(bytes(buf.split(b"\n", 1)[0]))
                    sock.disconnectFromServer()
                    if argv is not None:
                        self.argumentsReceived.emit(argv)

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)


def callback_params(argv: Sequence[str]) -> dict[str, str] | None:
    """A custom-scheme OAuth redirect handed over by the OS (``org.example.app:/api/callback?…``).

    Untrusted input: exactly one argument, not an option, with a scheme and a query; nothing else.
    """
    if len(argv) != 1 or argv[0].startswith("-"):
        return None
    parts = urlsplit(argv[0])
    if not parts.scheme or parts.scheme in ("http", "https", "file") or not parts.query:
        return None
    return dict(parse_qsl(parts.query))


# -- wiring -------------------------------------------------------------------------------------------


def open_in_browser(url: str) -> None:
    if not QDesktopServices.openUrl(QUrl(url)):
        log.warning("no web browser could be started for the login page")


def make_backend(settings: Settings) -> Backend:
    """The backend to use. Only the recording backend exists so far; the real ones plug in here."""
    del settings
    return RecordingBackend()


class DemoSetup:
    """``--demo``: a demo server in-process over HTTPS with a throw-away CA and data folder, so the
    user's own servers, settings and keyring are never touched."""

    def __init__(self) -> None:
        from gui.demoserver import DemoConfig, DemoServer, generate_tls_files

        self.root = Path(tempfile.mkdtemp(prefix="sluis-demo-"))
        tls = generate_tls_files(self.root / "tls")
        os.environ["SSL_CERT_FILE"] = str(tls.ca_file)  # this process only: trust the demo CA
        os.environ["SLUIS_HOME"] = str(self.root / "home")
        self.server = DemoServer(DemoConfig(session_lifetime=8 * 3600.0), tls=tls).start()
        self.paths = AppPaths.from_environment()

    def token_store(self) -> TokenStore:
        import keyring.backends.fail

        return TokenStore(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]

    def close(self) -> None:
        self.server.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def log_to_file(paths: AppPaths) -> None:
    """A rotating log in the state folder, for bug reports (no tokens or codes are ever logged)."""
    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = logging.handlers.RotatingFileHandler(
            paths.log_dir / "sluis.log", maxBytes=LOG_BYTES, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        log.warning("no log file: %s", exc.strerror or exc)
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
        for other in root.handlers:
            if other is not handler and other.level == logging.NOTSET:
                other.setLevel(logging.WARNING)  # the terminal keeps its -v choice


async def run_app(app: QApplication, args: argparse.Namespace, instance: InstanceServer) -> int:
    """The application's life: build, show, wait for quit, shut down cleanly."""
    demo = DemoSetup() if getattr(args, "demo", False) else None
    paths = demo.paths if demo is not None else AppPaths.from_environment()
    log_to_file(paths)
    service = VpnService(paths, token_store=demo.token_store() if demo is not None else None)
    translators = install_translators(app, service.settings.language, paths.cache_dir / "translations")
    controller = Controller(service, make_backend(service.settings), open_in_browser)
    quitting = asyncio.Event()
    app.aboutToQuit.connect(quitting.set)

    window: MainWindow | None = None

    def show_window() -> None:
        if window is not None:
            window.bring_to_front()

    tray = create_tray(controller, show_window, app.quit)
    window = MainWindow(controller, tray=tray, quit_app=app.quit)
    if tray is None:
        log.info("no system tray: the window stays visible and closing it quits")
    added = {s.base_url.rstrip("/") for s in controller.servers()}
    if demo is not None and demo.server.base_url not in added:
        window.add_page.url_edit.setText(demo.server.base_url)
        window.show_page(window.add_page)

    def on_arguments(argv: list[str]) -> None:
        params = callback_params(argv)
        if params is not None and service.pending_logins.deliver(params):
            return
        show_window()

    instance.argumentsReceived.connect(on_arguments)
    hidden = (getattr(args, "minimized", False) or service.settings.start_hidden) and tray is not None
    if not hidden:
        window.show()
    controller.start()
    try:
        await quitting.wait()
    finally:
        await controller.shutdown()
        if tray is not None:
            tray.hide()
        instance.close()
        for translator in translators:
            app.removeTranslator(translator)
        if demo is not None:
            demo.close()
    return 0


def _quit_on_signals(app: QApplication) -> None:
    """SIGINT/SIGTERM (Ctrl+C, logout) quit cleanly: the tunnel goes down and the server is told.

    Python runs signal handlers only between bytecodes; a short idle timer makes sure it gets there
    while Qt waits for events.
    """

    def handler(signum: int, frame: object) -> None:
        del signum, frame
        app.quit()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handler)
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(SIGNAL_WAKE_MS)


def run_gui(args: argparse.Namespace, argv: Sequence[str] | None = None) -> int:
    """``sluis`` without a sub-command: hand over to a running instance, or start the window."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)
    forwarded = list(sys.argv[1:] if argv is None else argv)
    if hand_over(forwarded):
        log.info("Sluis is already running; handed the arguments over")
        return 0
    instance = InstanceServer()
    instance.listen()
    _quit_on_signals(app)
    result: Any = 0
    with contextlib.suppress(asyncio.CancelledError):
        result = qasync.run(run_app(app, args, instance))
    return int(result or 0)
