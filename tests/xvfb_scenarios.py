"""Scenarios run under a real X server (``QT_QPA_PLATFORM=xcb``) in a subprocess of the tests.

    python tests/xvfb_scenarios.py tray OUTDIR         # the real tray icon, its menu, closing the window
    python tests/xvfb_scenarios.py gallery-en-light OUTDIR  # every page and state as PNGs
                                                     # (gallery-<en|ar>-<light|dark>)

Each prints one JSON line of findings on stdout (``tests/test_ui_xvfb.py`` asserts on it) and exits
non-zero on an unexpected failure. The window talks to a real demo server over HTTPS (with signed
discovery lists) and a recording backend, so the pages show what a user would see.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import qasync
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget
from ui_support import FakeClock, browser_for, make_controller

from gui.controller.machine import Controller
from gui.controller.viewmodel import ControllerState
from gui.core.discovery import ResultKind
from gui.demoserver import DemoConfig, DemoServer, generate_tls_files
from gui.ui.main_window import MainWindow
from gui.ui.translations import apply_layout_direction, install_translators
from gui.ui.tray import SystemTray, create_tray

WINDOW_SIZE = (480, 580)


async def wait_until(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.05)


async def settle(app: QApplication, seconds: float = 0.2) -> None:
    """Let layouts, paints and the X server catch up before a grab. The loop itself processes Qt's
    events meanwhile; ``processEvents()`` here would re-enter a running task of the controller."""
    await asyncio.sleep(seconds / 2)
    await asyncio.sleep(seconds / 2)


def menu_texts(tray: SystemTray) -> list[str]:
    menu = tray._menu
    menu.aboutToShow.emit()
    return [action.text() or "---" for action in menu.actions()]


class Demo:
    """A demo server with discovery, a controller on a fake clock and a window with the real tray."""

    def __init__(self, root: Path) -> None:
        tls = generate_tls_files(root / "tls")
        os.environ["SSL_CERT_FILE"] = str(tls.ca_file)
        self.server = DemoServer(DemoConfig(auto_approve=True, session_lifetime=8 * 3600.0), tls=tls).start()
        os.environ["SLUIS_DISCOVERY_KEYS"] = self.server.publish_discovery()
        os.environ["SLUIS_DISCOVERY_URL"] = self.server.discovery_url
        self.clock = FakeClock()
        self.logins: list[str] = []
        browser = browser_for(tls.ca_file, self.logins)
        self.controller: Controller = make_controller(root, browser, clock=self.clock)
        self.quits: list[int] = []
        self.tray = create_tray(self.controller, self.show_window, lambda: self.quits.append(1))
        self.window = MainWindow(self.controller, tray=self.tray, quit_app=lambda: self.quits.append(1))
        self.window.resize(*WINDOW_SIZE)

    def show_window(self) -> None:
        self.window.bring_to_front()

    async def close(self) -> None:
        await self.controller.shutdown()
        if self.tray is not None:
            self.tray.hide()
        self.server.stop()


async def tray_scenario(app: QApplication, out: Path) -> dict[str, Any]:
    found: dict[str, Any] = {"tray_available": QSystemTrayIcon.isSystemTrayAvailable()}
    demo = Demo(Path(tempfile.mkdtemp(prefix="sluis-xvfb-")))
    try:
        tray = demo.tray
        found["tray_created"] = isinstance(tray, SystemTray)
        if not isinstance(tray, SystemTray):
            return found
        await settle(app, 0.5)
        found["icon_visible"] = tray._icon.isVisible()
        rect = tray._icon.geometry()
        found["geometry"] = [rect.x(), rect.y(), rect.width(), rect.height()]
        found["menu_idle"] = menu_texts(tray)
        window = demo.window
        window.show()
        await settle(app)
        controller = demo.controller
        controller.add_server(demo.server.base_url)
        await wait_until(lambda: bool(controller.servers()) and not controller.busy)
        controller.connect_profile(controller.servers()[0].base_url, "employees")
        await wait_until(lambda: controller.state in (ControllerState.CONNECTED, ControllerState.ERROR))
        found["connect_error"] = controller.last_error
        found["menu_connected"] = menu_texts(tray)
        found["tooltip_connected"] = tray._icon.toolTip()
        window.close()
        await settle(app)
        found["window_visible_after_close"] = window.isVisible()
        found["quit_called"] = bool(demo.quits)
        found["icon_visible_after_close"] = tray._icon.isVisible()
        found["tunnel_still_up"] = controller.state is ControllerState.CONNECTED
        tray._icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)  # a click on the icon
        await settle(app)
        found["window_visible_after_click"] = window.isVisible()
        demo.clock.advance(timedelta(minutes=31))  # old enough to renew
        controller.tick()
        logins = len(demo.logins)
        tray._icon.messageClicked.emit()  # the user clicks the "session ends" notification
        await wait_until(lambda: len(demo.logins) > logins)
        await wait_until(lambda: controller.state is ControllerState.CONNECTED and not controller.busy)
        found["renewed_by_notification"] = len(demo.logins) - logins
        controller.disconnect_vpn()
        await wait_until(lambda: controller.state is ControllerState.IDLE)
        found["menu_disconnected"] = menu_texts(tray)
    finally:
        await demo.close()
    return found


def grab(widget: QWidget, out: Path, name: str, shots: list[str]) -> None:
    """Save ``widget`` as a small PNG (256 colours: a UI needs no more, and the README loads fast)."""
    path = out / f"{name}.png"
    image = (
        widget.grab()
        .toImage()
        .convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither)
    )
    if not image.save(str(path), "PNG", 9):
        raise RuntimeError(f"could not save {path}")
    shots.append(path.name)


def dark_palette() -> QPalette:
    """A dark theme as a desktop's dark mode gives one (the window must read right on it)."""
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#2b2c30",
        QPalette.ColorRole.AlternateBase: "#323338",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#35363a",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#8ab4f8",
        QPalette.ColorRole.HighlightedText: "#202124",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.ToolTipBase: "#35363a",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.Mid: "#5f6368",
        QPalette.ColorRole.Midlight: "#45464a",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    return palette


