"""The tray icon behind a small interface, so the window works the same with or without one.

``isSystemTrayAvailable()`` is false offscreen and on some desktops: then there is no tray, the window
is shown and closing it quits. The menu is a plain model (``tray_menu``) rebuilt on every
``aboutToShow``, so it always matches the state and can be tested without a tray.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from gui.controller.viewmodel import ControllerPort, ControllerState, SessionTick
from gui.ui.icons import state_icon
from gui.ui.texts import countdown_text, state_text
from gui.ui.tray_port import MessageKind as MessageKind
from gui.ui.tray_port import Tray as Tray


@dataclass(frozen=True)
class TrayItem:
    """One menu entry; ``handler`` ``None`` makes it a disabled line of text (the status)."""

    text: str
    handler: Callable[[], object] | None = None
    enabled: bool = True


# A separator line in the menu model.
SEPARATOR = None


def tray_menu(
    controller: ControllerPort,
    show_window: Callable[[], object],
    quit_app: Callable[[], object],
    tick: SessionTick | None = None,
) -> list[TrayItem | None]:
    """The menu for the controller's current state: the status (with the session's time left when
    connected), Disconnect / Cancel / Connect for the server shown, then the other servers."""

    status = state_text(controller.state)
    info = controller.connection
    if info is not None:
        status = QCoreApplication.translate("Tray", "{status}: {server}").format(
            status=status, server=info.server.name(controller.languages)
        )
    items: list[TrayItem | None] = [TrayItem(status, None, enabled=False)]
    if controller.state is ControllerState.CONNECTED and tick is not None and not tick.expired:
        items.append(TrayItem(countdown_text(tick.remaining), None, enabled=False))
    if controller.state is ControllerState.CONNECTED:
        items.append(TrayItem(QCoreApplication.translate("Tray", "Disconnect"), controller.disconnect_vpn))
    elif controller.busy:
        items.append(TrayItem(QCoreApplication.translate("Tray", "Cancel"), controller.cancel))
    elif info is not None:
        items.append(TrayItem(QCoreApplication.translate("Tray", "Connect"), controller.reconnect))
    # The other servers, each a click away (switching ends the current connection first).
    shown = info.server.base_url if info is not None else None
    others = [s for s in controller.servers() if s.base_url != shown]
    if others:
        items.append(SEPARATOR)
    languages = controller.languages
    for server in sorted(others, key=lambda s: s.name(languages).casefold()):
        text = QCoreApplication.translate("Tray", "Connect to {server}").format(server=server.name(languages))
        connect = functools.partial(controller.connect_server, server.base_url)
        items.append(TrayItem(text, connect, enabled=not controller.busy))
    items += [
        SEPARATOR,
        TrayItem(QCoreApplication.translate("Tray", "Show Sluis"), show_window),
        TrayItem(QCoreApplication.translate("Tray", "Quit Sluis"), quit_app),
    ]
    return items


class SystemTray(QObject):
    """The real tray icon: state icon, tooltip, a rebuilt menu, a click shows the window."""

    def __init__(
        self,
        controller: ControllerPort,
        show_window: Callable[[], object],
        quit_app: Callable[[], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._show_window = show_window
        self._quit_app = quit_app
        self._icon = QSystemTrayIcon(state_icon(controller.state), self)
        self._menu = QMenu()
        self._menu.aboutToShow.connect(self._rebuild)
        self._icon.setContextMenu(self._menu)
        self._icon.activated.connect(self._on_activated)
        self._icon.messageClicked.connect(self.on_message_clicked)
        # The last notification was about a session that can be renewed (or has ended).
        self.renew_offered = False
        self._tick: SessionTick | None = None
        controller.sessionTicked.connect(self._on_tick)
        controller.sessionExpired.connect(self._on_expired)
        self._rebuild()
        self.set_state(controller.state)
        self._icon.show()

    def _rebuild(self) -> None:
        self._menu.clear()
        for item in tray_menu(self._controller, self._show_window, self._quit_app, self._tick):
            if item is None:
                self._menu.addSeparator()
                continue
            action = QAction(item.text, self._menu)
            action.setEnabled(item.enabled and item.handler is not None)
            if item.handler is not None:
                handler = item.handler
                action.triggered.connect(lambda _checked=False, h=handler: h())
            self._menu.addAction(action)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self._show_window()

    def _on_tick(self, tick: SessionTick) -> None:
        self._tick = tick
        self.renew_offered = tick.renew_visible or tick.expired

    def _on_expired(self) -> None:
        self.renew_offered = True

    def on_message_clicked(self) -> None:
        """A click on "your session ends in …" renews it (the browser opens to log in) when renewing
        is possible now; any click shows the window, where the Connection page follows the renewal."""
        if self.renew_offered and not self._controller.busy:
            self._controller.renew()
        self._show_window()

    def set_state(self, state: ControllerState) -> None:
        self._icon.setIcon(state_icon(state))
        tooltip = QCoreApplication.translate("Tray", "Sluis: {status}")
        self._icon.setToolTip(tooltip.format(status=state_text(state)))

    def show_message(self, title: str, text: str, kind: MessageKind = MessageKind.INFO) -> None:
        icons = {
            MessageKind.INFO: QSystemTrayIcon.MessageIcon.Information,
            MessageKind.WARNING: QSystemTrayIcon.MessageIcon.Warning,
            MessageKind.ENDED: QSystemTrayIcon.MessageIcon.Critical,
        }
        self._icon.showMessage(title, text, icons[kind])

    def hide(self) -> None:
        self._icon.hide()


def create_tray(
    controller: ControllerPort, show_window: Callable[[], object], quit_app: Callable[[], object]
) -> SystemTray | None:
    """A tray icon when the desktop has a tray, else ``None`` (the window then stands alone)."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    return SystemTray(controller, show_window, quit_app)
