"""Which keyring Sluis uses, found without ``keyring``'s discovery of every installed backend.

Real keyrings only: the session's gnome-keyring (tests/run.sh starts it) and keyring's own fail
backend, named the two ways a user or IT names one (``PYTHON_KEYRING_BACKEND``, ``keyringrc.cfg``).
What was loaded is checked in a subprocess, as a fresh start sees it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gui.core.keyring_choice import find_keyring, platform_backends, platform_keyring_answers
from gui.core.tokens import TokenStore
from tests.support.keyrings import require_secret_service

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
from gui.core.tokens import TokenStore
store = TokenStore()
persistent = store.persistent
loaded_before_use = sorted(m for m in sys.modules if m.split(".")[0] in ("keyring", "secretstorage"))
name = store.backend_name  # the first real use finds the backend
print(json.dumps({
    "persistent": persistent,
    "loaded_before_use": loaded_before_use,
    "backend": name,
    "macos_loaded": "keyring.backends.macOS" in sys.modules,
}))
"""


def _probe(env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_the_secret_service_is_used_directly_and_known_without_loading_keyring() -> None:
    require_secret_service()
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    found = _probe(env)
    assert found["persistent"] is True
    assert found["loaded_before_use"] == [], "asking `persistent` loads neither keyring nor secretstorage"
    assert found["backend"] == "keyring.backends.SecretService.Keyring"
    assert found["macos_loaded"] is False, "no discovery of every backend"


def test_python_keyring_backend_still_names_the_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    assert type(find_keyring()).__module__ == "keyring.backends.fail"
    assert platform_keyring_answers() is False  # an explicit choice is never second-guessed
    store = TokenStore()
    assert store.persistent is False
    assert store.backend_name == "keyring.backends.fail.Keyring"


def test_keyringrc_still_names_the_backend(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    config = tmp_path / "python_keyring" / "keyringrc.cfg"
    config.parent.mkdir()
    config.write_text("[backend]\ndefault-keyring=keyring.backends.fail.Keyring\n")
    assert type(find_keyring()).__module__ == "keyring.backends.fail"
    assert platform_keyring_answers() is False
    assert TokenStore().persistent is False


def test_without_a_session_bus_keyring_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Secret Service to ask: the cheap answer is "not known", and keyring's own choice (no
    secure backend here) keeps the logins in memory."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    assert platform_keyring_answers() is False
    found = _probe(dict(os.environ))
    assert found["persistent"] is False
    assert not str(found["backend"]).startswith("keyring.backends.SecretService")


def test_each_platform_asks_its_own_keyring() -> None:
    assert platform_backends("linux")[0] == "keyring.backends.SecretService.Keyring"
    assert platform_backends("darwin") == ("keyring.backends.macOS.Keyring",)
    assert platform_backends("win32") == ("keyring.backends.Windows.WinVaultKeyring",)
    assert platform_backends("sunos5") == ()
