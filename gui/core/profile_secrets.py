"""The secrets of imported profiles (a WireGuard ``PrivateKey``, an inline OpenVPN ``<key>``, a saved
VPN password), kept in the OS keyring beside the OAuth tokens, never in the profile file.

The same rules as ``gui.core.tokens``: only a secure backend counts; when there is none the caller
keeps the secret in the private (0600) copy instead and the UI can say so (``persistent`` False).
Each secret is its own keyring entry, small enough for Windows Credential Manager.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from gui.core.tokens import SERVICE, KeyringAccess

log = logging.getLogger(__name__)

CREDENTIALS = "credentials"


@dataclass(frozen=True)
class LoginPrompt:
    """What to ask when OpenVPN wants ``auth-user-pass`` for an imported profile."""

    profile_name: str
    username: str | None
    # The static-challenge text (an authenticator code), asked every time; never remembered.
    challenge: str | None = None
    echo: bool = False
    # A password is already kept in the keyring: only the challenge is needed.
    password_known: bool = False
    # A secure keyring exists, so "remember" may be offered.
    can_remember: bool = False


@dataclass(frozen=True)
class LoginAnswer:
    username: str
    password: str = field(repr=False)
    challenge_response: str | None = field(default=None, repr=False)
    remember: bool = False


AskLogin = Callable[[LoginPrompt], Awaitable[LoginAnswer | None]]


@dataclass(frozen=True)
class GivenLogin:
    """A login that came with the request (``sluis connect --credentials-fd``, a terminal prompt
    before a retry, the control API's ``connect``): an ``AskLogin`` that asks nobody.

    It answers a prompt it can fill; one it cannot (no password while none is kept, no answer to
    a static challenge) goes to ``otherwise`` (the window's dialog), or is answered ``None`` (the
    tunnel owner then reports ``CredentialsRequiredError`` with the prompt). A given password is
    used instead of a kept one."""

    username: str | None = None
    password: str | None = field(default=None, repr=False)
    challenge_response: str | None = field(default=None, repr=False)
    remember: bool = False
    otherwise: AskLogin | None = field(default=None, repr=False, compare=False)

    @property
    def has_password(self) -> bool:
        return bool(self.password)

    async def __call__(self, prompt: LoginPrompt) -> LoginAnswer | None:
        missing_challenge = prompt.challenge is not None and self.challenge_response is None
        if missing_challenge or (not prompt.password_known and not self.password):
            return await self.otherwise(prompt) if self.otherwise is not None else None
        username = self.username or prompt.username or ""
        return LoginAnswer(username, self.password or "", self.challenge_response, self.remember)


def _account(profile_id: str, name: str) -> str:
    return f"imported:{profile_id}:{name}"


class ProfileSecretStore(KeyringAccess):
    def save_sync(self, profile_id: str, name: str, secret: str) -> bool:
        """Store one secret; False when there is no secure keyring (the caller keeps it itself)."""
        import keyring.errors

        if not self.persistent:
            return False
        try:
            self._backend.set_password(SERVICE, _account(profile_id, name), secret)
        except (keyring.errors.KeyringError, OSError) as exc:
            self._demote(exc)  # the caller keeps the secret in the private file
            return False
        return True

    def load_sync(self, profile_id: str, name: str) -> str | None:
        import keyring.errors

        try:
            value = self._backend.get_password(SERVICE, _account(profile_id, name))
        except (keyring.errors.KeyringError, OSError) as exc:
            log.warning("keyring failed (%s) reading an imported profile's secret", type(exc).__name__)
            return None
        return value if isinstance(value, str) else None

    def delete_sync(self, profile_id: str, names: list[str]) -> None:
        import keyring.errors

        for name in [*names, CREDENTIALS]:
            try:
                self._backend.delete_password(SERVICE, _account(profile_id, name))
            except keyring.errors.PasswordDeleteError:
                pass
            except (keyring.errors.KeyringError, OSError) as exc:
                log.warning("keyring failed (%s) deleting an imported secret", type(exc).__name__)

    # -- the VPN login of user-locked profiles, kept only when the user asks -------------------------

    def save_credentials_sync(self, profile_id: str, username: str, password: str) -> bool:
        text = json.dumps({"u": username, "p": password}, separators=(",", ":"))
        return self.save_sync(profile_id, CREDENTIALS, text)

    def load_credentials_sync(self, profile_id: str) -> tuple[str, str] | None:
        text = self.load_sync(profile_id, CREDENTIALS)
        if not text:
            return None
        try:
            raw = json.loads(text)
            return str(raw["u"]), str(raw["p"])
        except (ValueError, KeyError, TypeError):
            return None

    async def save_credentials(self, profile_id: str, username: str, password: str) -> bool:
        return await asyncio.to_thread(self.save_credentials_sync, profile_id, username, password)

    async def load_credentials(self, profile_id: str) -> tuple[str, str] | None:
        return await asyncio.to_thread(self.load_credentials_sync, profile_id)

    def forget_credentials_sync(self, profile_id: str) -> bool:
        """Delete a kept VPN login (the server refused it); True when there was one."""
        import keyring.errors

        try:
            self._backend.delete_password(SERVICE, _account(profile_id, CREDENTIALS))
        except keyring.errors.PasswordDeleteError:
            return False
        except (keyring.errors.KeyringError, OSError) as exc:
            log.warning("keyring failed (%s) forgetting a VPN login", type(exc).__name__)
            return False
        return True

    async def forget_credentials(self, profile_id: str) -> bool:
        return await asyncio.to_thread(self.forget_credentials_sync, profile_id)
