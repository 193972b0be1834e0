"""Storing imported profiles, all or nothing, with their secrets in the keyring.

The stored copy is private (0600); for OpenVPN it is the model written back (with Access Server's
``# OVPN_ACCESS_SERVER_*`` fields as a header), never the text that came in. Its secrets (an inline
``<key>``, a WireGuard ``PrivateKey``) go to the keyring when there is a secure one, and come back
when the profile is loaded for a connection. What is stored was read and checked by
``gui.core.importers.sources``.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gui.core.errors import ConfigError, ImportCancelledError, ProfileImportError, SluisError
from gui.core.i18n import QT_TRANSLATE_NOOP
from gui.core.importers.sources import (
    Confirm,
    ImportedKind,
    ParsedProfile,
    SourceKind,
    access_server_fields,
    download_profile,
    parse_profile,
    parse_source,
    read_profile_file,
)
from gui.core.openvpn_profile import OpenVpnProfile
from gui.core.openvpn_profile import parse_profile as read_openvpn_profile
from gui.core.paths import write_private
from gui.core.profile_secrets import AskLogin, LoginAnswer, LoginPrompt, ProfileSecretStore
from gui.core.protocols import Protocol
from gui.core.servers import ServerEntry, ServerKind, ServerStore
from gui.core.vpnconfig import VpnConfig, parse_openvpn, parse_wireguard, with_private_key

if TYPE_CHECKING:
    import httpx2

log = logging.getLogger(__name__)

IMPORTED_ID_PREFIX = "imported:"
# Inline OpenVPN blocks that are secrets (``ca`` and ``cert`` are public and stay in the file).
SECRET_BLOCKS = frozenset({"key", "tls-auth", "tls-crypt", "tls-crypt-v2", "secret", "pkcs12"})
KEYRING_PLACEHOLDER = "# sluis: kept in the keyring"
WIREGUARD_KEY = "wireguard-private-key"


def _openvpn_file(text: str, profile: OpenVpnProfile) -> str:
    """What is stored for an OpenVPN profile: the written-back model (never the text that came in),
    under the Access Server comment fields of ``text``, so a re-load still finds its name and user."""
    header = [f"# OVPN_ACCESS_SERVER_{name}={value}" for name, value in access_server_fields(text).items()]
    return "".join(f"{line}\n" for line in header) + profile.render()


def _extract_openvpn_secrets(text: str) -> tuple[str, dict[str, str]]:
    """The file text with the secret inline blocks' contents replaced by a placeholder, and those
    contents by block name."""
    profile = read_openvpn_profile(text)
    found = {name: content for name, content in profile.blocks.items() if name in SECRET_BLOCKS}
    kept = profile.with_block_contents(dict.fromkeys(found, KEYRING_PLACEHOLDER))
    return _openvpn_file(text, kept), found


MISSING_KEY = QT_TRANSLATE_NOOP(
    "Errors", "A key of this imported profile is missing from the keyring. Import the profile again."
)


def _restore_openvpn_secrets(text: str, found: dict[str, str]) -> str:
    """The stored text with the keyring's contents back in the blocks that hold the placeholder."""
    profile = read_openvpn_profile(text)
    kept = [name for name, content in profile.blocks.items() if content.strip() == KEYRING_PLACEHOLDER]
    if any(name not in found for name in kept):
        raise ConfigError(MISSING_KEY)
    return _openvpn_file(text, profile.with_block_contents({name: found[name] for name in kept}))


def _extract_wireguard_key(text: str) -> tuple[str, str | None]:
    key: str | None = None
    lines = []
    for line in text.split("\n"):
        match = re.fullmatch(r"\s*PrivateKey\s*=\s*(\S+)\s*", line.removesuffix("\r"), re.IGNORECASE)
        if match and key is None:
            key = match[1]
            continue
        lines.append(line)
    return "\n".join(lines), key


