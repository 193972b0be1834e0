"""Links, imports and the control API wired into the running window (``gui.ui.window_links`` and
``gui.app``): a dropped profile and the "Import profile…" button import after the user confirms, a
custom-scheme OAuth redirect handed over by a second launch completes the window's login, Arabic
mirrors the window, and a real ``python -m gui`` takes links from a second launch and imports from
``sluis import``."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
import shiboken6
from PySide6.QtCore import QLocale, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_support import RecordingTray, make_controller, memory_tokens

from gui.backends.recording import RecordingBackend
from gui.control.protocol import control_socket_path
from gui.controller.machine import Controller
from gui.core.paths import AppPaths
from gui.core.servers import ServerKind
from gui.core.service import VpnService
from gui.core.settings import Settings
from gui.demoserver import DemoServer, TLSFiles
from gui.ui.live_language import LiveLanguage
from gui.ui.main_window import MainWindow
from gui.ui.translations import apply_layout_direction
from gui.ui.window_links import WindowLinks
from gui.urlrouter import OAuthCallback
from tests.support.access_server import profile

ROOT = Path(__file__).resolve().parent.parent


async def no_browser(url: str) -> None:
    raise AssertionError("these tests log in only where they say so")


def short_dir(tmp_path: Path, suffix: str) -> Path:
    """A private folder with a short path: Unix socket paths are limited to about 100 bytes."""
    digest = hashlib.sha256(str(tmp_path).encode()).hexdigest()[:12]
    path = Path(tempfile.gettempdir()) / f"sluis-{digest}-{suffix}"
    path.mkdir(mode=0o700)
    return path


@pytest.fixture
def window_links(qtbot: Any, qt_loop: Any, tmp_path: Path) -> tuple[Controller, MainWindow, WindowLinks]:
    controller = make_controller(tmp_path, no_browser)
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: pytest.fail("nothing quits"))
    qtbot.addWidget(window)
    window.show()
    return controller, window, WindowLinks(controller, window)


def answer(qtbot: Any, links: WindowLinks, button: QMessageBox.StandardButton) -> str:
    qtbot.waitUntil(
        lambda: links.dialogs.current is not None and links.dialogs.current.isVisible(), timeout=5000
    )
    box = links.dialogs.current
    assert box is not None
    text = box.text()
    box.button(button).click()
    return text


def imported_rows(window: MainWindow) -> list[str]:
    tree = window.servers_page.tree
    for i in range(tree.topLevelItemCount()):
        header = tree.topLevelItem(i)
        if header is not None and header.text(0) == "Imported profiles":
            return [c.text(0) for j in range(header.childCount()) if (c := header.child(j)) is not None]
    return []


def test_a_profile_dropped_on_the_window_is_imported_after_confirming(
    qtbot: Any, window_links: tuple[Controller, MainWindow, WindowLinks], tmp_path: Path
) -> None:
    controller, window, links = window_links
    office = tmp_path / "office.ovpn"
    office.write_text(profile("autologin", user="dora"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(office))])
    left, plain = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, left, plain)
    # Qt delivers drop events only during a real drag: hand this one to the filter on the window.
    assert window.acceptDrops()
    drop_filter = links.drop_filter
    assert drop_filter is not None and drop_filter.parent() is window
    assert drop_filter.eventFilter(window, drop) is True
    assert drop.isAccepted()
    assert "office.ovpn" in answer(qtbot, links, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: bool(imported_rows(window)), timeout=10000)
    assert imported_rows(window) == ["dora@vpn.example.org"]
    assert window.current_page is window.servers_page
    assert window.servers_page.selected_url() is not None
    [entry] = list(controller.service.servers)
    assert entry.kind is ServerKind.IMPORTED


def test_declining_a_dropped_profile_imports_nothing(
    qtbot: Any, run_qt: Any, window_links: tuple[Controller, MainWindow, WindowLinks], tmp_path: Path
) -> None:
    controller, window, links = window_links
    office = tmp_path / "office.ovpn"
    office.write_text(profile("autologin"))
    task = links.import_source(str(office))
    answer(qtbot, links, QMessageBox.StandardButton.No)
    assert run_qt(task) is None
    assert len(controller.service.servers) == 0
    assert imported_rows(window) == []


def test_a_control_api_import_asks_in_the_window_unless_confirmed(
    qtbot: Any, run_qt: Any, window_links: tuple[Controller, MainWindow, WindowLinks], tmp_path: Path
) -> None:
    """``sluis import FILE`` without ``--yes`` and no terminal to ask on: the window asks."""
    from gui.control.server import ControllerTarget

    controller, window, links = window_links
    target = ControllerTarget(controller, links.actions.import_for_api)
    office = tmp_path / "office.ovpn"
    office.write_text(profile("autologin", user="fay"))
    asked = asyncio.ensure_future(target.import_profile(str(office), False))
    assert "office.ovpn" in answer(qtbot, links, QMessageBox.StandardButton.Yes)
    result = run_qt(asked)
    assert result["display_name"] == "fay@vpn.example.org"
    assert imported_rows(window) == ["fay@vpn.example.org"]
    assert links.dialogs.current is None
    other = tmp_path / "other.ovpn"
    other.write_text(profile("autologin", user="gus"))
    run_qt(target.import_profile(str(other), True))  # confirmed by the caller: nothing is asked
    assert links.dialogs.current is None
    assert sorted(imported_rows(window)) == ["fay@vpn.example.org", "gus@vpn.example.org"]


def test_the_import_button_opens_a_file_dialog_that_imports(
    qtbot: Any, window_links: tuple[Controller, MainWindow, WindowLinks], tmp_path: Path
) -> None:
    _controller, window, links = window_links
    button = window.servers_page.import_button
    assert "&I" in button.text() and button.accessibleName()
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    office = tmp_path / "home.conf"
    office.write_text(
        "[Interface]\nPrivateKey = 8GboYh0YF3q/hJhoPFoL3HM/ObgOuC8YI6UXWsgWL2M=\nAddress = 10.0.0.2/32\n\n"
        "[Peer]\nPublicKey = GG/fcu+Rb5oEHNuSbCNvdqy1bK8s0LUxgrlSE9ApjXs=\n"
        "AllowedIPs = 0.0.0.0/0\nEndpoint = vpn.example.org:51820\n"
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = links.file_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.selectFile(str(office))
    dialog.accept()
    assert "home.conf" in answer(qtbot, links, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: bool(imported_rows(window)), timeout=10000)
    assert len(imported_rows(window)) == 1


def test_an_add_link_fills_in_the_add_page_and_a_bad_one_says_why(
    qtbot: Any, window_links: tuple[Controller, MainWindow, WindowLinks]
) -> None:
    controller, window, links = window_links
    assert links.on_arguments(["sluis://add?url=vpn.example.org"]) is not None
    assert window.current_page is window.add_page
    assert window.add_page.url_edit.text() == "https://vpn.example.org/"
    assert len(controller.service.servers) == 0, "a link only fills in; the user adds"
    assert links.on_arguments(["--minimized"]) is None  # not a link: just shows the window
    links.on_arguments(["sluis://add?url=http://insecure.example"])
    box = links.dialogs.current
    assert box is not None and box.isVisible() and "https" in box.text()
    box.close()


def test_a_language_change_moves_the_drop_target_and_the_button(
    qtbot: Any, qt_loop: Any, qapp: Any, tmp_path: Path
) -> None:
    previous = QLocale()
    controller = make_controller(tmp_path, no_browser)
    switcher = LiveLanguage(
        qapp, controller, tmp_path / "qm", [], lambda: MainWindow(controller, tray=RecordingTray())
    )
    links = WindowLinks(controller, switcher.window)
    switcher.windowReplaced.connect(links.attach_window)
    try:
        controller.settings.language = "nl"
        new = switcher.apply()
        assert links.window is new and links.dialogs.parent is new
        assert new.acceptDrops() and links.drop_filter is not None and links.drop_filter.parent() is new
        qtbot.mouseClick(new.servers_page.import_button, Qt.MouseButton.LeftButton)
        assert links.file_dialog is not None and links.file_dialog.parent() is new
        assert links.file_dialog.windowTitle() == "VPN-profiel importeren"  # the ImportDialog context
        links.file_dialog.reject()
    finally:
        switcher.window.hide()
        switcher.window.deleteLater()
        switcher.remove_translators()
        QLocale.setDefault(previous)
        apply_layout_direction(qapp, "en")


def test_a_question_open_while_the_language_changes_imports_nothing(
    qtbot: Any, run_qt: Any, qapp: Any, tmp_path: Path
) -> None:
    previous = QLocale()
    controller = make_controller(tmp_path, no_browser)
    switcher = LiveLanguage(
        qapp, controller, tmp_path / "qm", [], lambda: MainWindow(controller, tray=RecordingTray())
    )
    links = WindowLinks(controller, switcher.window)
    switcher.windowReplaced.connect(links.attach_window)
    office = tmp_path / "office.ovpn"
    office.write_text(profile("autologin"))
    try:
        task = links.import_source(str(office))
        qtbot.waitUntil(lambda: links.dialogs.current is not None, timeout=5000)
        controller.settings.language = "de"
        switcher.apply()  # the question went with the old window
        assert run_qt(task) is None
        assert len(controller.service.servers) == 0
    finally:
        switcher.window.hide()
        switcher.window.deleteLater()
        switcher.remove_translators()
        QLocale.setDefault(previous)


# -- right to left ---------------------------------------------------------------------------------------


def test_arabic_mirrors_the_window_also_when_switched_live(
    qtbot: Any, qt_loop: Any, qapp: Any, tmp_path: Path
) -> None:
    previous = QLocale()
    controller = make_controller(tmp_path, no_browser, settings=Settings(language="ar"))
    assert apply_layout_direction(qapp, "ar") is Qt.LayoutDirection.RightToLeft  # as run_app starts
    switcher = LiveLanguage(
        qapp, controller, tmp_path / "qm", [], lambda: MainWindow(controller, tray=RecordingTray())
    )
    try:
        arabic = switcher.window
        assert arabic.layoutDirection() is Qt.LayoutDirection.RightToLeft
        assert arabic.servers_page.add_button.layoutDirection() is Qt.LayoutDirection.RightToLeft
        with qtbot.waitSignal(switcher.windowReplaced, timeout=5000):
            arabic.settings_page.language.setCurrentIndex(arabic.settings_page.language.findData("nl"))
        dutch = switcher.window
        assert dutch.add_page.add_button.text() == "Deze server toevoegen"
        assert dutch.layoutDirection() is Qt.LayoutDirection.LeftToRight
        assert QApplication.layoutDirection() is Qt.LayoutDirection.LeftToRight
        with qtbot.waitSignal(switcher.windowReplaced, timeout=5000):
            dutch.settings_page.language.setCurrentIndex(dutch.settings_page.language.findData("ar"))
        assert switcher.window.layoutDirection() is Qt.LayoutDirection.RightToLeft
        assert not shiboken6.isValid(dutch) or not dutch.isVisible()
    finally:
        switcher.window.hide()
        switcher.window.deleteLater()
        switcher.remove_translators()
        QLocale.setDefault(previous)
        apply_layout_direction(qapp, "en")
    assert QApplication.layoutDirection() is Qt.LayoutDirection.LeftToRight


def test_an_arabic_system_language_mirrors_the_window(tmp_path: Path) -> None:
    """No language setting: the system's (``LANGUAGE``/``LANG``) decides; a fresh process reads it."""
    probe = (
        "from PySide6.QtWidgets import QApplication\n"
        "from gui.ui.translations import apply_layout_direction\n"
        "app = QApplication([])\n"
        "print(apply_layout_direction(app, '').name, QApplication.layoutDirection().name)\n"
    )
    results = []
    for lang in ("ar_EG.UTF-8", "nl_NL.UTF-8"):
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(ROOT),
            "LANG": lang,
            "LANGUAGE": lang.split(".")[0],
            "LC_ALL": "",
        }
        done = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60, check=True
        )
        results.append(done.stdout.split())
    assert results == [["RightToLeft", "RightToLeft"], ["LeftToRight", "LeftToRight"]]


