"""The Add server page, search first: one field for names and addresses.

With eduVPN's discovery on, the field searches institutes and organizations as the user types and
the results (``gui.ui.discovery_search``, placed under the field) put "Add https://…" first for
anything that looks like an address; Add and Enter add the chosen or first result. Without
discovery (Let's Connect!, or the setting off) the same field takes a server's address. The layout
is fixed: results and notes change in place, nothing under the field moves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from gui.controller.viewmodel import ControllerPort, ControllerState

if TYPE_CHECKING:  # given by the window (``set_discovery_widget``), after a fast start's first frame
    from gui.ui.discovery_search import DiscoverySearch


class AddServerPage(QWidget):
    cancelled = Signal()

    def __init__(
        self, controller: ControllerPort, parent: QWidget | None = None, *, search_coming: bool = False
    ) -> None:
        """``search_coming``: the discovery search is set in right after the window's first frame
        (``set_discovery_widget``); the field says what it is for from that first frame on, so
        nothing changes under the user's eye."""
        super().__init__(parent)
        self._controller = controller
        self._search: DiscoverySearch | None = None
        self._search_coming = search_coming
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Add a server"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.field_label = QLabel()
        self.field_label.setWordWrap(True)
        self.url_edit = QLineEdit()
        self.field_label.setBuddy(self.url_edit)
        self.url_edit.textChanged.connect(self._update)
        self.url_edit.returnPressed.connect(self._add)
        layout.addWidget(self.field_label)
        layout.addWidget(self.url_edit)
        # Where the discovery results are placed; it takes the room, so the rest never moves.
        self.discovery_area = QVBoxLayout()
        layout.addLayout(self.discovery_area, 1)
        # One line, always there: the browser login note appears without moving anything.
        self.status_label = QLabel(" ")
        self.status_label.setWordWrap(False)
        layout.addWidget(self.status_label)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add this server"))
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self._add)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.add_button)
        layout.addLayout(buttons)
        self.stretch_when_plain = QWidget()  # keeps the field at the top when there are no results
        layout.addWidget(self.stretch_when_plain, 1)
        self._update()

    def set_discovery_widget(self, widget: DiscoverySearch) -> None:
        """The seam for the discovery search: it shares this page's field and asks the controller
        to add what the user picks."""
        self._search = widget
        self.discovery_area.addWidget(widget)
        widget.resultsChanged.connect(self._update)
        self._update()

    def _searching(self) -> bool:
        arriving = self._search is not None or self._search_coming
        return arriving and self._controller.discovery_enabled

    def reset(self) -> None:
        self.url_edit.clear()
        self.status_label.setText(" ")
        self._update()

    def _authorizing(self) -> bool:
        return self._controller.state is ControllerState.AUTHORIZING

    def _update(self) -> None:
        busy = self._controller.busy
        searching = self._searching()
        if searching:
            self.field_label.setText(self.tr("&Search for your institute, organization or server:"))
            self.url_edit.setPlaceholderText(self.tr("University name, city or vpn.example.org"))
            self.url_edit.setAccessibleName(self.tr("Search for a server"))
            ready = self._search is not None and self._search.has_results()
        else:
            self.field_label.setText(self.tr("Server &address:"))
            self.url_edit.setPlaceholderText("vpn.example.org")
            self.url_edit.setAccessibleName(self.tr("Server address"))
            ready = bool(self.url_edit.text().strip())
        self.stretch_when_plain.setVisible(not searching)
        self.add_button.setEnabled(ready and not busy)
        self.url_edit.setReadOnly(busy)
        if self._authorizing():
            self.status_label.setText(self.tr("Log in in your web browser to finish adding the server."))

    def _add(self) -> None:
        if self._controller.busy:
            return
        if self._searching() and self._search is not None:
            self._search.add_current_or_first()
            return
        url = self.url_edit.text().strip()
        if url:
            self._controller.add_server(url)

    def _cancel(self) -> None:
        if self._authorizing():
            self._controller.cancel()
        self.cancelled.emit()

    def on_state_changed(self) -> None:
        # A failure is the window's banner's to show (once); what was typed stays for a retry.
        if not self._authorizing():
            self.status_label.setText(" ")
        self._update()

    def main_control(self) -> QWidget:
        return self.url_edit

    def focus_address(self) -> None:
        """ "Check the address": the typed address, selected for correcting."""
        self.url_edit.setFocus()
        self.url_edit.selectAll()