@dataclass(frozen=True)
class LoadedProfile:
    """An imported profile ready for a backend, with what to ask the user at connect time."""

    config: VpnConfig
    kind: ImportedKind
    username: str | None
    needs_credentials: bool
    needs_challenge: bool


class ProfileImporter:
    """Imports profiles into the server list as entries of their own (``ServerKind.IMPORTED``)."""

    def __init__(
        self, servers: ServerStore, directory: Path, secrets: ProfileSecretStore | None = None
    ) -> None:
        self.servers = servers
        self.directory = directory
        self.secrets = secrets if secrets is not None else ProfileSecretStore()

    async def run(
        self, text: str, confirm: Confirm, *, client: httpx2.AsyncClient | None = None
    ) -> ServerEntry:
        """Check ``text`` (a link or a path), ask ``confirm``, fetch or read, validate, store."""
        source = parse_source(text)
        if source.kind is SourceKind.FILE:
            assert source.path is not None
            path = source.path
            if not path.is_file():
                raise ProfileImportError(detail=f"there is no file {path}")
        answer = confirm(source)
        if inspect.isawaitable(answer):
            answer = await answer
        if not answer:
            raise ImportCancelledError()
        if source.kind is SourceKind.FILE:
            assert source.path is not None
            profile_text = read_profile_file(source.path)
            fallback = source.path.stem
        else:
            profile_text = await download_profile(source, client=client)
            fallback = source.host or "VPN"
        try:
            parsed = parse_profile(profile_text, fallback_name=fallback)
        except ConfigError as exc:
            if source.kind is SourceKind.FILE:
                raise
            reason = exc.params.get("detail") or exc.message  # a refused directive has no "detail"
            raise ProfileImportError(
                detail=f"the server did not send a usable VPN profile ({reason})"
            ) from None
        entry = await asyncio.to_thread(self.store, parsed, source.host)
        log.info("imported a %s profile (%s) as %s", parsed.protocol.value, parsed.kind.value, entry.base_url)
        return entry

    def store(self, parsed: ParsedProfile, source_host: str | None) -> ServerEntry:
        """Write the private copy, move its secrets to the keyring, add the entry; all or nothing."""
        profile_id = secrets.token_hex(6)
        suffix = ".conf" if parsed.protocol is Protocol.WIREGUARD else ".ovpn"
        file_name = f"{profile_id}{suffix}"
        kept: list[str] = []
        if parsed.protocol is Protocol.WIREGUARD:
            stored_text, key = _extract_wireguard_key(parsed.text)
            whole_text = parsed.text
            found = {WIREGUARD_KEY: key} if key else {}
        else:
            stored_text, found = _extract_openvpn_secrets(parsed.text)
            whole_text = _openvpn_file(parsed.text, read_openvpn_profile(parsed.text))
        try:
            for name, secret in found.items():
                if not self.secrets.save_sync(profile_id, name, secret):
                    stored_text = whole_text  # no secure keyring: the secrets stay in the 0600 file
                    break
                kept.append(name)
            write_private(self.directory / file_name, stored_text)
            entry = ServerEntry(
                base_url=IMPORTED_ID_PREFIX + profile_id,
                kind=ServerKind.IMPORTED,
                display_name=parsed.name or (source_host or profile_id),
                profile_file=file_name,
                profile_kind=parsed.kind.value,
                source_host=source_host,
            )
            return self.servers.add(entry)
        except BaseException:
            (self.directory / file_name).unlink(missing_ok=True)
            self.secrets.delete_sync(profile_id, kept)
            raise

    def profile_id(self, entry: ServerEntry) -> str:
        return entry.base_url.removeprefix(IMPORTED_ID_PREFIX)

    def load(self, entry: ServerEntry) -> LoadedProfile:
        """The stored profile with its secrets back in place, validated again."""
        if entry.kind is not ServerKind.IMPORTED or not entry.profile_file:
            raise ProfileImportError(detail="this server was not imported from a profile")
        path = self.directory / Path(entry.profile_file).name
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            raise ProfileImportError(
                QT_TRANSLATE_NOOP("Errors", "The imported profile's file is gone. Import the profile again.")
            ) from None
        profile_id = self.profile_id(entry)
        if path.suffix == ".conf":
            if not re.search(r"^\s*PrivateKey\s*=\s*\S", text, re.IGNORECASE | re.MULTILINE):
                key = self.secrets.load_sync(profile_id, WIREGUARD_KEY)
                if key is None:
                    raise ConfigError(MISSING_KEY)
                text = with_private_key(text, key)
        elif KEYRING_PLACEHOLDER in text:
            found = {
                name: value
                for name in SECRET_BLOCKS
                if (value := self.secrets.load_sync(profile_id, name)) is not None
            }
            text = _restore_openvpn_secrets(text, found)
        parsed = parse_profile(text, fallback_name=str(entry.display_name))
        config = VpnConfig(
            parsed.protocol,
            text,
            None,
            wireguard=parse_wireguard(text) if parsed.protocol is Protocol.WIREGUARD else None,
            openvpn=parse_openvpn(text) if parsed.protocol is Protocol.OPENVPN else None,
        )
        return LoadedProfile(
            config, parsed.kind, parsed.username, parsed.needs_credentials, parsed.needs_challenge
        )

    def remove(self, entry: ServerEntry) -> None:
        """Forget the private copy and its keyring secrets (the caller removes the entry)."""
        if entry.profile_file:
            with contextlib.suppress(OSError):
                (self.directory / Path(entry.profile_file).name).unlink(missing_ok=True)
        self.secrets.delete_sync(self.profile_id(entry), [*SECRET_BLOCKS, WIREGUARD_KEY])


