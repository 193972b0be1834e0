"""What the views see of the controller: plain data, the state enum and the interface they call.

Nothing here reaches the network or a backend, so a view importing this module stays inside the
"views do no network I/O" contract. ``ControllerPort`` is the structural type of ``Controller``:
views are written and tested against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from typing import Protocol as TypingProtocol

from PySide6.QtCore import QCoreApplication, QLocale, SignalInstance

from gui.core.errors import SluisError
from gui.core.language import LocalizedText, localized

if TYPE_CHECKING:
    # Named in annotations only: the window's first frame imports this module, and these bring
    # asyncio, the OAuth flow and discovery with them (``tests/test_import_guard.py``).
    import asyncio

    from gui.core.discovery import Location, SearchResult
    from gui.core.expiry import Session
    from gui.core.profile_secrets import LoginAnswer
    from gui.core.profiles import Profile
    from gui.core.protocols import Protocol
    from gui.core.settings import Settings


class ControllerState(StrEnum):
    IDLE = "idle"
    AUTHORIZING = "authorizing"
    CHOOSING_PROFILE = "choosing_profile"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    DISCONNECTING = "disconnecting"
    ERROR = "error"


BUSY_STATES = frozenset(
    {ControllerState.AUTHORIZING, ControllerState.CONNECTING, ControllerState.DISCONNECTING}
)


class ServerGroup(StrEnum):
    """The Servers page's sections, named like ``gui.core.servers.ServerKind``."""

    INSTITUTE_ACCESS = "institute_access"
    SECURE_INTERNET = "secure_internet"
    CUSTOM = "custom"
    # Profiles imported from a file or an OpenVPN Access Server token URL.
    IMPORTED = "imported"


@dataclass(frozen=True)
class ServerItem:
    """One added server as the views list it."""

    base_url: str
    display_name: LocalizedText
    group: ServerGroup
    last_profile: str | None = None
    # Secure Internet: the country (ISO 3166 code) of the location in use, when discovery lists it.
    country_code: str | None = None
    # Added from discovery and gone from its signed list since: still usable, but flagged.
    delisted: bool = False

    def name(self, languages: list[str]) -> str:
        """The display name in the user's language, or the host when the server has none."""
        if self.display_name:
            text = localized(self.display_name, languages)
            if text:
                return text
        return self.base_url.split("://", 1)[-1].rstrip("/")


@dataclass(frozen=True)
class ConnectionInfo:
    """What the Connection page shows about the current (or last chosen) server and profile."""

    server: ServerItem
    profile: Profile | None = None
    protocol: Protocol | None = None
    addresses: tuple[str, ...] = ()
    session: Session | None = None
    connected_since: datetime | None = None
    # How the tunnel's packets travel ("udp", "tcp"), as the backend reports it; shown beside the
    # protocol ("OpenVPN · TCP"), whatever values a backend may add.
    transport: str | None = None


@dataclass(frozen=True)
class SessionTick:
    """One tick of the session clock, already decided by the rules of ``gui.core.expiry``."""

    remaining: timedelta
    countdown_visible: bool
    renew_visible: bool
    expired: bool
    # Time since the tunnel came up (the always-visible timer), ``None`` when not connected.
    connected_for: timedelta | None


@dataclass(frozen=True)
class AppInfo:
    """The Help page's facts."""

    version: str
    backend_name: str
    keyring_persistent: bool
    keyring_backend: str


def error_message(exc: BaseException) -> str:
    """The user's text for an error: the template translated in the ``Errors`` context, then filled."""
    if not isinstance(exc, SluisError):
        exc = SluisError(detail=type(exc).__name__)
    template = QCoreApplication.translate("Errors", exc.template)
    # A detail written for people ("the connection failed") is translated too, so an Arabic message
    # holds no English inside; names, hosts and paths have no translation and stay as they are.
    params = {
        key: QCoreApplication.translate("Errors", value) if isinstance(value, str) and value else value
        for key, value in exc.params.items()
    }
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return exc.message


def ui_languages(settings: Settings) -> list[str]:
    """The language setting first (when set), then the system's UI languages in order."""
    languages = [settings.language] if settings.language else []
    languages.extend(QLocale().uiLanguages())
    return languages


class ControllerPort(TypingProtocol):
    """The controller as the views use it."""

    stateChanged: SignalInstance
    serversChanged: SignalInstance
    profilesOffered: SignalInstance
    connectionChanged: SignalInstance
    sessionTicked: SignalInstance
    notificationDue: SignalInstance
    sessionExpired: SignalInstance
    errorOccurred: SignalInstance
    settingsChanged: SignalInstance
    discoveryChanged: SignalInstance
    loginRequested: SignalInstance
    loginWithdrawn: SignalInstance
    trafficChanged: SignalInstance

    state: ControllerState
    connection: ConnectionInfo | None
    viewing: ConnectionInfo | None
    traffic: tuple[int, int] | None
    last_error: str | None
    expired: bool
    # Connected, while the tunnel finds its server again (a resume, another network).
    reconnecting: bool

    @property
    def busy(self) -> bool: ...
    @property
    def languages(self) -> list[str]: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def app_info(self) -> AppInfo: ...
    @property
    def discovery_enabled(self) -> bool: ...
    @property
    def discovery_notice(self) -> str | None: ...

    def servers(self) -> list[ServerItem]: ...
    def add_server(self, url: str) -> asyncio.Task[None]: ...
    def remove_server(self, url: str) -> asyncio.Task[None]: ...
    def reauthorize(self, url: str) -> asyncio.Task[None]: ...
    def choose_server(self, url: str) -> asyncio.Task[None]: ...
    def connect_profile(self, url: str, profile_id: str) -> asyncio.Task[None]: ...
    def reconnect(self) -> asyncio.Task[None] | None: ...
    def open_server(self, url: str) -> None: ...
    def connect_server(self, url: str) -> asyncio.Task[None]: ...
    def offer_profiles(self, url: str) -> asyncio.Task[None]: ...
    def close_profiles(self) -> None: ...
    def is_connected_to(self, url: str) -> bool: ...
    def profile_name(self, url: str, profile_id: str) -> str: ...
    def disconnect_vpn(self) -> asyncio.Task[None]: ...
    def renew(self) -> asyncio.Task[None] | None: ...
    def cancel(self) -> None: ...
    def dismiss_error(self) -> None: ...
    def save_settings(self, settings: Settings) -> None: ...
    def is_managed(self, setting: str) -> bool: ...
    def search(self, query: str) -> list[SearchResult]: ...
    def dismiss_discovery_notice(self) -> None: ...
    def ensure_organizations(self) -> asyncio.Task[None] | None: ...
    def add_from_discovery(self, result: SearchResult) -> asyncio.Task[None]: ...
    def locations(self, url: str) -> list[Location]: ...
    def support_contacts(self) -> list[tuple[str, tuple[str, ...]]]: ...
    def location_in_use(self, url: str) -> str: ...
    def change_location(self, url: str, location_base_url: str) -> asyncio.Task[None]: ...
    def save_diagnostics(self, path: str) -> bool: ...
    def answer_login(self, answer: LoginAnswer | None) -> None: ...
    def window_state(self) -> dict[str, Any]: ...
    def save_window_state(self, **values: Any) -> None: ...
