"""The Settings page: every change is saved at once through the controller."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.controller.viewmodel import ControllerPort

# The languages Sluis ships translations for, by their own name (not translated on purpose).
LANGUAGES = (
    ("en", "English"),
    ("nl", "Nederlands"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
)


class SettingsPage(QWidget):
    def __init__(self, controller: ControllerPort, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        # In a scroll area: a long option in some language never sets the window's minimum width.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        scroll.setWidget(content)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        title = QLabel(self.tr("Settings"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        form = QFormLayout()
        self.prefer_tcp = QCheckBox(self.tr("Prefer T&CP (for networks that block UDP)"))
        self.start_at_login = QCheckBox(self.tr("Start at lo&gin"))
        self.start_hidden = QCheckBox(self.tr("Start hi&dden (in the tray)"))
        self.reconnect_at_start = QCheckBox(self.tr("&Reconnect to the last server at start"))
        self.show_discovery = QCheckBox(self.tr("Show the &eduVPN server search"))
        for box in (
            self.prefer_tcp,
            self.start_at_login,
            self.start_hidden,
            self.reconnect_at_start,
            self.show_discovery,
        ):
            form.addRow(box)
        self.protocol = QComboBox()
        self.protocol.setAccessibleName(self.tr("Preferred protocol"))
        self.protocol.addItem(self.tr("Let the server choose"), "")
        self.protocol.addItem("OpenVPN", "openvpn")
        self.protocol.addItem("WireGuard", "wireguard")
        form.addRow(self.tr("Preferred &protocol:"), self.protocol)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        self.language.addItem(self.tr("System language"), "")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        form.addRow(self.tr("&Language:"), self.language)
        layout.addLayout(form)
        # What the direct backends do on their own for every connection (no setting to change).
        self.leak_note = QLabel(
            self.tr(
                "When a profile sends all traffic through the VPN, Sluis sends every DNS lookup "
                "through it too, and blocks IPv6 outside the VPN if the VPN carries only IPv4."
            )
        )
        self.leak_note.setObjectName("leakNote")
        self.leak_note.setWordWrap(True)
        layout.addWidget(self.leak_note)
        self.managed_note = QLabel(self.tr("Settings marked as managed are set by your organization."))
        self.managed_note.setWordWrap(True)
        layout.addWidget(self.managed_note)
        layout.addStretch(1)
        # Setting name → the control showing it, for the "managed by your organization" marks.
        self._controls: dict[str, QWidget] = {
            "prefer_tcp": self.prefer_tcp,
            "start_at_login": self.start_at_login,
            "show_discovery": self.show_discovery,
            "preferred_protocol": self.protocol,
        }
        self.load()
        self.prefer_tcp.toggled.connect(lambda on: self._save(prefer_tcp=on))
        self.start_at_login.toggled.connect(lambda on: self._save(start_at_login=on))
        self.start_hidden.toggled.connect(lambda on: self._save(start_hidden=on))
        self.reconnect_at_start.toggled.connect(lambda on: self._save(reconnect_at_start=on))
        self.show_discovery.toggled.connect(lambda on: self._save(show_discovery=on))
        self.protocol.currentIndexChanged.connect(
            lambda _i: self._save(preferred_protocol=str(self.protocol.currentData()))
        )
        self.language.currentIndexChanged.connect(
            lambda _i: self._save(language=str(self.language.currentData()))
        )

    def load(self) -> None:
        settings = self._controller.settings
        self.prefer_tcp.setChecked(settings.prefer_tcp)
        self.start_at_login.setChecked(settings.start_at_login)
        self.start_hidden.setChecked(settings.start_hidden)
        self.reconnect_at_start.setChecked(settings.reconnect_at_start)
        self.show_discovery.setChecked(settings.show_discovery)
        self.protocol.setCurrentIndex(max(self.protocol.findData(settings.preferred_protocol), 0))
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        any_managed = False
        for name, control in self._controls.items():
            managed = self._controller.is_managed(name)
            any_managed |= managed
            control.setEnabled(not managed)
            control.setToolTip(self.tr("Managed by your organization") if managed else "")
            if isinstance(control, QCheckBox):
                text = control.text().removesuffix(self._managed_suffix())
                control.setText(text + self._managed_suffix() if managed else text)
        self.managed_note.setVisible(any_managed)

    def main_control(self) -> QWidget:
        """Where the focus goes when the page opens: its first setting."""
        return self.prefer_tcp if self.prefer_tcp.isEnabled() else self.language

    def _managed_suffix(self) -> str:
        return self.tr(" (managed)")

    def _save(self, **changes: Any) -> None:
        self._controller.save_settings(replace(self._controller.settings, **changes))
