"""Where an imported profile comes from, and what it is: an OpenVPN Access Server token URL
(``openvpn://import-profile/https://…``), an https link, or a ``.ovpn`` / WireGuard ``.conf`` file.

Everything here reads untrusted input, so the order is fixed: check the source (only ``https://``,
also across redirects), show the user where it comes from and ask, download with a size and time
limit, and accept only a real, safe profile (``gui.core.vpnconfig``: WireGuard hooks refused, OpenVPN
through the allow-listed model of ``gui.core.openvpn_profile``). Storing it is
``gui.core.importers.storage``'s job. A token URL is a password: it and the profile never reach a log.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from gui.core.errors import (
    ConfigError,
    InsecureRedirectError,
    NetworkError,
    ProfileImportError,
    SluisError,
)
from gui.core.i18n import QT_TRANSLATE_NOOP
from gui.core.protocols import Protocol
from gui.core.vpnconfig import parse_openvpn, parse_wireguard

if TYPE_CHECKING:
    import httpx2

TOKEN_URL_PREFIX = "openvpn://import-profile/"  # noqa: S105 - a URL prefix, not a secret
# A profile with inline certificates is a few kilobytes; anything this large is not one.
MAX_PROFILE_BYTES = 256 * 1024
# The whole download (all redirects included) must finish within this many seconds.
DOWNLOAD_TIMEOUT = 30.0


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


def access_server_fields(text: str) -> dict[str, str]:
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
    fields = access_server_fields(text)
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
