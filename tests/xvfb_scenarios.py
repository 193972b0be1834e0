"""Scenarios run under a real X server (``QT_QPA_PLATFORM=xcb``) in a subprocess of the tests.

    python tests/xvfb_scenarios.py tray OUTDIR         # the real tray icon, its menu, closing the window
    python tests/xvfb_scenarios.py screenshots OUTDIR  # every page against the demo server, as PNGs

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
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget
from ui_support import FakeClock, browser_for, make_controller

from gui.controller.machine import Controller
from gui.controller.viewmodel import ControllerState
from gui.core.discovery import ResultKind
from gui.demoserver import DemoConfig, DemoServer, generate_tls_files
from gui.ui.main_window import MainWindow
from gui.ui.translations import install_translators
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
    """Let layouts, paints and the X server catch up before a grab."""
    app.processEvents()
    await asyncio.sleep(seconds)
    app.processEvents()


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
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise RuntimeError(f"could not save {path}")
    shots.append(path.name)


async def screenshots_scenario(app: QApplication, out: Path) -> dict[str, Any]:
    shots: list[str] = []
    found: dict[str, Any] = {"shots": shots}
    demo = Demo(Path(tempfile.mkdtemp(prefix="sluis-xvfb-")))
    window, controller = demo.window, demo.controller
    try:
        window.show()
        window.move(40, 60)
        await settle(app, 0.5)
        grab(window, out, "servers-empty", shots)

        changed: list[int] = []
        controller.discoveryChanged.connect(lambda: changed.append(1))
        controller.start_discovery()
        await wait_until(lambda: bool(changed))
        window.show_add_page()
        await wait_until(lambda: len(changed) >= 2)  # the organizations arrived
        window.discovery_search.search_edit.setText("demo")
        await settle(app)
        found["add_results"] = [item.text() for item in window.discovery_search.result_items()]
        grab(window, out, "add-server", shots)

        institute = next(r for r in controller.search("demo") if r.kind is ResultKind.INSTITUTE_ACCESS)
        controller.add_from_discovery(institute)
        await wait_until(lambda: bool(controller.servers()) and not controller.busy)
        await settle(app)
        grab(window, out, "servers", shots)

        controller.choose_server(controller.servers()[0].base_url)
        await wait_until(lambda: window.current_page is window.profiles_page)
        await settle(app)
        grab(window, out, "profiles", shots)

        window.profiles_page.connect_button.click()
        await wait_until(lambda: controller.state is ControllerState.CONNECTED)
        demo.clock.advance(timedelta(hours=6, minutes=47))  # near the end: countdown and Renew
        controller.tick()
        await settle(app)
        found["countdown"] = window.connection_page.countdown_label.text()
        found["renew_visible"] = window.connection_page.renew_button.isVisible()
        grab(window, out, "connection", shots)

        window.show_page(window.settings_page)
        await settle(app)
        grab(window, out, "settings", shots)
        window.show_page(window.help_page)
        await settle(app)
        grab(window, out, "help", shots)

        if isinstance(demo.tray, SystemTray):
            menu = demo.tray._menu
            menu.aboutToShow.emit()
            menu.popup(QPoint(window.x() + window.width() + 20, 80))
            await settle(app, 0.5)
            grab(menu, out, "tray-menu", shots)
            screen = out / "screen.png"
            shooter = await asyncio.create_subprocess_exec("import", "-window", "root", str(screen))
            if await asyncio.wait_for(shooter.wait(), 30) != 0:
                raise RuntimeError("import -window root failed")
            shots.append(screen.name)
            menu.hide()
    finally:
        await demo.close()
    return found


SCENARIOS = {"tray": tray_scenario, "screenshots": screenshots_scenario}


def main(argv: list[str]) -> int:
    name, out = argv[0], Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(["sluis-xvfb"])
    app.setQuitOnLastWindowClosed(False)
    install_translators(app, "en", Path(tempfile.mkdtemp(prefix="sluis-qm-")))  # English plurals
    found = qasync.run(SCENARIOS[name](app, out))
    print(json.dumps(found), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
