"""The Add server page: the eduVPN server search (``gui.ui.discovery_search``, placed in
``discovery_area`` when discovery is on) above a plain address box that always works."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from gui.controller.viewmodel import ControllerPort, ControllerState


class AddServerPage(QWidget):
    cancelled = Signal()

    def __init__(self, controller: ControllerPort, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Add a server"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        # Where the discovery search (institutes, secure internet) is placed when it exists.
        self.discovery_area = QVBoxLayout()
        layout.addLayout(self.discovery_area, 1)
        label = QLabel(self.tr("Server &address:"))
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("vpn.example.org")
        self.url_edit.setAccessibleName(self.tr("Server address"))
        label.setBuddy(self.url_edit)
        self.url_edit.textChanged.connect(self._update)
        self.url_edit.returnPressed.connect(self._add)
        layout.addWidget(label)
        layout.addWidget(self.url_edit)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
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
        layout.addStretch(1)
        self._update()

    def set_discovery_widget(self, widget: QWidget) -> None:
        """The seam for the discovery search: it asks the controller to add what the user picks."""
        self.discovery_area.addWidget(widget)

    def reset(self) -> None:
        self.url_edit.clear()
        self.status_label.clear()
        self._update()

    def _authorizing(self) -> bool:
        return self._controller.state is ControllerState.AUTHORIZING

    def _update(self) -> None:
        busy = self._controller.busy
        self.add_button.setEnabled(bool(self.url_edit.text().strip()) and not busy)
        self.url_edit.setEnabled(not busy)
        if self._authorizing():
            self.status_label.setText(self.tr("Log in in your web browser to finish adding the server."))

    def _add(self) -> None:
        url = self.url_edit.text().strip()
        if url and not self._controller.busy:
            self._controller.add_server(url)

    def _cancel(self) -> None:
        if self._authorizing():
            self._controller.cancel()
        self.cancelled.emit()

    def on_state_changed(self) -> None:
        if self._controller.state is ControllerState.ERROR and self._controller.last_error:
            self.status_label.setText(self._controller.last_error)
        elif not self._authorizing():
            self.status_label.clear()
        self._update()
