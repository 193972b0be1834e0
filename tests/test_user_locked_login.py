"""The VPN login of user-locked profiles, around one ``TunnelSession``: who is asked, what the
keyring keeps and forgets, the control API's ``credentials_required``, ``sluis connect``'s ways to
give a login, and the window's dialog.

The backend here asks for the login as OpenVPN's management interface does and checks it as the
server would; the real OpenVPN paths (a server in a namespace that checks the login) are in
``tests/test_user_locked_connect.py``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.backends.base import (
    CredentialRequest,
    Credentials,
    CredentialsCallback,
    TunnelSetupError,
    TunnelState,
)
from gui.backends.recording import RecordingBackend
from gui.control.client import ControlClient, ControlRequestFailed
from gui.control.protocol import ConnectRequest, ErrorCode, ProtocolError, StatusRequest, parse_request
from gui.control.server import ControlServer
from gui.control.target import SessionTarget
from gui.controller.machine import Controller
from gui.controller.viewmodel import ControllerState
from gui.core.errors import CredentialsRefusedError, CredentialsRequiredError
from gui.core.importers import ProfileImporter
from gui.core.paths import AppPaths
from gui.core.profile_secrets import GivenLogin, LoginAnswer, LoginPrompt, ProfileSecretStore
from gui.core.profiles import Profile
from gui.core.protocols import Protocol
from gui.core.servers import ServerEntry
from gui.core.service import VpnService
from gui.core.settings import Settings
from gui.core.vpnconfig import VpnConfig
from gui.tunnel.session import TunnelSession
from tests.support.access_server import profile
from tests.support.keyrings import MemoryKeyring
from tests.ui_support import FakeClock, RecordingTray, memory_tokens

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = 'correct "horse" \\ battery'
CHALLENGE = "Enter your authenticator code"


class LoginBackend(RecordingBackend):
    """Asks for the login as OpenVPN does (``>PASSWORD:Need 'Auth' username/password``, with a
    static challenge when the profile has one) and refuses a wrong one as the server would."""

    def __init__(self, password: str = PASSWORD, code: str | None = None) -> None:
        super().__init__(frozenset({Protocol.OPENVPN}))
        self.ask: CredentialsCallback | None = None
        self.password = password
        self.code = code
        self.requests: list[CredentialRequest] = []
        self.given: list[Credentials] = []

    def use_credentials(self, ask: CredentialsCallback) -> None:
        self.ask = ask

    async def _up(self, config: VpnConfig, profile: Profile) -> tuple[str, ...]:
        assert self.ask is not None, "the tunnel owner installs its asker"
        challenge = CHALLENGE if self.code is not None else None
        request = CredentialRequest("Auth", need_username=True, challenge=challenge, echo=True)
        self.requests.append(request)
        answer = await self.ask(request)
        if answer is None:
            raise TunnelSetupError("no login was given for the VPN")
        self.given.append(answer)
        if (answer.username, answer.password, answer.challenge_response) != (
            "alice",
            self.password,
            self.code,
        ):
            raise CredentialsRefusedError()
        self.configs.append(config)
        return ("10.8.0.2/24",)


def _service(tmp_path: Path, keyring: MemoryKeyring) -> VpnService:
    root = tmp_path / "home"
    paths = AppPaths(root / "config", root / "data", root / "cache", root / "state")
    service = VpnService(paths, Settings(), memory_tokens())
    secrets = ProfileSecretStore(keyring)
    service.__dict__["importer"] = ProfileImporter(service.servers, paths.data_dir / "imported", secrets)
    return service


async def _import(service: VpnService, tmp_path: Path, kind: str = "userlogin") -> ServerEntry:
    source = tmp_path / f"{kind}.ovpn"
    source.write_text(profile(kind))
    return await service.import_profile(str(source), lambda _source: True)


def _kept(keyring: MemoryKeyring) -> list[dict[str, str]]:
    """The VPN logins the keyring keeps (``{"u": username, "p": password}``)."""
    items = keyring.items.items()
    return [json.loads(value) for (_service, account), value in items if account.endswith(":credentials")]


# -- the tunnel session --------------------------------------------------------------------------------


async def test_without_anyone_to_ask_the_connect_says_what_it_needs(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    service = _service(tmp_path, keyring)
    entry = await _import(service, tmp_path)
    backend = LoginBackend()
    session = TunnelSession(service, backend)
    with pytest.raises(CredentialsRequiredError) as raised:
        await session.connect(entry.base_url)
    error = raised.value
    assert error.message == f"The VPN profile “{entry.display_name}” needs your username and password."
    assert error.params["username"] == "alice"  # the profile's own, to be offered
    assert error.params["challenge"] is None and error.params["password_known"] is False
    assert session.status.state is TunnelState.FAILED and session.status.reason == error.message
    assert backend.state.state is TunnelState.DISCONNECTED
    assert _kept(keyring) == []


async def test_a_given_login_is_remembered_and_then_used_without_asking(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    service = _service(tmp_path, keyring)
    entry = await _import(service, tmp_path)
    backend = LoginBackend()
    session = TunnelSession(service, backend)
    up = await session.connect(entry.base_url, credentials=GivenLogin(None, PASSWORD, remember=True))
    assert up.state is TunnelState.CONNECTED
    assert backend.given == [Credentials("alice", PASSWORD)]  # the username offered was used
    assert _kept(keyring) == [{"u": "alice", "p": PASSWORD}]
    assert PASSWORD not in json.dumps(up.to_json()) and PASSWORD not in repr(up)
    await session.disconnect()

    asked: list[LoginPrompt] = []

    async def ask(prompt: LoginPrompt) -> LoginAnswer | None:
        asked.append(prompt)
        return None

    up = await session.connect(entry.base_url, credentials=ask)
    assert up.state is TunnelState.CONNECTED and asked == [], "the kept login was used without asking"
    await session.disconnect()
    # Without an asker at all (the CLI's background owner), the kept login serves too.
    assert (await session.connect(entry.base_url)).state is TunnelState.CONNECTED
    await session.disconnect()


async def test_a_refused_kept_login_is_forgotten_and_asked_again(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    service = _service(tmp_path, keyring)
    entry = await _import(service, tmp_path)
    profile_id = service.importer.profile_id(entry)
    await service.importer.secrets.save_credentials(profile_id, "alice", "the old password")
    session = TunnelSession(service, LoginBackend())
    with pytest.raises(CredentialsRefusedError, match="has forgotten the remembered login"):
        await session.connect(entry.base_url)
    assert _kept(keyring) == []
    assert session.status.state is TunnelState.FAILED
    assert session.status.reason is not None and "did not accept" in session.status.reason
    with pytest.raises(CredentialsRequiredError):  # asked again next time
        await session.connect(entry.base_url)
    # A wrong password typed (nothing kept) is refused without talk of forgetting.
    with pytest.raises(CredentialsRefusedError) as raised:
        await session.connect(entry.base_url, credentials=GivenLogin("alice", "guess"))
    assert raised.value.message == "The VPN server did not accept the username or password."


async def test_a_refused_login_that_is_not_the_kept_one_leaves_the_kept_one(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    service = _service(tmp_path, keyring)
    entry = await _import(service, tmp_path)
    await service.importer.secrets.save_credentials(service.importer.profile_id(entry), "alice", PASSWORD)
    session = TunnelSession(service, LoginBackend())
    with pytest.raises(CredentialsRefusedError) as raised:
        await session.connect(entry.base_url, credentials=GivenLogin("alice", "a typo"))
    assert "forgotten" not in raised.value.message
    assert _kept(keyring) == [{"u": "alice", "p": PASSWORD}]
    assert (await session.connect(entry.base_url)).state is TunnelState.CONNECTED
    await session.disconnect()


async def test_a_given_password_wins_over_a_kept_one(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    service = _service(tmp_path, keyring)
    entry = await _import(service, tmp_path)
    await service.importer.secrets.save_credentials(service.importer.profile_id(entry), "alice", "old")
    session = TunnelSession(service, LoginBackend())
    given = GivenLogin("alice", PASSWORD, remember=True)
    assert (await session.connect(entry.base_url, credentials=given)).state is TunnelState.CONNECTED
    assert _kept(keyring) == [{"u": "alice", "p": PASSWORD}]  # and replaces the kept one when asked to
    await session.disconnect()


async def test_a_static_challenge_is_asked_each_time_and_never_kept(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    service = _service(tmp_path, keyring)
    entry = await _import(service, tmp_path, "challenge")
    backend = LoginBackend(code="918273")
    session = TunnelSession(service, backend)
    # A login without the challenge's answer is not enough: the error says what is missing.
    with pytest.raises(CredentialsRequiredError) as raised:
        await session.connect(entry.base_url, credentials=GivenLogin("alice", PASSWORD, remember=True))
    assert raised.value.params["challenge"] == CHALLENGE and raised.value.params["echo"] is True
    given = GivenLogin("alice", PASSWORD, "918273", remember=True)
    assert (await session.connect(entry.base_url, credentials=given)).state is TunnelState.CONNECTED
    await session.disconnect()
    assert "918273" not in str(keyring.items) and len(_kept(keyring)) == 1
    # The password is kept: only the code is asked (and the error says so).
    with pytest.raises(CredentialsRequiredError) as raised:
        await session.connect(entry.base_url)
    assert raised.value.params["password_known"] is True
    backend.code = "564738"
    code_only = GivenLogin(challenge_response="564738")
    assert (await session.connect(entry.base_url, credentials=code_only)).state is TunnelState.CONNECTED
    assert backend.given[-1] == Credentials("alice", PASSWORD, "564738")
    await session.disconnect()


async def test_the_time_a_person_takes_does_not_count_against_the_bring_up_deadline(tmp_path: Path) -> None:
    service = _service(tmp_path, MemoryKeyring())
    entry = await _import(service, tmp_path)
    session = TunnelSession(service, LoginBackend(), bring_up_timeout=0.3)

    async def slow(prompt: LoginPrompt) -> LoginAnswer | None:
        await asyncio.sleep(0.8)
        return LoginAnswer(prompt.username or "", PASSWORD)

    assert (await session.connect(entry.base_url, credentials=slow)).state is TunnelState.CONNECTED
    await session.disconnect()


# -- the control API ----------------------------------------------------------------------------------


def test_connect_carries_a_login_that_never_shows_in_its_repr() -> None:
    line = json.dumps(
        {
            "version": 1,
            "id": 1,
            "method": "connect",
            "params": {
                "server": "imported:abc",
                "controller": "6f1c1f5e-3a7b-4c1e-9d2a-1b2c3d4e5f60",
                "username": "alice",
                "password": PASSWORD,
                "challenge_response": "123456",
                "remember": True,
            },
        }
    )
    request = parse_request(line).request
    assert isinstance(request, ConnectRequest)
    assert (request.username, request.password, request.challenge_response, request.remember) == (
        "alice", PASSWORD, "123456", True
    )  # fmt: skip
    assert PASSWORD not in repr(request) and "123456" not in repr(request)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("password", "line\nsignal SIGTERM"),  # would start a second management command
        ("username", "alice\r"),
        ("password", ""),
        ("password", 7),
        ("challenge_response", "x" * 2000),
        ("remember", "yes"),
    ],
)
def test_a_login_field_that_could_break_the_management_line_is_refused(name: str, value: object) -> None:
    params = {"server": "imported:abc", "controller": "6f1c1f5e-3a7b-4c1e-9d2a-1b2c3d4e5f60", name: value}
    line = json.dumps({"version": 1, "id": 1, "method": "connect", "params": params})
    with pytest.raises(ProtocolError) as raised:
        parse_request(line)
    assert raised.value.code is ErrorCode.INVALID_FIELD and raised.value.field == name
    if isinstance(value, str) and value:
        assert value not in raised.value.message  # the answer never echoes it


async def test_the_api_answers_credentials_required_and_never_logs_the_login(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    keyring = MemoryKeyring()
    service = _service(tmp_path, keyring)
    entry = await _import(service, tmp_path)
    socket_dir = tmp_path / "run"
    socket_dir.mkdir(mode=0o700)
    path = socket_dir / "control.sock"
    session = TunnelSession(service, LoginBackend())
    server = await ControlServer(SessionTarget(session, service), path).start()
    controller = "6f1c1f5e-3a7b-4c1e-9d2a-1b2c3d4e5f60"

    def call(request: ConnectRequest | StatusRequest) -> dict[str, Any]:
        with ControlClient(path) as client:
            return client.call(request)

    try:
        with pytest.raises(ControlRequestFailed) as raised:
            await asyncio.to_thread(call, ConnectRequest(server=entry.base_url, controller=controller))
        assert raised.value.code == ErrorCode.CREDENTIALS_REQUIRED.value
        error = raised.value.error
        assert error["username"] == "alice" and error["challenge"] is None
        assert error["password_known"] is False and error["profile"] == entry.display_name
        assert "needs your username and password" in error["message"]
        status = await asyncio.to_thread(call, StatusRequest())
        assert status["state"] == "error" and "needs your username" in status["error"]

        request = ConnectRequest(
            server=entry.base_url, controller=controller, password=PASSWORD, remember=True
        )
        up = await asyncio.to_thread(call, request)
        assert up["state"] == "connected" and up["server"] == entry.base_url
        assert PASSWORD not in json.dumps(up)
        # Asked again while up: the same tunnel, no second login.
        again = await asyncio.to_thread(call, ConnectRequest(server=entry.base_url, controller=controller))
        assert again["state"] == "connected"
        await session.disconnect()
    finally:
        await server.close()
    assert len(_kept(keyring)) == 1
    assert PASSWORD not in caplog.text
    assert caplog.records, "the server did log (without the login)"


# -- sluis connect ---------------------------------------------------------------------------------------


def _sluis(tmp_path: Path, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SLUIS_HOME": str(tmp_path / "home"),
        "XDG_RUNTIME_DIR": str(tmp_path / "xdg"),
        "PYTHONPATH": str(ROOT),
    }
    (tmp_path / "xdg").mkdir(mode=0o700, exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "gui", *args], env=env, capture_output=True, text=True, timeout=60, **kwargs
    )


def test_credentials_fd_must_hold_a_username_and_a_password(tmp_path: Path) -> None:
    read, write = os.pipe()
    os.write(write, b"alice\n")
    os.close(write)
    try:
        args = ("connect", "imported:abc", "--credentials-fd", str(read))
        done = _sluis(tmp_path, *args, pass_fds=(read,), stdin=subprocess.DEVNULL)
    finally:
        os.close(read)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"sluis: File descriptor {read} must hold the VPN username on one line and the password on the next."
    ]
    closed = _sluis(tmp_path, "connect", "imported:abc", "--credentials-fd", "97", stdin=subprocess.DEVNULL)
    assert closed.returncode == 1 and "Could not read the VPN login from file descriptor 97" in closed.stderr


def test_login_from_fd_is_read_once(tmp_path: Path) -> None:
    from gui.cli import _login_from_fd

    read, write = os.pipe()
    os.write(write, f"alice\r\n{PASSWORD}\r\n123456\n".encode())
    os.close(write)
    login = _login_from_fd(read, remember=True)
    assert login == GivenLogin("alice", PASSWORD, "123456", remember=True)
    with pytest.raises(OSError, match="Bad file descriptor"):
        os.fstat(read)  # closed after reading


# -- the window -------------------------------------------------------------------------------------------


def test_the_login_dialog_is_keyboard_friendly(qtbot: Any, qt_loop: Any) -> None:
    from gui.ui.login_dialog import LoginDialog

    dialog = LoginDialog(LoginPrompt("Office", "alice", can_remember=True))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.username.text() == "alice"
    assert dialog.password.echoMode() is dialog.password.EchoMode.Password
    assert not dialog.connect_button.isEnabled()  # nothing to send yet
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() != dialog.DialogCode.Accepted.value and dialog.isVisible()
    QTest.keyClicks(dialog.password, PASSWORD)
    assert dialog.connect_button.isEnabled() and dialog.connect_button.isDefault()
    QTest.keyClick(dialog.remember, Qt.Key.Key_Space)
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted.value
    assert dialog.answer() == LoginAnswer("alice", PASSWORD, None, remember=True)
    # No secure keyring: nothing offers to remember.
    plain = LoginDialog(LoginPrompt("Office", None))
    qtbot.addWidget(plain)
    assert not plain.remember.isVisibleTo(plain) and not plain.answer().remember
    # A server's challenge text is shown as plain text, never as markup or a shortcut.
    odd = LoginDialog(LoginPrompt("Office", "alice", challenge="<b>PIN</b> & code", echo=True))
    qtbot.addWidget(odd)
    assert odd.challenge.echoMode() is odd.challenge.EchoMode.Normal


async def no_browser(url: str) -> None:
    raise AssertionError("an imported profile needs no browser")


def _window_controller(
    tmp_path: Path, run_qt: Callable[..., Any], backend: LoginBackend
) -> tuple[Controller, ServerEntry, MemoryKeyring]:
    keyring = MemoryKeyring()
    service = _service(tmp_path, keyring)
    entry = run_qt(_import(service, tmp_path))
    controller = Controller(service, backend, no_browser, clock=FakeClock())
    return controller, entry, keyring


def test_the_window_asks_in_its_dialog_and_cancel_cancels_the_connect(
    tmp_path: Path, qtbot: Any, run_qt: Callable[..., Any]
) -> None:
    from gui.ui.main_window import MainWindow

    backend = LoginBackend()
    controller, entry, keyring = _window_controller(tmp_path, run_qt, backend)
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)

    task = controller.connect_profile(entry.base_url, "imported")
    qtbot.waitUntil(lambda: window.login_dialog is not None and window.login_dialog.isVisible())
    dialog = window.login_dialog
    assert dialog is not None and dialog.username.text() == "alice"
    assert dialog.remember.isVisibleTo(dialog)
    QTest.keyClicks(dialog.password, PASSWORD)
    dialog.remember.setChecked(True)
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    run_qt(task)
    assert controller.state is ControllerState.CONNECTED and window.login_dialog is None
    assert len(_kept(keyring)) == 1
    run_qt(controller.disconnect_vpn())

    # Remembered: the next connect asks nothing.
    asked: list[object] = []
    controller.loginRequested.connect(asked.append)
    run_qt(controller.connect_profile(entry.base_url, "imported"))
    assert controller.state is ControllerState.CONNECTED and asked == []
    run_qt(controller.disconnect_vpn())

    # Forgotten: asked again; Cancel ends the connect quietly, with nothing left up.
    assert controller.service.importer.secrets.forget_credentials_sync(
        controller.service.importer.profile_id(entry)
    )
    task = controller.connect_profile(entry.base_url, "imported")
    qtbot.waitUntil(lambda: window.login_dialog is not None and window.login_dialog.isVisible())
    assert window.login_dialog is not None
    QTest.keyClick(window.login_dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(task.done)
    assert controller.state is ControllerState.IDLE and controller.last_error is None
    assert backend.state.state is TunnelState.DISCONNECTED and window.login_dialog is None


def test_a_cancelled_connect_withdraws_the_question(
    tmp_path: Path, qtbot: Any, run_qt: Callable[..., Any]
) -> None:
    from gui.ui.main_window import MainWindow

    controller, entry, _keyring = _window_controller(tmp_path, run_qt, LoginBackend())
    window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(window)
    task = controller.connect_profile(entry.base_url, "imported")
    qtbot.waitUntil(lambda: window.login_dialog is not None and window.login_dialog.isVisible())
    dialog = window.login_dialog
    controller.cancel()  # the window's or the tray's Cancel while it asks
    qtbot.waitUntil(task.done)
    qtbot.waitUntil(lambda: window.login_dialog is None)
    assert dialog is not None and not (shiboken6.isValid(dialog) and dialog.isVisible())
    assert controller.state is ControllerState.IDLE


def test_an_api_login_reaches_the_window_and_what_it_lacks_is_asked(
    tmp_path: Path, qtbot: Any, run_qt: Callable[..., Any]
) -> None:
    """``sluis connect --credentials-fd`` while a window runs: the window's controller uses the
    login it was given; a challenge's answer it lacks comes from the dialog."""
    backend = LoginBackend()
    controller, entry, _keyring = _window_controller(tmp_path, run_qt, backend)
    asked: list[LoginPrompt] = []
    controller.loginRequested.connect(asked.append)
    run_qt(controller.connect_profile(entry.base_url, "imported", login=GivenLogin("alice", PASSWORD)))
    assert controller.state is ControllerState.CONNECTED and asked == []
    run_qt(controller.disconnect_vpn())

    backend.code = "112233"

    def answer(prompt: LoginPrompt) -> None:
        controller.answer_login(LoginAnswer("alice", PASSWORD, "112233"))

    controller.loginRequested.connect(answer)
    run_qt(controller.connect_profile(entry.base_url, "imported", login=GivenLogin("alice", PASSWORD)))
    assert controller.state is ControllerState.CONNECTED and len(asked) == 1
    assert backend.given[-1] == Credentials("alice", PASSWORD, "112233")
    run_qt(controller.disconnect_vpn())


def test_a_language_change_moves_the_question_to_the_new_window(
    tmp_path: Path, qtbot: Any, run_qt: Callable[..., Any]
) -> None:
    from gui.ui.main_window import MainWindow

    controller, entry, _keyring = _window_controller(tmp_path, run_qt, LoginBackend())
    old = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    task = controller.connect_profile(entry.base_url, "imported")
    qtbot.waitUntil(lambda: old.login_dialog is not None and old.login_dialog.isVisible())
    new = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
    qtbot.addWidget(new)
    new.take_over(old)  # what gui.ui.live_language does, then the old window goes
    old.deleteLater()
    dialog = new.login_dialog
    assert dialog is not None and dialog.isVisible() and dialog.username.text() == "alice"
    QTest.keyClicks(dialog.password, PASSWORD)
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    run_qt(task)
    assert controller.state is ControllerState.CONNECTED
    run_qt(controller.disconnect_vpn())
