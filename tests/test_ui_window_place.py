"""The window's place on the desktop: it fits the screen's free area whatever was kept, comes back
at the size the user left it, says once where it went when closed to the tray, and asks before
quitting ends a VPN connection."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox
from ui_support import RecordingTray, browser_for, make_controller

from gui.backends.base import TunnelState
from gui.backends.recording import RecordingBackend
from gui.controller.viewmodel import ControllerState
from gui.demoserver import DemoServer
from gui.ui.main_window import MainWindow


async def no_browser(url: str) -> None:
    raise AssertionError("no login here")


def test_the_window_comes_back_at_its_size_and_never_larger_than_the_screen(
    qtbot: Any, qt_loop: Any, tmp_path: Path
) -> None:
    controller = make_controller(tmp_path, no_browser)
    first = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(first)
    first.show()
    first.resize(520, 600)
    first.close()
    again = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (520, 600), "the size the user left it at"

    huge = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(huge)
    huge.show()
    free = huge.screen().availableGeometry()
    huge.resize(free.width() * 3, free.height() * 3)
    huge.close()  # kept as it was (a screen at 2x scale before, a smaller one now)
    fitted = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(fitted)
    fitted.show()
    assert fitted.height() <= free.height() and fitted.width() <= free.width()
    assert free.contains(fitted.frameGeometry().topLeft())


def test_the_first_close_to_the_tray_says_so_once(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    controller = make_controller(tmp_path, no_browser)
    tray = RecordingTray()
    window = MainWindow(controller, tray=tray, quit_app=lambda: None)
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert len(tray.messages) == 1 and "tray" in tray.messages[0]
    window.show()
    window.close()
    again = MainWindow(controller, tray=tray, quit_app=lambda: None)  # the next start too
    qtbot.addWidget(again)
    again.show()
    again.close()
    assert len(tray.messages) == 1, "the hint is given once"


def test_quitting_while_connected_asks_first(
    qtbot: Any,
    qt_loop: Any,
    run_qt: Callable[..., Any],
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
) -> None:
    backend = RecordingBackend()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca), backend=backend)
    quits: list[int] = []
    window = MainWindow(controller, tray=None, quit_app=lambda: quits.append(1))
    qtbot.addWidget(window)
    window.show()
    run_qt(controller.add_server(demo_server.base_url))
    run_qt(controller.connect_profile(demo_server.base_url, "employees"))
    assert controller.state is ControllerState.CONNECTED
    window.close()  # no tray: closing would quit
    box = window.quit_box
    assert box is not None and box.isVisible(), "quitting while connected asks first"
    assert quits == [] and window.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert quits == [] and backend.state.state is TunnelState.CONNECTED
    window.confirm_quit()
    box = window.quit_box
    assert box is not None
    (confirm,) = [b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole]
    confirm.click()
    assert quits == [1]
    run_qt(controller.disconnect_vpn())


def test_a_wide_window_centres_the_content_and_caps_the_big_button(
    qtbot: Any, qt_loop: Any, tmp_path: Path
) -> None:
    controller = make_controller(tmp_path, no_browser)
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    window.show()
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: window.width() == 1600)
    window.show_page(window.connection_page)
    stack = window.stack
    left = stack.mapTo(window, stack.rect().topLeft()).x()
    right = window.width() - (left + stack.width())
    assert stack.width() <= 640, "the content keeps a readable width"
    assert abs(left - right) <= 2, f"centred: {left} px left, {right} px right"
    assert window.connection_page.connect_button.width() <= 300, "no 1,160 px wide button"
