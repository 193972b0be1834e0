"""The Help page: version, the backend in use, whether logins are kept in a secure keyring, and a
diagnostics file for a bug report.

The file dialog is opened with ``open()`` and answers through its signal: a nested ``exec()`` loop
inside the asyncio loop would stall every running operation while the dialog is up.
"""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import QDir, Qt
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


def contact_text(contact: str) -> str:
    """A contact as people read it: the address without ``mailto:`` or ``tel:``."""
    for prefix in ("mailto:", "tel:"):
        if contact.startswith(prefix):
            return contact.removeprefix(prefix)
    return contact


def contact_link(contact: str) -> str:
    """A link for the schemes a helpdesk uses; anything else is shown as plain text."""
    shown = html.escape(contact_text(contact))
    if contact.split(":", 1)[0].lower() in ("mailto", "tel", "https", "http"):
        return f'<a href="{html.escape(contact, quote=True)}">{shown}</a>'
    return shown


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

        # Each server's helpdesk, from the discovery lists (links open in the browser or mail app).
        self.support_title = QLabel(self.tr("Support"))
        self.support_title.setObjectName("sectionTitle")
        layout.addWidget(self.support_title)
        self.support_label = QLabel()
        self.support_label.setWordWrap(True)
        self.support_label.setOpenExternalLinks(True)
        self.support_label.setTextFormat(Qt.TextFormat.RichText)
        self.support_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.support_label.setAccessibleName(self.tr("Support contacts"))
        layout.addWidget(self.support_label)

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
        lines = []
        for name, contacts in self._controller.support_contacts():
            links = ", ".join(contact_link(c) for c in contacts)
            lines.append(f"{html.escape(name)}: {links}")
        self.support_label.setText("<br>".join(lines))
        self.support_title.setVisible(bool(lines))
        self.support_label.setVisible(bool(lines))

    def main_control(self) -> QWidget:
        """Where the focus goes when the page opens."""
        return self.diagnostics_button

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
