"""The main window: a row of navigation tabs, one page at a time, and an error banner over it.

Navigation is a row of checkable tabs (Status, Servers, Settings, Help) rather than a sidebar: the
window must stay usable near 360 px wide, where a sidebar would eat a third of it; the selected tab
is marked and the focused one ringed. The window follows the controller: a profile choice shows the
Profiles page, a connect that starts shows the status screen, a newly added server the Servers
page. Esc cancels what waits or goes back. Closing hides the window when a tray icon exists (the VPN
stays up) and quits otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.controller.viewmodel import BUSY_STATES, ControllerPort, ControllerState, SessionTick
from gui.ui.error_banner import ErrorBanner, NextStep
from gui.ui.icons import app_icon
from gui.ui.texts import notification_text
from gui.ui.tray_port import MessageKind, Tray

if TYPE_CHECKING:
    # The pages' modules load when their page is built (``_build_page``): a fast start builds only
    # the page of its first frame before it, the rest right after (``finish_build``).
    from gui.core.profile_secrets import LoginPrompt
    from gui.core.profiles import Profile
    from gui.ui.add_server_page import AddServerPage
    from gui.ui.connection_page import ConnectionPage
    from gui.ui.discovery_search import DiscoverySearch
    from gui.ui.help_page import HelpPage
    from gui.ui.login_dialog import LoginDialog
    from gui.ui.profiles_page import ProfilesPage
    from gui.ui.servers_page import ServersPage
    from gui.ui.settings_page import SettingsPage

# The pages' content is never wider than this; a wider window centres it.
CONTENT_MAX_WIDTH = 640


class MainWindow(QMainWindow):
    # The pages, built by ``_build_page`` (all of them once ``finish_build`` has run).
    servers_page: ServersPage
    add_page: AddServerPage
    discovery_search: DiscoverySearch
    profiles_page: ProfilesPage
    connection_page: ConnectionPage
    settings_page: SettingsPage
    help_page: HelpPage

    def __init__(
        self,
        controller: ControllerPort,
        *,
        tray: Tray | None = None,
        quit_app: Callable[[], object] | None = None,
        parent: QWidget | None = None,
        fast: bool = False,
    ) -> None:
        """``fast``: build only the page the window opens on, for the start's first frame; the caller
        runs ``finish_build`` right after it (the window does not follow the controller before)."""
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
        nav.setSpacing(2)
        self.status_nav = QPushButton(self.tr("Stat&us"))
        self.servers_nav = QPushButton(self.tr("Ser&vers"))
        self.settings_nav = QPushButton(self.tr("Se&ttings"))
        self.help_nav = QPushButton(self.tr("&Help"))
        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        for button in (self.status_nav, self.servers_nav, self.settings_nav, self.help_nav):
            button.setObjectName("nav")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.nav_group.addButton(button)
            nav.addWidget(button)
        self.status_nav.setAccessibleDescription(self.tr("The state of your VPN connection"))
        nav.addStretch(1)
        outer.addLayout(nav)

        self.stack = QStackedWidget()
        # The pages' content keeps a readable width, centred in a wide window.
        self.stack.setMaximumWidth(CONTENT_MAX_WIDTH)
        self.page_host = QWidget()
        host_layout = QHBoxLayout(self.page_host)
        host_layout.setContentsMargins(0, 0, 0, 0)
        host_layout.addStretch(1)
        host_layout.addWidget(self.stack, 1000)  # all the room up to its cap, the rest either side
        host_layout.addStretch(1)
        outer.addWidget(self.page_host, 1)
        # Errors lie over the page (``ErrorBanner``): nothing on it moves when one shows.
        self.banner = ErrorBanner(self.stack)
        self.banner.stepRequested.connect(self._on_step)
        self.banner.dismissed.connect(self._controller.dismiss_error)
        self.error_label = self.banner.label
        self.dismiss_button = self.banner.close_button
        self.setCentralWidget(central)
        central.setStyleSheet(
            "QLabel#pageTitle { font-size: 15pt; font-weight: bold; }"
            "QLabel#sectionTitle { font-weight: bold; margin-top: 8px; }"
            "QPushButton#nav { border: 2px solid transparent; border-radius: 4px; padding: 4px 8px; }"
            "QPushButton#nav:checked { border-bottom-color: palette(highlight); }"
            "QPushButton#nav:focus { border-color: palette(highlight); }"
            "QPushButton#nav:hover { background: palette(midlight); }"
        )

        self.status_nav.clicked.connect(lambda: self.show_page(self._page("connection_page")))
        self.servers_nav.clicked.connect(lambda: self.show_page(self._page("servers_page")))
        self.settings_nav.clicked.connect(lambda: self.show_page(self._page("settings_page")))
        self.help_nav.clicked.connect(lambda: self.show_page(self._page("help_page")))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Quit), self, self.confirm_quit)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WindowShortcut)
        escape.activated.connect(self.escape)

        self._state = controller.state
        # The "quitting ends the connection" question on screen, if any.
        self.quit_box: QMessageBox | None = None
        self._placed = False
        # The organizations download asked for by the add page (``None``: not asked while online).
        self._organizations: object | None = None
        self._server_count = len(controller.servers())
        # The notifications told in this session (never the same one twice).
        self._notified: set[str] = set()
        # Whether every page exists and the controller's signals reach the window (``finish_build``).
        self.built = False
        self._fast = fast
        first = self._first_page_name()
        self._build_page(first)
        if not fast:
            self.finish_build()
        self._update_nav()
        if first == "connection_page":
            self.show_page(self.connection_page)
        elif first == "add_page":
            self.show_add_page()  # first start: searching is the first thing to do
        else:
            self.show_page(self.servers_page)

    # -- building ------------------------------------------------------------------------------------

    # Every page, in the stack's order (``take_over`` finds a page of the old window by its index).
    PAGES = (
        "servers_page",
        "add_page",
        "profiles_page",
        "connection_page",
        "settings_page",
        "help_page",
    )

    def _first_page_name(self) -> str:
        """The page the window opens on: the status screen of a connection, the search at first
        start, else the list of servers."""
        if self._controller.connection is not None:
            return "connection_page"
        if not self._controller.servers():
            return "add_page"
        return "servers_page"

    def _build_page(self, name: str) -> None:
        """Create the page ``name`` (importing its module only now) and put it at its place in the
        stack, with its own signals wired to the window."""
        if name in self.__dict__:
            return
        controller = self._controller
        page: QWidget
        if name == "servers_page":
            from gui.ui.servers_page import ServersPage

            self.servers_page = page = ServersPage(controller)
            self.servers_page.addRequested.connect(self.show_add_page)
            self.servers_page.openRequested.connect(self.open_server)
        elif name == "add_page":
            from gui.ui.add_server_page import AddServerPage

            self.add_page = page = AddServerPage(controller, search_coming=self._fast)
            if not self._fast:
                self._build_discovery_search()
            self.add_page.cancelled.connect(lambda: self.show_page(self.servers_page))
            # Correcting what was typed answers the error: it goes (it would cover the field).
            self.add_page.url_edit.textEdited.connect(lambda _text: self._clear_banner_for(self.add_page))
        elif name == "profiles_page":
            from gui.ui.profiles_page import ProfilesPage

            self.profiles_page = page = ProfilesPage(controller)
            self.profiles_page.backRequested.connect(self._profiles_back)
        elif name == "connection_page":
            from gui.ui.connection_page import ConnectionPage

            self.connection_page = page = ConnectionPage(controller)
        elif name == "settings_page":
            from gui.ui.settings_page import SettingsPage

            self.settings_page = page = SettingsPage(controller)
        else:
            from gui.ui.help_page import HelpPage

            self.help_page = page = HelpPage(controller)
        before = [self.__dict__[n] for n in self.PAGES[: self.PAGES.index(name)] if n in self.__dict__]
        self.stack.insertWidget(len(before), page)
        self.banner.raise_()  # errors lie over every page

    def _build_discovery_search(self) -> None:
        """The add page's search of the organizations: its list is the dearest widget of the window
        to create (PySide6 makes the item views' enums on first use), so a fast start draws the
        first frame without it."""
        if "discovery_search" in self.__dict__:
            return
        from gui.ui.discovery_search import DiscoverySearch

        self.discovery_search = DiscoverySearch(self._controller, field=self.add_page.url_edit)
        self.add_page.set_discovery_widget(self.discovery_search)

    def _page(self, name: str) -> QWidget:
        """The page ``name``, the build finished first (a click that beats the first frame's
        follow-up still finds every page)."""
        self.finish_build()
        page: QWidget = self.__dict__[name]
        return page

    def finish_build(self) -> None:
        """Build the pages a fast start left for after its first frame and connect the controller's
        signals: from here on the window is what a full ``MainWindow(controller)`` is at once."""
        if self.built:
            return
        for name in self.PAGES:
            self._build_page(name)
        self._build_discovery_search()
        self.built = True
        controller = self._controller
        controller.stateChanged.connect(self._on_state)
        controller.serversChanged.connect(self._on_servers_changed)
        controller.profilesOffered.connect(self._on_profiles)
        controller.connectionChanged.connect(self._on_connection)
        controller.sessionTicked.connect(self._on_tick)
        controller.trafficChanged.connect(self.connection_page.show_traffic)
        controller.notificationDue.connect(self._on_notification)
        controller.sessionExpired.connect(self._on_expired)
        controller.errorOccurred.connect(self._show_error)
        controller.discoveryChanged.connect(self._on_discovery_changed)
        controller.loginRequested.connect(self.ask_login)
        controller.loginWithdrawn.connect(self._withdraw_login)

    # -- navigation --------------------------------------------------------------------------------------

    def show_page(self, page: QWidget) -> None:
        """Show ``page`` with its navigation entry selected and the focus on its main control; an
        error shown for another page goes (it belonged there)."""
        if self.banner.page is not None and self.banner.page is not page:
            self.banner.clear()
        self.stack.setCurrentWidget(page)
        built = self.__dict__
        selected = {
            built.get("connection_page"): self.status_nav,
            built.get("settings_page"): self.settings_nav,
            built.get("help_page"): self.help_nav,
        }.get(page, self.servers_nav)
        selected.setChecked(True)
        if self.banner.isVisible():
            self.banner.raise_()
        self._focus_main_control(page)

    def _focus_main_control(self, page: QWidget) -> None:
        """The page's ``main_control()`` (the list, the field, the big button) when it has one."""
        main = getattr(page, "main_control", None)
        target = main() if callable(main) else None
        if isinstance(target, QWidget) and target.isEnabled():
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            page.setFocus()

    @property
    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def home_page(self) -> QWidget:
        """Where Esc and Back lead: the status screen of a connected or shown server, else the list."""
        controller = self._controller
        if controller.connection is not None or controller.viewing is not None:
            return self.connection_page
        return self.servers_page

    def escape(self) -> None:
        """Esc: cancel what waits (a login in the browser, a connect), else close the error,
        else go back."""
        controller = self._controller
        self.finish_build()
        if controller.state in (ControllerState.AUTHORIZING, ControllerState.CONNECTING):
            controller.cancel()
            return
        if self.banner.isVisible():
            self.banner.clear()
            controller.dismiss_error()
            return
        page = self.current_page
        if page is self.add_page:
            self.show_page(self.servers_page)
        elif page is self.profiles_page:
            self._profiles_back()
        elif page is not self.home_page():
            self.show_page(self.home_page())

    def open_server(self, url: str) -> None:
        """A server activated in the list: its status screen (it never connects or disconnects)."""
        self._controller.open_server(url)
        self.show_page(self.connection_page)

    def _profiles_back(self) -> None:
        self._controller.close_profiles()
        self.show_page(self.home_page())

    def show_add_page(self) -> None:
        """The Add server page, cleared, with the organizations fetched (once an hour at most)."""
        self.add_page.reset()
        if "discovery_search" in self.__dict__:  # a fast start's first frame comes without it
            self.discovery_search.reset()
        self._organizations = self._controller.ensure_organizations()
        self.show_page(self.add_page)
        self.add_page.url_edit.setFocus()

    def take_over(self, old: MainWindow) -> None:
        """Stand in for ``old`` (rebuilt for a new language): same place, size, page and state."""
        self.setGeometry(old.geometry())
        old_page = old.current_page
        index = old.stack.indexOf(old_page) if old_page is not None else 0
        page = self.stack.widget(index)
        self.show_page(page if page is not None else self.servers_page)
        controller = self._controller
        self.connection_page.refresh()
        self.connection_page.show_traffic(controller.traffic)
        self._on_state(controller.state.value)
        if controller.state is ControllerState.ERROR and controller.last_error:
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
        previous, self._state = self._state, state
        if state in BUSY_STATES and self.banner.isVisible():
            self.banner.clear()  # a new attempt: the old failure is no longer the news
        self.servers_page.on_state_changed()
        self.add_page.on_state_changed()
        self.discovery_search.set_busy(self._controller.busy)
        self.connection_page.on_state_changed()
        self._update_nav()
        if self.tray is not None:
            self.tray.set_state(state)
        if state is not previous and state in (ControllerState.AUTHORIZING, ControllerState.CONNECTED):
            # "The session has ended" is old news once the user logs in again or is connected.
            self.statusBar().clearMessage()
        if state is ControllerState.CONNECTED and previous is not ControllerState.CONNECTED:
            self._notified.clear()  # a new session: its thresholds may be told again
        # The status screen comes forward when a connect or a login for it starts, never on a
        # mere "still connected" (a failed add while connected stays on the add page).
        starts = state is not previous and (
            state is ControllerState.CONNECTING
            or (state is ControllerState.AUTHORIZING and self.current_page is not self.add_page)
        )
        if starts and self.current_page is not self.settings_page:
            self.show_page(self.connection_page)

    def _on_connection(self, _info: object) -> None:
        self.connection_page.refresh()
        self.servers_page.refresh_status()
        self._update_nav()

    def _update_nav(self) -> None:
        controller = self._controller
        self.status_nav.setEnabled(controller.connection is not None or controller.viewing is not None)

    def _on_servers_changed(self) -> None:
        self.servers_page.refresh()
        count, self._server_count = self._server_count, len(self._controller.servers())
        added = self._server_count > count
        orphaned = self.current_page is self.connection_page and self._controller.connection is None
        if (self.current_page is self.add_page and added) or orphaned:
            self.show_page(self.servers_page)

    def _on_discovery_changed(self) -> None:
        self.discovery_search.refresh()
        # The add page opened at first start, before discovery went online: fetch the
        # organizations now, once (``ensure_organizations`` gives no task while offline).
        if self.current_page is self.add_page and self._organizations is None:
            self._organizations = self._controller.ensure_organizations()

    def _on_profiles(self, url: str, profiles: list[Profile], preselect: str | None) -> None:
        self.profiles_page.show_profiles(url, profiles, preselect)
        self.show_page(self.profiles_page)

    def _on_tick(self, tick: SessionTick) -> None:
        self.connection_page.show_tick(tick)

    def _on_notification(self, seconds_left: int) -> None:
        """A session threshold: once per threshold and session, with the icon of its kind."""
        text = notification_text(seconds_left)
        if text in self._notified:
            return
        self._notified.add(text)
        self.statusBar().showMessage(text)
        if self.tray is not None:
            hint = self.tr("Click here to log in again and renew the session.")
            kind = MessageKind.ENDED if seconds_left <= 0 else MessageKind.WARNING
            self.tray.show_message("Sluis", f"{text}\n{hint}", kind)

    def _on_expired(self) -> None:
        self.connection_page.refresh()
        self.show_page(self.connection_page)

    def _show_error(self, message: str | None) -> None:
        if not message:
            self.banner.clear()
            return
        page = self.current_page
        step = NextStep.NONE
        if page is self.add_page:
            step = NextStep.CHECK_ADDRESS
        elif page is self.connection_page and self._controller.connection is not None:
            step = NextStep.TRY_AGAIN
        self.banner.show_error(message, page, step)

    def _on_step(self, step: str) -> None:
        if step == NextStep.CHECK_ADDRESS.value:
            self.banner.clear()
            self._controller.dismiss_error()
            self.add_page.focus_address()
        elif step == NextStep.TRY_AGAIN.value:
            self.banner.clear()
            self._controller.reconnect()

    def _clear_banner_for(self, page: QWidget) -> None:
        if self.banner.page is page and self.banner.isVisible():
            self.banner.clear()
            self._controller.dismiss_error()

    # -- the VPN login -------------------------------------------------------------------------------

    def ask_login(self, prompt: LoginPrompt) -> LoginDialog:
        """Ask the controller's login question (``open()``); the answer, or ``None`` for Cancel,
        goes back through ``answer_login`` when the dialog closes."""
        from gui.ui.login_dialog import LoginDialog  # on the first question only

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
        self._controller.save_window_state(geometry=bytes(self.saveGeometry().toBase64().data()).decode())
        if self.tray is not None:
            event.ignore()
            self.hide()
            if not self._controller.window_state().get("tray_hint_shown"):
                # Once: where the window went, and that the VPN stays as it is.
                self.tray.show_message(
                    "Sluis",
                    self.tr("Sluis keeps running in the system tray. Use Quit in its menu to end it."),
                    MessageKind.INFO,
                )
                self._controller.save_window_state(tray_hint_shown=True)
            return
        if self._controller.state in (ControllerState.CONNECTED, ControllerState.CONNECTING):
            event.ignore()  # the question decides; closing alone must not drop the VPN
        else:
            event.accept()
        self.confirm_quit()

    def confirm_quit(self) -> None:
        """Quit, after asking while a VPN connection is up or coming up (quitting ends it)."""
        controller = self._controller
        if controller.state not in (ControllerState.CONNECTED, ControllerState.CONNECTING):
            self._quit_app()
            return
        if self.quit_box is not None:
            self.quit_box.raise_()
            return
        info = controller.connection
        name = info.server.name(controller.languages) if info is not None else ""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Quit Sluis"),
            self.tr("Quitting ends the VPN connection to {server}.").format(server=name),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        confirm = box.addButton(self.tr("&Quit and disconnect"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered(_result: int) -> None:
            self.quit_box = None
            box.deleteLater()
            if box.clickedButton() is confirm:
                self._quit_app()

        box.finished.connect(answered)
        self.quit_box = box
        if not self.isVisible():
            self.bring_to_front()
        box.open()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._placed:
            self._placed = True
            self._place_on_screen()
        super().showEvent(event)

    def _place_on_screen(self) -> None:
        """The kept size and place, else a comfortable size; either way inside the screen's free
        area at any scale (a window taller than the screen hides its own buttons)."""
        kept = self._controller.window_state().get("geometry")
        if isinstance(kept, str) and kept:
            self.restoreGeometry(QByteArray.fromBase64(kept.encode()))
        free = self.screen().availableGeometry()
        width = min(self.width(), free.width())
        height = min(self.height(), free.height())
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        frame = self.frameGeometry()
        if not free.contains(frame):
            x = min(max(frame.x(), free.x()), free.right() - frame.width() + 1)
            y = min(max(frame.y(), free.y()), free.bottom() - frame.height() + 1)
            self.move(max(x, free.x()), max(y, free.y()))
