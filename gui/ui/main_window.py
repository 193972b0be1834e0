"""The main window: a navigation row, an error banner and one page at a time.

The window follows the controller: a profile choice shows the Profiles page, connecting shows the
Connection page, a newly added server the Servers page. Closing it hides it when a tray icon exists
(the VPN stays up) and quits otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.controller.viewmodel import BUSY_STATES, ControllerPort, ControllerState, SessionTick
from gui.core.profile_secrets import LoginPrompt
from gui.core.profiles import Profile
from gui.ui.add_server_page import AddServerPage
from gui.ui.connection_page import ConnectionPage
from gui.ui.discovery_search import DiscoverySearch
from gui.ui.help_page import HelpPage
from gui.ui.icons import app_icon
from gui.ui.login_dialog import LoginDialog
from gui.ui.profiles_page import ProfilesPage
from gui.ui.servers_page import ServersPage
from gui.ui.settings_page import SettingsPage
from gui.ui.texts import notification_text
from gui.ui.tray import Tray


class MainWindow(QMainWindow):
    def __init__(
        self,
        controller: ControllerPort,
        *,
        tray: Tray | None = None,
        quit_app: Callable[[], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self.tray = tray
        self._quit_app = quit_app or QCoreApplication.quit
        # The VPN login question on screen, if any (``loginRequested``).
        self.login_dialog: LoginDialog | None = None
        self.setWindowTitle("Sluis")
        self.setWindowIcon(app_icon())
        self.resize(460, 560)

        central = QWidget()
        outer = QVBoxLayout(central)
        nav = QHBoxLayout()
        self.servers_nav = QPushButton(self.tr("Ser&vers"))
        self.settings_nav = QPushButton(self.tr("Se&ttings"))
        self.help_nav = QPushButton(self.tr("&Help"))
        for button in (self.servers_nav, self.settings_nav, self.help_nav):
            button.setFlat(True)
            nav.addWidget(button)
        nav.addStretch(1)
        outer.addLayout(nav)

        banner = QHBoxLayout()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(self.tr("Error"))
        self.error_label.setStyleSheet("color: #b00020;")
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.dismiss_button.clicked.connect(self._dismiss_error)
        banner.addWidget(self.error_label, 1)
        banner.addWidget(self.dismiss_button)
        outer.addLayout(banner)

        self.stack = QStackedWidget()
        self.servers_page = ServersPage(controller)
        self.add_page = AddServerPage(controller)
        self.discovery_search = DiscoverySearch(controller)
        self.add_page.set_discovery_widget(self.discovery_search)
        self.profiles_page = ProfilesPage(controller)
        self.connection_page = ConnectionPage(controller)
        self.settings_page = SettingsPage(controller)
        self.help_page = HelpPage(controller)
        for page in (
            self.servers_page,
            self.add_page,
            self.profiles_page,
            self.connection_page,
            self.settings_page,
            self.help_page,
        ):
            self.stack.addWidget(page)
        outer.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        central.setStyleSheet(
            "QLabel#pageTitle { font-size: 15pt; font-weight: bold; }"
            "QLabel#sectionTitle { font-weight: bold; margin-top: 8px; }"
        )
        self._show_error(None)

        self.servers_nav.clicked.connect(lambda: self.show_page(self.servers_page))
        self.settings_nav.clicked.connect(lambda: self.show_page(self.settings_page))
        self.help_nav.clicked.connect(lambda: self.show_page(self.help_page))
        self.servers_page.addRequested.connect(self.show_add_page)
        self.add_page.cancelled.connect(lambda: self.show_page(self.servers_page))
        self.profiles_page.backRequested.connect(lambda: self.show_page(self.servers_page))
        self.connection_page.backRequested.connect(lambda: self.show_page(self.servers_page))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Quit), self, self._quit_app)

        controller.stateChanged.connect(self._on_state)
        controller.serversChanged.connect(self._on_servers_changed)
        controller.profilesOffered.connect(self._on_profiles)
        controller.connectionChanged.connect(self.connection_page.show_connection)
        controller.sessionTicked.connect(self._on_tick)
        controller.notificationDue.connect(self._on_notification)
        controller.sessionExpired.connect(self._on_expired)
        controller.errorOccurred.connect(self._show_error)
        controller.discoveryChanged.connect(self.discovery_search.refresh)
        controller.loginRequested.connect(self.ask_login)
        controller.loginWithdrawn.connect(self._withdraw_login)
        self.show_page(self.servers_page)

    # -- navigation --------------------------------------------------------------------------------------

    def show_page(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)
        page.setFocus()

    @property
    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def show_add_page(self) -> None:
        """The Add server page, cleared, with the organizations fetched (once an hour at most)."""
        self.add_page.reset()
        self.discovery_search.reset()
        self._controller.ensure_organizations()
        self.show_page(self.add_page)
        if self._controller.discovery_enabled:
            self.discovery_search.search_edit.setFocus()
        else:
            self.add_page.url_edit.setFocus()

    def take_over(self, old: MainWindow) -> None:
        """Stand in for ``old`` (rebuilt for a new language): same place, size, page and state."""
        self.setGeometry(old.geometry())
        self.stack.setCurrentIndex(old.stack.currentIndex())
        controller = self._controller
        self.connection_page.show_connection(controller.connection)
        self._on_state(controller.state.value)
        if controller.state is ControllerState.ERROR:
            self._show_error(controller.last_error)
        if old.isVisible():
            self.show()
        if old.login_dialog is not None:  # the question moves over, in the new language
            prompt = old.login_dialog.prompt
            old._withdraw_login()
            self.ask_login(prompt)

    def bring_to_front(self) -> None:
        self.show()
        self.setWindowState(self.windowState() & ~self.windowState().WindowMinimized)
        self.raise_()
        self.activateWindow()

    # -- controller signals --------------------------------------------------------------------------

    def _on_state(self, value: str) -> None:
        state = ControllerState(value)
        if state in BUSY_STATES:
            self._show_error(None)
        self.servers_page.on_state_changed()
        self.add_page.on_state_changed()
        self.discovery_search.set_busy(self._controller.busy)
        self.connection_page.on_state_changed()
        if self.tray is not None:
            self.tray.set_state(state)
        on_add = self.current_page is self.add_page
        active = (ControllerState.CONNECTING, ControllerState.CONNECTED, ControllerState.DISCONNECTING)
        if state in active or (state is ControllerState.AUTHORIZING and not on_add):
            self.show_page(self.connection_page)

    def _on_servers_changed(self) -> None:
        self.servers_page.refresh()
        orphaned = self.current_page is self.connection_page and self._controller.connection is None
        if self.current_page is self.add_page or orphaned:
            self.show_page(self.servers_page)

    def _on_profiles(self, url: str, profiles: list[Profile], preselect: str | None) -> None:
        self.profiles_page.show_profiles(url, profiles, preselect)
        self.show_page(self.profiles_page)

    def _on_tick(self, tick: SessionTick) -> None:
        self.connection_page.show_tick(tick)

    def _on_notification(self, seconds_left: int) -> None:
        text = notification_text(seconds_left)
        self.statusBar().showMessage(text)
        if self.tray is not None:
            hint = self.tr("Click here to log in again and renew the session.")
            self.tray.show_message("Sluis", f"{text}\n{hint}")

    def _on_expired(self) -> None:
        self.connection_page.on_state_changed()
        self.show_page(self.connection_page)

    def _show_error(self, message: str | None) -> None:
        self.error_label.setText(message or "")
        self.error_label.setVisible(bool(message))
        self.dismiss_button.setVisible(bool(message))

    def _dismiss_error(self) -> None:
        self._show_error(None)
        self._controller.dismiss_error()

    # -- the VPN login -------------------------------------------------------------------------------

    def ask_login(self, prompt: LoginPrompt) -> LoginDialog:
        """Ask the controller's login question (``open()``); the answer, or ``None`` for Cancel,
        goes back through ``answer_login`` when the dialog closes."""
        self._withdraw_login()
        dialog = LoginDialog(prompt, self)
        self.login_dialog = dialog

        def finished(result: int) -> None:
            if self.login_dialog is dialog:  # not a question withdrawn or replaced meanwhile
                self.login_dialog = None
                accepted = result == QDialog.DialogCode.Accepted.value
                self._controller.answer_login(dialog.answer() if accepted else None)
            dialog.deleteLater()

        dialog.finished.connect(finished)
        if not self.isVisible():
            self.bring_to_front()  # from the tray: the question needs its window
        dialog.open()
        return dialog

    def _withdraw_login(self) -> None:
        dialog, self.login_dialog = self.login_dialog, None
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.reject()

    # -- closing -------------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tray is not None:
            event.ignore()
            self.hide()
            return
        event.accept()
        self._quit_app()
