"""The Profiles page: shown only when a server offers more than one profile; the last one is preselected."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.controller.viewmodel import ControllerPort
from gui.core.profiles import Profile

ID_ROLE = Qt.ItemDataRole.UserRole


class ProfilesPage(QWidget):
    backRequested = Signal()

    def __init__(self, controller: ControllerPort, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._url: str | None = None
        layout = QVBoxLayout(self)
        self.title = QLabel(self.tr("Choose a profile"))
        self.title.setObjectName("pageTitle")
        layout.addWidget(self.title)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Profiles"))
        self.list.itemActivated.connect(lambda _item: self._connect())
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("&Back"))
        self.back_button.clicked.connect(self.backRequested)
        self.connect_button = QPushButton(self.tr("&Connect"))
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self._connect)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.connect_button)
        layout.addLayout(buttons)

    def show_profiles(self, url: str, profiles: list[Profile], preselect: str | None) -> None:
        self._url = url
        self.list.clear()
        languages = self._controller.languages
        for profile in profiles:
            item = QListWidgetItem(profile.name(languages))
            item.setData(ID_ROLE, profile.profile_id)
            if not profile.usable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(self.tr("This profile offers no VPN protocol Sluis can use."))
            self.list.addItem(item)
            # An unusable profile is never preselected: Enter or Connect would only fail on it.
            if profile.usable and (profile.profile_id == preselect or self.list.currentItem() is None):
                self.list.setCurrentItem(item)
        self.list.setFocus()

    def main_control(self) -> QWidget:
        return self.list

    def names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def select(self, profile_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == profile_id:
                self.list.setCurrentRow(i)

    def _connect(self) -> None:
        item = self.list.currentItem()
        if item is None or self._url is None:
            return
        self._controller.connect_profile(self._url, str(item.data(ID_ROLE)))
