"""A user-locked Access Server profile connects with the login given, for real: a real OpenVPN
server in a network namespace checks username and password (``auth-user-pass-verify``), through the
window (its dialog), ``sluis connect`` (a descriptor, the terminal after ``credentials_required``,
the keyring) and the control API.

The login reaches OpenVPN through its management socket only: while the tunnel is up, it is in
neither the argv nor the environment of ``openvpn`` (nor of Sluis's background owner), nor in any
file under the helper's folder, the runtime folder, the Sluis home (logs, state file) or the log.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.backends.base import BackendOptions, TunnelState
from gui.backends.openvpn import LinuxOpenVpnBackend
from gui.control.client import ControlClient, ControlRequestFailed
from gui.control.protocol import ConnectRequest, ErrorCode
from gui.control.server import ControlServer
from gui.control.target import SessionTarget
from gui.controller.machine import Controller
from gui.controller.viewmodel import ControllerState
from gui.core.importers import ProfileImporter
from gui.core.profile_secrets import LoginPrompt, ProfileSecretStore
from gui.core.protocols import Protocol
from gui.demoserver import DemoServer
from gui.tunnel.session import TunnelSession
from tests.support.access_server import access_server_profile
from tests.support.keyrings import MemoryKeyring, require_secret_service
from tests.support.netns import SERVER_IP, Lab, lab, memory_service, require_root
from tests.ui_support import RecordingTray

ROOT = Path(__file__).resolve().parent.parent
UDP_NET = "10.104.7.0"
GATEWAY = "10.104.7.1"
# Quotes, a backslash and spaces: the management interface's quoting is exercised on the way.
PASSWORD = 'correct "horse" \\ battery staple'
NEW_PASSWORD = "tr0ub4dor & 3"
CHALLENGE = "Enter your PIN"
VERIFY = """#!/bin/sh
user=$(sed -n 1p "$1"); pass=$(sed -n 2p "$1")
[ "$user" = alice ] && [ "$pass" = "$(cat {expected})" ] && exit 0
exit 1
"""


class LoginServer:
    """The OpenVPN server's login check: user ``alice`` and the password in ``expected`` (which
    the test changes, as an administrator would)."""

    def __init__(self, workdir: Path) -> None:
        self.expected = workdir / "expected"
        self.script = workdir / "verify.sh"
        self.script.write_text(VERIFY.format(expected=self.expected))
        self.script.chmod(0o700)
        self.accept(PASSWORD)

    def accept(self, password: str, challenge_answer: str | None = None) -> None:
        if challenge_answer is not None:  # OpenVPN's static challenge: SCRV1:base64(pw):base64(answer)
            b64 = base64.b64encode
            password = f"SCRV1:{b64(password.encode()).decode()}:{b64(challenge_answer.encode()).decode()}"
        self.expected.write_text(password)

    def start(self, net: Lab, demo: DemoServer) -> None:
        net.openvpn_server(
            demo, "udp", UDP_NET, extra=("script-security 2", f"auth-user-pass-verify {self.script} via-file")
        )


def _lab_profile(tmp_path: Path, demo: DemoServer, extra: tuple[str, ...] = ()) -> Path:
    """An Access Server user-locked profile (``OVPN_ACCESS_SERVER_USERNAME=alice``) around a client
    certificate the demo server issued for the lab's OpenVPN server."""

    async def keys() -> dict[str, str]:
        service = memory_service(tmp_path / "setup", demo)
        try:
            _, config = await service.obtain_config(demo.base_url, "openvpn-only", accept={Protocol.OPENVPN})
        finally:
            await service.aclose()
        assert config.openvpn is not None and config.openvpn.profile is not None
        return dict(config.openvpn.profile.blocks)

    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # a loop of its own, whatever runs here
        blocks = pool.submit(asyncio.run, keys()).result()
    source = tmp_path / "alice@vpn.example.org.ovpn"
    source.write_text(access_server_profile(blocks, extra), newline="")
    return source


