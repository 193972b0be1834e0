"""Accessibility through Qt's own accessibility interfaces (what AT-SPI reads): every control a
user can reach on every page has a name, and the whole first run, from an empty start to a
connected VPN, works from the keyboard alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QWidget,
)
from ui_support import RecordingTray, browser_for, make_controller

from gui.backends.recording import RecordingBackend
from gui.controller.viewmodel import ControllerState
from gui.demoserver import DemoServer
from gui.ui.main_window import MainWindow

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)


def unnamed_controls(window: QWidget) -> list[str]:
    missing = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget.parentWidget(), QComboBox | QAbstractItemView) or widget.window() is not window:
            continue  # a part of a composite control (a combo box's popup), named through it
        interface = QAccessible.queryAccessibleInterface(widget)
        assert interface is not None, widget
        if not interface.text(QAccessible.Text.Name).strip():
            missing.append(
                f"{type(widget).__name__} {widget.objectName()!r} on {type(widget.window()).__name__}"
            )
    return missing


def test_every_control_has_an_accessible_name(
    qtbot: Any,
    qt_loop: Any,
    run_qt: Callable[..., Any],
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
) -> None:
    controller = make_controller(tmp_path, browser_for(trust_demo_ca))
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    window.show()
    run_qt(controller.add_server(demo_server.base_url))
    run_qt(controller.connect_profile(demo_server.base_url, "employees"))
    missing: list[str] = []
    for index in range(window.stack.count()):
        window.stack.setCurrentIndex(index)
        missing += unnamed_controls(window)
    window.banner.show_error("A test failure", window.current_page, window.banner._step)
    missing += unnamed_controls(window)
    assert not missing, missing
    run_qt(controller.disconnect_vpn())


def test_from_first_start_to_connected_by_keyboard_alone(
    qtbot: Any,
    qt_loop: Any,
    run_qt: Callable[..., Any],
    tmp_path: Path,
    demo_server: DemoServer,
    trust_demo_ca: Path,
) -> None:
    backend = RecordingBackend()
    controller = make_controller(tmp_path, browser_for(trust_demo_ca), backend=backend)
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()

    def focused() -> QWidget | None:
        return window.focusWidget()

    # First start: the search field has the focus; type the address, Enter adds it.
    assert focused() is window.add_page.url_edit
    for _ in range(4):  # Tab from the search reaches only what is on screen; nothing is lost
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        widget = focused()
        assert widget is not None and widget.isVisible(), "Tab went to a hidden widget"
    window.add_page.url_edit.setFocus()
    qtbot.keyClicks(focused(), demo_server.base_url)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(controller.servers()) == 1 and not controller.busy, timeout=15000)
    # The list of servers, its one server current: Enter opens its status screen.
    assert window.current_page is window.servers_page
    assert focused() is window.servers_page.tree
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert window.current_page is window.connection_page
    assert focused() is window.connection_page.connect_button
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    # Several profiles and none used before: the list, focused, the first usable one current.
    qtbot.waitUntil(lambda: window.current_page is window.profiles_page, timeout=15000)
    assert focused() is window.profiles_page.list
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.state is ControllerState.CONNECTED, timeout=15000)
    assert window.current_page is window.connection_page
    assert focused() is window.connection_page.connect_button
    assert window.connection_page.connect_button.text() == "&Disconnect"
    assert len(backend.configs) == 1
    # Tab moves through what is visible, never into a hidden page.
    for _ in range(12):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        widget = focused()
        assert widget is not None and widget.isVisible(), "Tab went to a hidden widget"
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # nothing waits: Esc is no disconnect
    assert controller.state is ControllerState.CONNECTED
    run_qt(controller.shutdown())


def test_each_page_puts_the_focus_on_its_main_control(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    async def no_browser(url: str) -> None:
        raise AssertionError("no login here")

    controller = make_controller(tmp_path, no_browser)
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    expected = {
        window.settings_nav: window.settings_page.prefer_tcp,
        window.help_nav: window.help_page.diagnostics_button,
        window.servers_nav: window.servers_page.add_button,  # no servers yet: adding one is next
    }
    for nav, control in expected.items():
        qtbot.mouseClick(nav, Qt.MouseButton.LeftButton)
        assert nav.isChecked(), "the navigation shows where the user is"
        assert window.focusWidget() is control, f"{nav.text()}: focus on {window.focusWidget()}"
