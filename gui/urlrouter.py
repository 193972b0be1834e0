"""One router for every URL Sluis is handed: from its command line, from a second launch (over the
single-instance socket) and from macOS open-URL events. No Qt here: the app feeds it strings.

Every URL is untrusted: a web page can make the browser open ``sluis://…`` or ``openvpn://…``
with anything in it. So a URL is first *classified* into one intent, and what an intent may do is
narrow: an OAuth redirect only completes a login that is waiting for exactly its ``state``; an
import only proposes the import (the user confirms, seeing the host); adding a server only fills
in the address. Anything else is refused with a message that says why.

Handled:

- the custom-scheme OAuth redirect of the configured client (``org.sluis.app:/api/callback?…``);
- ``openvpn://import-profile/https://…`` (OpenVPN Access Server token URLs);
- ``sluis://add?url=https://server`` and ``sluis://import?url=https://…``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from gui.core.errors import ImportCancelledError, ProfileImportError, SluisError, UnsupportedLinkError
from gui.core.i18n import QT_TRANSLATE_NOOP
from gui.core.importers import Confirm, parse_source
from gui.core.oauth import PendingLogins
from gui.core.settings import Settings
from gui.core.urls import normalize_base_url
from gui.desktop.urlschemes import looks_like_url, untrusted_argument

if TYPE_CHECKING:
    from gui.core.servers import ServerEntry
    from gui.core.service import VpnService

log = logging.getLogger("sluis.urls")

# Longer than any legitimate link Sluis handles (a token URL is ~100 characters).
MAX_URL_LENGTH = 8192
SLUIS_SCHEME = "sluis"
OPENVPN_SCHEME = "openvpn"

INCOMPLETE_CALLBACK = QT_TRANSLATE_NOOP(
    "Errors", "Sluis cannot open this link: the login answer is incomplete."
)
CONTROL_CHARACTERS = QT_TRANSLATE_NOOP(
    "Errors", "Sluis cannot open this link: it contains spaces or control characters."
)


@dataclass(frozen=True)
class OAuthCallback:
    params: dict[str, str] = field(repr=False)


@dataclass(frozen=True)
class ImportProfile:
    # The link to import from (may carry a token: never logged).
    source: str = field(repr=False)
    host: str


@dataclass(frozen=True)
class AddServer:
    url: str


@dataclass(frozen=True)
class Rejected:
    error: SluisError

    @property
    def message(self) -> str:
        return self.error.message


Intent = OAuthCallback | ImportProfile | AddServer | Rejected


def oauth_redirects(settings: Settings) -> tuple[str, ...]:
    """The custom-scheme redirect URIs a callback may arrive on (none with the loopback redirect)."""
    if "{port}" in settings.redirect_uri:
        return ()
    return (settings.redirect_uri,)


def _reject(template: str, **params: str) -> Rejected:
    return Rejected(UnsupportedLinkError(template, **params) if params else UnsupportedLinkError(template))


def _oauth(url: str, redirects: Iterable[str]) -> Intent | None:
    base = url.split("?", 1)[0].split("#", 1)[0]
    if base not in redirects:
        return None
    params = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    if not params.get("state") or not (params.get("code") or params.get("error")):
        return _reject(INCOMPLETE_CALLBACK)
    return OAuthCallback(params)


def _sluis(url: str) -> Intent:
    parts = urlsplit(url)
    action = (parts.netloc or parts.path.strip("/")).lower()
    params = dict(parse_qsl(parts.query))
    target = params.get("url", "")
    if action == "add":
        try:
            return AddServer(normalize_base_url(target))
        except SluisError as exc:
            return Rejected(exc)
    if action == "import":
        return _import(target)
    return _reject(
        QT_TRANSLATE_NOOP("Errors", "Sluis cannot open this link: it does not know “sluis://{action}”."),
        action=action[:40],
    )


def _import(source: str) -> Intent:
    try:
        parsed = parse_source(source)
    except ProfileImportError as exc:
        return Rejected(exc)
    if parsed.host is None:  # a link must not point at a local file
        return _reject(QT_TRANSLATE_NOOP("Errors", "Sluis cannot open this link: it points at a local file."))
    return ImportProfile(source, parsed.host)


def classify(url: str, *, redirects: Iterable[str] = ()) -> Intent:
    """What ``url`` asks for; never raises."""
    if len(url) > MAX_URL_LENGTH:
        return _reject(QT_TRANSLATE_NOOP("Errors", "Sluis cannot open this link: it is far too long."))
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return _reject(CONTROL_CHARACTERS)
    if not looks_like_url(url):
        return _reject(QT_TRANSLATE_NOOP("Errors", "Sluis cannot open this link: it is not a link."))
    callback = _oauth(url, tuple(redirects))
    if callback is not None:
        return callback
    scheme = url.split(":", 1)[0].lower()
    if scheme == OPENVPN_SCHEME:
        return _import(url)
    if scheme == SLUIS_SCHEME:
        return _sluis(url)
    return _reject(
        QT_TRANSLATE_NOOP("Errors", "Sluis cannot open this link: it does not handle “{scheme}:” links."),
        scheme=scheme[:40],
    )


class UrlRouter:
    """Classifies each URL and hands its intent to the one handler for it.

    ``on_import`` and ``on_add`` only *propose* (the GUI shows a confirm dialog or fills in the
    address); ``on_error`` shows the message. OAuth callbacks go straight to ``PendingLogins``,
    which refuses a ``state`` no login waits for.
    """

    def __init__(
        self,
        pending: PendingLogins,
        *,
        redirects: Iterable[str] = (),
        on_import: Callable[[ImportProfile], object] | None = None,
        on_add: Callable[[AddServer], object] | None = None,
        on_error: Callable[[Rejected], object] | None = None,
    ) -> None:
        self.pending = pending
        self.redirects = tuple(redirects)
        self.on_import = on_import
        self.on_add = on_add
        self.on_error = on_error

    def route(self, url: str) -> Intent:
        intent = classify(url, redirects=self.redirects)
        if isinstance(intent, OAuthCallback) and not self.pending.deliver(intent.params):
            intent = _reject(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "Sluis cannot open this link: it is a login answer, but no login is waiting for it. "
                    "Start the login from Sluis.",
                )
            )
        log.info("link routed: %s", type(intent).__name__)  # never the URL: it may carry a code or token
        handler: Callable[..., object] | None = None
        if isinstance(intent, ImportProfile):
            handler = self.on_import
        elif isinstance(intent, AddServer):
            handler = self.on_add
        elif isinstance(intent, Rejected):
            handler = self.on_error
        if handler is not None:
            handler(intent)
        return intent

    def route_argv(self, argv: Sequence[str]) -> Intent | None:
        """A forwarded command line: routed when it is exactly one URL, else ``None`` (not a link)."""
        url = untrusted_argument(argv)
        if url is None or not looks_like_url(url):
            return None
        return self.route(url)


class LinkActions:
    """What the app does with each intent, with the UI injected so this stays Qt-free and testable.

    ``ask`` shows where a profile comes from and returns the user's answer (the GUI's confirm
    dialog); ``show_error`` shows a message; ``show_add`` puts a server address in the Add page;
    ``imported`` is told about each new entry. Drag and drop and the file dialog use
    ``import_source`` too, so every import takes the same checked path.
    """

    def __init__(
        self,
        service: VpnService,
        *,
        ask: Confirm,
        show_error: Callable[[str], object],
        show_add: Callable[[str], object],
        imported: Callable[[ServerEntry], object] | None = None,
        import_profile: Callable[[str, Confirm], Awaitable[ServerEntry]] | None = None,
        describe: Callable[[SluisError], str] | None = None,
    ) -> None:
        self.service = service
        self.ask = ask
        self.show_error = show_error
        self.show_add = show_add
        self.imported = imported
        # The window's operation gate (``Controller.import_profile``) and its translated messages.
        self.import_profile = import_profile or service.import_profile
        self.describe = describe or (lambda exc: exc.message)
        self._tasks: set[asyncio.Task[ServerEntry | None]] = set()

    def router(self) -> UrlRouter:
        return UrlRouter(
            self.service.pending_logins,
            redirects=oauth_redirects(self.service.settings),
            on_import=lambda intent: self.import_source(intent.source),
            on_add=lambda intent: self.show_add(intent.url),
            on_error=lambda intent: self.show_error(intent.message),
        )

    async def import_for_api(self, source: str, confirmed: bool) -> dict[str, object]:
        """The control API's ``import``: asks in the window unless the caller has confirmed already;
        failures are raised (the API answers with them) instead of shown."""
        entry = await self.import_profile(source, (lambda _source: True) if confirmed else self.ask)
        if self.imported is not None:
            self.imported(entry)
        return entry.to_json()

    def import_source(self, source: str) -> asyncio.Task[ServerEntry | None]:
        """Ask, fetch or read, validate and store, in the background; errors become messages."""

        async def run() -> ServerEntry | None:
            try:
                entry = await self.import_profile(source, self.ask)
            except ImportCancelledError:
                return None
            except SluisError as exc:
                self.show_error(self.describe(exc))
                return None
            if self.imported is not None:
                self.imported(entry)
            return entry

        task = asyncio.ensure_future(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task
