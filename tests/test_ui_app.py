"""The application shell and the small views: single instance hand-over, tray menu model, window
closing with and without a tray, settings saved at once, the Help page's keyring warning."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from ui_support import RecordingTray, make_controller

from gui.controller.machine import Controller
from gui.controller.viewmodel import ConnectionInfo, ControllerState, ServerGroup, ServerItem
from gui.core.settings import Settings
from gui.ui.main_window import MainWindow
from gui.ui.tray import create_tray, tray_menu


async def no_browser(url: str) -> None:
    raise AssertionError("these tests never log in")


def controller_for(tmp_path: Path, settings: Settings | None = None) -> Controller:
    return make_controller(tmp_path, no_browser, settings=settings)


def short_socket_name(tmp_path: Path) -> str:
    """Unix socket paths are limited to about 100 bytes; pytest's tmp_path can be longer."""
    import hashlib
    import tempfile

    digest = hashlib.sha256(str(tmp_path).encode()).hexdigest()[:12]
    return str(Path(tempfile.gettempdir()) / f"sluis-{digest}")


def test_a_second_launch_hands_its_arguments_to_the_first(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    from gui.app import InstanceServer, hand_over

    name = short_socket_name(tmp_path)
    assert not hand_over(["--minimized"], name), "nobody listens yet"
    server = InstanceServer(name)
    assert server.listen()
    received: list[list[str]] = []
    server.argumentsReceived.connect(received.append)
    assert hand_over(["org.sluis.app:/api/callback?code=c&state=s"], name)
    qtbot.waitUntil(lambda: bool(received), timeout=5000)
    assert received == [["org.sluis.app:/api/callback?code=c&state=s"]]
    server.close()


def test_a_stale_socket_from_a_crashed_instance_is_replaced(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    from gui.app import InstanceServer

    name = short_socket_name(tmp_path)
    first = InstanceServer(name)
    assert first.listen()
    second = InstanceServer(name)  # as after a crash: the socket file is there, nobody answers
    first.close()
    Path(name).touch()
    assert second.listen()
    second.close()


def test_hand_over_messages_are_versioned_and_checked() -> None:
    from gui.app import decode_message, encode_message

    assert decode_message(encode_message(["a", "b"]).rstrip(b"\n")) == ["a", "b"]
    assert decode_message(json.dumps({"version": 99, "argv": []}).encode()) is None
    assert decode_message(json.dumps({"version": 1, "argv": [1]}).encode()) is None
    assert decode_message(b"not json") is None


def test_tray_menu_follows_the_state(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    controller = controller_for(tmp_path)
    calls: list[str] = []
    items = tray_menu(controller, lambda: calls.append("show"), lambda: calls.append("quit"))
    assert [i.text if i else None for i in items] == ["Not connected", None, "Show Sluis", "Quit Sluis"]
    assert items[0] is not None
    assert not items[0].enabled
    items[-1].handler() if items[-1] and items[-1].handler else None
    assert calls == ["quit"]

    server = ServerItem("https://vpn.example.org/", {"en": "Example", "nl": "Voorbeeld"}, ServerGroup.CUSTOM)
    controller.connection = ConnectionInfo(server)
    items = tray_menu(controller, lambda: None, lambda: None)
    assert [i.text if i else None for i in items][:2] == ["Not connected: Example", "Connect"]
    controller.state = ControllerState.CONNECTED
    items = tray_menu(controller, lambda: None, lambda: None)
    assert [i.text if i else None for i in items][:2] == ["Connected: Example", "Disconnect"]
    controller.state = ControllerState.AUTHORIZING
    assert [i.text if i else None for i in tray_menu(controller, lambda: None, lambda: None)][1] == "Cancel"


def test_without_a_tray_the_window_quits_on_close(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    controller = controller_for(tmp_path)
    assert create_tray(controller, lambda: None, lambda: None) is None, "offscreen has no tray"
    quits: list[int] = []
    window = MainWindow(controller, tray=None, quit_app=lambda: quits.append(1))
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert quits == [1]


def test_with_a_tray_closing_only_hides(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    controller = controller_for(tmp_path)
    quits: list[int] = []
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: quits.append(1))
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert quits == []
    assert not window.isVisible()


def test_settings_are_saved_as_they_change(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    controller = controller_for(tmp_path)
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    qtbot.mouseClick(window.settings_nav, Qt.MouseButton.LeftButton)
    assert window.current_page is window.settings_page
    page = window.settings_page
    page.prefer_tcp.click()
    page.protocol.setCurrentIndex(page.protocol.findData("wireguard"))
    page.language.setCurrentIndex(page.language.findData("nl"))
    saved = Settings.load(controller.service.paths.settings_file)
    assert (saved.prefer_tcp, saved.preferred_protocol, saved.language) == (True, "wireguard", "nl")
    assert controller.languages[0] == "nl"


def test_help_page_says_when_logins_are_not_kept(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    controller = controller_for(tmp_path)
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    page = window.help_page
    window.show()
    window.show_page(page)  # the keyring is looked up when the page is shown, not at start
    assert "No secure keyring is available" in page.keyring_label.text()
    assert page.backend_label.text() == "recording"


def test_controls_have_accessible_names_or_text(qtbot: Any, qt_loop: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QListWidget, QTreeWidget

    controller = controller_for(tmp_path)
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    for widget in window.findChildren(QAbstractButton):
        assert widget.text() or widget.accessibleName(), widget
    for kind in (QComboBox, QLineEdit, QListWidget, QTreeWidget):
        for widget in window.findChildren(kind):
            assert widget.accessibleName(), widget


@pytest.mark.slow
def test_the_application_starts_hands_over_and_quits_on_sigterm(tmp_path: Path) -> None:
    """``sluis`` as a user starts it: a second launch hands over and exits, SIGTERM quits cleanly;
    a ``--demo`` beside it is an instance of its own: it neither hands over nor is handed to."""
    import os
    import shutil
    import signal
    import subprocess
    import sys
    import time

    from gui.core.paths import AppPaths
    from gui.core.settings import Settings

    runtime = Path(short_socket_name(tmp_path) + "-rt")
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(runtime),
           "SLUIS_HOME": str(tmp_path / "home")}  # fmt: skip
    Settings(backend="recording", show_discovery=False).save(AppPaths.from_environment(env).settings_file)

    def listening(process: subprocess.Popen[str], before: set[Path]) -> set[Path]:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            found = set(runtime.glob("sluis-*")) - before
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError("the instance never listened")

    first = subprocess.Popen([sys.executable, "-m", "gui", "-v"], env=env, stderr=subprocess.PIPE, text=True)
    demo: subprocess.Popen[str] | None = None
    try:
        ours = listening(first, set())
        demo = subprocess.Popen(
            [sys.executable, "-m", "gui", "--demo", "-v"], env=env, stderr=subprocess.PIPE, text=True
        )
        listening(demo, ours)  # its own instance, although a Sluis of this home runs
        second = subprocess.run(
            [sys.executable, "-m", "gui", "-v"], env=env, capture_output=True, text=True, timeout=30
        )
        assert second.returncode == 0
        assert "already running" in second.stderr
        assert first.poll() is None and demo.poll() is None
        for process in (first, demo):
            process.send_signal(signal.SIGTERM)
            _, stderr = process.communicate(timeout=30)
            assert process.returncode == 0, stderr
            assert "Traceback" not in stderr
    finally:
        for process in (first, demo):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
        shutil.rmtree(runtime, ignore_errors=True)


def test_every_state_has_an_icon_that_renders_at_16_px(qapp: Any) -> None:
    from gui.ui.icons import app_icon, icon_file, state_icon

    assert not app_icon().pixmap(16, 16).isNull()
    for state in ControllerState:
        assert icon_file(state).is_file()
        image = state_icon(state).pixmap(16, 16).toImage()
        assert not image.isNull()
        assert image.pixelColor(8, 8).alpha() > 0, f"the {state} icon is blank at its centre"
