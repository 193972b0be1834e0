"""The real Secret Service for tests that need tokens to outlive a process."""

from __future__ import annotations

import os

import keyring.backend
import keyring.errors
import pytest


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in this process, for tests where tokens need not outlive it (the real
    Secret Service has its own tests). ``viable = False`` keeps keyring's own discovery from
    picking it up: a test module merely imported must not change which keyring a test gets."""

    viable = False
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.items:
            raise keyring.errors.PasswordDeleteError(username)
        del self.items[(service, username)]


def require_secret_service() -> keyring.backend.KeyringBackend:
    """The session bus's Secret Service (tests/run.sh starts gnome-keyring), or a skip that says
    why; in CI (``SLUIS_REQUIRE_SECRET_SERVICE=1``) its absence is a failure, not a skip."""
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    try:
        ok = backend.priority > 0
    except Exception:
        ok = False
    if not ok:
        if os.environ.get("SLUIS_REQUIRE_SECRET_SERVICE"):
            pytest.fail("SLUIS_REQUIRE_SECRET_SERVICE is set but no Secret Service answers on D-Bus")
        pytest.skip("no Secret Service on this D-Bus session; tests/run.sh starts gnome-keyring for this")
    return backend
