"""``sluis`` from a terminal, end to end: real processes, the real keyring, the demo server."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from gui import __version__
from gui.demoserver import DemoServer
from tests.support.keyrings import require_secret_service

ROOT = Path(__file__).resolve().parent.parent
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def sluis(tmp_path: Path, trust_demo_ca: Path) -> Run:
    env = {
        **os.environ,
        "SLUIS_HOME": str(tmp_path / "home"),
        "SSL_CERT_FILE": str(trust_demo_ca),
        "BROWSER": f"{sys.executable} -m tests.support.browser %s",
        "PYTHONPATH": str(ROOT),
        "LANGUAGE": "nl",
    }

    def run(*args: str, check: int | None = 0) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "gui", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if check is not None:
            assert done.returncode == check, done.stderr
        return done

    return run


def test_version(sluis: Run) -> None:
    lines = sluis("--version").stdout.splitlines()
    assert lines[0] == f"Sluis {__version__}"
    assert any(line.startswith("backend: ") for line in lines)
    assert any(line.startswith("policy: ") for line in lines)


def test_add_profiles_config_disconnect_remove(sluis: Run, demo_server: DemoServer, tmp_path: Path) -> None:
    require_secret_service()  # each command is its own process: tokens must outlive them
    url = demo_server.base_url
    assert "Added" in sluis("add", url).stdout
    servers = json.loads(sluis("servers", "--json").stdout)
    assert [s["base_url"] for s in servers] == [url + "/"]

    profiles = {p["profile_id"]: p for p in json.loads(sluis("profiles", url, "--json").stdout)}
    assert profiles["employees"]["name"] == "Medewerkers"  # LANGUAGE=nl
    assert profiles["wireguard-only"]["protocols"] == ["wireguard"]

    out = sluis("config", url, "--profile", "wireguard-only", "--output", "wg.conf").stdout
    assert "protocol wireguard" in out and "expires 20" in out
    written = tmp_path / "wg.conf"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert "PrivateKey = " in written.read_text()

    out = sluis(
        "config", url, "--profile", "employees", "--protocol", "openvpn", "--prefer-tcp", "--output", "e.ovpn"
    ).stdout
    assert "protocol openvpn" in out
    remotes = [line for line in (tmp_path / "e.ovpn").read_text().splitlines() if line.startswith("remote ")]
    assert remotes[0].endswith("tcp") and len(remotes) == 2

    status = json.loads(sluis("status", "--json").stdout)
    assert status["state"] == "disconnected"
    assert status["last_config"]["profile"] == "employees"

    sluis("disconnect", url)
    assert demo_server.state.disconnects() == 1

    sluis("remove", url)
    assert json.loads(sluis("servers", "--json").stdout) == []
    # The login went with the server: profiles now say the server is unknown.
    failed = sluis("profiles", url, check=1)
    assert failed.stderr.count("\n") == 1 and "sluis: " in failed.stderr


def test_user_errors_are_one_line_and_exit_1(sluis: Run) -> None:
    for args in (("add", "http://vpn.example.org"), ("config", "https://unknown.example/", "--profile", "x")):
        done = sluis(*args, check=1)
        assert done.stderr.startswith("sluis: ") and done.stderr.count("\n") == 1
        assert "Traceback" not in done.stderr


def test_usage_errors_exit_2(sluis: Run) -> None:
    assert sluis("config", check=2).returncode == 2
    assert sluis("config", "https://x/", "--protocol", "ipsec", check=2).returncode == 2


def test_an_unwritable_output_file_is_one_line_and_exit_1(sluis: Run, tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("")
    done = sluis("diagnostics", "--output", str(tmp_path / "not-a-folder" / "report.txt"), check=1)
    assert done.stderr.startswith("sluis: ") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr and "not-a-folder" in done.stderr
