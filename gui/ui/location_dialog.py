"""The Secure Internet locations of an added Secure Internet server: each country with its flag and
its name in the user's language, the one in use marked.

For now the list only informs: switching keeps the organization's tokens and needs a base-URL
switch in the core (``VpnService``) that does not exist yet.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
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

CODE_ROLE = Qt.ItemDataRole.UserRole


class LocationDialog(QDialog):
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
        current = current_url.rstrip("/")
        for location in locations:
            text = f"{location.flag}  {location.country_name}"
            item = QListWidgetItem(text)
            item.setData(CODE_ROLE, location.country_code)
            if location.server.base_url.rstrip("/") == current:
                item.setText(self.tr("{location} (in use)").format(location=text))
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                self.list.addItem(item)
                self.list.setCurrentItem(item)
            else:
                self.list.addItem(item)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(360, 320)

    def country_codes(self) -> list[str]:
        rows = (self.list.item(i) for i in range(self.list.count()))
        return [str(item.data(CODE_ROLE)) for item in rows if item is not None]
