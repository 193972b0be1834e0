"""Importing OpenVPN Access Server token URLs against a real HTTPS stand-in of Access Server:
good tokens, expired and used-up ones, insecure redirects, oversized, slow and bogus answers.
Every failure must leave the server list and the imports folder as they were."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.core.errors import ImportCancelledError, NetworkError, ProfileImportError
from gui.core.importers import (
    ImportedKind,
    ImportSource,
    ProfileImporter,
    SourceKind,
    download_profile,
    parse_source,
)
from gui.core.openvpn_profile import parse_profile
from gui.core.profile_secrets import ProfileSecretStore
from gui.core.servers import ServerKind, ServerStore
from gui.demoserver import TLSFiles
from tests.support.access_server import KEY, TLS_CRYPT, AccessServer, profile
from tests.support.keyrings import MemoryKeyring

ROOT = Path(__file__).resolve().parent.parent


def stored_form(text: str) -> str:
    """A profile as Sluis keeps it: the allow-listed model written back, under Access Server's
    ``# OVPN_ACCESS_SERVER_*`` comment fields (every other comment is gone)."""
    header = "".join(f"{line}\n" for line in text.split("\n") if line.startswith("# OVPN_ACCESS_SERVER_"))
    return header + parse_profile(text).render()


@pytest.fixture
def access_server(demo_tls: TLSFiles) -> Iterator[AccessServer]:
    server = AccessServer(demo_tls).start()
    yield server
    server.stop()


@pytest.fixture
def keyring_backend() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def importer(tmp_path: Path, trust_demo_ca: Path, keyring_backend: MemoryKeyring) -> ProfileImporter:
    return ProfileImporter(
        ServerStore(tmp_path / "servers.json"), tmp_path / "imported", ProfileSecretStore(keyring_backend)
    )


def _nothing_imported(importer: ProfileImporter, keyring_backend: MemoryKeyring) -> None:
    assert len(importer.servers) == 0
    assert not (importer.servers.path.exists() and "imported" in importer.servers.path.read_text())
    assert not importer.directory.exists() or not any(importer.directory.iterdir())
    assert keyring_backend.items == {}


async def _yes(source: ImportSource) -> bool:
    return True


# -- the source ----------------------------------------------------------------------------------------


def test_token_url_loses_its_prefix_and_shows_the_host() -> None:
    source = parse_source(
        "openvpn://import-profile/https://vpn.example.org/rest/GetProfileViaToken?token=abc"
    )
    assert source.kind is SourceKind.TOKEN_URL
    assert source.url == "https://vpn.example.org/rest/GetProfileViaToken?token=abc"
    assert source.host == "vpn.example.org"
    assert "abc" not in repr(source)


@pytest.mark.parametrize(
    "url",
    [
        "openvpn://import-profile/http://vpn.example.org/rest/GetProfileViaToken?token=abc",
        "openvpn://import-profile/ftp://vpn.example.org/x",
        "openvpn://connect/https://vpn.example.org/x",
        "http://vpn.example.org/profile.ovpn",
        "openvpn://import-profile/https://user:pw@vpn.example.org/x",
    ],
)
def test_only_https_token_urls_are_accepted(url: str) -> None:
    with pytest.raises(ProfileImportError):
        parse_source(url)


# -- downloading and storing ---------------------------------------------------------------------------


async def test_user_locked_profile_is_imported_with_its_secrets_in_the_keyring(
    importer: ProfileImporter, access_server: AccessServer, keyring_backend: MemoryKeyring
) -> None:
    access_server.add_token("good", profile("userlogin", user="alice"))
    shown: list[ImportSource] = []

    async def confirm(source: ImportSource) -> bool:
        shown.append(source)
        return True

    entry = await importer.run(access_server.token_url("good"), confirm)
    assert [s.host for s in shown] == ["127.0.0.1"]
    assert entry.kind is ServerKind.IMPORTED
    assert entry.display_name == "alice@vpn.example.org"
    assert entry.profile_kind == ImportedKind.USER_LOCKED
    assert entry.source_host == "127.0.0.1"
    # The stored copy is private and holds no private key; the keyring has it.
    stored = importer.directory / str(entry.profile_file)
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert KEY not in stored.read_text() and TLS_CRYPT not in stored.read_text()
    assert KEY in keyring_backend.items.values()
    # Loading puts the secrets back, and says what to ask at connect time.
    loaded = importer.load(ServerStore(importer.servers.path).get(entry.base_url))
    assert loaded.config.text == stored_form(profile("userlogin", user="alice"))
    assert KEY in loaded.config.text and "# OVPN_ACCESS_SERVER_USERNAME=alice\n" in loaded.config.text
    assert (loaded.kind, loaded.username, loaded.needs_credentials, loaded.needs_challenge) == (
        ImportedKind.USER_LOCKED,
        "alice",
        True,
        False,
    )
    # A token is single-use by default: the same link now fails, and adds nothing.
    with pytest.raises(ProfileImportError, match="expired or has already been used"):
        await importer.run(access_server.token_url("good"), _yes)
    assert len(importer.servers) == 1


