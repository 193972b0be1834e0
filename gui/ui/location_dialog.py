"""The Secure Internet locations of an added Secure Internet server: each country with its flag and
its name in the user's language, the one in use marked.

Choosing another country and "Use location" asks the controller to switch (the login stays: the
organization's tokens serve every location); the dialog itself does no network I/O.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.core.discovery import Location
from gui.ui.flags import flag_icon

CODE_ROLE = Qt.ItemDataRole.UserRole
URL_ROLE = Qt.ItemDataRole.UserRole + 1


class LocationDialog(QDialog):
    # The base URL of the chosen location (emitted on accept, only when it is not the one in use).
    locationChosen = Signal(str)

    def __init__(
        self, server_name: str, locations: list[Location], current_url: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Secure Internet locations"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("{server} connects you to the internet through one of these countries.").format(
                server=server_name
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Locations"))
        self._current = current_url.rstrip("/")
        for location in locations:
            text = location.country_name
            item = QListWidgetItem(text)
            icon = flag_icon(location.country_code)  # a bundled image: emoji flags fail on many systems
            if icon is not None:
                item.setIcon(icon)
            item.setData(CODE_ROLE, location.country_code)
            item.setData(URL_ROLE, location.server.base_url)
            self.list.addItem(item)
            if location.server.base_url.rstrip("/") == self._current:
                item.setText(self.tr("{location} (in use)").format(location=text))
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                self.list.setCurrentItem(item)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.list.currentItemChanged.connect(lambda _now, _before: self._update_button())
        layout.addWidget(self.list, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.use_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.use_button.setText(self.tr("&Use location"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_button()
        self.resize(360, 320)

    def _update_button(self) -> None:
        chosen = self.chosen_url()
        self.use_button.setEnabled(chosen is not None and chosen.rstrip("/") != self._current)

    def chosen_url(self) -> str | None:
        item = self.list.currentItem()
        url = item.data(URL_ROLE) if item is not None else None
        return url if isinstance(url, str) else None

    def choose(self, country_code: str) -> None:
        """Select the row of ``country_code`` (keyboard users and tests)."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item is not None and item.data(CODE_ROLE) == country_code:
                self.list.setCurrentItem(item)
                return

    def accept(self) -> None:
        chosen = self.chosen_url()
        if chosen is not None and chosen.rstrip("/") != self._current:
            self.locationChosen.emit(chosen)
        super().accept()

    def country_codes(self) -> list[str]:
        rows = (self.list.item(i) for i in range(self.list.count()))
        return [str(item.data(CODE_ROLE)) for item in rows if item is not None]