def _openvpn_pids(folder: Path) -> list[int]:
    """The ``openvpn`` processes running a configuration from ``folder``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            if argv and argv[0].endswith(b"openvpn") and str(folder).encode() in b" ".join(argv):
                found.append(int(proc.name))
    return found


def _files(folders: Iterable[Path]) -> Iterator[Path]:
    for folder in folders:
        if folder.is_file():
            yield folder
        elif folder.is_dir():
            yield from (path for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def assert_login_nowhere(
    secrets: Iterable[str], *, pids: Iterable[int], folders: Iterable[Path], texts: Iterable[str] = ()
) -> int:
    """No secret (nor its base64, as a static challenge sends it) in the processes' argv and
    environment, any regular file under ``folders``, or ``texts``; the number of files read."""
    needles = [s.encode() for s in secrets] + [base64.b64encode(s.encode()) for s in secrets]
    for pid in pids:
        for part in ("cmdline", "environ"):
            data = Path(f"/proc/{pid}/{part}").read_bytes()
            assert not any(n in data for n in needles), f"the login is in /proc/{pid}/{part}"
    read = 0
    for path in _files(folders):
        data = path.read_bytes()
        read += 1
        assert not any(n in data for n in needles), f"the login is in {path}"
    for text in texts:
        assert not any(n.decode() in text for n in needles), "the login is in the log"
    return read


async def no_browser(url: str) -> None:
    raise AssertionError("an imported profile needs no browser")


# -- the window ------------------------------------------------------------------------------------------


@pytest.mark.needs_root
def test_the_window_asks_remembers_and_forgets_a_refused_login(
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
    qtbot: Any,
    run_qt: Callable[..., Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    from gui.ui.main_window import MainWindow

    require_root("openvpn", "ping")
    caplog.set_level("DEBUG")
    demo = demo_server_factory(openvpn_remotes=(f"{SERVER_IP} 1194 udp",))
    source = _lab_profile(tmp_path, demo)
    service = memory_service(tmp_path / "home", demo)
    keyring = MemoryKeyring()
    secrets = ProfileSecretStore(keyring)
    service.__dict__["importer"] = ProfileImporter(
        service.servers, service.paths.data_dir / "imported", secrets
    )
    entry = run_qt(service.import_profile(str(source), lambda _source: True))
    profile_id = service.importer.profile_id(entry)
    login_server = LoginServer(tmp_path)
    helper_state = tmp_path / "helper"
    with lab(tmp_path) as net:
        login_server.start(net, demo)
        backend = LinuxOpenVpnBackend(
            BackendOptions(
                runtime_dir=tmp_path / "run",
                netns=net.client,
                manage_dns=False,
                connect_timeout=30,
                helper_state_dir=helper_state,
            )
        )
        controller = Controller(service, backend, no_browser)
        window = MainWindow(controller, tray=RecordingTray(), quit_app=lambda: None)
        qtbot.addWidget(window)
        prompts: list[LoginPrompt] = []
        controller.loginRequested.connect(prompts.append)

        # 1. The dialog asks, with the profile's user filled in; typed, remembered, connected.
        task = controller.connect_profile(entry.base_url, "imported")
        qtbot.waitUntil(lambda: window.login_dialog is not None and window.login_dialog.isVisible())
        dialog = window.login_dialog
        assert dialog is not None and dialog.username.text() == "alice"
        assert prompts[-1].profile_name == "Lab Access Server" and prompts[-1].can_remember
        QTest.keyClicks(dialog.password, PASSWORD)
        QTest.keyClick(dialog.remember, Qt.Key.Key_Space)
        QTest.keyClick(dialog.password, Qt.Key.Key_Return)
        run_qt(task, 45000)
        assert controller.state is ControllerState.CONNECTED, controller.last_error
        assert net.ping(GATEWAY), "no ping across the tunnel"
        pids = _openvpn_pids(helper_state)
        assert len(pids) == 1
        read = assert_login_nowhere(
            [PASSWORD],
            pids=pids,
            folders=[helper_state, tmp_path / "run", tmp_path / "home"],
            texts=[caplog.text],
        )
        assert read >= 3  # the helper's config and OpenVPN's log, the imported profile, the state
        assert secrets.load_credentials_sync(profile_id) == ("alice", PASSWORD)
        run_qt(controller.disconnect_vpn())
        assert list((helper_state / "0").iterdir()) == []

        # 2. Remembered: connected without a question.
        run_qt(controller.connect_profile(entry.base_url, "imported"), 45000)
        assert controller.state is ControllerState.CONNECTED and len(prompts) == 1
        run_qt(controller.disconnect_vpn())

        # 3. The server changed the password: the kept one is refused, said so, and forgotten.
        login_server.accept(NEW_PASSWORD)
        run_qt(controller.connect_profile(entry.base_url, "imported"), 45000)
        assert controller.state is ControllerState.ERROR and len(prompts) == 1
        assert controller.last_error is not None and "did not accept" in controller.last_error
        assert "forgotten" in controller.last_error
        assert secrets.load_credentials_sync(profile_id) is None
        assert backend.state.state is TunnelState.DISCONNECTED
        assert list((helper_state / "0").iterdir()) == []

        # 4. Asked again next time.
        task = controller.connect_profile(entry.base_url, "imported")
        qtbot.waitUntil(lambda: window.login_dialog is not None and window.login_dialog.isVisible())
        dialog = window.login_dialog
        assert dialog is not None and dialog.username.text() == "alice"
        QTest.keyClicks(dialog.password, NEW_PASSWORD)
        QTest.keyClick(dialog.password, Qt.Key.Key_Return)
        run_qt(task, 45000)
        assert controller.state is ControllerState.CONNECTED and len(prompts) == 2
        assert net.ping(GATEWAY)
        assert_login_nowhere(
            [PASSWORD, NEW_PASSWORD],
            pids=_openvpn_pids(helper_state),
            folders=[helper_state, tmp_path / "run", tmp_path / "home"],
            texts=[caplog.text],
        )
        run_qt(controller.disconnect_vpn())
        run_qt(controller.shutdown())


# -- the control API ---------------------------------------------------------------------------------------


@pytest.mark.needs_root
async def test_the_api_says_credentials_required_then_connects_with_them(
    tmp_path: Path,
    demo_server_factory: Callable[..., DemoServer],
    trust_demo_ca: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """With a static challenge: the error says what to ask (the user, the challenge text and
    whether it echoes); the connect with them goes through OpenVPN's ``SCRV1`` answer."""
    require_root("openvpn", "ping")
    caplog.set_level("DEBUG")
    demo = demo_server_factory(openvpn_remotes=(f"{SERVER_IP} 1194 udp",))
    source = _lab_profile(tmp_path, demo, (f'static-challenge "{CHALLENGE}" 1',))
    service = memory_service(tmp_path / "home", demo)
    keyring = MemoryKeyring()
    secrets = ProfileSecretStore(keyring)
    service.__dict__["importer"] = ProfileImporter(
        service.servers, service.paths.data_dir / "imported", secrets
    )
    entry = await service.import_profile(str(source), lambda _source: True)
    login_server = LoginServer(tmp_path)
    login_server.accept(PASSWORD, "424242")
    helper_state = tmp_path / "helper"
    socket_dir = tmp_path / "sock"
    socket_dir.mkdir(mode=0o700)
    path = socket_dir / "control.sock"
    controller = "0c6e9a52-2a51-4e55-8f4b-8d6a4f0e3b11"

    def call(request: ConnectRequest) -> dict[str, Any]:
        with ControlClient(path, timeout=60) as client:
            return client.call(request, timeout=60)

    with lab(tmp_path) as net:
        login_server.start(net, demo)
        backend = LinuxOpenVpnBackend(
            BackendOptions(
                runtime_dir=tmp_path / "run",
                netns=net.client,
                manage_dns=False,
                connect_timeout=30,
                helper_state_dir=helper_state,
            )
        )
        session = TunnelSession(service, backend)
        server = await ControlServer(SessionTarget(session, service), path).start()
        try:
            with pytest.raises(ControlRequestFailed) as raised:
                await asyncio.to_thread(call, ConnectRequest(server=entry.base_url, controller=controller))
            assert raised.value.code == ErrorCode.CREDENTIALS_REQUIRED.value
            error = raised.value.error
            assert (error["username"], error["challenge"], error["echo"], error["password_known"]) == (
                "alice", CHALLENGE, True, False
            )  # fmt: skip
            assert backend.state.state is TunnelState.DISCONNECTED
            assert list((helper_state / "0").iterdir()) == []

            request = ConnectRequest(
                server=entry.base_url, controller=controller, password=PASSWORD, challenge_response="424242"
            )
            up = await asyncio.to_thread(call, request)
            assert up["state"] == "connected"
            assert await asyncio.to_thread(net.ping, GATEWAY)
            assert_login_nowhere(
                [PASSWORD, "424242"],
                pids=_openvpn_pids(helper_state),
                folders=[helper_state, tmp_path / "run", tmp_path / "home"],
                texts=[caplog.text],
            )
            await session.disconnect()
            assert list((helper_state / "0").iterdir()) == []
            assert secrets.load_credentials_sync(service.importer.profile_id(entry)) is None  # not asked to
        finally:
            if backend.state.state is not TunnelState.DISCONNECTED:
                await session.disconnect()
            await session.close()
            await server.close()


