"""Sluis's own folders and files are the user's alone (issue 10, the user side).

``write_private`` never writes through a link planted at a temporary name, leaves nothing behind when
it fails, and makes 0600 files in 0700 folders (every level it creates, whatever the umask).
``ensure_private_dir`` refuses a symbolic link, something that is not a folder, and a folder another
user made; a refused folder is left exactly as it was. The runtime folder of the backends goes
through it, so a ``/tmp/sluis-<uid>`` another user created first (with a record naming a file to
delete) is refused instead of trusted.

The tests that need a second user are root-only: ``chown`` to 65534 ("nobody"), and a forked child
that drops to another uid to play the user whose runtime folder was taken.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.backends.base import BackendOptions, default_runtime_dir, private_runtime_dir
from gui.control.protocol import control_socket_path
from gui.control.server import prepare_socket_path
from gui.core.errors import PrivateFolderError, StorageError
from gui.core.paths import ensure_private_dir, write_private

NOBODY = 65534
# The user whose runtime folder another user (NOBODY) created first; any uid that is neither.
VICTIM_UID = 4242


def require_root_for_chown() -> None:
    """Skip with the reason when this is not root; with ``SLUIS_REQUIRE_ROOT`` (CI) fail instead,
    as ``tests.support.netns.require_root`` does (that one also wants ``ip`` and ``nft``, which
    these tests do not use)."""
    if os.geteuid() == 0:
        return
    problem = "needs root to make files that belong to another user (chown, setuid)"
    if os.environ.get("SLUIS_REQUIRE_ROOT"):
        pytest.fail(f"SLUIS_REQUIRE_ROOT is set but this test {problem}")
    pytest.skip(problem)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes | str]]:
    """Every entry under ``folder`` (not following links): owner, mode, and content or link target."""
    found: dict[str, tuple[int, int, bytes | str]] = {}
    for entry in [folder, *sorted(folder.rglob("*"))]:
        info = os.lstat(entry)
        if stat.S_ISLNK(info.st_mode):
            content: bytes | str = os.readlink(entry)
        elif stat.S_ISREG(info.st_mode):
            content = entry.read_bytes()
        else:
            content = ""
        found[str(entry.relative_to(folder))] = (info.st_uid, stat.S_IMODE(info.st_mode), content)
    return found


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file a planted link points at; no write of Sluis may reach it."""
    path = tmp_path / "victim.txt"
    path.write_text("do not touch\n")
    path.chmod(0o644)
    return path


@pytest.fixture
def umask() -> Iterator[None]:
    """Restore the process umask after a test that changes it."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


# -- write_private ------------------------------------------------------------------------------------


def test_a_link_at_the_old_predictable_temp_name_is_not_followed(tmp_path: Path, victim: Path) -> None:
    """The name the old code used (``.<name>.<pid>.tmp``) is now just a name nobody writes to."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    target = folder / "servers.json"
    planted = folder / f".servers.json.{os.getpid()}.tmp"
    planted.symlink_to(victim)

    write_private(target, '{"servers": []}\n')

    assert victim.read_text() == "do not touch\n" and mode(victim) == 0o644
    assert target.read_text() == '{"servers": []}\n' and not target.is_symlink()
    assert os.readlink(planted) == str(victim)  # not ours: left as it was


