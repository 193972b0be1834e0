"""Where Sluis keeps its files: the platformdirs locations, or everything under ``$SLUIS_HOME``.

``$SLUIS_HOME`` lets IT staff, tests and portable installs keep one self-contained tree.

Every folder Sluis makes for itself goes through ``ensure_private_dir`` (0700 at each level it
creates; an existing one must belong to the user and not be a symbolic link) and every file through
``write_private`` (0600, written beside the target under a random name that is never followed if
something already sits there, then renamed over it).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gui.core.errors import PrivateFolderError

APP_DIR_NAME = "sluis"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    cache_dir: Path
    state_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def servers_file(self) -> Path:
        return self.data_dir / "servers.json"

    @property
    def connection_file(self) -> Path:
        """What the CLI knows about the current connection between its runs (no secrets)."""
        return self.state_dir / "connection.json"

    @property
    def log_dir(self) -> Path:
        return self.state_dir / "log"

    @classmethod
    def from_environment(cls, environ: os._Environ[str] | dict[str, str] | None = None) -> AppPaths:
        env = os.environ if environ is None else environ
        home = env.get("SLUIS_HOME")
        if home:
            root = Path(home).expanduser()
            return cls(root / "config", root / "data", root / "cache", root / "state")
        import platformdirs  # here: it loads tempfile, shutil and random, which $SLUIS_HOME needs not

        dirs = platformdirs.PlatformDirs(APP_DIR_NAME, appauthor=False)
        return cls(
            Path(dirs.user_config_dir),
            Path(dirs.user_data_dir),
            Path(dirs.user_cache_dir),
            Path(dirs.user_state_dir),
        )


# Flags that are missing on some platforms (Windows) count as none.
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
# Numeric owners and modes mean something (elsewhere, Windows, a user profile's ACL does the work).
_POSIX = os.name == "posix"


def _make_missing_dirs(path: Path) -> None:
    """Create ``path`` and each missing parent with mode 0700 (``Path.mkdir(parents=True)`` gives the
    parents the umask's mode); folders that exist are left as they are."""
    missing: list[Path] = []
    probe = Path(os.path.abspath(path))
    while not os.path.lexists(probe):  # lexists: a dangling symlink is "there", not missing
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            continue  # made meanwhile by someone else: the caller's check decides about it
        if _POSIX:
            _set_folder_mode(folder, os.lstat(folder), 0o700)  # exactly 0700, whatever the umask


def _set_folder_mode(path: Path, checked: os.stat_result, mode: int) -> None:
    """chmod the folder that was checked, not whatever has its name by now: through a descriptor
    opened without following links, after making sure it is the same folder and still ours."""

    def still_ours(now: os.stat_result) -> None:
        if not stat.S_ISDIR(now.st_mode) or (now.st_dev, now.st_ino) != (checked.st_dev, checked.st_ino):
            raise PrivateFolderError(PrivateFolderError.SYMLINK_TEMPLATE, path=str(path))
        if now.st_uid != os.geteuid():
            raise PrivateFolderError(path=str(path), owner=now.st_uid)

    try:
        fd = os.open(path, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC)
    except PermissionError:
        # Not even readable by us (an odd umask or mode): check by name once more, then chmod by name.
        still_ours(os.lstat(path))
        os.chmod(path, mode)
        return
    try:
        still_ours(os.fstat(fd))
        os.fchmod(fd, mode)
    finally:
        os.close(fd)


def ensure_private_dir(path: Path) -> Path:
    """Make ``path`` a folder only this user can use, and return it.

    Missing folders (``path`` and each missing parent) are created with mode 0700. The folder is then
    checked with ``lstat``: a symbolic link, something that is not a folder, or a folder that belongs
    to another user raises ``PrivateFolderError`` and is left exactly as it is (nothing in it is used,
    changed or deleted). A folder of ours that group or others may use is narrowed to 0700.
    """
    _make_missing_dirs(path)
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise PrivateFolderError(PrivateFolderError.SYMLINK_TEMPLATE, path=str(path))
    if not stat.S_ISDIR(info.st_mode):
        raise PrivateFolderError(PrivateFolderError.NOT_A_FOLDER_TEMPLATE, path=str(path))
    if not _POSIX:
        return path
    if info.st_uid != os.geteuid():
        raise PrivateFolderError(path=str(path), owner=info.st_uid)
    if stat.S_IMODE(info.st_mode) & 0o077:
        _set_folder_mode(path, info, stat.S_IMODE(info.st_mode) & 0o700)
    return path


def write_private(path: Path, data: bytes | str, *, private_folder: bool = True) -> None:
    """Write a file only its owner may read (0600), atomically, so a crash never leaves half a file.

    The data goes to a new file beside ``path`` under a random name, created exclusively and never
    through a symbolic link (``O_EXCL | O_NOFOLLOW``), is flushed to disk and then renamed over
    ``path`` (which replaces a link at ``path`` rather than writing through it). On any failure the
    temporary file is removed and ``path`` is unchanged.

    By default the folder is one of Sluis's own and goes through ``ensure_private_dir``
    (``PrivateFolderError`` when it is not the user's alone). A file the user named (``--output``, a
    saved report, a desktop entry) passes ``private_folder=False``: missing folders are still made
    0700, but an existing folder (the home folder, ``/tmp``) is neither checked nor changed.
    """
    folder = path.parent
    if private_folder:
        ensure_private_dir(folder)
    else:
        _make_missing_dirs(folder)
    payload = data.encode() if isinstance(data, str) else data
    import secrets  # here: every CLI command imports this module, few write a file

    tmp = folder / f".{path.name}.{secrets.token_hex(8)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC | _O_BINARY
    fd = os.open(tmp, flags, 0o600)  # fails if anything, a link included, already has this name
    try:
        try:
            if _POSIX:
                os.fchmod(fd, 0o600)  # exactly 0600, whatever the umask
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a file system that cannot is no error."""
    if not _POSIX:
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def home_key(environ: Mapping[str, str] | None = None) -> str | None:
    """A short name for a ``$SLUIS_HOME`` tree (``None`` without one): its control socket and
    single-instance channel are its own, so a demo or a test home never answers (or reaches) the
    user's Sluis, and the user's CLI never reaches theirs."""
    env = os.environ if environ is None else environ
    home = env.get("SLUIS_HOME")
    if not home:
        return None
    import hashlib  # here: only a $SLUIS_HOME tree needs it (OpenSSL's loading costs ~2 ms)

    resolved = os.path.realpath(os.path.expanduser(home))
    return hashlib.sha256(f"{APP_DIR_NAME}:home:{resolved}".encode()).hexdigest()[:16]
