"""The local control API between processes: a headless Sluis (its own process, logged in to the
demo server) and controllers that connect, disconnect, ask the status and follow events."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.control.client import ControlClient, ControlRequestFailed, running_instance
from gui.control.protocol import (
    ConnectRequest,
    DisconnectRequest,
    Event,
    Reply,
    StatusRequest,
    SubscribeRequest,
    control_socket_path,
)
from gui.control.server import ControlServer, prepare_socket_path
from gui.control.target import SessionTarget
from gui.core.errors import ControlChannelError
from gui.demoserver import DemoServer
from gui.tunnel.session import TunnelSession

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def runtime_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    return runtime


@pytest.fixture
def host(tmp_path: Path, runtime_dir: Path, demo_server: DemoServer, trust_demo_ca: Path) -> Iterator[Path]:
    """A headless Sluis in its own process; yields the control socket's path."""
    env = {
        **os.environ,
        "SLUIS_HOME": str(tmp_path / "home"),
        "XDG_RUNTIME_DIR": str(runtime_dir),
        "SSL_CERT_FILE": str(trust_demo_ca),
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.control_host", demo_server.base_url],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if line.strip() != "ready":
            process.kill()
            _, err = process.communicate(timeout=10)
            pytest.fail(f"the headless host did not start: {err}")
        yield control_socket_path(env)  # the socket of that SLUIS_HOME
    finally:
        process.terminate()
        process.communicate(timeout=10)


def _states(client: ControlClient, until: str) -> list[str]:
    seen: list[str] = []
    while until not in seen:
        event = client.next_event(timeout=10)
        assert event.name == "status"
        seen.append(event.data["state"])
    return seen


def test_two_controllers_connect_and_disconnect(host: Path, demo_server: DemoServer) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    with ControlClient(host) as alice, ControlClient(host) as bob:
        assert alice.call(SubscribeRequest())["state"] == "disconnected"
        assert bob.call(SubscribeRequest())["state"] == "disconnected"

        result = alice.call(
            ConnectRequest(server=demo_server.base_url, profile="wireguard-only", controller=first),
            timeout=30,
        )
        assert result["state"] == "connected"
        assert result["controller"] == first
        assert result["profile"] == "wireguard-only"
        assert result["expires"]
        assert _states(alice, "connected") == ["connecting", "connected"]
        assert _states(bob, "connected") == ["connecting", "connected"]
        assert bob.call(StatusRequest())["controller"] == first

        # Any controller may disconnect, whoever connected.
        assert bob.call(DisconnectRequest(controller=second), timeout=30)["state"] == "disconnected"
        assert _states(alice, "disconnected") == ["disconnecting", "disconnected"]
        assert _states(bob, "disconnected") == ["disconnecting", "disconnected"]
        assert alice.call(StatusRequest())["state"] == "disconnected"


def test_a_failed_connect_is_a_structured_error(host: Path) -> None:
    with ControlClient(host) as client:
        with pytest.raises(ControlRequestFailed) as caught:
            client.call(ConnectRequest(server="https://not-added.example/", controller=str(uuid.uuid4())))
        assert caught.value.code == "failed"
        assert "not-added.example" in caught.value.message


def _raw(client: ControlClient, line: bytes) -> Reply:
    client.send_line(line)
    answer = client.read_answer()
    assert isinstance(answer, Reply)
    return answer


@pytest.mark.parametrize(
    ("line", "code", "field"),
    [
        (b"this is not json\n", "bad_json", None),
        (b"[1, 2]\n", "bad_request", None),
        (b'{"id": 1, "method": "status"}\n', "missing_field", "version"),
        (b'{"version": 99, "id": 2, "method": "status"}\n', "unsupported_version", "version"),
        (b'{"version": 1, "id": 3, "method": "reboot"}\n', "unknown_method", "method"),
        (
            b'{"version": 1, "id": 4, "method": "connect", "params": {"server": "https://x/"}}\n',
            "missing_field",
            "controller",
        ),
        (
            b'{"version": 1, "id": 5, "method": "connect", '
            b'"params": {"server": "https://x/", "controller": "alice"}}\n',
            "invalid_field",
            "controller",
        ),
        (
            b'{"version": 1, "id": 6, "method": "connect", "params": {"controller": '
            b'"6f1c1f5e-3a7b-4c1e-9d2a-1b2c3d4e5f60"}}\n',
            "missing_field",
            "server",
        ),
    ],
)
def test_malformed_requests_get_errors_and_change_nothing(
    host: Path, line: bytes, code: str, field: str | None
) -> None:
    with ControlClient(host) as client:
        reply = _raw(client, line)
        assert reply.ok is False
        assert reply.error_code == code
        assert reply.error.get("field") == field
        if code == "unsupported_version":
            assert reply.error["supported"] == [1]
        # The same connection still works and nothing happened to the tunnel.
        assert client.call(StatusRequest())["state"] == "disconnected"


def test_every_answer_carries_the_api_version(host: Path) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(10)
        sock.connect(str(host))
        sock.sendall(b'{"version": 1, "id": "a", "method": "status"}\nnonsense\n')
        data = b""
        while data.count(b"\n") < 2:
            data += sock.recv(4096)
    import json

    first, second = (json.loads(line) for line in data.splitlines()[:2])
    assert first["version"] == second["version"] == 1
    assert first["id"] == "a" and first["ok"] is True
    assert second["ok"] is False and second["error"]["code"] == "bad_json"


def test_an_overlong_line_is_refused(host: Path) -> None:
    with ControlClient(host) as client:
        client.send_line(b'{"version": 1, "x": "' + b"a" * 200_000 + b'"}\n')
        answer = client.read_answer()
        assert isinstance(answer, Reply)
        assert answer.error_code == "too_large"


# -- the socket belongs to this user alone -------------------------------------------------------------


def test_socket_and_folder_are_private(host: Path) -> None:
    assert stat.S_IMODE(host.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(host.stat().st_mode) == 0o600
    assert stat.S_ISSOCK(host.stat().st_mode)


def test_no_instance_means_none(runtime_dir: Path) -> None:
    assert running_instance() is None


async def test_a_second_server_does_not_take_over_a_live_socket(runtime_dir: Path, tmp_path: Path) -> None:
    from gui.backends.recording import RecordingBackend
    from gui.core.paths import AppPaths
    from gui.core.service import VpnService

    service = VpnService(AppPaths.from_environment({"SLUIS_HOME": str(tmp_path / "home")}))
    target = SessionTarget(TunnelSession(service, RecordingBackend()), service)
    async with ControlServer(target):
        with pytest.raises(ControlChannelError, match="already listening"):
            await ControlServer(target).start()
    # Closed: the socket is gone, and a stale one left by a crash is cleared on the next start.
    path = control_socket_path()
    assert not path.exists()
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))
    stale.close()
    os.chmod(path, 0o600)
    async with ControlServer(target) as server:
        assert server.path.exists()