@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
def test_a_link_at_the_random_temp_name_is_never_written_through(
    tmp_path: Path, victim: Path, monkeypatch: pytest.MonkeyPatch, dangling: bool
) -> None:
    """Even when someone plants a link at the very name drawn (here forced), ``O_EXCL | O_NOFOLLOW``
    refuses it: the write fails, and neither the link's target nor ``path`` is touched."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    target = folder / "settings.json"
    target.write_text("old\n")
    link_to = tmp_path / "would-be-created" if dangling else victim
    monkeypatch.setattr("secrets.token_hex", lambda nbytes=None: "0" * 16)
    planted = folder / f".settings.json.{'0' * 16}.tmp"
    planted.symlink_to(link_to)

    with pytest.raises(FileExistsError):
        write_private(target, "new\n")

    assert victim.read_text() == "do not touch\n" and mode(victim) == 0o644
    assert not (tmp_path / "would-be-created").exists()
    assert target.read_text() == "old\n"
    assert os.readlink(planted) == str(link_to)  # a name it did not create is not deleted either
    assert sorted(p.name for p in folder.iterdir()) == sorted([target.name, planted.name])


def test_a_link_at_the_target_is_replaced_not_followed(tmp_path: Path, victim: Path) -> None:
    folder = tmp_path / "state"
    folder.mkdir(mode=0o700)
    target = folder / "connection.json"
    target.symlink_to(victim)

    write_private(target, "{}\n")

    assert victim.read_text() == "do not touch\n"
    assert not target.is_symlink() and target.read_text() == "{}\n" and mode(target) == 0o600


def test_a_failed_rename_leaves_no_temp_file(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    target = folder / "servers.json"
    target.mkdir()  # a folder in the way: os.replace fails
    (target / "inside").write_text("kept\n")

    with pytest.raises(OSError):  # noqa: PT011 - IsADirectoryError or OSError(ENOTEMPTY) by platform
        write_private(target, "{}\n")

    assert [p.name for p in folder.iterdir()] == ["servers.json"]
    assert (target / "inside").read_text() == "kept\n"


def test_a_failed_write_leaves_no_temp_file_and_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "config"
    folder.mkdir(mode=0o700)
    target = folder / "settings.json"
    target.write_text("old\n")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left"):
        write_private(target, "new\n")

    assert [p.name for p in folder.iterdir()] == ["settings.json"]
    assert target.read_text() == "old\n"


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize("process_umask", [0o022, 0o002, 0o000, 0o277])
def test_files_are_0600_and_every_folder_made_is_0700(tmp_path: Path, process_umask: int) -> None:
    os.umask(process_umask)
    existing = tmp_path / "home"
    existing.mkdir()
    existing.chmod(0o755)  # a folder that was there: not Sluis's to narrow
    target = existing / "sluis" / "data" / "imported" / "profile.ovpn"

    write_private(target, "client\n")

    assert mode(target) == 0o600
    assert mode(existing / "sluis") == 0o700
    assert mode(existing / "sluis" / "data") == 0o700
    assert mode(existing / "sluis" / "data" / "imported") == 0o700
    assert mode(existing) == 0o755


def test_an_own_folder_left_open_is_narrowed(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    folder.chmod(0o775)

    write_private(folder / "settings.json", "{}\n")

    assert mode(folder) == 0o700 and mode(folder / "settings.json") == 0o600


def test_a_file_the_user_named_leaves_their_folder_alone(tmp_path: Path) -> None:
    """``--output`` into the home folder or ``/tmp``: the file is 0600, the folder is not changed
    (nor refused), and only folders that were missing are made (0700)."""
    folder = tmp_path / "Documents"
    folder.mkdir()
    folder.chmod(0o755)

    write_private(folder / "report.txt", "report\n", private_folder=False)
    write_private(folder / "new" / "wg.conf", "[Interface]\n", private_folder=False)

    assert mode(folder) == 0o755
    assert mode(folder / "report.txt") == 0o600
    assert mode(folder / "new") == 0o700 and mode(folder / "new" / "wg.conf") == 0o600


# -- ensure_private_dir ---------------------------------------------------------------------------------


def test_ensure_private_dir_makes_each_missing_level_0700(tmp_path: Path, umask: None) -> None:
    os.umask(0o000)
    path = tmp_path / "sluis-home" / "state" / "log"

    assert ensure_private_dir(path) == path

    for level in (tmp_path / "sluis-home", tmp_path / "sluis-home" / "state", path):
        assert mode(level) == 0o700
    assert ensure_private_dir(path) == path  # again: nothing to do


def test_a_symlinked_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir()
    real.chmod(0o755)
    (real / "tun0.openvpn.json").write_text('{"ifname": "tun0", "files": []}')
    link = tmp_path / "run"
    link.symlink_to(real, target_is_directory=True)
    before = snapshot(real)

    with pytest.raises(PrivateFolderError) as caught:
        ensure_private_dir(link)
    with pytest.raises(PrivateFolderError):
        write_private(link / "record.json", "{}")

    assert caught.value.template == PrivateFolderError.SYMLINK_TEMPLATE
    assert str(link) in str(caught.value) and "symbolic link" in str(caught.value)
    assert snapshot(real) == before and os.readlink(link) == str(real)


def test_a_file_where_the_folder_should_be_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config"
    path.write_text("not a folder\n")

    with pytest.raises(PrivateFolderError, match="is not a folder"):
        ensure_private_dir(path)

    assert path.read_text() == "not a folder\n"


def test_the_refusal_is_a_typed_storage_error_and_an_oserror() -> None:
    """Callers that report a ``StorageError`` or degrade on ``OSError`` (no log file) both see it."""
    error = PrivateFolderError(path="/tmp/sluis-1000", owner=NOBODY)
    assert isinstance(error, StorageError) and isinstance(error, PermissionError)
    assert error.params == {"path": "/tmp/sluis-1000", "owner": NOBODY}
    assert str(error) == (
        "The folder /tmp/sluis-1000 is not private to you (another user owns it); Sluis will not use it."
    )


@pytest.mark.needs_root
def test_a_folder_of_another_user_is_refused_and_nothing_in_it_changes(tmp_path: Path) -> None:
    require_root_for_chown()
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "settings.json").write_text('{"planted": true}\n')
    os.chown(folder / "settings.json", NOBODY, NOBODY)
    os.chown(folder, NOBODY, NOBODY)
    folder.chmod(0o777)  # the other user's open folder under test
    before = snapshot(folder)

    with pytest.raises(PrivateFolderError) as caught:
        ensure_private_dir(folder)
    with pytest.raises(PrivateFolderError):
        write_private(folder / "settings.json", "{}\n")
    with pytest.raises(PrivateFolderError):
        write_private(folder / "servers.json", "{}\n")

    assert caught.value.params["owner"] == NOBODY
    assert "not private to you" in str(caught.value) and str(folder) in str(caught.value)
    assert snapshot(folder) == before  # no mode fixed, no temp file, nothing replaced or deleted


# -- the runtime folder ---------------------------------------------------------------------------------


def plant_record(folder: Path, victim: Path) -> Path:
    """What another user leaves in a runtime folder they made first: an OpenVPN record whose clean-up
    would delete ``victim`` and a file beside it."""
    (folder / "tun0.ovpn").write_text("client\n")
    record = folder / "tun0.openvpn.json"
    files = [str(victim), str(folder / "tun0.ovpn")]
    record.write_text(json.dumps({"ifname": "tun0", "netns": None, "pid": None, "files": files}))
    return record


def test_every_runtime_folder_source_goes_through_the_check(
    tmp_path: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``SLUIS_RUNTIME_DIR``, ``BackendOptions.runtime_dir`` and a plain path: a link is refused and
    the record it leads to is neither read nor deleted."""
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    plant_record(real, victim)
    link = tmp_path / "run"
    link.symlink_to(real, target_is_directory=True)
    before = snapshot(real)
    monkeypatch.setenv("SLUIS_RUNTIME_DIR", str(link))

    for where in (None, BackendOptions(), BackendOptions(runtime_dir=link), link):
        with pytest.raises(PrivateFolderError, match="symbolic link"):
            private_runtime_dir(where)

    assert snapshot(real) == before and victim.read_text() == "do not touch\n"


