"""How one server row of the Servers page is drawn: its flag (Secure Internet) or type icon, its
name, a second line with the last profile and, for the server in use, its state in words, and a
status dot on the trailing side. Group headings keep the plain look. Mirrored in right-to-left."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from gui.controller.viewmodel import ControllerPort, ControllerState, ServerGroup, ServerItem
from gui.ui.flags import flag_icon
from gui.ui.state_colors import StateKind, state_color, state_kind
from gui.ui.texts import state_text

SERVER_ROLE = Qt.ItemDataRole.UserRole + 1
ICON = 24
PAD = 6
DOT = 10

_TYPE_ICONS = {
    ServerGroup.INSTITUTE_ACCESS: QStyle.StandardPixmap.SP_DirHomeIcon,
    ServerGroup.SECURE_INTERNET: QStyle.StandardPixmap.SP_DriveNetIcon,
    ServerGroup.CUSTOM: QStyle.StandardPixmap.SP_ComputerIcon,
    ServerGroup.IMPORTED: QStyle.StandardPixmap.SP_FileIcon,
}


class ServerDelegate(QStyledItemDelegate):
    def __init__(self, controller: ControllerPort, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller

    def _server(self, index: QModelIndex | QPersistentModelIndex) -> ServerItem | None:
        server = index.data(SERVER_ROLE)
        return server if isinstance(server, ServerItem) else None

    def row_state(self, server: ServerItem) -> ControllerState | None:
        """The state of the server in use (connected, connecting, failed); ``None`` for the others."""
        controller = self._controller
        info = controller.connection
        if info is None or info.server.base_url != server.base_url:
            return None
        if controller.state is ControllerState.ERROR:
            return ControllerState.ERROR
        return controller.state if controller.is_connected_to(server.base_url) else None

    def subtitle(self, server: ServerItem) -> str:
        parts: list[str] = []
        state = self.row_state(server)
        if state is not None:
            parts.append(state_text(state))
        info = self._controller.connection
        profile = None
        if info is not None and info.server.base_url == server.base_url and info.profile is not None:
            profile = info.profile.name(self._controller.languages)
        if profile is None and server.last_profile:
            profile = self._controller.profile_name(server.base_url, server.last_profile)
        if profile:
            parts.append(profile)
        return " · ".join(parts)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        if self._server(index) is None:
            return super().sizeHint(option, index)
        height = QFontMetrics(option.font).height()
        return QSize(200, max(ICON, height * 2 + 2) + 2 * PAD)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        server = self._server(index)
        if server is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect: QRect = opt.rect.adjusted(PAD, PAD, -PAD, -PAD)
        direction = opt.direction
        icon_rect = QStyle.visualRect(direction, rect, QRect(rect.x(), rect.y(), ICON, ICON))
        icon_rect.moveTop(rect.y() + (rect.height() - ICON) // 2)
        flag = flag_icon(server.country_code) if server.country_code else None
        if flag is not None:
            flag.paint(painter, icon_rect)
        elif style is not None:
            style.standardIcon(_TYPE_ICONS[server.group]).paint(painter, icon_rect)
        state = self.row_state(server)
        dot_rect = QStyle.visualRect(
            direction, rect, QRect(rect.right() - DOT, rect.y() + (rect.height() - DOT) // 2, DOT, DOT)
        )
        if state is not None:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(state_color(opt.palette, state_kind(state)))
            painter.drawEllipse(dot_rect)
            painter.restore()
        text_rect = QStyle.visualRect(
            direction,
            rect,
            QRect(rect.x() + ICON + PAD, rect.y(), rect.width() - ICON - DOT - 3 * PAD, rect.height()),
        )
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        name_font = QFont(opt.font)
        name_font.setBold(state is not None and state_kind(state) is StateKind.ON)
        painter.setFont(name_font)
        painter.setPen(opt.palette.color(role))
        metrics = QFontMetrics(name_font)
        align = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop
        name = metrics.elidedText(
            opt.index.data(Qt.ItemDataRole.DisplayRole) or "", Qt.TextElideMode.ElideRight, text_rect.width()
        )
        painter.drawText(text_rect, align, name)
        sub = self.subtitle(server)
        if sub:
            painter.setFont(opt.font)
            muted = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
            painter.setPen(opt.palette.color(muted))
            below = text_rect.adjusted(0, metrics.height() + 2, 0, 0)
            sub = QFontMetrics(opt.font).elidedText(sub, Qt.TextElideMode.ElideRight, below.width())
            painter.drawText(below, align, sub)
        painter.restore()
