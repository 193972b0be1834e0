"""Importing a VPN profile that does not come from an API v3 server: an OpenVPN Access Server token
URL (``openvpn://import-profile/https://…``), an https link, or a ``.ovpn`` / WireGuard ``.conf`` file.

Everything here reads untrusted input, so the order is fixed: check the source (only ``https://``,
also across redirects), show the user where it comes from and ask, download with a size and time
limit, accept only a real, safe profile (``gui.core.vpnconfig``: WireGuard hooks refused, OpenVPN
through the allow-listed model of ``gui.core.openvpn_profile``), and only then store it, all or
nothing. The stored copy is private (0600); for OpenVPN it is the model written back (with Access
Server's ``# OVPN_ACCESS_SERVER_*`` fields as a header), never the text that came in. Its secrets
(an inline ``<key>``, a WireGuard ``PrivateKey``) go to the keyring when there is a secure one. A
token URL is a password: it and the profile never reach a log.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import re
import secrets
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from gui.core.errors import (
    ConfigError,
    ImportCancelledError,
    InsecureRedirectError,
    NetworkError,
    ProfileImportError,
    SluisError,
)
from gui.core.i18n import QT_TRANSLATE_NOOP
from gui.core.openvpn_profile import OpenVpnProfile
from gui.core.openvpn_profile import parse_profile as read_openvpn_profile
from gui.core.paths import write_private
from gui.core.profile_secrets import AskLogin, LoginAnswer, LoginPrompt, ProfileSecretStore
from gui.core.protocols import Protocol
from gui.core.servers import ServerEntry, ServerKind, ServerStore
from gui.core.vpnconfig import (
    VpnConfig,
    parse_openvpn,
    parse_wireguard,
    with_private_key,
)

if TYPE_CHECKING:
    import httpx2

log = logging.getLogger(__name__)

TOKEN_URL_PREFIX = "openvpn://import-profile/"  # noqa: S105 - a URL prefix, not a secret
# A profile with inline certificates is a few kilobytes; anything this large is not one.
MAX_PROFILE_BYTES = 256 * 1024
# The whole download (all redirects included) must finish within this many seconds.
DOWNLOAD_TIMEOUT = 30.0
IMPORTED_ID_PREFIX = "imported:"
# Inline OpenVPN blocks that are secrets (``ca`` and ``cert`` are public and stay in the file).
SECRET_BLOCKS = frozenset({"key", "tls-auth", "tls-crypt", "tls-crypt-v2", "secret", "pkcs12"})
KEYRING_PLACEHOLDER = "# sluis: kept in the keyring"
WIREGUARD_KEY = "wireguard-private-key"


class SourceKind(StrEnum):
    TOKEN_URL = "token-url"  # noqa: S105 - a name, not a secret
    HTTPS = "https"
    FILE = "file"


class ImportedKind(StrEnum):
    """How an imported profile logs in, which decides what Sluis asks at connect time."""

    # ``auth-user-pass`` for one user (Access Server's user-locked profile): ask username and password.
    USER_LOCKED = "user-locked"
    # A certificate alone is enough: connect directly.
    AUTOLOGIN = "autologin"
    # Access Server's server-locked ("generic") profile.
    SERVER_LOCKED = "server-locked"
    WIREGUARD = "wireguard"


@dataclass(frozen=True)
class ImportSource:
    """Where a profile comes from; ``host`` (or ``path``) is what the user is shown before import."""

    kind: SourceKind
    # The https URL to download; it may carry the token, so it is kept out of ``repr``.
    url: str | None = field(default=None, repr=False)
    host: str | None = None
    path: Path | None = None

    @property
    def shown(self) -> str:
        if self.path is not None:
            return str(self.path)
        return self.host or ""


Confirm = Callable[[ImportSource], Awaitable[bool] | bool]


@dataclass(frozen=True)
class ParsedProfile:
    protocol: Protocol
    text: str = field(repr=False)
    name: str
    kind: ImportedKind
    # The user an Access Server user-locked profile belongs to (to prefill the login).
    username: str | None = None
    needs_credentials: bool = False
    needs_challenge: bool = False


# -- the source ----------------------------------------------------------------------------------------


def _https_source(url: str, kind: SourceKind) -> ImportSource:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() != "https":
        raise ProfileImportError(
            QT_TRANSLATE_NOOP("Errors", "Only secure https:// links can be imported; this one is not.")
        )
    host = parts.hostname
    if not host or parts.username or parts.password or any(c.isspace() or ord(c) < 32 for c in url):
        raise ProfileImportError(detail="the link has no valid host name")
    return ImportSource(kind, url=url, host=host)


def parse_source(text: str) -> ImportSource:
    """A token URL, an https link or a file path, checked but not yet fetched or read.

    ``openvpn://import-profile/https://host/…`` loses its prefix; the rest must be ``https://``.
    """
    raw = text.strip()
    lowered = raw.lower()
    if lowered.startswith("openvpn:"):
        if not lowered.startswith(TOKEN_URL_PREFIX):
            raise ProfileImportError(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "This openvpn:// link is not a profile import link (openvpn://import-profile/…).",
                )
            )
        inner = raw[len(TOKEN_URL_PREFIX) :]
        if "://" not in inner and "%3a" in inner.lower():
            inner = unquote(inner)  # some browsers hand the inner URL over percent-encoded
        return _https_source(inner, SourceKind.TOKEN_URL)
    if re.match(r"^[a-z][a-z0-9+.-]*://", lowered):
        if lowered.startswith("file://"):
            return ImportSource(SourceKind.FILE, path=Path(unquote(urlsplit(raw).path)))
        return _https_source(raw, SourceKind.HTTPS)
    if not raw:
        raise ProfileImportError(detail="no file or link was given")
    return ImportSource(SourceKind.FILE, path=Path(raw).expanduser())


# -- reading a profile ---------------------------------------------------------------------------------

_AS_COMMENT = re.compile(r"^#\s*OVPN_ACCESS_SERVER_([A-Z_]+)=(.*)$")


def _access_server_fields(text: str) -> dict[str, str]:
    """The ``# OVPN_ACCESS_SERVER_X=value`` comments an Access Server profile carries."""
    fields: dict[str, str] = {}
    for line in text.split("\n"):  # the lines OpenVPN and the model see
        match = _AS_COMMENT.match(line.strip())
        if match and match[1] not in fields:
            fields[match[1]] = match[2].strip()
    return fields


