"""Importing ``.ovpn`` and WireGuard ``.conf`` files: validation with line numbers, a private copy,
secrets in the keyring, nothing left behind on failure, and ``sluis import FILE`` as a process."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from gui.core.errors import ConfigError, ProfileImportError, RefusedDirectiveError
from gui.core.importers import MAX_PROFILE_BYTES, ImportedKind, ImportSource, ProfileImporter, parse_source
from gui.core.openvpn_profile import parse_profile
from gui.core.profile_secrets import ProfileSecretStore
from gui.core.protocols import Protocol
from gui.core.servers import ServerKind, ServerStore
from gui.core.wgkeys import generate_keypair
from tests.support.access_server import KEY, profile
from tests.support.keyrings import MemoryKeyring

ROOT = Path(__file__).resolve().parent.parent


def _wireguard(private_key: str, extra: str = "") -> str:
    peer = generate_keypair()
    return (
        "[Interface]\n"
        f"PrivateKey = {private_key}\n"
        "Address = 10.10.0.2/32, fd00::2/128\n"
        "DNS = 10.10.0.1\n"
        f"{extra}"
        "\n[Peer]\n"
        f"PublicKey = {peer.public_key}\n"
        "AllowedIPs = 0.0.0.0/0, ::/0\n"
        "Endpoint = vpn.example.org:51820\n"
    )


@pytest.fixture
def keyring_backend() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def importer(tmp_path: Path, keyring_backend: MemoryKeyring) -> ProfileImporter:
    return ProfileImporter(
        ServerStore(tmp_path / "servers.json"), tmp_path / "imported", ProfileSecretStore(keyring_backend)
    )


def _yes(source: ImportSource) -> bool:
    return True


def _assert_nothing(importer: ProfileImporter, keyring_backend: MemoryKeyring) -> None:
    assert len(importer.servers) == 0
    assert not importer.directory.exists() or not any(importer.directory.iterdir())
    assert keyring_backend.items == {}


async def test_ovpn_file_is_imported_privately(
    importer: ProfileImporter, keyring_backend: MemoryKeyring, tmp_path: Path
) -> None:
    source = tmp_path / "Office VPN.ovpn"
    text = "\n".join(line for line in profile("autologin").splitlines() if "OVPN_ACCESS_SERVER" not in line)
    source.write_text(text)
    asked: list[ImportSource] = []

    def confirm(src: ImportSource) -> bool:
        asked.append(src)
        return True

    entry = await importer.run(str(source), confirm)
    assert asked[0].path == source and asked[0].host is None
    assert entry.kind is ServerKind.IMPORTED
    assert entry.display_name == "Office VPN"  # no Access Server name in it: the file's name
    assert entry.profile_kind == ImportedKind.AUTOLOGIN
    stored = importer.directory / str(entry.profile_file)
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(importer.directory.stat().st_mode) == 0o700
    assert KEY not in stored.read_text()
    loaded = importer.load(entry).config.text
    assert loaded == parse_profile(text).render() and KEY in loaded  # the model, its key back in place


async def test_the_stored_copy_is_the_model_and_is_checked_again(
    importer: ProfileImporter, keyring_backend: MemoryKeyring, tmp_path: Path
) -> None:
    source = tmp_path / "work.ovpn"
    source.write_text("# not kept: up /tmp/x.sh\n" + profile("userlogin", user="erin"))
    entry = await importer.run(str(source), _yes)
    stored = importer.directory / str(entry.profile_file)
    text = stored.read_text()
    # Only Access Server's fields stay, as a header, above the written-back model.
    assert text.startswith("# OVPN_ACCESS_SERVER_USERNAME=erin\n# OVPN_ACCESS_SERVER_PROFILE=erin@")
    assert "up /tmp/x.sh" not in text and "Automatically generated" not in text
    assert KEY not in text and text.count("# sluis: kept in the keyring") == 2  # <key>, <tls-crypt>
    loaded = importer.load(entry)
    assert (loaded.username, loaded.kind) == ("erin", ImportedKind.USER_LOCKED)
    assert entry.display_name == "erin@vpn.example.org"
    # A stored copy changed behind Sluis's back goes through the allow-list again.
    stored.write_text(text + "plugin /tmp/evil.so\n")
    with pytest.raises(RefusedDirectiveError) as caught:
        importer.load(entry)
    assert caught.value.params["directive"] == "plugin"


async def test_wireguard_file_keeps_its_private_key_in_the_keyring(
    importer: ProfileImporter, keyring_backend: MemoryKeyring, tmp_path: Path
) -> None:
    keys = generate_keypair()
    source = tmp_path / "home.conf"
    source.write_text(_wireguard(keys.private_key))
    entry = await importer.run(str(source), _yes)
    assert entry.profile_kind == ImportedKind.WIREGUARD
    stored = (importer.directory / str(entry.profile_file)).read_text()
    assert keys.private_key not in stored
    assert list(keyring_backend.items.values()) == [keys.private_key]
    loaded = importer.load(entry)
    assert loaded.config.protocol is Protocol.WIREGUARD
    assert loaded.config.wireguard is not None
    assert loaded.config.wireguard.interface.private_key == keys.private_key
    # Without its key in the keyring the profile cannot be used, and says so.
    keyring_backend.items.clear()
    with pytest.raises(ConfigError, match="missing from the keyring"):
        importer.load(entry)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.ovpn", "client\nremote vpn.example.org 1194\nproto sctp\n", "line 3"),
        ("evil.ovpn", "client\nremote vpn.example.org\nscript-security 2\n", "Line 3 .* “script-security”"),
        ("files.ovpn", "client\nremote vpn.example.org\nca /etc/ssl/ca.pem\n", "Line 3 .* “ca”"),
        ("none.ovpn", "client\ndev tun\n", "no “remote” line"),
        ("hooks.conf", _wireguard(generate_keypair().private_key, "PostUp = rm -rf /\n"), "line 5"),
        ("nokey.conf", _wireguard(""), "no PrivateKey"),
    ],
)
async def test_invalid_files_are_refused_with_line_numbers(
    importer: ProfileImporter,
    keyring_backend: MemoryKeyring,
    tmp_path: Path,
    name: str,
    text: str,
    message: str,
) -> None:
    source = tmp_path / name
    source.write_text(text)
    with pytest.raises(ConfigError, match=message):
        await importer.run(str(source), _yes)
    _assert_nothing(importer, keyring_backend)


async def test_unreadable_sources_are_refused(
    importer: ProfileImporter, keyring_backend: MemoryKeyring, tmp_path: Path
) -> None:
    huge = tmp_path / "huge.ovpn"
    huge.write_bytes(b"# x\n" * (MAX_PROFILE_BYTES // 4 + 10))
    binary = tmp_path / "binary.ovpn"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ProfileImportError, match="far too large"):
        await importer.run(str(huge), _yes)
    with pytest.raises(ProfileImportError, match="not a text file"):
        await importer.run(str(binary), _yes)
    with pytest.raises(ProfileImportError, match="there is no file"):
        await importer.run(str(tmp_path / "missing.ovpn"), _yes)
    _assert_nothing(importer, keyring_backend)


def test_file_urls_are_files() -> None:
    assert parse_source("file:///home/u/Office%20VPN.ovpn").path == Path("/home/u/Office VPN.ovpn")


async def test_a_failing_save_rolls_back_file_and_keyring(
    importer: ProfileImporter, keyring_backend: MemoryKeyring, tmp_path: Path
) -> None:
    source = tmp_path / "a.ovpn"
    source.write_text(profile("autologin"))
    importer.servers.path.mkdir()  # servers.json cannot be written: it is a folder now
    with pytest.raises(Exception, match="Could not save"):
        await importer.run(str(source), _yes)
    assert not any(importer.directory.iterdir())
    assert keyring_backend.items == {}


# -- the CLI ---------------------------------------------------------------------------------------------


def _sluis(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {
        **os.environ,
        "SLUIS_HOME": str(tmp_path / "home"),
        "PYTHONPATH": str(ROOT),
        "XDG_RUNTIME_DIR": str(runtime),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    return subprocess.run(
        [sys.executable, "-m", "gui", *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cli_imports_a_file_and_lists_it(tmp_path: Path) -> None:
    (tmp_path / "work.ovpn").write_text(profile("userlogin", user="dave"))
    done = _sluis(tmp_path, "import", "work.ovpn", "--yes")
    assert done.returncode == 0, done.stderr
    assert "dave@vpn.example.org" in done.stdout and "user-locked" in done.stdout
    assert "username and password" in done.stdout
    stored = list((tmp_path / "home" / "data" / "imported").iterdir())
    assert len(stored) == 1 and stat.S_IMODE(stored[0].stat().st_mode) == 0o600
    listed = _sluis(tmp_path, "servers")
    assert "dave@vpn.example.org\timported" in listed.stdout
    row = next(line for line in listed.stdout.splitlines() if line.endswith("\timported"))
    imported_id = row.split("\t")[0]
    assert "imported\t" in _sluis(tmp_path, "profiles", imported_id).stdout
    assert "Removed" in _sluis(tmp_path, "remove", imported_id).stdout
    assert list((tmp_path / "home" / "data" / "imported").iterdir()) == []


def test_cli_reports_the_line_of_a_bad_file(tmp_path: Path) -> None:
    (tmp_path / "bad.ovpn").write_text("client\nremote vpn.example.org\nplugin /usr/lib/evil.so\n")
    done = _sluis(tmp_path, "import", "bad.ovpn", "--yes")
    assert done.returncode == 1
    assert "Line 3 of the VPN configuration says “plugin”" in done.stderr
    assert not (tmp_path / "home" / "data" / "servers.json").exists()


# -- the login of a user-locked profile -----------------------------------------------------------------


async def test_user_locked_login_is_asked_then_kept_when_wanted(
    importer: ProfileImporter, keyring_backend: MemoryKeyring, tmp_path: Path
) -> None:
    from gui.core.importers import imported_login
    from gui.core.profile_secrets import LoginAnswer, LoginPrompt

    source = tmp_path / "mfa.ovpn"
    source.write_text(profile("challenge", user="frank"))
    entry = await importer.run(str(source), _yes)
    prompts: list[LoginPrompt] = []

    async def ask(prompt: LoginPrompt) -> LoginAnswer | None:
        prompts.append(prompt)
        if prompt.password_known:
            return LoginAnswer("", "", "918273")
        return LoginAnswer("frank", "hunter2", "564738", remember=True)

    first = await imported_login(importer, entry, ask, challenge="Enter your authenticator code")
    assert first is not None and (first.username, first.password, first.challenge_response) == (
        "frank",
        "hunter2",
        "564738",
    )
    assert prompts[0].username == "frank"  # prefilled from OVPN_ACCESS_SERVER_USERNAME
    assert prompts[0].can_remember and not prompts[0].password_known
    # Kept in the keyring: next time only the code is asked, and never kept.
    second = await imported_login(importer, entry, ask, challenge="Enter your authenticator code")
    assert second is not None and (second.password, second.challenge_response) == ("hunter2", "918273")
    assert prompts[1].password_known
    assert "918273" not in str(keyring_backend.items) and "564738" not in str(keyring_backend.items)
    # Without a challenge the kept login is used as is; removing the profile forgets it.
    assert (await imported_login(importer, entry, ask)) == LoginAnswer("frank", "hunter2")
    assert len(prompts) == 2
    importer.remove(entry)
    assert keyring_backend.items == {}


async def test_cancelled_login_is_none_and_keeps_nothing(
    importer: ProfileImporter, keyring_backend: MemoryKeyring, tmp_path: Path
) -> None:
    from gui.core.importers import imported_login
    from gui.core.profile_secrets import LoginAnswer, LoginPrompt

    source = tmp_path / "u.ovpn"
    source.write_text(profile("userlogin"))
    entry = await importer.run(str(source), _yes)
    secrets_before = dict(keyring_backend.items)

    async def cancel(prompt: LoginPrompt) -> LoginAnswer | None:
        return None

    assert await imported_login(importer, entry, cancel) is None
    assert keyring_backend.items == secrets_before


class _ThreadRecordingKeyring(MemoryKeyring):
    """Notes which thread each keyring call runs on: a real keyring blocks on D-Bus (or an unlock
    prompt), which must never happen on the event loop's thread (the window would freeze)."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()

    def get_password(self, service: str, username: str) -> str | None:
        import threading

        self.threads.add(threading.get_ident())
        return super().get_password(service, username)

    def delete_password(self, service: str, username: str) -> None:
        import threading

        self.threads.add(threading.get_ident())
        super().delete_password(service, username)


async def test_service_reads_and_deletes_imported_secrets_off_the_event_loop(tmp_path: Path) -> None:
    import threading

    from gui.core.paths import AppPaths
    from gui.core.service import VpnService
    from gui.core.tokens import TokenStore

    home = tmp_path / "home"
    paths = AppPaths(home / "config", home / "data", home / "cache", home / "state")
    service = VpnService(paths, token_store=TokenStore(MemoryKeyring()))
    recording = _ThreadRecordingKeyring()
    service.__dict__["importer"] = ProfileImporter(
        service.servers, paths.data_dir / "imported", ProfileSecretStore(recording)
    )
    source = tmp_path / "home.conf"
    source.write_text(_wireguard(generate_keypair().private_key))
    entry = await service.import_profile(str(source), _yes)
    _profile, config = await service.obtain_config(entry.base_url, None, accept=(Protocol.WIREGUARD,))
    assert config.protocol is Protocol.WIREGUARD
    await service.remove_server(entry.base_url)
    assert recording.threads and threading.get_ident() not in recording.threads
