"""The status screen's large state picture, drawn with QPainter so it follows the palette.

A ring around a shield: grey and open when off, a turning arc while connecting or waiting for the
browser, a full ring and a check when connected, a cross on an error. The colours come from the
window's palette (``state_color``), so dark mode and high-contrast themes get readable ones; the
state is told by shape too, never by colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QHideEvent, QPainter, QPainterPath, QPaintEvent, QPalette, QPen, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.controller.viewmodel import ControllerState
from gui.ui.state_colors import StateKind, state_color, state_kind

# Turning step of the busy arc, in degrees per frame; a frame every 40 ms is smooth enough.
SPIN_STEP = 9
FRAME_MS = 40


class StateGraphic(QWidget):
    """The picture; ``set_state`` changes it, and a busy state animates until it changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = StateKind.OFF
        self._angle = 0
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._turn)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:
        return QSize(120, 120)

    def minimumSizeHint(self) -> QSize:
        return QSize(96, 96)

    @property
    def animating(self) -> bool:
        return self._timer.isActive()

    def set_state(self, state: ControllerState) -> None:
        self.kind = state_kind(state)
        # Turning only on screen: a hidden page (or a closed window) runs no timer.
        if self.kind is StateKind.BUSY and self.isVisible():
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
        self.update()

    def color(self) -> QColor:
        return state_color(self.palette(), self.kind)

    def _turn(self) -> None:
        self._angle = (self._angle + SPIN_STEP) % 360
        self.update()

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()  # no drawing for nobody

    def showEvent(self, event: QShowEvent) -> None:
        if self.kind is StateKind.BUSY:
            self._timer.start()

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height()) - 8
        if side <= 0:
            return
        color = self.color()
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ring = max(side / 14, 3.0)
        inner = box.adjusted(ring, ring, -ring, -ring)
        faint = QColor(color)
        faint.setAlphaF(0.18)
        painter.setPen(QPen(faint, ring))
        painter.drawEllipse(inner)
        pen = QPen(color, ring)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        if self.kind is StateKind.BUSY:
            painter.drawArc(inner, -self._angle * 16, 100 * 16)
        elif self.kind is not StateKind.OFF:
            painter.drawEllipse(inner)
        # The shield in the middle: filled when protected, outlined otherwise.
        centre = inner.center()
        w = inner.width() * 0.42
        h = inner.height() * 0.5
        top = centre.y() - h / 2
        shield = QPainterPath()
        shield.moveTo(centre.x(), top)
        shield.lineTo(centre.x() + w / 2, top + h * 0.16)
        shield.cubicTo(
            QPointF(centre.x() + w / 2, top + h * 0.62),
            QPointF(centre.x() + w / 4, top + h * 0.86),
            QPointF(centre.x(), top + h),
        )
        shield.cubicTo(
            QPointF(centre.x() - w / 4, top + h * 0.86),
            QPointF(centre.x() - w / 2, top + h * 0.62),
            QPointF(centre.x() - w / 2, top + h * 0.16),
        )
        shield.closeSubpath()
        stroke = QPen(color, max(ring * 0.6, 2.0))
        stroke.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        stroke.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(stroke)
        if self.kind is StateKind.ON:
            painter.setBrush(color)
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(shield)
        mark = QPen(self.palette().color(QPalette.ColorRole.Base) if self.kind is StateKind.ON else color)
        mark.setWidthF(max(ring * 0.6, 2.0))
        mark.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(mark)
        cx, cy, u = centre.x(), top + h * 0.48, w * 0.18
        if self.kind is StateKind.ON:
            tick = [QPointF(cx - u, cy), QPointF(cx - u * 0.2, cy + u * 0.8), QPointF(cx + u * 1.1, cy - u)]
            painter.drawPolyline(tick)
        elif self.kind is StateKind.ERROR:
            painter.drawLine(QPointF(cx - u, cy - u), QPointF(cx + u, cy + u))
            painter.drawLine(QPointF(cx + u, cy - u), QPointF(cx - u, cy + u))
        painter.end()