@pytest.mark.parametrize(
    ("kind", "expected", "challenge"),
    [
        ("autologin", ImportedKind.AUTOLOGIN, False),
        ("generic", ImportedKind.SERVER_LOCKED, False),
        ("challenge", ImportedKind.USER_LOCKED, True),
    ],
)
async def test_profile_kinds_are_recorded(
    importer: ProfileImporter,
    access_server: AccessServer,
    kind: str,
    expected: ImportedKind,
    challenge: bool,
) -> None:
    access_server.add_token("t", profile(kind))
    entry = await importer.run(access_server.token_url("t"), _yes)
    assert entry.profile_kind == expected
    assert importer.load(entry).needs_challenge is challenge


async def test_redirect_on_https_is_followed(importer: ProfileImporter, access_server: AccessServer) -> None:
    access_server.add_token("t", profile("autologin"))
    entry = await importer.run(access_server.token_url("t", "/redirect-to-https"), _yes)
    assert entry.profile_kind == ImportedKind.AUTOLOGIN


@pytest.mark.parametrize(
    ("path", "token", "message"),
    [
        ("/rest/GetProfileViaToken", "unknown", "expired or has already been used"),
        ("/rest/GetProfileViaToken", "need-autologin", "auto-login permission"),
        ("/redirect-to-http", "t", "insecure"),
        ("/huge", "t", "far too large"),
        ("/web-page", "t", "web page"),
        ("/not-openvpn", "t", "not send a usable VPN profile"),
        ("/dangerous", "t", "says “script-security”, which Sluis does not allow"),
    ],
)
async def test_bad_answers_are_refused_and_leave_nothing_behind(
    importer: ProfileImporter,
    access_server: AccessServer,
    keyring_backend: MemoryKeyring,
    path: str,
    token: str,
    message: str,
) -> None:
    access_server.add_token("t", profile("autologin"))
    with pytest.raises(ProfileImportError, match=message) as caught:
        await importer.run(access_server.token_url(token, path), _yes)
    assert "token=" not in str(caught.value)
    _nothing_imported(importer, keyring_backend)


async def test_a_broken_redirect_is_a_network_error_without_the_token(
    importer: ProfileImporter, access_server: AccessServer, keyring_backend: MemoryKeyring
) -> None:
    with pytest.raises(NetworkError, match="invalid address") as caught:
        await importer.run(access_server.token_url("t", "/redirect-broken"), _yes)
    assert "token=" not in str(caught.value)
    _nothing_imported(importer, keyring_backend)


async def test_expired_token_is_refused(
    importer: ProfileImporter, access_server: AccessServer, keyring_backend: MemoryKeyring
) -> None:
    access_server.add_token("old", profile("autologin"), expires_in=-1)
    with pytest.raises(ProfileImportError, match="expired"):
        await importer.run(access_server.token_url("old"), _yes)
    _nothing_imported(importer, keyring_backend)


async def test_a_slow_server_times_out(access_server: AccessServer, trust_demo_ca: Path) -> None:
    source = parse_source(access_server.token_url("t", "/slow"))
    with pytest.raises(NetworkError, match="did not answer in time"):
        await download_profile(source, timeout=0.3)


async def test_declining_downloads_nothing(
    importer: ProfileImporter, access_server: AccessServer, keyring_backend: MemoryKeyring
) -> None:
    access_server.add_token("t", profile("autologin"))
    with pytest.raises(ImportCancelledError):
        await importer.run(access_server.token_url("t"), lambda source: False)
    assert access_server.requests == []
    assert access_server.tokens["t"].uses == 1  # the token is not spent by a refusal
    _nothing_imported(importer, keyring_backend)