def _make_socket(path: Path, mode: int) -> None:
    path.parent.mkdir(mode=0o700, exist_ok=True)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.listen(1)
    os.chmod(path, mode)
    # Left open until the test ends: a live socket another user might own.
    _OPEN.append(sock)


_OPEN: list[socket.socket] = []


@pytest.fixture(autouse=True)
def _close_sockets() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().close()


def test_group_or_world_accessible_socket_is_refused(runtime_dir: Path) -> None:
    path = control_socket_path()
    _make_socket(path, 0o666)
    with pytest.raises(ControlChannelError, match="other users may access"):
        ControlClient(path).open()
    with pytest.raises(ControlChannelError, match="other users may access"):
        prepare_socket_path(path)
    assert path.exists()  # refused, not removed


def test_world_readable_folder_is_refused(runtime_dir: Path) -> None:
    path = control_socket_path()
    _make_socket(path, 0o600)
    os.chmod(path.parent, 0o755)  # noqa: S103 - the unsafe folder under test
    with pytest.raises(ControlChannelError, match="other users may access the folder"):
        ControlClient(path).open()
    with pytest.raises(ControlChannelError, match="other users may access the folder"):
        prepare_socket_path(path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_socket_of_another_user_is_refused(runtime_dir: Path) -> None:
    path = control_socket_path()
    _make_socket(path, 0o600)
    os.chown(path, 65534, 65534)
    with pytest.raises(ControlChannelError, match="belongs to another user"):
        ControlClient(path).open()
    with pytest.raises(ControlChannelError, match="belongs to another user"):
        running_instance(path)
    with pytest.raises(ControlChannelError, match="belongs to another user"):
        prepare_socket_path(path)
    assert path.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_folder_of_another_user_is_refused(runtime_dir: Path) -> None:
    path = control_socket_path()
    path.parent.mkdir(mode=0o700)
    os.chown(path.parent, 65534, 65534)
    with pytest.raises(ControlChannelError, match="belongs to another user"):
        prepare_socket_path(path)


def test_events_are_not_mistaken_for_answers(host: Path, demo_server: DemoServer) -> None:
    """A subscriber that sends a request while events stream still gets its own answer."""
    with ControlClient(host) as watcher, ControlClient(host) as actor:
        watcher.call(SubscribeRequest())
        actor.call(
            ConnectRequest(
                server=demo_server.base_url, profile="wireguard-only", controller=str(uuid.uuid4())
            ),
            timeout=30,
        )
        status = watcher.call(StatusRequest())  # events arrived first; they are queued
        assert status["state"] == "connected"
        queued = watcher.next_event(timeout=1)
        assert isinstance(queued, Event) and queued.data["state"] == "connecting"
        actor.call(DisconnectRequest(), timeout=30)


# -- the CLI talks to the running instance instead of acting on its own ----------------------------------


def test_cli_commands_go_to_the_running_instance(
    host: Path, demo_server: DemoServer, tmp_path: Path, runtime_dir: Path
) -> None:
    import json

    from tests.support.access_server import profile

    cli_home = tmp_path / "home"  # the host's home: its owner serves this CLI
    env = {
        **os.environ,
        "SLUIS_HOME": str(cli_home),
        "XDG_RUNTIME_DIR": str(runtime_dir),
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }

    def sluis(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "gui", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    assert json.loads(sluis("status", "--json").stdout)["state"] == "disconnected"
    # A CLI of another SLUIS_HOME is never served by this host (nor does it reach its tunnel).
    other = subprocess.run(
        [sys.executable, "-m", "gui", "status", "--json"],
        env={**env, "SLUIS_HOME": str(tmp_path / "other-home")}, cwd=tmp_path, capture_output=True,
        text=True, timeout=60, check=True,
    )  # fmt: skip
    assert "controller" not in json.loads(other.stdout)
    up = sluis("connect", demo_server.base_url, "--profile", "wireguard-only")
    assert up.returncode == 0, up.stderr
    assert up.stdout.startswith("Connected to ")
    status = json.loads(sluis("status", "--json").stdout)
    my_id = (cli_home / "state" / "controller-id").read_text().strip()
    assert status["state"] == "connected" and status["controller"] == my_id
    down = sluis("disconnect", demo_server.base_url)
    assert down.returncode == 0 and down.stdout == "Disconnected\n"

    (tmp_path / "office.ovpn").write_text(profile("autologin", user="erin"))
    refused = sluis("import", "office.ovpn")  # no terminal, no --yes: not even sent
    assert refused.returncode == 1 and "--yes" in refused.stderr
    done = sluis("import", "office.ovpn", "--yes")
    assert done.returncode == 0, done.stderr
    assert "erin@vpn.example.org" in done.stdout
    host_servers = (tmp_path / "home" / "data" / "servers.json").read_text()
    assert "erin@vpn.example.org" in host_servers
    assert not (tmp_path / "other-home" / "data" / "servers.json").exists()
    # The imported profile is a server of its own: connecting needs no login and no API.
    imported_id = done.stdout.split(" as ", 1)[1].split(" ", 1)[0]
    up = sluis("connect", imported_id)
    assert up.returncode == 0, up.stderr
    assert json.loads(sluis("status", "--json").stdout)["profile"] == "imported"
    assert sluis("disconnect", imported_id).returncode == 0
