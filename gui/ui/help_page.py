"""The Help page: version, the backend in use, and whether logins are kept in a secure keyring."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from gui.controller.viewmodel import ControllerPort


class HelpPage(QWidget):
    def __init__(self, controller: ControllerPort, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        info = controller.app_info
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("About Sluis"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        form = QFormLayout()
        self.version_label = QLabel(info.version)
        self.backend_label = QLabel(info.backend_name)
        if info.keyring_persistent:
            keyring = self.tr("Logins are kept in the system keyring ({backend}).").format(
                backend=info.keyring_backend
            )
        else:
            keyring = self.tr(
                "No secure keyring is available: logins are kept only until Sluis quits, "
                "and you will have to log in again after a restart."
            )
        self.keyring_label = QLabel(keyring)
        self.keyring_label.setWordWrap(True)
        form.addRow(self.tr("Version:"), self.version_label)
        form.addRow(self.tr("VPN backend:"), self.backend_label)
        form.addRow(self.tr("Keyring:"), self.keyring_label)
        layout.addLayout(form)
        layout.addStretch(1)
