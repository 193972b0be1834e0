"""The window's side of links and imports: the confirm dialog naming the host, error messages,
drag and drop, and a second ``sluis URL`` launch handing its link to the running instance."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.core.paths import AppPaths
from gui.core.servers import ServerEntry, ServerKind
from gui.core.service import VpnService
from gui.demoserver import TLSFiles
from gui.ui.import_dialog import ImportDialogs, dropped_sources, install_profile_drop
from gui.urlrouter import AddServer, ImportProfile, LinkActions, UrlRouter
from tests.support.access_server import AccessServer, profile

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def access_server(demo_tls: TLSFiles) -> Iterator[AccessServer]:
    server = AccessServer(demo_tls).start()
    yield server
    server.stop()


@pytest.fixture
def service(tmp_path: Path, trust_demo_ca: Path, monkeypatch: pytest.MonkeyPatch) -> VpnService:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    return VpnService(AppPaths.from_environment({"SLUIS_HOME": str(tmp_path / "home")}))


class Window:
    """The app's side of LinkActions, recorded."""

    def __init__(self, qtbot: Any) -> None:
        self.widget = QWidget()
        qtbot.addWidget(self.widget)
        self.dialogs = ImportDialogs(self.widget)
        self.errors: list[str] = []
        self.added: list[str] = []
        self.imported: list[ServerEntry] = []

    def actions(self, service: VpnService) -> LinkActions:
        def show_error(message: str) -> None:
            self.errors.append(message)
            self.dialogs.error(message)

        return LinkActions(
            service,
            ask=self.dialogs.confirm,
            show_error=show_error,
            show_add=self.added.append,
            imported=self.imported.append,
        )


def _answer(qtbot: Any, dialogs: ImportDialogs, button: QMessageBox.StandardButton) -> str:
    qtbot.waitUntil(lambda: dialogs.current is not None and dialogs.current.isVisible(), timeout=5000)
    box = dialogs.current
    assert box is not None
    text = box.text()
    box.button(button).click()
    return text


def test_token_link_asks_naming_the_host_then_imports(
    qtbot: Any, run_qt: Callable[..., Any], service: VpnService, access_server: AccessServer
) -> None:
    window = Window(qtbot)
    router = window.actions(service).router()
    access_server.add_token("gui", profile("autologin", user="carol"))
    assert isinstance(router.route(access_server.token_url("gui")), ImportProfile)
    question = _answer(qtbot, window.dialogs, QMessageBox.StandardButton.Yes)
    assert "127.0.0.1" in question
    assert "gui" not in question.replace("127.0.0.1", "")  # the token is never shown
    qtbot.waitUntil(lambda: len(window.imported) == 1, timeout=10000)
    entry = window.imported[0]
    assert entry.kind is ServerKind.IMPORTED and entry.display_name == "carol@vpn.example.org"
    assert service.servers.find(entry.base_url) is not None


def test_declining_in_the_dialog_imports_nothing(
    qtbot: Any, run_qt: Callable[..., Any], service: VpnService, access_server: AccessServer
) -> None:
    window = Window(qtbot)
    actions = window.actions(service)
    access_server.add_token("gui", profile("autologin"))
    task = actions.import_source(access_server.token_url("gui"))
    _answer(qtbot, window.dialogs, QMessageBox.StandardButton.No)
    assert run_qt(task) is None
    assert len(service.servers) == 0
    assert access_server.requests == []
    assert window.errors == []


def test_expired_link_shows_a_plain_message(
    qtbot: Any, run_qt: Callable[..., Any], service: VpnService, access_server: AccessServer
) -> None:
    window = Window(qtbot)
    actions = window.actions(service)
    task = actions.import_source(access_server.token_url("expired"))
    _answer(qtbot, window.dialogs, QMessageBox.StandardButton.Yes)
    assert run_qt(task) is None
    assert window.errors and "expired or has already been used" in window.errors[0]
    assert len(service.servers) == 0


def test_bad_link_shows_why(qtbot: Any, run_qt: Callable[..., Any], service: VpnService) -> None:
    window = Window(qtbot)
    window.actions(service).router().route("sluis://add?url=http://insecure.example")
    assert window.errors and "https" in window.errors[0]
    assert window.dialogs.current is not None and window.dialogs.current.isVisible()
    window.dialogs.current.close()


def test_add_link_fills_in_the_add_page(qtbot: Any, run_qt: Callable[..., Any], service: VpnService) -> None:
    window = Window(qtbot)
    window.actions(service).router().route("sluis://add?url=vpn.example.org")
    assert window.added == ["https://vpn.example.org/"]


