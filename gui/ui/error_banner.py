"""The one way the window shows an error: a dismissible banner laid over the top of the page it
belongs to (it never pushes the page's controls down), with a next step.

The banner belongs to the page that was on screen when the error came: it goes away when the user
moves to another page, and the same message is never shown twice over.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.ui.state_colors import StateKind, state_color


class NextStep(StrEnum):
    """What the banner offers besides Copy details."""

    NONE = "none"
    CHECK_ADDRESS = "check_address"
    TRY_AGAIN = "try_again"


class ErrorBanner(QFrame):
    """Shown over ``host``'s top edge; ``show_error`` fills it, ``clear`` hides it."""

    stepRequested = Signal(str)
    dismissed = Signal()

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self._host = host
        self.setObjectName("errorBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setAccessibleName(self.tr("Error"))
        self.message = ""
        self.page: QWidget | None = None
        self._step = NextStep.NONE
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName(self.tr("Error message"))
        top.addWidget(self.label, 1)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName(self.tr("Dismiss"))
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.clicked.connect(self._dismiss)
        # No mnemonics here: the banner lies over every page, whose own letters it must not take.
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        buttons = QHBoxLayout()
        self.step_button = QPushButton(self.tr("Try again"))
        self.step_button.clicked.connect(lambda: self.stepRequested.emit(self._step.value))
        buttons.addWidget(self.step_button)
        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.setAccessibleDescription(self.tr("Copy the error message to the clipboard"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        host.installEventFilter(self)
        self.hide()

    def show_error(self, message: str, page: QWidget | None, step: NextStep) -> None:
        """Show ``message`` for ``page``; the same message already on screen is not shown again."""
        if self.isVisible() and message == self.message and page is self.page:
            return
        self.message = message
        self.page = page
        self._step = step
        self.label.setText(message)
        texts = {
            NextStep.CHECK_ADDRESS: self.tr("Check the address"),
            NextStep.TRY_AGAIN: self.tr("Try again"),
        }
        self.step_button.setVisible(step is not NextStep.NONE)
        self.step_button.setText(texts.get(step, self.step_button.text()))
        self._paint()
        self._place()
        self.show()
        self.raise_()
        # Here, not at the top: PySide6 makes these types on first use, and the first frame has no error.
        from PySide6.QtGui import QAccessible, QAccessibleEvent

        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleEvent(self.label, QAccessible.Event.Alert))

    def clear(self) -> None:
        self.message = ""
        self.page = None
        self.hide()

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.message)

    def _dismiss(self) -> None:
        self.clear()
        self.dismissed.emit()

    def _paint(self) -> None:
        palette = self.palette()
        host = self._host.palette()
        error = state_color(host, StateKind.ERROR)
        background = host.color(QPalette.ColorRole.Base)
        # A tint of the error colour over the page's background: readable in light and dark.
        tint = background.toRgb()
        tint.setRedF(background.redF() * 0.85 + error.redF() * 0.15)
        tint.setGreenF(background.greenF() * 0.85 + error.greenF() * 0.15)
        tint.setBlueF(background.blueF() * 0.85 + error.blueF() * 0.15)
        palette.setColor(QPalette.ColorRole.Window, tint)
        self.setPalette(palette)

    def _place(self) -> None:
        width = self._host.width()
        height = self.heightForWidth(width) if self.hasHeightForWidth() else self.sizeHint().height()
        self.setGeometry(0, 0, width, max(height, self.minimumSizeHint().height()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