# -- the login of user-locked profiles at connect time ------------------------------------------------


async def imported_login(
    importer: ProfileImporter,
    entry: ServerEntry,
    ask: AskLogin,
    *,
    challenge: str | None = None,
    echo: bool = False,
    fresh: bool = False,
) -> LoginAnswer | None:
    """The VPN login for an imported profile: the kept one from the keyring (asking only a static
    challenge's code), or the user's answer, kept when they asked for it. ``None``: cancelled.
    ``fresh``: ``ask`` brings a login of its own (``GivenLogin`` with a password), used instead
    of a kept one.

    The tunnel owner (``gui.tunnel.session``) calls this when OpenVPN asks (``>PASSWORD:Need 'Auth'``).
    """
    profile_id = importer.profile_id(entry)
    secrets = importer.secrets
    persistent = await asyncio.to_thread(lambda: secrets.persistent)  # the first use probes the keyring
    saved = await secrets.load_credentials(profile_id) if persistent and not fresh else None
    if saved is not None and challenge is None:
        return LoginAnswer(saved[0], saved[1])
    username: str | None = saved[0] if saved is not None else None
    if username is None:
        with contextlib.suppress(SluisError):
            username = (await asyncio.to_thread(importer.load, entry)).username
    prompt = LoginPrompt(
        profile_name=str(entry.display_name) or entry.base_url,
        username=username,
        challenge=challenge,
        echo=echo,
        password_known=saved is not None,
        can_remember=persistent,
    )
    answer = await ask(prompt)
    if answer is None:
        return None
    if saved is not None:
        return LoginAnswer(saved[0], saved[1], answer.challenge_response)
    if answer.remember and persistent:
        await secrets.save_credentials(profile_id, answer.username, answer.password)
    return answer


async def forget_imported_login(
    importer: ProfileImporter, entry: ServerEntry, refused: tuple[str, str]
) -> bool:
    """The server refused the login ``refused`` (username, password): when it is the one the keyring
    keeps, forget it, so the next connect asks again. True when it was forgotten."""
    secrets = importer.secrets
    profile_id = importer.profile_id(entry)
    if await secrets.load_credentials(profile_id) != refused:
        return False  # another login was refused (typed, or given by a script): the kept one stays
    return await secrets.forget_credentials(profile_id)
