"""The controller before it exists: what the window's first frame reads, then the controller itself.

The window is drawn before the controller is made: the controller brings asyncio, qasync, the tunnel
owner and the backends, whose imports alone cost more than drawing the window (issue 13). Until
``bind`` the stand-in answers the reads of the first frame (the window, the page it opens on, the
tray) from the settings and the server list; a start has no connection and nothing running yet. From
``bind`` on, every attribute is the controller's and the controller's signals are sent on from here,
so the window, its pages and the tray keep the one object they were built with.

The reads the two share (``server_items``, ``discovery_notice``, ``window_state``) are functions of
the service, written once here and called by the controller too.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from gui.controller.viewmodel import (
    ControllerState,
    ServerGroup,
    ServerItem,
    error_message,
    ui_languages,
)
from gui.core.servers import ServerEntry, ServerKind

if TYPE_CHECKING:
    from gui.core.discovery import Location
    from gui.core.service import VpnService
    from gui.core.settings import Settings

# The window's size and place, and whether the "still running in the tray" hint was given.
WINDOW_FILE = "window.json"


class ControllerSignals(QObject):
    """The controller's signals, declared once: the controller and its stand-in both send them."""

    stateChanged = Signal(str)
    serversChanged = Signal()
    # The server's base URL, its profiles and the id to preselect (the last used), when a choice is needed.
    profilesOffered = Signal(str, object, object)
    connectionChanged = Signal(object)
    sessionTicked = Signal(object)
    # A notification threshold was crossed; the argument is the time left in seconds (0: expired).
    notificationDue = Signal(int)
    sessionExpired = Signal()
    errorOccurred = Signal(str)
    settingsChanged = Signal()
    # The discovery lists or their notice changed: search again, show or hide the notice.
    discoveryChanged = Signal()
    # The VPN asks for a login (a ``LoginPrompt``): the view asks the user and calls ``answer_login``.
    loginRequested = Signal(object)
    # The question is void (the connect was cancelled or failed): the view closes its dialog.
    loginWithdrawn = Signal()
    # Bytes received and sent through the tunnel (a tuple), or ``None`` when not known.
    trafficChanged = Signal(object)


_MISSING = object()
SIGNALS = tuple(name for name, value in vars(ControllerSignals).items() if isinstance(value, Signal))


def server_item(entry: ServerEntry, country_code: str | None = None) -> ServerItem:
    return ServerItem(
        entry.base_url,
        entry.display_name,
        ServerGroup(entry.kind.value),
        entry.last_profile,
        country_code,
        delisted=entry.delisted,
    )


def server_item_of(service: VpnService, entry: ServerEntry, *, load_lists: bool = True) -> ServerItem:
    """The view's server row; a Secure Internet server carries the country of its location, from
    the discovery lists (loaded for it unless ``load_lists`` is false: the window's first frame
    leaves the country out rather than load and verify the lists before it is drawn)."""
    if entry.kind is not ServerKind.SECURE_INTERNET:
        return server_item(entry)
    store = service.discovery() if load_lists else service.loaded_discovery()
    if store is None:
        return server_item(entry)
    from gui.core.discovery import ServerType  # the lists' model: for Secure Internet only

    in_use = entry.api_base_url.rstrip("/")
    country = next(
        (
            s.country_code
            for s in store.servers
            if s.server_type is ServerType.SECURE_INTERNET and s.base_url.rstrip("/") == in_use
        ),
        None,
    )
    return server_item(entry, country or None)


def server_items(service: VpnService, *, load_lists: bool = True) -> list[ServerItem]:
    return [server_item_of(service, entry, load_lists=load_lists) for entry in service.servers]


def server_locations(
    service: VpnService, url: str, languages: list[str], *, load_lists: bool = True
) -> list[Location]:
    """The Secure Internet countries to choose from for an added Secure Internet server (none
    before the discovery lists are loaded, unless ``load_lists``)."""
    entry = service.servers.find(url)
    if entry is None or entry.kind is not ServerKind.SECURE_INTERNET or not service.discovery_enabled:
        return []
    store = service.discovery() if load_lists else service.loaded_discovery()
    if store is None:
        return []
    from gui.core.discovery import locations  # the lists' model: for Secure Internet only

    return locations(store.servers, languages)


def discovery_notice(service: VpnService) -> str | None:
    """Why a discovery list could not be updated (the last good copy is in use), translated."""
    # Lists not loaded yet (the first frame asks): nothing to say, and no reason to load them
    # (verifying them loads the HTTP stack); discoveryChanged follows once they are.
    store = service.loaded_discovery() if service.discovery_enabled else None
    notice = store.notice if store is not None else None
    return error_message(notice) if notice is not None else None


def window_state(state_dir: Path) -> dict[str, Any]:
    """What the window kept of itself (its geometry, hints given); empty when nothing was kept."""
    try:
        raw = json.loads((state_dir / WINDOW_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


class StartView:
    """The controller as the first frame reads it: idle, not connected, from the service's files."""

    state = ControllerState.IDLE
    connection = None
    viewing = None
    traffic = None
    last_error = None
    expired = False
    reconnecting = False
    busy = False

    def __init__(self, service: VpnService) -> None:
        self.service = service

    @property
    def settings(self) -> Settings:
        return self.service.settings

    @property
    def languages(self) -> list[str]:
        return ui_languages(self.service.settings)

    @property
    def discovery_enabled(self) -> bool:
        return self.service.discovery_enabled

    @property
    def discovery_notice(self) -> str | None:
        return discovery_notice(self.service)

    def servers(self) -> list[ServerItem]:
        return server_items(self.service, load_lists=False)

    def is_connected_to(self, url: str) -> bool:
        del url
        return False

    def locations(self, url: str) -> list[Location]:
        return server_locations(self.service, url, self.languages, load_lists=False)

    def window_state(self) -> dict[str, Any]:
        return window_state(self.service.paths.state_dir)

    def ensure_organizations(self) -> None:
        """Discovery is offline until the controller's ``start_discovery``: nothing to fetch yet
        (the window asks again on ``discoveryChanged``)."""
        return None


class ControllerStandIn(ControllerSignals):
    """Stands for the controller from the first frame on; ``bind`` hands everything to it.

    Only reads reach a ``StartView``: nothing calls an operation before ``bind``, which runs in the
    first turn of the event loop after the first frame, before any input is handled.
    """

    def __init__(self, service: VpnService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._target: object = StartView(service)
        self.bound = False

    def bind(self, controller: ControllerSignals) -> None:
        """From now on the controller answers, and its signals are sent on from here."""
        for name in SIGNALS:
            getattr(controller, name).connect(getattr(self, name))
        self._target = controller
        self.bound = True

    def __getattr__(self, name: str) -> Any:
        # Only for names this object lacks: the signals above are its own.
        if self.bound:
            return getattr(self._target, name)
        value = getattr(self._target, name, _MISSING)
        if value is not _MISSING and not callable(value):
            return value
        # A method taken before ``bind`` (a page connecting a signal to ``controller.cancel``) is
        # looked up when called, so it reaches the controller.
        return partial(self._call, name)

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._target, name)(*args, **kwargs)