async def test_the_macos_backend_refuses_a_runtime_folder_that_is_not_private(
    tmp_path: Path, victim: Path
) -> None:
    """Wired in: the backend checks the folder before the root helper writes anything into it."""
    from gui.backends import macos
    from gui.core.profiles import Profile
    from gui.core.protocols import Protocol
    from gui.core.vpnconfig import VpnConfig, parse_wireguard

    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "run"
    link.symlink_to(real, target_is_directory=True)
    ran: list[macos.Command] = []

    async def runner(command: macos.Command) -> tuple[int, str]:
        ran.append(command)
        return 0, ""

    text = (
        "[Interface]\nPrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\nAddress = 10.45.45.2/24\n\n"
        "[Peer]\nPublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\nAllowedIPs = 10.45.45.0/24\n"
        "Endpoint = 192.0.2.10:51820\n"
    )
    config = VpnConfig(Protocol.WIREGUARD, text, None, wireguard=parse_wireguard(text))
    profile = Profile("staff", "Staff", frozenset({Protocol.WIREGUARD}), frozenset({"wireguard+udp"}))
    backend = macos.MacOsBackend(BackendOptions(runtime_dir=link), runner=runner)

    with pytest.raises(PrivateFolderError, match="symbolic link"):
        await backend.up(config, profile)

    assert ran == [] and list(real.iterdir()) == []