# -- a custom-scheme OAuth redirect, handed over by a second launch --------------------------------------


def test_a_custom_scheme_login_completes_through_a_second_launch(
    qtbot: Any,
    qt_loop: Any,
    tmp_path: Path,
    demo_server: DemoServer,
    demo_tls: TLSFiles,
    trust_demo_ca: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The OS starts ``sluis org.sluis.app:/api/callback?…`` when the browser follows the redirect;
    that second process hands it to the running window, whose router completes the waiting login."""
    from gui.app import InstanceServer

    runtime = short_dir(tmp_path, "rt")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    home = tmp_path / "home"
    monkeypatch.setenv("SLUIS_HOME", str(home))  # the second launch's home: it names the instance
    paths = AppPaths.from_environment({"SLUIS_HOME": str(home)})
    settings = Settings(client_id="org.sluis.app", redirect_uri="org.sluis.app:/api/callback")
    settings.save(paths.settings_file)
    redirects: list[str] = []

    async def browser(url: str) -> None:
        """Log in (the demo server approves at once) and stop where the browser hands over to the OS."""
        async with httpx2.AsyncClient(
            verify=ssl.create_default_context(cafile=str(demo_tls.ca_file)), timeout=10
        ) as client:
            answer = await client.get(url, follow_redirects=False)
        assert answer.status_code == 302
        redirects.append(answer.headers["location"])

    service = VpnService(paths, Settings.load(paths.settings_file), memory_tokens())
    controller = Controller(service, RecordingBackend(), browser)
    window = MainWindow(controller, tray=RecordingTray())
    qtbot.addWidget(window)
    links = WindowLinks(controller, window)
    routed: list[object] = []
    instance = InstanceServer()
    assert instance.listen()
    instance.argumentsReceived.connect(lambda argv: routed.append(links.on_arguments(argv)))
    second: subprocess.Popen[str] | None = None
    try:
        controller.add_server(demo_server.base_url)
        qtbot.waitUntil(lambda: bool(redirects), timeout=15000)
        assert redirects[0].startswith("org.sluis.app:/api/callback?")
        assert len(service.pending_logins) == 1
        env = {**os.environ, "PYTHONPATH": str(ROOT), "SLUIS_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
        second = subprocess.Popen(
            [sys.executable, "-m", "gui", redirects[0]],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30000)
        qtbot.waitUntil(lambda: len(controller.servers()) == 1 and not controller.busy, timeout=15000)
    finally:
        if second is not None and second.poll() is None:
            second.kill()
        err = second.communicate(timeout=10)[1] if second is not None else ""
        instance.close()
        shutil.rmtree(runtime, ignore_errors=True)
    assert second.returncode == 0, err
    assert [type(i) for i in routed] == [OAuthCallback]
    assert controller.last_error is None
    [server] = controller.servers()
    assert server.base_url.rstrip("/") == demo_server.base_url.rstrip("/")
    assert service.tokens.load_sync(server.base_url) is not None, "the login's tokens are kept"
    assert len(service.pending_logins) == 0


# -- the real application ------------------------------------------------------------------------------


@pytest.fixture
def running_gui(
    tmp_path: Path, demo_tls: TLSFiles
) -> Iterator[tuple[dict[str, str], Path, subprocess.Popen[str]]]:
    """``python -m gui`` as a user starts it, with its own data folder and runtime folder."""
    runtime = short_dir(tmp_path, "gui")
    home = tmp_path / "home"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_RUNTIME_DIR": str(runtime),
        "SLUIS_HOME": str(home),
        "SSL_CERT_FILE": str(demo_tls.ca_file),
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    env.pop("SSL_CERT_DIR", None)
    first = subprocess.Popen(
        [sys.executable, "-m", "gui"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        control = control_socket_path(env)  # this SLUIS_HOME's own socket
        while not control.exists() and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.1)
        assert control.exists(), "the window never served the control API"
        yield env, home / "state" / "log" / "sluis.log", first
        assert first.poll() is None, "the window kept running"
        first.send_signal(signal.SIGTERM)
        _, stderr = first.communicate(timeout=30)
        assert first.returncode == 0, stderr
        assert not control.exists(), "the control socket is removed on quit"
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
        shutil.rmtree(runtime, ignore_errors=True)


def sluis(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gui", *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def wait_for_log(log_file: Path, text: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    content = ""
    while time.monotonic() < deadline:
        content = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
        if text in content:
            return content
        time.sleep(0.1)
    raise AssertionError(f"{text!r} not in the window's log:\n{content[-2000:]}")


@pytest.mark.slow
def test_the_running_window_takes_links_and_cli_imports(
    running_gui: tuple[dict[str, str], Path, subprocess.Popen[str]],
    demo_server: DemoServer,
    tmp_path: Path,
) -> None:
    env, log_file, _first = running_gui
    # A second launch with a link, as the desktop entry's ``Exec=sluis %u`` runs it.
    started = time.monotonic()
    second = sluis(env, f"sluis://add?url={demo_server.base_url}")
    assert second.returncode == 0, second.stderr
    assert time.monotonic() - started < 30
    wait_for_log(log_file, f"the Add server page was filled in from a link: {demo_server.base_url}")

    # ``sluis status`` and ``sluis import`` are carried out by the window, over the control API.
    status = sluis(env, "status")
    assert status.returncode == 0, status.stderr
    assert "[the running Sluis]" in status.stdout
    office = tmp_path / "office.ovpn"
    office.write_text(profile("autologin", user="erin"))
    imported = sluis(env, "import", str(office), "--yes")
    assert imported.returncode == 0, imported.stderr
    assert "erin@vpn.example.org" in imported.stdout
    wait_for_log(log_file, "a profile was imported; the server list shows it")
    listed = sluis(env, "servers", "--json")
    assert listed.returncode == 0, listed.stderr
    assert '"kind": "imported"' in listed.stdout and "erin@vpn.example.org" in listed.stdout


@pytest.mark.slow
def test_a_link_that_starts_sluis_is_routed_once_the_window_is_up(tmp_path: Path) -> None:
    """No Sluis runs: ``sluis sluis://add?url=…`` starts the window with the address filled in."""
    runtime = short_dir(tmp_path, "cold")
    home = tmp_path / "home"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_RUNTIME_DIR": str(runtime),
        "SLUIS_HOME": str(home),
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    first = subprocess.Popen(
        [sys.executable, "-m", "gui", "sluis://add?url=vpn.example.org"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        log_file = home / "state" / "log" / "sluis.log"
        wait_for_log(log_file, "the Add server page was filled in from a link: https://vpn.example.org/", 60)
        assert first.poll() is None, "the link started the window, which stays"
        first.send_signal(signal.SIGTERM)
        _, stderr = first.communicate(timeout=30)
        assert first.returncode == 0, stderr
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
        shutil.rmtree(runtime, ignore_errors=True)