async def gallery_scenario(app: QApplication, out: Path, language: str, theme: str) -> dict[str, Any]:
    """Every page and state of the window in one language and theme, as the README shows them."""
    if language != "en":
        install_translators(app, language, Path(tempfile.mkdtemp(prefix="sluis-qm-")))
    apply_layout_direction(app, language)
    app.setStyle("Fusion")
    if theme == "dark":
        app.setPalette(dark_palette())
    prefix = f"{language}-{theme}-"
    shots: list[str] = []
    found: dict[str, Any] = {"shots": shots}
    demo = Demo(Path(tempfile.mkdtemp(prefix="sluis-xvfb-")))
    window, controller = demo.window, demo.controller

    async def shot(name: str, widget: QWidget | None = None) -> None:
        await settle(app)
        grab(widget or window, out, prefix + name, shots)

    try:
        window.show()
        window.move(40, 60)
        await settle(app, 0.5)
        found["first_page"] = type(window.current_page).__name__
        await shot("add-first-start")

        changed: list[int] = []
        controller.discoveryChanged.connect(lambda: changed.append(1))
        controller.start_discovery()
        await wait_until(lambda: bool(changed))
        window.show_add_page()
        await wait_until(lambda: len(changed) >= 2)  # the organizations arrived
        window.add_page.url_edit.setText("demo")
        found["add_results"] = [item.text() for item in window.discovery_search.result_items()]
        await shot("add-search")

        institute = next(r for r in controller.search("demo") if r.kind is ResultKind.INSTITUTE_ACCESS)
        controller.add_from_discovery(institute)
        await wait_until(lambda: bool(controller.servers()) and not controller.busy)
        url = controller.servers()[0].base_url
        await shot("servers")
        window.open_server(url)
        await shot("status-off")

        window.connection_page.connect_button.click()  # no profile used before: the list
        await wait_until(lambda: window.current_page is window.profiles_page)
        await shot("profiles")
        window.profiles_page.connect_button.click()
        await wait_until(lambda: controller.state is ControllerState.CONNECTED)
        demo.clock.advance(timedelta(hours=6, minutes=47))  # near the end: countdown and Renew
        controller.tick()
        page = window.connection_page
        found["countdown"] = page.countdown_label.text()
        found["renew_visible"] = page.renew_button.isVisible()
        found["protocol"] = page.protocol_label.text()
        await shot("status-connected")
        window.show_page(window.servers_page)
        await shot("servers-connected")

        window.show_add_page()
        window.add_page.url_edit.setText("https://127.0.0.1:1/")
        window.add_page.add_button.click()
        await wait_until(lambda: window.banner.isVisible())
        found["error_page"] = type(window.current_page).__name__
        found["error_kept_connection"] = controller.state is ControllerState.CONNECTED
        await shot("add-error")
        window.banner.clear()

        window.show_page(window.settings_page)
        await shot("settings")
        window.show_page(window.help_page)
        await shot("help")

        if isinstance(demo.tray, SystemTray):
            menu = demo.tray._menu
            menu.aboutToShow.emit()
            menu.popup(QPoint(window.x() + window.width() + 20, 80))
            await settle(app, 0.5)
            found["tray_menu"] = [action.text() or "---" for action in menu.actions()]
            await shot("tray-menu", menu)
            menu.hide()
            demo.clock.advance(timedelta(minutes=13))  # one hour left: the notification
            controller.tick()
            await settle(app, 0.5)
            balloons = [w for w in app.topLevelWidgets() if w.metaObject().className() == "QBalloonTip"]
            found["notification_shown"] = bool(balloons) and balloons[0].isVisible()
            if balloons:
                await shot("notification", balloons[0])

        window.show_page(window.connection_page)
        remaining = controller.connection.session.remaining(demo.clock()) if controller.connection else None
        if remaining is not None and controller.connection is not None:
            demo.clock.advance(remaining + timedelta(seconds=1))
            controller.tick()
            await wait_until(lambda: controller.expired and not controller.busy)
        found["expired_buttons"] = [
            b.text() for b in (page.connect_button, page.login_button) if b.isVisibleTo(window)
        ]
        await shot("status-expired")

        async def never_finished(_url: str) -> None:
            await asyncio.sleep(3600)

        controller.open_browser = never_finished
        page.login_button.click()
        await wait_until(lambda: controller.state is ControllerState.AUTHORIZING)
        await settle(app, 0.3)  # a frame of the turning ring
        found["waiting_animated"] = page.graphic.animating
        found["ended_note_cleared"] = not window.statusBar().currentMessage()
        await shot("status-login")
        controller.cancel()
        await wait_until(lambda: not controller.busy)
    finally:
        await demo.close()
    return found


SCENARIOS = {"tray": tray_scenario}


def main(argv: list[str]) -> int:
    name, out = argv[0], Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(["sluis-xvfb"])
    app.setQuitOnLastWindowClosed(False)
    install_translators(app, "en", Path(tempfile.mkdtemp(prefix="sluis-qm-")))  # English plurals
    if name.startswith("gallery-"):  # gallery-<language>-<theme>
        _, language, theme = name.split("-")
        found = qasync.run(gallery_scenario(app, out, language, theme))
    else:
        found = qasync.run(SCENARIOS[name](app, out))
    print(json.dumps(found), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
