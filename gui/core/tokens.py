"""OAuth tokens per server, kept in the OS keyring (one entry per server), never in a plain file.

Headless, ``keyring`` may pick a *plaintext* backend (keyrings.alt) or its fail backend. Neither is
acceptable for VPN credentials: then the tokens stay in memory for this run and the UI says so
(``TokenStore.persistent`` is False). ``PYTHON_KEYRING_BACKEND`` is honoured as keyring does.
Keyring calls block on D-Bus, so the async methods run them in a worker thread.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gui import APP_ID

if TYPE_CHECKING:
    import keyring.backend

log = logging.getLogger(__name__)

# The keyring entries' service name is the app id (changing either would orphan saved logins).
SERVICE = APP_ID
_INSECURE_BACKEND_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")


@dataclass
class Tokens:
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    # Unix time the access token expires.
    expires_at: float
    # Unix time the authorization completed (``SESSION_STARTED_AT`` of the client rules).
    started_at: float

    def as_authlib(self) -> dict[str, Any]:
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "token_type": "Bearer",
            "expires_at": int(self.expires_at),
        }

    @classmethod
    def from_authlib(cls, token: dict[str, Any], started_at: float | None = None) -> Tokens:
        expires_at = token.get("expires_at")
        if not isinstance(expires_at, int | float):
            expires_in = token.get("expires_in", 3600)
            expires_at = time.time() + (expires_in if isinstance(expires_in, int | float) else 3600)
        return cls(
            access_token=str(token["access_token"]),
            refresh_token=str(token.get("refresh_token", "")),
            expires_at=float(expires_at),
            started_at=time.time() if started_at is None else started_at,
        )

    def serialize(self) -> str:
        # Compact: Windows Credential Manager caps a secret near 2.5 KB.
        return json.dumps(
            {"a": self.access_token, "r": self.refresh_token, "e": self.expires_at, "s": self.started_at},
            separators=(",", ":"),
        )

    @classmethod
    def deserialize(cls, text: str) -> Tokens | None:
        try:
            raw = json.loads(text)
            return cls(str(raw["a"]), str(raw["r"]), float(raw["e"]), float(raw["s"]))
        except (ValueError, KeyError, TypeError):
            return None


def _is_secure(backend: keyring.backend.KeyringBackend) -> bool:
    module = type(backend).__module__
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        # An explicit choice (tests, IT) is honoured, except the backends that cannot store at all.
        return not module.startswith(("keyring.backends.fail", "keyring.backends.null"))
    if module.startswith(_INSECURE_BACKEND_MODULES):
        return False
    try:
        return float(backend.priority) >= 1
    except Exception:
        return False


class KeyringAccess:
    """One OS keyring, found on first use rather than at construction: importing and probing
    ``keyring`` costs a window's start-up some 100 ms, and first uses run in worker threads anyway.
    ``persistent`` turns False (for the rest of the run) when the keyring is insecure or fails."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._given = backend
        self._found: keyring.backend.KeyringBackend | None = None
        self._persistent = False
        self._answers: bool | None = None  # the cheap answer to ``persistent``, once asked
        self._lock = threading.Lock()

    def resolve(self) -> None:
        """Find the keyring backend (idempotent, thread-safe); the app warms it up after start."""
        with self._lock:
            if self._found is not None:
                return
            from gui.core.keyring_choice import find_keyring

            found = self._given if self._given is not None else find_keyring()
            self._persistent = _is_secure(found)
            self._found = found
        if not self._persistent:
            log.warning("no secure keyring backend (%s); secrets kept in memory only", self.backend_name)

    @property
    def _backend(self) -> keyring.backend.KeyringBackend:
        self.resolve()
        assert self._found is not None
        return self._found

    @property
    def persistent(self) -> bool:
        """Whether secrets are kept in a secure keyring. Before the keyring is first used this is
        answered cheaply where possible (the platform's keyring answers on D-Bus), so asking, as the
        window's About page and ``sluis status`` do, does not load the keyring stack."""
        if self._found is None and self._given is None:
            if self._answers is None:
                from gui.core.keyring_choice import platform_keyring_answers

                self._answers = platform_keyring_answers()
            if self._answers:
                return True
        self.resolve()
        return self._persistent

    @property
    def backend_name(self) -> str:
        return f"{type(self._backend).__module__}.{type(self._backend).__name__}"

    def _demote(self, exc: Exception) -> None:
        log.warning("keyring failed (%s); keeping secrets in memory for this run", type(exc).__name__)
        self._persistent = False


class TokenStore(KeyringAccess):
    """OAuth tokens, one keyring entry per server; in memory when no secure keyring exists."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        super().__init__(backend)
        self._memory: dict[str, Tokens] = {}

    def load_sync(self, server: str) -> Tokens | None:
        import keyring.errors

        if not self.persistent:
            return self._memory.get(server)
        try:
            text = self._backend.get_password(SERVICE, server)
        except (keyring.errors.KeyringError, OSError) as exc:
            self._demote(exc)
            return None
        return Tokens.deserialize(text) if text else None

    def save_sync(self, server: str, tokens: Tokens) -> None:
        import keyring.errors

        if self.persistent:
            try:
                self._backend.set_password(SERVICE, server, tokens.serialize())
                return
            except (keyring.errors.KeyringError, OSError) as exc:
                self._demote(exc)
        self._memory[server] = tokens

    def delete_sync(self, server: str) -> None:
        import keyring.errors

        self._memory.pop(server, None)
        if not self.persistent:
            return
        try:
            self._backend.delete_password(SERVICE, server)
        except keyring.errors.PasswordDeleteError:
            pass
        except (keyring.errors.KeyringError, OSError) as exc:
            self._demote(exc)

    async def load(self, server: str) -> Tokens | None:
        import asyncio  # not at the top: ``sluis status`` asks ``persistent`` with no event loop

        return await asyncio.to_thread(self.load_sync, server)

    async def save(self, server: str, tokens: Tokens) -> None:
        import asyncio

        await asyncio.to_thread(self.save_sync, server, tokens)

    async def delete(self, server: str) -> None:
        import asyncio

        await asyncio.to_thread(self.delete_sync, server)