# -- sluis connect -------------------------------------------------------------------------------------------


@pytest.fixture
def no_stray_owner(tmp_path: Path) -> Iterator[None]:
    """A failing test must not leave Sluis's background owner (it runs in its own session) behind."""
    yield
    state = tmp_path / "home" / "state" / "tunnel.json"
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        os.kill(int(json.loads(state.read_text())["pid"]), signal.SIGTERM)


def _pty_session(argv: list[str], env: dict[str, str], answers: list[tuple[str, str]]) -> tuple[int, str]:
    """Run ``argv`` on a terminal of its own; type each answer once its prompt shows. The exit
    code and all that the terminal showed."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        argv, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True, cwd=ROOT
    )
    os.close(slave)
    shown = b""
    pending = list(answers)
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # EIO: the other side is closed, the command has ended
                    break
                if not chunk:
                    break
                shown += chunk
            if pending and shown.decode(errors="replace").rstrip().endswith(pending[0][0]):
                os.write(master, pending.pop(0)[1].encode() + b"\n")
            if proc.poll() is not None and not ready:
                break
        return proc.wait(timeout=30), shown.decode(errors="replace")
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)


@pytest.mark.needs_root
@pytest.mark.usefixtures("no_stray_owner")
def test_sluis_connect_takes_the_login_from_a_descriptor_the_terminal_or_the_keyring(
    tmp_path: Path, demo_server_factory: Callable[..., DemoServer], trust_demo_ca: Path
) -> None:
    require_root("openvpn", "ping")
    require_secret_service()  # the owner reads what --remember kept, in another process
    demo = demo_server_factory(openvpn_remotes=(f"{SERVER_IP} 1194 udp",))
    source = _lab_profile(tmp_path, demo)
    home = tmp_path / "home"
    env = {
        **os.environ,
        "SLUIS_HOME": str(home),
        "SLUIS_RUNTIME_DIR": str(tmp_path / "run"),
        "SLUIS_MANAGE_DNS": "0",
        "SLUIS_CONNECT_TIMEOUT": "30",
        "SSL_CERT_FILE": str(trust_demo_ca),
        "PYTHONPATH": str(ROOT),
    }
    run = [sys.executable, "-m", "gui"]

    def sluis(*args: str, check: int = 0, login: str | None = None) -> subprocess.CompletedProcess[str]:
        fds: tuple[int, ...] = ()
        argv = [*run, *args]
        if login is not None:
            read, write = os.pipe()
            os.write(write, login.encode())
            os.close(write)
            fds = (read,)
            argv += ["--credentials-fd", str(read)]
        try:
            done = subprocess.run(
                argv,
                env=env,
                capture_output=True,
                text=True,
                timeout=90,
                pass_fds=fds,
                stdin=subprocess.DEVNULL,
            )
        finally:
            for fd in fds:
                os.close(fd)
        assert done.returncode == check, done.stderr
        return done

    sluis("import", str(source), "--yes")
    url = json.loads(sluis("servers", "--json").stdout)[0]["base_url"]
    connect = ("connect", url, "--backend", "direct")
    login_server = LoginServer(tmp_path)
    with lab(tmp_path) as net:
        env["SLUIS_NETNS"] = net.client
        env["SLUIS_HELPER_STATE_DIR"] = str(tmp_path / "helper")
        login_server.start(net, demo)
        try:
            # 1. From a descriptor (a script).
            out = sluis(*connect, login=f"alice\n{PASSWORD}\n")
            assert "Connected" in out.stdout
            assert json.loads(sluis("status", "--json").stdout)["state"] == "connected"
            assert net.ping(GATEWAY)
            owner = json.loads((home / "state" / "tunnel.json").read_text())["pid"]
            helper_folder = Path(env["SLUIS_HELPER_STATE_DIR"]) / str(os.getuid())
            pids = [p for p in _openvpn_pids(helper_folder) if _netns_of(p) == net.client]
            assert len(pids) == 1
            assert_login_nowhere(
                [PASSWORD], pids=[*pids, owner], folders=[helper_folder, tmp_path / "run", home]
            )
            sluis("disconnect")

            # 2. No terminal, no descriptor, nothing kept: one line that says how to give them.
            refused = sluis(*connect, check=1)
            lines = refused.stderr.strip().splitlines()
            assert len(lines) == 1 and "needs your username and password" in lines[0]
            assert "--credentials-fd" in lines[0] and "--remember" in lines[0]

            # 3. On a terminal: the owner answers credentials_required, the CLI asks (the profile's
            #    user offered, the password without echo) and connects with them.
            code, shown = _pty_session(
                [*run, *connect], env, [("Username [alice]:", ""), ("Password:", PASSWORD)]
            )
            assert code == 0, shown
            assert "needs your username and password" in shown and "Connected" in shown
            assert PASSWORD not in shown, "the password was echoed"
            sluis("disconnect")

            # 4. --remember keeps it in the keyring; the next connect needs nothing.
            sluis(*connect, "--remember", login=f"alice\n{PASSWORD}\n")
            sluis("disconnect")
            assert "Connected" in sluis(*connect).stdout
            assert_login_nowhere(
                [PASSWORD], pids=_openvpn_pids(helper_folder), folders=[home, tmp_path / "run"]
            )
            sluis("disconnect")

            # 5. A wrong password from a script: refused, and the kept (right) one stays.
            wrong = sluis(*connect, check=1, login="alice\nguess\n")
            assert wrong.stderr.strip().splitlines() == [
                "sluis: The VPN server did not accept the username or password."
            ]
            assert "Connected" in sluis(*connect).stdout
            sluis("disconnect")

            # 6. The server changed the password: the kept one is refused and forgotten.
            login_server.accept(NEW_PASSWORD)
            forgot = sluis(*connect, check=1)
            assert len(forgot.stderr.strip().splitlines()) == 1 and "forgotten" in forgot.stderr
            again = sluis(*connect, check=1)
            assert "needs your username and password" in again.stderr
            assert "Connected" in sluis(*connect, login=f"alice\n{NEW_PASSWORD}\n").stdout
            sluis("disconnect")
            assert json.loads(sluis("status", "--json").stdout)["state"] == "disconnected"
            assert list((tmp_path / "run").glob("*")) == []
            # The owner's log (OpenVPN's states, the requests) and the CLI's: read, and clean.
            assert (home / "state" / "log" / "tunnel.log").stat().st_size > 0
            assert_login_nowhere([PASSWORD, NEW_PASSWORD], pids=[], folders=[home, tmp_path / "run"])
        finally:
            subprocess.run([*run, "remove", url], env=env, capture_output=True, timeout=60, check=False)


def _netns_of(pid: int) -> str:
    """The name of the network namespace ``pid`` runs in (``ip netns identify``)."""
    done = subprocess.run(["ip", "netns", "identify", str(pid)], capture_output=True, text=True, timeout=10)
    return done.stdout.strip()