async def test_no_secure_keyring_keeps_the_secrets_in_the_private_file(
    tmp_path: Path, access_server: AccessServer, trust_demo_ca: Path
) -> None:
    import keyring.backends.fail

    store = ProfileSecretStore(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    importer = ProfileImporter(ServerStore(tmp_path / "servers.json"), tmp_path / "imported", store)
    access_server.add_token("t", profile("autologin"))
    entry = await importer.run(access_server.token_url("t"), _yes)
    stored = importer.directory / str(entry.profile_file)
    assert KEY in stored.read_text()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert importer.load(entry).config.text == stored_form(profile("autologin"))
    assert stored.read_text() == stored_form(profile("autologin"))  # written back, never the text that came


async def test_removing_forgets_file_and_keyring(
    importer: ProfileImporter, access_server: AccessServer, keyring_backend: MemoryKeyring
) -> None:
    access_server.add_token("t", profile("autologin"))
    entry = await importer.run(access_server.token_url("t"), _yes)
    importer.remove(entry)
    importer.servers.remove(entry.base_url)
    _nothing_imported(importer, keyring_backend)


# -- the CLI, as a separate process ----------------------------------------------------------------------


@pytest.fixture
def cli_env(tmp_path: Path, trust_demo_ca: Path) -> dict[str, str]:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    return {
        **os.environ,
        "SLUIS_HOME": str(tmp_path / "home"),
        "SSL_CERT_FILE": str(trust_demo_ca),
        "PYTHONPATH": str(ROOT),
        "XDG_RUNTIME_DIR": str(runtime),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }


def _sluis(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gui", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _servers_file(env: dict[str, str]) -> Path:
    return Path(env["SLUIS_HOME"]) / "data" / "servers.json"


def test_cli_import_token_url(cli_env: dict[str, str], access_server: AccessServer) -> None:
    access_server.add_token("cli-token", profile("userlogin", user="bob"))
    done = _sluis(cli_env, "-v", "import", access_server.token_url("cli-token"), "--yes")
    assert done.returncode == 0, done.stderr
    assert "bob@vpn.example.org" in done.stdout
    # Neither the token nor the profile's key reaches the terminal or the log file.
    logs = "".join(p.read_text() for p in (Path(cli_env["SLUIS_HOME"]) / "state").rglob("*.log*"))
    for text in (done.stdout + done.stderr, logs):
        assert "cli-token" not in text and "PRIVATEkeyMATERIAL" not in text
    listed = _sluis(cli_env, "servers", "--json")
    assert '"imported"' in listed.stdout


@pytest.mark.parametrize(
    ("path", "token", "message"),
    [
        ("/rest/GetProfileViaToken", "expired", "expired or has already been used"),
        ("/redirect-to-http", "t", "insecure"),
        ("/huge", "t", "far too large"),
        ("/not-openvpn", "t", "usable VPN profile"),
    ],
)
def test_cli_import_failures_leave_nothing(
    cli_env: dict[str, str], access_server: AccessServer, path: str, token: str, message: str
) -> None:
    access_server.add_token("t", profile("autologin"))
    done = _sluis(cli_env, "import", access_server.token_url(token, path), "--yes")
    assert done.returncode == 1
    assert message in done.stderr
    assert "token=" not in done.stderr
    assert not _servers_file(cli_env).exists() or "imported" not in _servers_file(cli_env).read_text()


def test_cli_import_without_terminal_or_yes_refuses(
    cli_env: dict[str, str], access_server: AccessServer
) -> None:
    access_server.add_token("t", profile("autologin"))
    done = _sluis(cli_env, "import", access_server.token_url("t"), stdin="y\n")
    assert done.returncode == 1
    assert "--yes" in done.stderr
    assert access_server.requests == []


def test_cli_import_asks_on_a_terminal_showing_the_host(
    cli_env: dict[str, str], access_server: AccessServer
) -> None:
    """A pseudo-terminal, so the CLI sees a real TTY and asks; answering "n" imports nothing."""
    import pty

    access_server.add_token("t", profile("autologin"))
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        argv = [sys.executable, "-m", "gui", "import", access_server.token_url("t")]
        os.execve(sys.executable, argv, cli_env)  # noqa: S606 - the CLI under test, no shell
    output = b""
    try:
        while b"[y/N]" not in output:
            output += os.read(fd, 1024)
        assert b"127.0.0.1" in output
        assert b"token=" not in output
        os.write(fd, b"n\n")
        while True:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 1
    assert b"cancelled" in output
    assert access_server.requests == []
