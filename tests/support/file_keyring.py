"""A keyring in one JSON file, for CLI subprocesses whose tokens must outlive each process without
using the Secret Service of whoever runs the tests.

A subprocess selects it with ``PYTHON_KEYRING_BACKEND=tests.support.file_keyring.FileKeyring``
(Sluis honours that choice) and names its file in ``SLUIS_TEST_KEYRING_FILE``; plain text, so for
throw-away test homes only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend
import keyring.errors

FILE_ENV = "SLUIS_TEST_KEYRING_FILE"


class FileKeyring(keyring.backend.KeyringBackend):
    # Never found by keyring's own discovery: only an explicit PYTHON_KEYRING_BACKEND selects it.
    viable = False
    priority = 1  # type: ignore[assignment]

    @property
    def _file(self) -> Path:
        name = os.environ.get(FILE_ENV)
        if not name:
            raise keyring.errors.InitError(f"{FILE_ENV} names no file")
        return Path(name)

    def _items(self) -> dict[str, str]:
        try:
            items = json.loads(self._file.read_text())
        except FileNotFoundError:
            return {}
        return items if isinstance(items, dict) else {}

    def _write(self, items: dict[str, str]) -> None:
        path = self._file
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(items))
        temporary.chmod(0o600)
        temporary.replace(path)

    @staticmethod
    def _key(service: str, username: str) -> str:
        return json.dumps([service, username])

    def get_password(self, service: str, username: str) -> str | None:
        return self._items().get(self._key(service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        items = self._items()
        items[self._key(service, username)] = password
        self._write(items)

    def delete_password(self, service: str, username: str) -> None:
        items = self._items()
        if items.pop(self._key(service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)
        self._write(items)