def test_a_missing_runtime_folder_is_made_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runtime = tmp_path / "user-runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.delenv("SLUIS_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    expected = runtime / "sluis"
    if os.geteuid() != 0:  # root's is /run/sluis, not to be made by a test
        assert default_runtime_dir() == expected

    assert private_runtime_dir(expected) == expected
    assert mode(expected) == 0o700 and os.lstat(expected).st_uid == os.geteuid()


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A stand-in for ``/tmp`` (sticky, world-writable) that another uid can reach; pytest's own
    ``tmp_path`` lies in a folder only root may enter."""
    base = Path(tempfile.mkdtemp(prefix="sluis-shared-tmp-", dir="/tmp"))
    try:
        base.chmod(0o1777)  # like /tmp itself
        yield base
    finally:
        shutil.rmtree(base)


def _in_child_as(uid: int, work: dict[str, str]) -> tuple[int, str]:
    """Fork, drop to ``uid``, compute and check the runtime folder with no ``XDG_RUNTIME_DIR``;
    returns the child's (exit status, message)."""
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():  # 3.12+ warns about forking a process with threads
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code, message = 3, ""
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            for name in ("XDG_RUNTIME_DIR", "SLUIS_RUNTIME_DIR"):
                os.environ.pop(name, None)
            path = default_runtime_dir()
            if str(path) != work["expected"]:
                code, message = 2, f"fallback is {path}, expected {work['expected']}"
            else:
                try:
                    private_runtime_dir()
                    code, message = 1, "accepted"
                except PrivateFolderError as exc:
                    code, message = 0, f"{type(exc).__name__}: {exc}"
        except BaseException as exc:
            code, message = 4, repr(exc)
        finally:
            try:
                os.write(write_end, message.encode())
            finally:
                os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), message


@pytest.mark.needs_root
def test_a_runtime_fallback_folder_made_first_by_another_user_is_refused(
    shared_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attack: with no ``XDG_RUNTIME_DIR``, user 4242's runtime folder is ``<tmp>/sluis-4242``.
    "nobody" creates it first, with a record whose clean-up would delete a file of the victim's.
    Sluis, running as 4242, refuses the folder with the clear error; nothing is deleted."""
    require_root_for_chown()
    monkeypatch.setattr(tempfile, "tempdir", str(shared_tmp))
    victim = shared_tmp / "victim-owned.txt"
    victim.write_text("do not touch\n")
    os.chown(victim, VICTIM_UID, VICTIM_UID)
    folder = shared_tmp / f"sluis-{VICTIM_UID}"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)  # the attacker's folder, open to the victim
    record = plant_record(folder, victim)
    for path in (folder, record, folder / "tun0.ovpn"):
        os.chown(path, NOBODY, NOBODY)
    before = snapshot(shared_tmp)

    code, message = _in_child_as(VICTIM_UID, {"expected": str(folder)})

    assert code == 0, message
    assert message == (
        f"PrivateFolderError: The folder {folder} is not private to you (another user owns it); "
        "Sluis will not use it."
    )
    assert snapshot(shared_tmp) == before  # the record, the file it names and the victim's file
    assert victim.read_text() == "do not touch\n"


@pytest.mark.needs_root
def test_the_control_socket_folder_of_another_user_is_refused_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_root_for_chown()
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    path = control_socket_path()
    path.parent.mkdir(mode=0o777)
    (path.parent / "control.sock").write_text("not a socket\n")
    os.chown(path.parent / "control.sock", NOBODY, NOBODY)
    os.chown(path.parent, NOBODY, NOBODY)
    before = snapshot(path.parent)

    from gui.core.errors import ControlChannelError

    with pytest.raises(ControlChannelError, match="belongs to another user"):
        prepare_socket_path(path)

    assert snapshot(path.parent) == before


def test_the_control_socket_folder_is_made_0700_with_its_missing_parents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask: None
) -> None:
    os.umask(0o000)
    runtime = tmp_path / "missing" / "run"
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    path = control_socket_path()

    prepare_socket_path(path)

    for level in (tmp_path / "missing", runtime, path.parent):
        assert mode(level) == 0o700