def test_dropping_a_profile_file_imports_it(qtbot: Any, tmp_path: Path) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    dropped: list[str] = []
    drop_filter = install_profile_drop(widget, dropped.append)
    assert widget.acceptDrops()
    good = tmp_path / "office.ovpn"
    good.write_text(profile("autologin"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
    left, plain = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, left, plain)
    # Qt delivers drop events only during a real drag; hand the event to the installed filter.
    assert drop_filter.eventFilter(widget, event) is True
    assert dropped == [str(good)]
    assert event.isAccepted()


def test_drop_ignores_other_things() -> None:
    assert dropped_sources([QUrl("https://example.org/page")], "hello") == []
    assert dropped_sources([], "openvpn://import-profile/https://h/x?token=t") == [
        "openvpn://import-profile/https://h/x?token=t"
    ]


# -- a second launch hands its link to the running instance -----------------------------------------


def test_second_launch_hands_its_link_to_the_first(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first instance is the app's single-instance server (``gui.app.InstanceServer``) feeding the
    router; the second is a real ``sluis URL`` process, as the desktop entry's ``Exec=sluis %u`` runs."""
    from gui.app import InstanceServer
    from gui.core.oauth import PendingLogins

    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("SLUIS_HOME", str(tmp_path / "home"))  # the second launch's home names the instance
    instance = InstanceServer()
    assert instance.listen()
    routed: list[object] = []
    router = UrlRouter(PendingLogins(), on_add=routed.append)
    instance.argumentsReceived.connect(router.route_argv)
    env = {
        **os.environ,
        "XDG_RUNTIME_DIR": str(runtime),
        "PYTHONPATH": str(ROOT),
        "SLUIS_HOME": str(tmp_path / "home"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    second = subprocess.Popen(
        [sys.executable, "-m", "gui", "sluis://add?url=https://vpn.example.org"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30000)
        qtbot.waitUntil(lambda: bool(routed), timeout=5000)
    finally:
        if second.poll() is None:
            second.kill()
        _, err = second.communicate(timeout=10)
        instance.close()
    assert second.returncode == 0, err
    assert routed == [AddServer("https://vpn.example.org/")]


def test_a_rejected_link_does_not_start_anything(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SLUIS_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "gui", "sluis://format-disk"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "sluis://format-disk" in done.stderr


def test_os_delivered_links_reach_the_router_even_before_it_exists(qtbot: Any, tmp_path: Path) -> None:
    """macOS hands links to ``QDesktopServices`` URL handlers (and ``QEvent.FileOpen``); a link that
    arrives during start-up waits for the router."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QDesktopServices, QFileOpenEvent

    from gui.desktop.urlschemes import SCHEMES
    from gui.ui.url_receiver import install_url_receiver

    app = QCoreApplication.instance()
    assert app is not None
    receiver = install_url_receiver(app, SCHEMES)
    try:
        assert QDesktopServices.openUrl(QUrl("sluis://add?url=https://early.example.org"))
        assert receiver.pending == ["sluis://add?url=https://early.example.org"]
        routed: list[str] = []
        receiver.attach(routed.append)
        assert routed == ["sluis://add?url=https://early.example.org"]
        QCoreApplication.sendEvent(app, QFileOpenEvent(QUrl("openvpn://import-profile/https://h.example/x")))
        profile_file = tmp_path / "a.ovpn"
        QCoreApplication.sendEvent(app, QFileOpenEvent(QUrl.fromLocalFile(str(profile_file))))
        QCoreApplication.sendEvent(app, QFileOpenEvent(QUrl.fromLocalFile(str(tmp_path / "b.txt"))))
        assert routed[1:] == ["openvpn://import-profile/https://h.example/x", str(profile_file)]
    finally:
        app.removeEventFilter(receiver)
        receiver.close()
        receiver.deleteLater()


def test_login_dialog_asks_what_is_missing(qtbot: Any, run_qt: Callable[..., Any]) -> None:
    from gui.core.profile_secrets import LoginPrompt
    from gui.ui.login_dialog import LoginDialog, ask_login

    parent = QWidget()
    qtbot.addWidget(parent)
    prompt = LoginPrompt("Office", "alice", challenge="Authenticator code", can_remember=True)
    task = asyncio.ensure_future(ask_login(parent, prompt))
    qtbot.waitUntil(lambda: any(isinstance(w, LoginDialog) and w.isVisible() for w in parent.children()))
    dialog = next(w for w in parent.children() if isinstance(w, LoginDialog))
    assert dialog.username.text() == "alice"
    assert dialog.password.echoMode() is dialog.password.EchoMode.Password
    assert dialog.remember.isVisibleTo(dialog)
    dialog.password.setText("s3cret")
    dialog.challenge.setText("123456")
    dialog.remember.setChecked(True)
    dialog.accept()
    answer = run_qt(task)
    assert (answer.username, answer.password, answer.challenge_response, answer.remember) == (
        "alice",
        "s3cret",
        "123456",
        True,
    )
    # A kept password: only the code is asked; no remember box.
    known = LoginDialog(LoginPrompt("Office", "alice", challenge="Code", password_known=True), parent)
    assert not known.password.isVisibleTo(known) and not known.remember.isVisibleTo(known)
    assert known.challenge.isVisibleTo(known)
