"""The Help page: version, the backend in use, whether logins are kept in a secure keyring, and a
diagnostics file for a bug report.

The file dialog is opened with ``open()`` and answers through its signal: a nested ``exec()`` loop
inside the asyncio loop would stall every running operation while the dialog is up.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDir
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.controller.viewmodel import ControllerPort


class HelpPage(QWidget):
    def __init__(self, controller: ControllerPort, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("About Sluis"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        form = QFormLayout()
        self.version_label = QLabel()
        self.backend_label = QLabel()
        # Filled in when the page is shown: finding the keyring is not worth delaying the start.
        self.keyring_label = QLabel()
        self.keyring_label.setWordWrap(True)
        form.addRow(self.tr("Version:"), self.version_label)
        form.addRow(self.tr("VPN backend:"), self.backend_label)
        form.addRow(self.tr("Keyring:"), self.keyring_label)
        layout.addLayout(form)

        explain = QLabel(
            self.tr(
                "A diagnostics file helps your helpdesk: it holds versions, settings, your servers' "
                "addresses and the recent log, without passwords, tokens or keys."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        row = QHBoxLayout()
        self.diagnostics_button = QPushButton(self.tr("Save &diagnostics…"))
        self.diagnostics_button.clicked.connect(self.ask_diagnostics_file)
        row.addWidget(self.diagnostics_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.diagnostics_label = QLabel()
        self.diagnostics_label.setWordWrap(True)
        layout.addWidget(self.diagnostics_label)
        layout.addStretch(1)
        self.dialog: QFileDialog | None = None

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        info = self._controller.app_info
        self.version_label.setText(info.version)
        self.backend_label.setText(info.backend_name)
        if info.keyring_persistent:
            keyring = self.tr("Logins are kept in the system keyring ({backend}).").format(
                backend=info.keyring_backend
            )
        else:
            keyring = self.tr(
                "No secure keyring is available: logins are kept only until Sluis quits, "
                "and you will have to log in again after a restart."
            )
        self.keyring_label.setText(keyring)

    def ask_diagnostics_file(self) -> QFileDialog:
        """Open the save dialog without blocking; ``fileSelected`` writes the report."""
        name = f"sluis-diagnostics-{datetime.now():%Y%m%d-%H%M%S}.txt"
        dialog = QFileDialog(self, self.tr("Save diagnostics"), QDir.home().filePath(name))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilter(self.tr("Text files (*.txt)"))
        dialog.setDefaultSuffix("txt")
        dialog.fileSelected.connect(self.save_diagnostics)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def save_diagnostics(self, path: str) -> None:
        if self._controller.save_diagnostics(path):
            self.diagnostics_label.setText(self.tr("Saved to {path}").format(path=path))
        else:
            self.diagnostics_label.clear()
