"""The GUI application: QApplication, the qasync event loop, one instance per user, and the wiring.

A second launch does not start a second client (two clients would fight over one tunnel): it hands
its arguments to the running one over a per-user local socket, as one JSON line with a protocol
version, and exits. Closing the window does not quit while a tray icon exists; quitting takes the
tunnel down and tells the server.

The start draws the window first (issue 13): ``open_window`` runs with Qt alone (settings, the
translations, the window over the controller's stand-in, ``gui.controller.standin``) until the first
frame is on screen; ``run_app`` then loads asyncio, qasync, the controller with its tunnel owner and
backend, binds the stand-in to it and builds the rest. Nothing the first frame does not draw is
loaded before it (``tests/test_import_guard.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QMessageLogContext,
    QObject,
    QStandardPaths,
    QTimer,
    QtMsgType,
    QTranslator,
    QUrl,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from gui import APP_ID, APP_NAME
from gui.controller.standin import ControllerStandIn
from gui.core.errors import SluisError
from gui.core.i18n import QT_TRANSLATE_NOOP
from gui.core.logsetup import configure_logging
from gui.core.paths import AppPaths, home_key
from gui.core.servers import ServerKind
from gui.core.service import VpnService
from gui.core.settings import Settings
from gui.desktop.urlschemes import SCHEMES
from gui.ui.icons import app_icon
from gui.ui.live_language import LiveLanguage
from gui.ui.main_window import MainWindow
from gui.ui.translations import apply_layout_direction, install_translators
from gui.ui.url_receiver import UrlReceiver, install_url_receiver

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

    # Loaded after the window's first frame (``run_app``), with asyncio and qasync.
    from gui.backends.base import Backend
    from gui.controller.viewmodel import ControllerPort
    from gui.core.tokens import TokenStore
    from gui.ui.tray import SystemTray

log = logging.getLogger("sluis.app")

IPC_VERSION = 1
IPC_CONNECT_TIMEOUT_MS = 500
MAX_IPC_LINE = 64 * 1024
# A hand-over is ``{"version": 1, "argv": [...]}``: two levels.
IPC_MAX_DEPTH = 8
SIGNAL_WAKE_MS = 500
DISCOVERY_START_DELAY_MS = 1500
# How long the rest of the start waits for the window's first frame (a window manager that never
# exposes it must not keep the control API down).
FIRST_FRAME_WAIT_S = 2.0


# -- single instance ---------------------------------------------------------------------------------


def instance_socket_name() -> str:
    """A per-user socket: in the runtime folder (mode 0700, the user's own) where there is one;
    elsewhere (Windows' one namespace of pipes for all users) named by a hash of the user, so two
    users on one machine each get their own instance."""
    # A $SLUIS_HOME tree (``--demo``, tests) is an instance of its own: it never answers the user's.
    key = home_key()
    runtime = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.RuntimeLocation)
    if runtime and sys.platform != "win32":
        return str(Path(runtime) / (f"sluis-instance-{key}" if key else "sluis-instance"))
    import hashlib  # here: OpenSSL's loading costs the window's start ~2 ms where it is not needed

    uid = str(os.getuid()) if hasattr(os, "getuid") else ""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or uid
    digest = hashlib.sha256(f"{APP_ID}:{user}".encode()).hexdigest()[:16]
    return f"sluis-{digest}-{key}" if key else f"sluis-{digest}"


def encode_message(argv: Sequence[str]) -> bytes:
    return json.dumps({"version": IPC_VERSION, "argv": list(argv)}).encode() + b"\n"


def decode_message(line: bytes) -> list[str] | None:
    """The arguments of a hand-over line, or ``None`` for anything malformed or of another version
    (also a line too long or nested too deeply to decode safely: never a ``RecursionError``)."""
    from gui.core.jsonlimits import JsonInputError, loads_limited  # a second launch's line: later

    try:
        message = loads_limited(line, max_bytes=MAX_IPC_LINE, max_depth=IPC_MAX_DEPTH)
    except JsonInputError:
        return None
    if not isinstance(message, dict) or message.get("version") != IPC_VERSION:
        return None
    argv = message.get("argv")
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
        return None
    return argv


def may_be_running(name: str) -> bool:
    """Whether an instance may listen on ``name``: on Linux and macOS its socket is a file, and
    without that file nobody listens (the usual start asks no more, and loads no QtNetwork before
    its first frame); elsewhere only asking tells."""
    if sys.platform != "win32" and os.path.isabs(name):
        return os.path.exists(name)
    return True


def hand_over(argv: Sequence[str], name: str | None = None) -> bool:
    """Send ``argv`` to a running instance; ``False`` when none answers."""
    from PySide6.QtNetwork import QLocalSocket

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
        from PySide6.QtNetwork import QLocalServer  # after the first frame (``may_be_running``)

        super().__init__(parent)
        self.name = name or instance_socket_name()
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)

    def listen(self) -> bool:
        """Listen; a socket left by a crashed instance is removed and listening retried once."""
        from PySide6.QtNetwork import QAbstractSocket, QLocalServer

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


# -- wiring -------------------------------------------------------------------------------------------


def open_in_browser(url: str) -> None:
    if not QDesktopServices.openUrl(QUrl(url)):
        log.warning("no web browser could be started for the login page")


def make_backend(settings: Settings, *, demo: bool = False) -> Backend:
    """The platform's backend (or the one the settings name); the recording one for ``--demo``."""
    from gui.backends.registry import backend_for_app

    return backend_for_app(settings.backend, demo=demo)


class DemoSetup:
    """``--demo``: a demo server in-process over HTTPS with a throw-away CA and data folder, so the
    user's own servers, settings and keyring are never touched."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        """``clock`` drives the demo server's expiries (tests move it; the app uses real time)."""
        import tempfile

        from gui.demoserver import DemoConfig, DemoServer, generate_tls_files

        self.root = Path(tempfile.mkdtemp(prefix="sluis-demo-"))
        tls = generate_tls_files(self.root / "tls")
        os.environ["SSL_CERT_FILE"] = str(tls.ca_file)  # this process only: trust the demo CA
        os.environ["SLUIS_HOME"] = str(self.root / "home")
        self.server = DemoServer(DemoConfig(session_lifetime=8 * 3600.0), tls=tls, clock=clock).start()
        # Signed discovery lists naming the demo server, trusted by this process only: the search on
        # the Add server page finds "Sluis Demo University" and "Sluis Demo Organization".
        os.environ["SLUIS_DISCOVERY_KEYS"] = self.server.publish_discovery()
        os.environ["SLUIS_DISCOVERY_URL"] = self.server.discovery_url
        self.paths = AppPaths.from_environment()

    def token_store(self) -> TokenStore:
        import keyring.backends.fail

        from gui.core.tokens import TokenStore

        return TokenStore(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]

    def close(self) -> None:
        self.server.stop()
        import shutil

        shutil.rmtree(self.root, ignore_errors=True)


# Set (to any value) to print ``first-paint <unix time> rss-kb <kB>`` when the window first paints,
# after ``SLUIS_BENCH_IDLE_MS`` of idling, and quit: the start-up benchmark's probe.
FIRST_PAINT_ENV = "SLUIS_BENCH_FIRST_PAINT"
# With the probe: a file to write the names of the modules loaded at the first paint to, one a line
# (the import guard checks that nothing the first frame does not draw was loaded before it).
FIRST_PAINT_MODULES_ENV = "SLUIS_BENCH_FIRST_PAINT_MODULES"


def rss_kb() -> int:
    """This process's resident memory (Linux ``/proc``; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class _FirstPaint(QObject):
    """Sees the window's own events: its first paint is the frame's (a top-level window paints its
    background first). Watching the window alone keeps the other events out of Python."""

    def __init__(self, window: QWidget, app: QApplication, quit_app: Callable[[], object]) -> None:
        super().__init__(app)
        self._window = window
        self._quit_app = quit_app
        self._painted: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._painted is None and event.type() == QEvent.Type.Paint:
            self._painted = time.time()
            modules_file = os.environ.get(FIRST_PAINT_MODULES_ENV)
            if modules_file:
                Path(modules_file).write_text("\n".join(sorted(sys.modules)) + "\n")
            idle_ms = int(os.environ.get("SLUIS_BENCH_IDLE_MS", "0") or 0)
            QTimer.singleShot(idle_ms, self._report)
        return False

    def _report(self) -> None:
        print(f"first-paint {self._painted:.6f} rss-kb {rss_kb()}", flush=True)
        self._quit_app()


def report_first_paint(window: QWidget, app: QApplication, quit_app: Callable[[], object]) -> None:
    window.installEventFilter(_FirstPaint(window, app, quit_app))


class _FirstFrame(QObject):
    """Calls ``then`` once ``window`` has painted, from the next turn of the event loop (the frame
    is finished and handed to the window system by then). Installed on the window, not on the
    application: an application-wide filter in Python sees every event, and the first ones make
    PySide6 create their types (~25 ms before the first frame)."""

    def __init__(self, window: QWidget, app: QApplication, then: Callable[[], object]) -> None:
        super().__init__(app)
        self._window = window
        self._app = app
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def after_first_frame(window: QWidget, app: QApplication, then: Callable[[], object]) -> None:
    """Run ``then`` after ``window``'s first frame (install before ``show``)."""
    window.installEventFilter(_FirstFrame(window, app, then))


class _QuitThroughShutdown(QObject):
    """Turns a quit the platform asks for (macOS's Quit menu and Cmd+Q, the end of a desktop session,
    anything calling ``QCoreApplication.quit``) into ``request_quit``: Qt's own handling would end the
    event loop at once, before the shutdown takes the tunnel down and tells the server."""

    def __init__(self, app: QApplication, request_quit: Callable[[], object]) -> None:
        super().__init__(app)
        self._request_quit = request_quit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Quit:
            self._request_quit()
            return True
        return False


def route_quit_through_shutdown(app: QApplication, request_quit: Callable[[], object]) -> QObject:
    """Install the quit guard; the caller removes it (``removeEventFilter``) once shut down."""
    guard = _QuitThroughShutdown(app, request_quit)
    app.installEventFilter(guard)
    return guard


def log_to_file(paths: AppPaths, verbose: bool = False) -> None:
    """The redacting rotating log of ``gui.core.logsetup`` in this run's log folder (``--demo`` has its
    own), for bug reports and the diagnostics file; it replaces the one ``main`` set up."""
    if configure_logging(paths.log_dir, verbose=verbose) is None:
        log.warning("no log file in %s", paths.log_dir)


@dataclass
class Opening:
    """What the start made before the event loop of asyncio runs: the service, the controller's
    stand-in, the tray and, when the window opens at once, the window with its first frame drawn."""

    args: argparse.Namespace
    demo: DemoSetup | None
    paths: AppPaths
    service: VpnService
    translators: list[QTranslator]
    standin: ControllerStandIn
    tray: SystemTray | None
    hidden: bool
    # A second launch's arguments, kept until the window's links are wired.
    early_arguments: list[list[str]] = field(default_factory=list)
    live: LiveLanguage | None = None
    # How a quit is asked for; ``run_app`` puts its own in (the shutdown needs the event loop).
    # Until then a quit is noted (``quit_asked``) and done as soon as it can be.
    quit_now: Callable[[], object] | None = None
    quit_asked: bool = False

    def request_quit(self) -> None:
        if self.quit_now is None:
            self.quit_asked = True
        else:
            self.quit_now()

    def show_window(self) -> None:
        if self.live is not None:
            self.live.window.bring_to_front()

    def ask_quit(self) -> None:
        """The tray's Quit: the window asks first while a VPN connection is up (issue 12)."""
        if self.live is not None:
            self.live.window.confirm_quit()
        else:
            self.request_quit()

    def add_tray(self) -> None:
        """The tray icon, where the desktop has a tray; the window (if built) notifies through it."""
        from gui.ui.tray import create_tray  # after the first frame, with the tray's Qt types

        self.tray = create_tray(cast("ControllerPort", self.standin), self.show_window, self.ask_quit)
        if self.live is not None:
            self.live.window.tray = self.tray

    def build_window(self, app: QApplication, *, fast: bool) -> MainWindow:
        """The window (and its rebuilds on a language change): ``fast`` builds the page it opens on
        only, the rest follows with ``finish_build``."""
        first = [fast]
        port = cast("ControllerPort", self.standin)

        def make_window() -> MainWindow:
            window = MainWindow(port, tray=self.tray, quit_app=self.request_quit, fast=first[0])
            first[0] = False
            return window

        cache = self.paths.cache_dir / "translations"
        self.live = LiveLanguage(app, port, cache, self.translators, make_window)
        return self.live.window


def open_window(app: QApplication, args: argparse.Namespace) -> Opening:
    """The start up to the window's first frame, with Qt alone: settings, translations, the tray and
    the window over the controller's stand-in, shown, and its first frame drawn. Neither asyncio,
    qasync, the controller, the tunnel owner nor a backend is loaded yet (``run_app`` makes them)."""
    demo = DemoSetup() if getattr(args, "demo", False) else None
    paths = demo.paths if demo is not None else AppPaths.from_environment()
    log_to_file(paths, verbose=bool(getattr(args, "verbose", False)))
    service = VpnService(paths, token_store=demo.token_store() if demo is not None else None)
    translators = install_translators(app, service.settings.language, paths.cache_dir / "translations")
    apply_layout_direction(app, service.settings.language)
    standin = ControllerStandIn(service)
    opening = Opening(args, demo, paths, service, translators, standin, None, hidden=False)
    minimized = getattr(args, "minimized", False) or service.settings.start_hidden
    opening.hidden = bool(minimized) and QSystemTrayIcon.isSystemTrayAvailable()
    # Ctrl+C or a logout, from the start on: noted, and done once the shutdown can run.
    _quit_on_signals(app, opening.request_quit)
    # A start in the tray and a demo (which fills the add page) build the window whole once the
    # controller exists; the window the user waits for is drawn now, from the stand-in.
    if opening.hidden or demo is not None:
        opening.add_tray()
        return opening
    window = opening.build_window(app, fast=True)
    if os.environ.get(FIRST_PAINT_ENV):
        report_first_paint(window, app, opening.request_quit)
    wait_for_first_frame(window, app)
    opening.add_tray()  # the window first: the tray icon is not what the user waits for
    return opening


def wait_for_first_frame(window: QWidget, app: QApplication, timeout_s: float = FIRST_FRAME_WAIT_S) -> None:
    """Show ``window`` and run Qt's events until its first frame is drawn (or ``timeout_s``: a window
    manager that never exposes it must not hold the start). Input waits for the main loop."""
    loop = QEventLoop()
    after_first_frame(window, app, loop.quit)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    window.show()
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)


async def run_app(
    app: QApplication,
    opening: Opening,
    instance: InstanceServer,
    receiver: UrlReceiver | None = None,
) -> int:
    """The application's life after ``open_window``: the controller, the rest of the window, the
    control API; then wait for quit and shut down cleanly.

    ``receiver`` holds the links the OS delivered while starting (macOS); they are routed once the
    window is whole.
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from gui.controller.machine import Controller

    service, demo = opening.service, opening.demo
    controller = Controller(service, make_backend(service.settings, demo=demo is not None), open_in_browser)
    opening.standin.bind(controller)
    if demo is None and service.settings.start_at_login:
        controller.apply_start_at_login()  # IT's policy may ask for it; idempotent
    quitting = asyncio.Event()
    app.aboutToQuit.connect(quitting.set)
    loop = asyncio.get_running_loop()
    # Blocking work (the keyring, probing the control socket) runs in threads made when needed:
    # qasync's own default starts ten at its first use, each with a stack and a malloc arena.
    loop.set_default_executor(ThreadPoolExecutor(thread_name_prefix="sluis-worker"))

    def request_quit() -> None:
        """Quit by ending this coroutine, not by stopping Qt's loop: the shutdown below awaits (the
        tunnel goes down, downloads are cancelled), which needs the loop still running."""
        loop.call_soon_threadsafe(quitting.set)

    opening.quit_now = request_quit  # the signals' handler (``open_window``) reaches it from now on
    if opening.quit_asked:
        request_quit()

    tray = opening.tray
    if tray is None:
        log.info("no system tray: the window stays visible and closing it quits")
    if opening.live is None:
        opening.build_window(app, fast=False)
    live = opening.live
    assert live is not None
    window = live.window
    if demo is not None:
        controller.start_discovery()
    else:
        # After the first frame: loading and verifying the lists takes a while and can wait.
        QTimer.singleShot(DISCOVERY_START_DELAY_MS, controller.start_discovery)
    # Only a demo asks: reading the server rows loads discovery's lists for a Secure Internet one.
    added = {s.base_url.rstrip("/") for s in controller.servers()} if demo is not None else set()
    if demo is not None and demo.server.base_url not in added:
        window.show_add_page()
        window.add_page.url_edit.setText(demo.server.base_url)
        window.discovery_search.search_edit.setText("demo")
    if demo is not None and not opening.hidden:
        if os.environ.get(FIRST_PAINT_ENV):
            report_first_paint(window, app, request_quit)
        shown = asyncio.Event()
        after_first_frame(window, app, shown.set)
        window.show()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(shown.wait(), FIRST_FRAME_WAIT_S)
    # Installed after the first frame: an application-wide event filter in Python makes PySide6
    # create its enum types on the first events it sees (~25 ms). Nothing runs a tunnel before this.
    quit_guard = route_quit_through_shutdown(app, request_quit)
    # The rest of the window: the pages the first frame did not show, the controller's signals.
    window.finish_build()
    if any(entry.kind is ServerKind.SECURE_INTERNET for entry in service.servers):
        controller.serversChanged.emit()  # their countries, left out of the first frame
    # Links (second launches, macOS open-URL events, a cold start's URL), drops, "Import profile…"
    # and the control API's imports: one checked path, see gui.ui.window_links.
    from gui.ui.window_links import WindowLinks

    links = WindowLinks(controller, window, show_window=opening.show_window)
    live.windowReplaced.connect(links.attach_window)
    instance.argumentsReceived.disconnect(opening.early_arguments.append)
    instance.argumentsReceived.connect(links.on_arguments)
    for early in opening.early_arguments:
        links.on_arguments(early)
    # One tunnel owner per user session: when `sluis connect`'s background host holds a tunnel,
    # the window shows it (and can disconnect it) and takes over the control API once it has ended.
    from gui.control.server import serve_controller
    from gui.control.socket_path import control_socket_path
    from gui.controller.remote import RemoteOwner

    api: Any = None
    takeover: asyncio.Future[None] | None = None
    remote = await loop.run_in_executor(None, RemoteOwner.find, control_socket_path())
    if remote is not None and remote.holds_tunnel:

        async def take_over() -> None:
            nonlocal api
            await controller.attach_remote(remote)
            api = await serve_controller(controller, links.actions.import_for_api)

        takeover = asyncio.ensure_future(take_over())
    else:
        api = await serve_controller(controller, links.actions.import_for_api)
    # Whether logins are kept (the About page says it), asked off the event loop. The keyring stack
    # itself (keyring, secretstorage, cryptography: ~15 MiB) loads on the first login it stores
    # or reads, in a worker thread.
    tokens = service.tokens  # made here, on the event loop's thread (the service makes it on first use)
    warm_up = loop.run_in_executor(None, lambda: tokens.persistent)
    controller.start()
    if receiver is not None:
        receiver.attach(links.route)
    open_url = getattr(opening.args, "open_url", None)
    if isinstance(open_url, str) and open_url:
        links.route(open_url)
    try:
        await quitting.wait()
    finally:
        with contextlib.suppress(Exception):
            await warm_up
        if takeover is not None:
            takeover.cancel()
            if remote is not None:
                remote.close()
        if api is not None:
            await api.close()
        await controller.shutdown()
        app.removeEventFilter(quit_guard)
        if tray is not None:
            tray.hide()
        instance.close()
        live.remove_translators()
        if demo is not None:
            demo.close()
    return 0


def _quit_on_signals(app: QApplication, request_quit: Callable[[], object]) -> None:
    """SIGINT/SIGTERM (Ctrl+C, logout) quit cleanly: the tunnel goes down and the server is told.

    Python runs signal handlers only between bytecodes; a short idle timer makes sure it gets there
    while Qt waits for events.
    """

    def handler(signum: int, frame: object) -> None:
        del signum, frame
        request_quit()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handler)
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(SIGNAL_WAKE_MS)


# -- Qt's platform plugin ---------------------------------------------------------------------------

XCB_CURSOR_LIBRARY = "libxcb-cursor.so.0"
_FATAL_PLUGIN = "no Qt platform plugin could be initialized"
_PLUGIN_NAMED = re.compile(r'Qt platform plugin "([^"]*)"')


def _library_loads(name: str) -> bool:
    import ctypes

    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def platform_plugin_failure(
    messages: Sequence[str], library_loads: Callable[[str], bool] = _library_loads
) -> str:
    """One line for the user in place of Qt's abort, from what Qt said while failing to load its
    platform plugin: what to install when the xcb plugin lacks libxcb-cursor (Qt 6.5+ needs it and
    distributions do not always pull it in), or that there is no display to show a window on."""
    named = [m.group(1) for m in map(_PLUGIN_NAMED.search, messages) if m is not None]
    platform = named[0] if named else "?"
    if platform == "xcb" and not library_loads(XCB_CURSOR_LIBRARY):
        return QT_TRANSLATE_NOOP(
            "Errors",
            "The window cannot start: Qt needs libxcb-cursor. Install it (Debian/Ubuntu: sudo apt"
            " install libxcb-cursor0; Fedora: sudo dnf install xcb-util-cursor) and start Sluis again.",
        )
    if any("could not connect to display" in m for m in messages):
        return QT_TRANSLATE_NOOP(
            "Errors",
            "The window cannot start: there is no display to show it on (is DISPLAY or"
            " WAYLAND_DISPLAY set?). The command line works without one: sluis --help.",
        )
    return SluisError(
        QT_TRANSLATE_NOOP(
            "Errors",
            'The window cannot start: Qt could not load its platform plugin "{platform}" (see'
            " QT_QPA_PLATFORM and the Qt packages of your system).",
        ),
        platform=platform,
    ).message


def _new_application() -> QApplication:
    """``QApplication``, with Qt's abort on a platform plugin it cannot load turned into one line
    that says what to do (``platform_plugin_failure``) and exit code 1."""
    said: list[str] = []
    held: list[str] = []  # Qt's warnings meanwhile: shown once the application exists

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        said.append(message)
        if kind == QtMsgType.QtFatalMsg and _FATAL_PLUGIN in message:
            print(f"sluis: {platform_plugin_failure(said)}", file=sys.stderr, flush=True)
            os._exit(1)  # Qt aborts once this returns
        if kind != QtMsgType.QtDebugMsg:
            category = context.category
            held.append(f"{category}: {message}" if category and category != "default" else message)

    previous = qInstallMessageHandler(handler)
    try:
        return QApplication(sys.argv[:1])
    finally:
        qInstallMessageHandler(previous)
        for line in held:
            print(line, file=sys.stderr)


def run_gui(args: argparse.Namespace, argv: Sequence[str] | None = None) -> int:
    """``sluis`` without a sub-command: hand over to a running instance, or start the window."""
    existing = QApplication.instance()
    app = existing if existing is not None else _new_application()
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)
    forwarded = list(sys.argv[1:] if argv is None else argv)
    demo = bool(getattr(args, "demo", False))
    # A demo is never handed over to the user's Sluis, and never answers a second launch.
    name = instance_socket_name()
    if not demo and may_be_running(name) and hand_over(forwarded, name):
        log.info("Sluis is already running; handed the arguments over")
        return 0
    # Before anything else runs: a link that started Sluis (macOS) arrives as an early event.
    receiver = install_url_receiver(app, SCHEMES, file_open_events=sys.platform == "darwin")
    result: Any = 0
    try:
        opening = open_window(app, args)
        # Later launches hand their arguments to this one from here on (kept until the window's
        # links are wired); listening waits for the first frame, with QtNetwork.
        instance = InstanceServer(f"{name}-demo-{os.getpid()}" if demo else name)
        instance.listen()
        instance.argumentsReceived.connect(opening.early_arguments.append)
        # The event loop of asyncio on Qt's, loaded once the first frame is on screen.
        import asyncio

        import qasync

        with contextlib.suppress(asyncio.CancelledError):
            result = qasync.run(run_app(app, opening, instance, receiver))
    finally:
        app.removeEventFilter(receiver)
        receiver.close()
    return int(result or 0)
