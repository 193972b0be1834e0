"""The eduVPN server search on the Add server page: the page's one field searches institutes and
organizations, and offers "Add https://…" first for anything that looks like an address.

Every keystroke searches the lists already in memory (``Controller.search``, about 0.1 ms), so the
results follow the typing without a network request; the controller refreshes the lists at start,
hourly, and fetches the organizations when the page opens (``discoveryChanged`` then searches again).
The keyboard is enough: Down moves from the box into the results, Enter adds the chosen (or the
first) result, Up from the first result goes back to the box.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.controller.viewmodel import ControllerPort
from gui.core.discovery import ResultKind, SearchResult

RESULT_ROLE = Qt.ItemDataRole.UserRole


class DiscoverySearch(QWidget):
    # The results were replaced: the page's Add button follows them.
    resultsChanged = Signal()

    def __init__(
        self, controller: ControllerPort, field: QLineEdit | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._results: list[SearchResult] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        notice = QHBoxLayout()
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.setAccessibleName(self.tr("Server list notice"))
        self.notice_label.setStyleSheet("color: #8a5a00;")
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.dismiss_button.setAccessibleName(self.tr("Dismiss the server list notice"))
        self.dismiss_button.clicked.connect(self._dismiss_notice)
        notice.addWidget(self.notice_label, 1)
        notice.addWidget(self.dismiss_button)
        layout.addLayout(notice)

        # The one field of the Add server page: names and addresses alike.
        self.search_edit = field if field is not None else QLineEdit()
        if field is None:
            layout.addWidget(self.search_edit)
        self.search_edit.setClearButtonEnabled(True)
        for button in self.search_edit.findChildren(QToolButton):  # the clear button
            button.setAccessibleName(self.tr("Clear the search"))
        self.search_edit.textChanged.connect(self._search)
        self.search_edit.installEventFilter(self)

        # Always there, whatever the search finds: results appear in place, nothing below jumps.
        # The empty state (what to type, what to do when nothing matches) is a row of the list.
        self.results_list = QListWidget()
        self.results_list.setAccessibleName(self.tr("Search results"))
        self.results_list.setUniformItemSizes(True)
        self.results_list.itemActivated.connect(self._add_item)
        self.results_list.installEventFilter(self)
        layout.addWidget(self.results_list, 1)
        self.empty_text = ""
        self.refresh()

    # -- what is shown ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Search again and update the notice: the lists, the language or the setting changed."""
        self.setVisible(self._controller.discovery_enabled)
        notice = self._controller.discovery_notice
        self.notice_label.setText(notice or "")
        self.notice_label.setVisible(bool(notice))
        self.dismiss_button.setVisible(bool(notice))
        self._search()

    def reset(self) -> None:
        self.search_edit.clear()
        self.refresh()

    def set_busy(self, busy: bool) -> None:
        self.results_list.setEnabled(not busy)

    def _heading(self, kind: ResultKind) -> str:
        headings = {
            ResultKind.ADD_SERVER: self.tr("Server address"),
            ResultKind.INSTITUTE_ACCESS: self.tr("Institute Access"),
            ResultKind.ORGANIZATION: self.tr("Secure Internet"),
        }
        return headings[kind]

    def _search(self) -> None:
        query = self.search_edit.text()
        self._results = self._controller.search(query) if query.strip() else []
        self.results_list.setUpdatesEnabled(False)
        self.results_list.clear()
        for kind in (ResultKind.ADD_SERVER, ResultKind.INSTITUTE_ACCESS, ResultKind.ORGANIZATION):
            members = [r for r in self._results if r.kind is kind]
            if not members:
                continue
            header = QListWidgetItem(self._heading(kind))
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            header.setForeground(self.palette().windowText())
            self.results_list.addItem(header)
            for result in members:
                self.results_list.addItem(self._item(result))
        if not query.strip():
            self.empty_text = self.tr(
                "Type the name of your institute or organization, or the address of a server."
            )
        elif not self._results:
            self.empty_text = self.tr(
                "Nothing matches “{query}”. Check the spelling, or type the server's address, "
                "like vpn.example.org."
            ).format(query=query.strip())
        else:
            self.empty_text = ""
        if self.empty_text:
            hint = QListWidgetItem(self.empty_text)
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            hint.setForeground(self.palette().placeholderText())
            self.results_list.setWordWrap(True)
            self.results_list.addItem(hint)
        self.results_list.setUpdatesEnabled(True)
        self.resultsChanged.emit()

    def _item(self, result: SearchResult) -> QListWidgetItem:
        if result.kind is ResultKind.ADD_SERVER:
            text = self.tr("Add {address}").format(address=result.display_name)
        else:
            text = result.display_name
        item = QListWidgetItem(text)
        item.setData(RESULT_ROLE, result)
        item.setToolTip(result.base_url or "")
        return item

    def result_items(self) -> list[QListWidgetItem]:
        """The rows that can be chosen (not the headings), in display order."""
        rows = (self.results_list.item(i) for i in range(self.results_list.count()))
        return [item for item in rows if item is not None and item.data(RESULT_ROLE) is not None]

    # -- choosing ---------------------------------------------------------------------------------------

    def _add_item(self, item: QListWidgetItem) -> None:
        result = item.data(RESULT_ROLE)
        if isinstance(result, SearchResult) and not self._controller.busy:
            self._controller.add_from_discovery(result)

    def has_results(self) -> bool:
        return bool(self.result_items())

    def add_current_or_first(self) -> None:
        """The page's Add button and Enter in the field: the chosen result, else the first."""
        self._add_current_or_first()

    def _add_current_or_first(self) -> None:
        current = self.results_list.currentItem()
        rows = self.result_items()
        chosen = current if current is not None and current in rows else (rows[0] if rows else None)
        if chosen is not None:
            self._add_item(chosen)

    def _dismiss_notice(self) -> None:
        self._controller.dismiss_discovery_notice()
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        rows = self.result_items()
        if watched is self.search_edit:
            if key == Qt.Key.Key_Down and rows:
                self.results_list.setFocus()
                self.results_list.setCurrentItem(rows[0])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and rows:
                self._add_current_or_first()
                return True
        elif watched is self.results_list and key == Qt.Key.Key_Up and rows:
            at_top = self.results_list.currentItem() is rows[0]
            if at_top:
                self.search_edit.setFocus()
                return True
        return super().eventFilter(watched, event)
