"""The Servers page: the added servers grouped as eduVPN groups them, drawn as rich rows (name,
flag or type icon, last profile, a live status dot; ``gui.ui.server_delegate``). Activating a row
opens the server's status screen; it never connects or disconnects. Log in again, Change location
and Remove are in the row's context menu and under "More"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.controller.viewmodel import ControllerPort, ServerGroup, ServerItem
from gui.ui.server_delegate import SERVER_ROLE, ServerDelegate

if TYPE_CHECKING:
    # Opened from the More menu; loaded then, with the discovery model (not for the first frame).
    from gui.ui.location_dialog import LocationDialog

URL_ROLE = Qt.ItemDataRole.UserRole


class ServersPage(QWidget):
    addRequested = Signal()
    # A server was activated (Enter, double-click): the window opens its status screen.
    openRequested = Signal(str)
    # "Import profile…" asks for a file; the window's links (gui.ui.window_links) open the dialog.
    importRequested = Signal()

    def __init__(self, controller: ControllerPort, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        # The open "Remove server?" question, if any.
        self.confirm_box: QMessageBox | None = None
        self.context_menu: QMenu | None = None
        self.confirm_button: QPushButton | None = None
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Your servers"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.empty_label = QLabel(self.tr("No servers yet. Add one to get started."))
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName(self.tr("Servers"))
        self.tree.itemActivated.connect(lambda _item, _col: self._open())
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.tree, 1)

        self._delegate = ServerDelegate(controller, self.tree)
        self.tree.setItemDelegate(self._delegate)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)

        # Actions for the selected server: in its context menu and under "More".
        self.reauth_action = QAction(self.tr("&Log in again"), self)
        self.reauth_action.triggered.connect(self._reauthorize)
        self.location_action = QAction(self.tr("Change l&ocation…"), self)
        self.location_action.triggered.connect(self.show_locations)
        self.remove_action = QAction(self.tr("&Remove…"), self)
        self.remove_action.triggered.connect(self._remove)
        self.more_menu = QMenu(self)
        for action in (self.reauth_action, self.location_action, self.remove_action):
            self.more_menu.addAction(action)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add server…"))
        self.add_button.clicked.connect(self.addRequested)
        self.connect_button = QPushButton(self.tr("&Connect"))
        self.connect_button.clicked.connect(self._connect)
        self.more_button = QPushButton(self.tr("&More"))
        self.more_button.setAccessibleName(self.tr("More actions for the selected server"))
        self.more_button.setMenu(self.more_menu)
        self.import_button = QPushButton(self.tr("&Import profile…"))
        self.import_button.setAccessibleName(self.tr("Import a VPN profile file"))
        self.import_button.setToolTip(self.tr("Import an OpenVPN (.ovpn) or WireGuard (.conf) profile file"))
        self.import_button.clicked.connect(self.importRequested)
        for button in (self.connect_button, self.more_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        more = QHBoxLayout()
        more.addWidget(self.add_button)
        more.addWidget(self.import_button)
        more.addStretch(1)
        layout.addLayout(more)
        # The open Secure Internet locations list, if any.
        self.location_dialog: LocationDialog | None = None
        self.refresh()

    def _group_title(self, group: ServerGroup) -> str:
        titles = {
            ServerGroup.INSTITUTE_ACCESS: self.tr("Institute Access"),
            ServerGroup.SECURE_INTERNET: self.tr("Secure Internet"),
            ServerGroup.CUSTOM: self.tr("Other servers"),
            ServerGroup.IMPORTED: self.tr("Imported profiles"),
        }
        return titles[group]

    def refresh(self) -> None:
        """Rebuild the list from the controller, keeping the selection."""
        selected = self.selected_url()
        self.tree.clear()
        keep: QTreeWidgetItem | None = None
        servers = self._controller.servers()
        languages = self._controller.languages
        for group in ServerGroup:
            members = [s for s in servers if s.group is group]
            if not members:
                continue
            header = QTreeWidgetItem([self._group_title(group)])
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = header.font(0)
            font.setBold(True)
            header.setFont(0, font)
            self.tree.addTopLevelItem(header)
            for server in sorted(members, key=lambda s: s.name(languages).casefold()):
                name = server.name(languages)
                if server.delisted:
                    name = self.tr("{name} (no longer listed)").format(name=name)
                item = QTreeWidgetItem([name])
                item.setData(0, URL_ROLE, server.base_url)
                item.setData(0, SERVER_ROLE, server)
                item.setData(0, Qt.ItemDataRole.AccessibleDescriptionRole, self._delegate.subtitle(server))
                item.setToolTip(
                    0,
                    server.base_url
                    if not server.delisted
                    else self.tr("{url}: this server is no longer in the eduVPN server list.").format(
                        url=server.base_url
                    ),
                )
                header.addChild(item)
                if server.base_url == selected:
                    keep = item
            header.setExpanded(True)
        if keep is not None:
            # Current, not only selected: the buttons follow the current row.
            self.tree.setCurrentItem(keep)
        self.empty_label.setVisible(not servers)
        if selected is None and servers:
            first = self.tree.topLevelItem(0)
            child = first.child(0) if first is not None else None
            if child is not None:
                self.tree.setCurrentItem(child)
        self._update_buttons()

    def selected_url(self) -> str | None:
        item = self.tree.currentItem()
        if item is None or not item.isSelected():
            return None
        url = item.data(0, URL_ROLE)
        return url if isinstance(url, str) else None

    def server_items(self) -> list[QTreeWidgetItem]:
        """The server rows (not the group headers), in display order."""
        rows: list[QTreeWidgetItem] = []
        for i in range(self.tree.topLevelItemCount()):
            header = self.tree.topLevelItem(i)
            if header is None:
                continue
            rows.extend(c for j in range(header.childCount()) if (c := header.child(j)) is not None)
        return rows

    def select(self, url: str) -> None:
        for item in self.server_items():
            if item.data(0, URL_ROLE) == url:
                self.tree.setCurrentItem(item)
                return

    def _update_buttons(self) -> None:
        url = self.selected_url()
        has = url is not None and not self._controller.busy
        self.connect_button.setEnabled(has)
        self.more_button.setEnabled(url is not None)
        for action in (self.reauth_action, self.remove_action, self.location_action):
            action.setEnabled(has)
        server = self._server(url)
        self.reauth_action.setVisible(server is not None and server.group is not ServerGroup.IMPORTED)
        self.location_action.setVisible(url is not None and bool(self._controller.locations(url)))

    def _server(self, url: str | None) -> ServerItem | None:
        return next((s for s in self._controller.servers() if s.base_url == url), None)

    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is None or item.data(0, URL_ROLE) is None:
            return
        self.tree.setCurrentItem(item)
        menu = QMenu(self)
        url = self.selected_url()
        if url is not None and self._controller.is_connected_to(url):
            menu.addAction(self.tr("&Disconnect"), self._controller.disconnect_vpn)
        else:
            menu.addAction(self.tr("&Connect"), self._connect)
        menu.addSeparator()
        for action in self.more_menu.actions():
            if action.isVisible():
                menu.addAction(action)
        menu.popup(self.tree.viewport().mapToGlobal(pos))
        self.context_menu = menu

    def show_locations(self) -> None:
        """The Secure Internet countries with flags and localized names (non-blocking dialog);
        choosing one switches the server's location through the controller."""
        url = self.selected_url()
        item = self.tree.currentItem()
        if url is None or item is None:
            return
        current = self._controller.location_in_use(url)
        from gui.ui.location_dialog import LocationDialog

        dialog = LocationDialog(item.text(0), self._controller.locations(url), current, self)
        dialog.locationChosen.connect(lambda chosen: self._controller.change_location(url, chosen))
        dialog.finished.connect(dialog.deleteLater)
        self.location_dialog = dialog
        dialog.open()

    def _open(self) -> None:
        """Activating a row opens the server's status screen; it never connects or disconnects."""
        url = self.selected_url()
        if url is not None:
            self.openRequested.emit(url)

    def _connect(self) -> None:
        url = self.selected_url()
        if url is None or self._controller.busy:
            return
        if self._controller.is_connected_to(url):
            self.openRequested.emit(url)  # connected already: its status, the tunnel untouched
            return
        self._controller.connect_server(url)

    def _reauthorize(self) -> None:
        url = self.selected_url()
        if url is not None:
            self._controller.reauthorize(url)

    def _remove(self) -> None:
        """Ask first: removing forgets the login (the next add means logging in again) and ends a
        connection to that server. The box answers through a signal (``open()``, not ``exec()``)."""
        url = self.selected_url()
        item = self.tree.currentItem()
        if url is None or item is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove server"),
            self.tr("Remove {name}? Sluis forgets its login, and a connection to it ends.").format(
                name=item.text(0)
            ),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        # A plain button: a standard "Yes" carries a green check in some styles, wrong for removing.
        confirm = box.addButton(self.tr("&Remove"), QMessageBox.ButtonRole.DestructiveRole)
        self.confirm_button = confirm

        def answered(_result: int) -> None:
            if box.clickedButton() is confirm:
                self._controller.remove_server(url)
            box.deleteLater()
            self.confirm_box = None

        box.finished.connect(answered)
        self.confirm_box = box
        box.open()

    def on_state_changed(self) -> None:
        self._update_buttons()
        self.refresh_status()

    def refresh_status(self) -> None:
        """The connected server's mark (dot, words, description) follows the connection and the
        state, in place: the list is not rebuilt under the user's hands."""
        for item in self.server_items():
            server = item.data(0, SERVER_ROLE)
            if isinstance(server, ServerItem):
                item.setData(0, Qt.ItemDataRole.AccessibleDescriptionRole, self._delegate.subtitle(server))
        self.tree.viewport().update()

    def main_control(self) -> QWidget:
        return self.tree if self.server_items() else self.add_button
