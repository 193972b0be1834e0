"""The real Secret Service for tests that need tokens to outlive a process."""

from __future__ import annotations

import os

import keyring.backend
import pytest


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
