"""The last verified copy of each discovery file on disk, and the copy bundled with Sluis.

Both are stored exactly as downloaded (file + ``.minisig``) and verified again when loaded, so a
tampered cache or a damaged installation is caught like a tampered download. Beside them the cache keeps
the HTTP validators (``ETag``, ``Last-Modified``) for the next conditional GET.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from gui.core.discovery.fetch import Validators
from gui.core.paths import ensure_private_dir

SIG_SUFFIX = ".minisig"
_VALIDATORS_SUFFIX = ".http.json"


# ``gui/data/discovery`` inside the installed package: the copy that makes a first start offline work.
BUNDLED_DIR = Path(str(resources.files("gui") / "data" / "discovery"))


@dataclass(frozen=True, slots=True)
class StoredFile:
    data: bytes
    signature: bytes
    validators: Validators


def read_signed(directory: Path, file_name: str) -> StoredFile | None:
    """The file, its signature and validators from ``directory``; None when either file is missing."""
    try:
        data = (directory / file_name).read_bytes()
        signature = (directory / (file_name + SIG_SUFFIX)).read_bytes()
    except OSError:
        return None
    validators = Validators()
    with contextlib.suppress(OSError, ValueError, TypeError):
        raw = json.loads((directory / (file_name + _VALIDATORS_SUFFIX)).read_text("utf-8"))
        etag, last_modified = raw.get("etag"), raw.get("last_modified")
        validators = Validators(
            etag=etag if isinstance(etag, str) else None,
            last_modified=last_modified if isinstance(last_modified, str) else None,
        )
    return StoredFile(data=data, signature=signature, validators=validators)


def _write_atomically(path: Path, content: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_signed(directory: Path, file_name: str, stored: StoredFile) -> None:
    """Replace the cached copy; raises OSError. A crash between the files leaves a pair that fails
    verification at the next load, which then falls back to the bundled copy: never a wrong list."""
    ensure_private_dir(directory)
    _write_atomically(directory / file_name, stored.data)
    _write_atomically(directory / (file_name + SIG_SUFFIX), stored.signature)
    write_validators(directory, file_name, stored.validators)


def write_validators(directory: Path, file_name: str, validators: Validators) -> None:
    raw = {"etag": validators.etag, "last_modified": validators.last_modified}
    _write_atomically(directory / (file_name + _VALIDATORS_SUFFIX), json.dumps(raw).encode())
