"""The helper's own folder (``/run/sluis/<uid>/``) and what it records of each tunnel it made.

Everything here is created by root, for root: folders 0700, files 0600 opened with
``O_EXCL|O_NOFOLLOW``, and every folder checked with ``lstat`` (a directory, owned by root, not a
link, not writable by anyone else) before it is used. The calling user cannot read, swap or plant
anything here; a record is the helper's memory of what it may later take down, so a tunnel is only
ever touched through a record found in the caller's own folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path

from gui.core.jsonlimits import JsonInputError, loads_limited
from gui.helper.checks import TUNNEL_ID, HelperError

DEFAULT_STATE_ROOT = Path("/run/sluis")
RECORD = "tunnel.json"


def _checked_dir(path: Path, mode: int) -> None:
    """Create ``path`` (one level) if missing; then insist it is ours alone."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(path, mode)
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        raise HelperError(f"{path} is not a folder that only root can change; refusing to use it")
    if stat.S_IMODE(info.st_mode) != mode:
        os.chmod(path, mode, follow_symlinks=False)


def write_new(path: Path, data: bytes) -> None:
    """A new 0600 file; never follows a link, never reuses a file that is already there."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


@dataclass
class TunnelRecord:
    """What the helper made for one tunnel (no keys)."""

    id: str
    kind: str  # "openvpn" | "wireguard"
    ifname: str
    netns: str | None = None
    pid: int | None = None
    # /proc/<pid>/stat field 22: with the pid, names one process (a reused pid has another).
    start_time: int | None = None
    # Routes the helper added: ``[dest, via or None, dev]``.
    routes: list[list[str | None]] = field(default_factory=list)
    created_link: bool = False

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self)).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> TunnelRecord:
        raw = loads_limited(data, max_bytes=256 * 1024, max_depth=4)
        if not isinstance(raw, dict):
            raise HelperError("a damaged tunnel record")
        try:
            record = cls(**raw)
        except TypeError:
            raise HelperError("a damaged tunnel record") from None
        if not TUNNEL_ID.fullmatch(str(record.id)):
            raise HelperError("a damaged tunnel record")
        return record


class UserState:
    """The helper's folder for one calling user: ``<root>/<uid>/``, then one folder per tunnel."""

    def __init__(self, root: Path, uid: int) -> None:
        self.root = root
        self.uid = uid

    @property
    def folder(self) -> Path:
        return self.root / str(self.uid)

    def prepare(self) -> Path:
        self.root.parent.mkdir(parents=True, exist_ok=True)
        _checked_dir(self.root, 0o755)
        _checked_dir(self.folder, 0o700)
        return self.folder

    def tunnel_dir(self, tunnel: str) -> Path:
        return self.folder / tunnel

    def create_tunnel_dir(self, tunnel: str) -> Path:
        self.prepare()
        path = self.tunnel_dir(tunnel)
        os.mkdir(path, 0o700)  # FileExistsError for a clash: the caller picks another id
        _checked_dir(path, 0o700)
        return path

    def save(self, record: TunnelRecord) -> None:
        folder = self.tunnel_dir(record.id)
        _checked_dir(folder, 0o700)
        tmp = folder / f".{RECORD}.{os.urandom(4).hex()}"
        write_new(tmp, record.to_bytes())
        os.replace(tmp, folder / RECORD)

    def load(self, tunnel: str) -> TunnelRecord:
        folder = self.tunnel_dir(tunnel)
        try:
            _checked_dir_exists(folder)
            fd = os.open(folder / RECORD, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except (FileNotFoundError, NotADirectoryError):
            raise HelperError("no such tunnel of yours") from None
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(256 * 1024 + 1)
        try:
            record = TunnelRecord.from_bytes(data)
        except JsonInputError:
            raise HelperError("a damaged tunnel record") from None
        if record.id != tunnel:
            raise HelperError("a damaged tunnel record")
        return record

    def tunnels(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        _checked_dir_exists(self.folder)
        return sorted(p.name for p in self.folder.iterdir() if TUNNEL_ID.fullmatch(p.name))

    def remove(self, tunnel: str) -> None:
        folder = self.tunnel_dir(tunnel)
        with contextlib.suppress(FileNotFoundError):
            _checked_dir_exists(folder)
            shutil.rmtree(folder)


def _checked_dir_exists(path: Path) -> None:
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077:
        raise HelperError(f"{path} is not the helper's own folder; refusing to use it")
