"""Server list, settings and tokens: what survives a restart, and what never touches a plain file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from gui.core.errors import InvalidServerUrlError, UnknownServerError
from gui.core.paths import AppPaths
from gui.core.servers import ServerEntry, ServerKind, ServerStore
from gui.core.settings import LETSCONNECT_CLIENT_ID, Settings
from gui.core.tokens import SERVICE, Tokens, TokenStore
from gui.core.urls import normalize_base_url
from tests.support.keyrings import require_secret_service


@pytest.mark.parametrize(
    ("typed", "base"),
    [
        ("vpn.example.org", "https://vpn.example.org/"),
        ("  https://VPN.Example.org  ", "https://vpn.example.org/"),
        ("https://vpn.example.org/portal", "https://vpn.example.org/portal/"),
        ("https://vpn.example.org:8443/?x=1#y", "https://vpn.example.org:8443/"),
        ("https://[::1]:8443", "https://[::1]:8443/"),
    ],
)
def test_server_addresses_are_normalised(typed: str, base: str) -> None:
    assert normalize_base_url(typed) == base


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "http://vpn.example.org",
        "ftp://x",
        "https://",
        "https://a b",
        "https://u:p@host/",
        "https://h:99999/",
    ],
)
def test_bad_server_addresses_get_a_clear_error(bad: str) -> None:
    with pytest.raises(InvalidServerUrlError) as info:
        normalize_base_url(bad)
    assert "not a valid server address" in info.value.message


def test_paths_follow_sluis_home(tmp_path: Path) -> None:
    paths = AppPaths.from_environment({"SLUIS_HOME": str(tmp_path)})
    assert paths.settings_file == tmp_path / "config" / "settings.json"
    assert paths.servers_file.parent == tmp_path / "data"


def test_server_store_survives_restart_and_is_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "servers.json"
    store = ServerStore(path)
    store.add(ServerEntry("https://a.example/", ServerKind.INSTITUTE_ACCESS, {"en": "A", "nl": "Aa"}))
    store.add(ServerEntry("https://b.example/"))
    store.remember_profile("b.example", "employees")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = ServerStore(path)
    assert [e.base_url for e in again] == ["https://a.example/", "https://b.example/"]
    assert again.get("https://b.example").last_profile == "employees"
    assert again.get("a.example").display_name == {"en": "A", "nl": "Aa"}
    again.remove("a.example")
    assert [e.base_url for e in ServerStore(path)] == ["https://b.example/"]
    with pytest.raises(UnknownServerError):
        again.get("c.example")


def test_broken_server_list_is_kept_aside_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "servers.json"
    path.write_text("{not json")
    store = ServerStore(path)
    assert len(store) == 0
    assert (tmp_path / "servers.json.broken").read_text() == "{not json"


def test_settings_defaults_types_and_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert Settings.load(path).client_id == "org.eduvpn.app.linux"
    path.write_text('{"prefer_tcp": true, "lets_connect": true, "backend": 3, "future_option": [1]}')
    settings = Settings.load(path)
    assert settings.prefer_tcp is True
    assert settings.backend == ""  # wrong type: default, not a crash
    assert settings.effective_client_id == LETSCONNECT_CLIENT_ID
    settings.save(path)
    assert Settings.load(path).extra == {"future_option": [1]}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("[]")
    assert Settings.load(path) == Settings()


def test_tokens_round_trip_through_a_real_secret_service(tmp_path: Path) -> None:
    backend = require_secret_service()
    store = TokenStore(backend)
    assert store.persistent
    server = f"https://tokens-{os.getpid()}.example/"
    tokens = Tokens("access-secret", "refresh-secret", 2_000_000_000.0, 1_700_000_000.0)
    store.save_sync(server, tokens)
    try:
        assert TokenStore(backend).load_sync(server) == tokens  # a new process would see the same
        assert "refresh-secret" in (backend.get_password(SERVICE, server) or "")
        assert "secret" not in repr(tokens)
        # Nothing was written to a plain file under the test's home.
        for file in tmp_path.rglob("*"):
            assert b"refresh-secret" not in file.read_bytes()
    finally:
        store.delete_sync(server)
    assert TokenStore(backend).load_sync(server) is None
    store.delete_sync(server)  # deleting twice is fine


def test_without_a_keyring_tokens_stay_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    store = TokenStore(keyring.backends.fail.Keyring())
    assert not store.persistent
    tokens = Tokens("a", "r", 1.0, 0.0)
    store.save_sync("https://x/", tokens)
    assert store.load_sync("https://x/") == tokens
    assert TokenStore(keyring.backends.fail.Keyring()).load_sync("https://x/") is None