def clean_name(text: str, limit: int = 80) -> str:
    """A profile name for display: printable, one line, bounded."""
    cleaned = "".join(ch for ch in text if unicodedata.category(ch)[0] not in {"C"}).strip()
    return cleaned[:limit].strip()


def _looks_like_wireguard(text: str) -> bool:
    return any(line.strip().lower() == "[interface]" for line in text.splitlines())


def parse_profile(text: str, *, fallback_name: str) -> ParsedProfile:
    """Validate a profile and say what it is. Raises ``ConfigError`` ("line N: …").

    The name is Access Server's ``OVPN_ACCESS_SERVER_FRIENDLY_NAME``, else its
    ``OVPN_ACCESS_SERVER_PROFILE`` (``user@host``, without ``/AUTOLOGIN``), else ``fallback_name``
    (the host or the file name), in the order OpenVPN GUI uses.
    """
    text = text.removeprefix("\ufeff")
    if _looks_like_wireguard(text):
        config = parse_wireguard(text)
        if config.interface.private_key is None:
            raise ConfigError(detail="the WireGuard configuration has no PrivateKey")
        return ParsedProfile(Protocol.WIREGUARD, text, clean_name(fallback_name), ImportedKind.WIREGUARD)
    openvpn = parse_openvpn(text)
    fields = _access_server_fields(text)
    profile = fields.get("PROFILE", "")
    autologin = fields.get("AUTOLOGIN") == "1" or profile.upper().endswith("/AUTOLOGIN")
    name = clean_name(fields.get("FRIENDLY_NAME", "")) or clean_name(profile.rsplit("/AUTOLOGIN", 1)[0])
    username = clean_name(fields.get("USERNAME", ""), limit=128) or None
    if not openvpn.auth_user_pass or autologin:
        kind = ImportedKind.AUTOLOGIN
    elif username is not None:
        kind = ImportedKind.USER_LOCKED
    elif profile and "@" not in profile:
        kind = ImportedKind.SERVER_LOCKED
    else:
        kind = ImportedKind.USER_LOCKED
    return ParsedProfile(
        Protocol.OPENVPN,
        text,
        name or clean_name(fallback_name),
        kind,
        username=username,
        needs_credentials=openvpn.auth_user_pass,
        needs_challenge=openvpn.static_challenge,
    )


# -- Access Server answers ---------------------------------------------------------------------------


def access_server_error(status: int, body: bytes, host: str) -> SluisError:
    """A plain-language error for a refused token URL; the server's own words are matched, not shown
    raw (they may echo the token)."""
    text = body[:4096].decode("utf-8", "replace").lower()
    if "token not found" in text or "token_not_found" in text:
        return ProfileImportError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "This import link has expired or has already been used. Ask your VPN administrator "
                "for a new link.",
            )
        )
    if "need_autologin" in text or "need autologin" in text:
        return ProfileImportError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The server may not give you an auto-login profile (your account lacks the auto-login "
                "permission). Ask your VPN administrator.",
            )
        )
    if status in (401, 403, 404):
        return ProfileImportError(
            QT_TRANSLATE_NOOP(
                "Errors", "The server at {host} refused the import link (HTTP {status}). It may have expired."
            ),
            host=host,
            status=status,
        )
    return ProfileImportError(detail=f"the server at {host} answered with HTTP {status}")


async def download_profile(
    source: ImportSource,
    *,
    client: httpx2.AsyncClient | None = None,
    max_bytes: int = MAX_PROFILE_BYTES,
    timeout: float = DOWNLOAD_TIMEOUT,
) -> str:
    """The profile text behind an https source; redirects must stay on https, the body below
    ``max_bytes``, the whole exchange within ``timeout`` seconds."""
    assert source.url is not None
    assert source.host is not None
    import httpx2  # the HTTP stack is loaded when a profile is downloaded, not at start

    from gui.core import http

    own = client is None
    http_client = client or http.new_client(timeout=httpx2.Timeout(min(timeout, 10.0), connect=5.0))
    try:
        document = await asyncio.wait_for(
            http.get_following_https_redirects(http_client, source.url, max_bytes=max_bytes), timeout
        )
    except TimeoutError:
        raise NetworkError(host=source.host, detail="the server did not answer in time") from None
    except InsecureRedirectError:
        raise ProfileImportError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The server at {host} sent the download to an insecure (non-https) address; refused.",
            ),
            host=source.host,
        ) from None
    except NetworkError as exc:
        if exc.params.get("detail") == "the response is too large":
            raise ProfileImportError(detail="the download is far too large to be a VPN profile") from None
        raise
    finally:
        if own:
            await http_client.aclose()
    if document.status != 200:
        raise access_server_error(document.status, document.content, source.host)
    try:
        text = document.content.decode("utf-8")
    except UnicodeDecodeError:
        raise ProfileImportError(detail="the server did not send a text profile") from None
    if text.lstrip()[:200].lower().startswith(("<!doctype", "<html", "<?xml")):
        # Some Access Server versions answer an error page with status 200.
        error = access_server_error(document.status, document.content, source.host)
        if error.template == ProfileImportError.template:
            error = ProfileImportError(detail="the server sent a web page, not a VPN profile")
        raise error
    return text


# -- storing -----------------------------------------------------------------------------------------


def _openvpn_file(text: str, profile: OpenVpnProfile) -> str:
    """What is stored for an OpenVPN profile: the written-back model (never the text that came in),
    under the Access Server comment fields of ``text``, so a re-load still finds its name and user."""
    header = [f"# OVPN_ACCESS_SERVER_{name}={value}" for name, value in _access_server_fields(text).items()]
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


def read_profile_file(path: Path) -> str:
    """A profile file's text, size-limited and UTF-8 (a BOM is tolerated)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_PROFILE_BYTES + 1)
    except OSError as exc:
        raise ProfileImportError(detail=f"{path} could not be read ({exc.strerror or exc})") from None
    if len(data) > MAX_PROFILE_BYTES:
        raise ProfileImportError(detail=f"{path.name} is far too large to be a VPN profile")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise ProfileImportError(detail=f"{path.name} is not a text file (UTF-8)") from None


# -- the login of user-locked profiles at connect time ------------------------------------------------


async def imported_login(
    importer: ProfileImporter,
    entry: ServerEntry,
    ask: AskLogin,
    *,
    challenge: str | None = None,
    echo: bool = False,
) -> LoginAnswer | None:
    """The VPN login for an imported profile: the kept one from the keyring (asking only a static
    challenge's code), or the user's answer, kept when they asked for it. ``None``: cancelled.

    A backend's credentials callback calls this when OpenVPN asks (``>PASSWORD:Need 'Auth'``).
    """
    profile_id = importer.profile_id(entry)
    secrets = importer.secrets
    saved = await secrets.load_credentials(profile_id) if secrets.persistent else None
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
        can_remember=secrets.persistent,
    )
    answer = await ask(prompt)
    if answer is None:
        return None
    if saved is not None:
        return LoginAnswer(saved[0], saved[1], answer.challenge_response)
    if answer.remember and secrets.persistent:
        await secrets.save_credentials(profile_id, answer.username, answer.password)
    return answer
