"""The Connection page: server, Secure Internet location and profile, the big connect/disconnect
button, status, protocol, addresses, the session countdown and Renew, and what to do when the
session has ended."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.controller.viewmodel import ConnectionInfo, ControllerPort, ControllerState, SessionTick
from gui.core.discovery import country_name, flag
from gui.ui.texts import countdown_text, elapsed_text, protocol_text, reconnecting_text, state_text


class ConnectionPage(QWidget):
    backRequested = Signal()

    def __init__(self, controller: ControllerPort, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        layout = QVBoxLayout(self)
        self.server_label = QLabel()
        self.server_label.setObjectName("pageTitle")
        font = QFont(self.server_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.server_label.setFont(font)
        layout.addWidget(self.server_label)
        self.profile_label = QLabel()
        layout.addWidget(self.profile_label)
        # Secure Internet: the country the VPN connects through (flag and localized name).
        self.location_label = QLabel()
        self.location_label.setAccessibleName(self.tr("Location"))
        layout.addWidget(self.location_label)

        self.status_label = QLabel()
        self.status_label.setAccessibleName(self.tr("Connection status"))
        layout.addWidget(self.status_label)
        self.connect_button = QPushButton()
        self.connect_button.setMinimumHeight(48)
        self.connect_button.clicked.connect(self._toggle)
        # A double-click would click twice, the second time on the label the first click set
        # ("Connect" becomes "Cancel" at once): it counts as one click (see ``eventFilter``).
        self.connect_button.installEventFilter(self)
        self._last_press: int | None = None  # the event timestamp (ms) of the last press on it
        layout.addWidget(self.connect_button)

        self.countdown_label = QLabel()
        self.countdown_label.setAccessibleName(self.tr("Session validity"))
        layout.addWidget(self.countdown_label)
        self.renew_button = QPushButton(self.tr("&Renew session"))
        self.renew_button.clicked.connect(self._renew)
        layout.addWidget(self.renew_button)
        self.expired_label = QLabel(self.tr("Your VPN session has ended. Log in again to reconnect."))
        self.expired_label.setWordWrap(True)
        layout.addWidget(self.expired_label)
        self.login_button = QPushButton(self.tr("&Log in again"))
        self.login_button.clicked.connect(self._renew)
        layout.addWidget(self.login_button)

        info_title = QLabel(self.tr("Connection info"))
        info_title.setObjectName("sectionTitle")
        layout.addWidget(info_title)
        form = QFormLayout()
        self.protocol_label = QLabel()
        self.addresses_label = QLabel()
        self.addresses_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.expires_label = QLabel()
        form.addRow(self.tr("Protocol:"), self.protocol_label)
        form.addRow(self.tr("Addresses:"), self.addresses_label)
        form.addRow(self.tr("Session ends:"), self.expires_label)
        layout.addLayout(form)
        # The always-visible timer under the connection info.
        self.timer_label = QLabel()
        self.timer_label.setAccessibleName(self.tr("Connection timer"))
        layout.addWidget(self.timer_label)

        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("&Servers"))
        self.back_button.clicked.connect(self.backRequested)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.countdown_label.hide()
        self.renew_button.hide()
        self.expired_label.hide()
        self.login_button.hide()
        self.on_state_changed()
        self.show_connection(controller.connection)

    # -- updates from the controller -------------------------------------------------------------------

    def on_state_changed(self) -> None:
        state = self._controller.state
        status = state_text(state)
        if state is ControllerState.ERROR and self._controller.last_error:
            status = self._controller.last_error
        elif state is ControllerState.CONNECTED and self._controller.reconnecting:
            status = reconnecting_text()
        self.status_label.setText(status)
        if state is ControllerState.CONNECTED:
            text = self.tr("&Disconnect")
        elif self._controller.busy:
            text = self.tr("&Cancel")
        else:
            text = self.tr("&Connect")
        self.connect_button.setText(text)
        self.connect_button.setAccessibleName(text.replace("&", ""))
        self.connect_button.setEnabled(self._controller.connection is not None)
        expired = self._controller.expired and not self._controller.busy
        self.expired_label.setVisible(expired)
        self.login_button.setVisible(expired)
        if state is not ControllerState.CONNECTED:
            self.timer_label.setText(state_text(ControllerState.IDLE) if not self._controller.busy else "")
            self.renew_button.setVisible(False)
            # The session clock only ticks while connected: a countdown left here would freeze.
            self.countdown_label.setVisible(False)

    def show_connection(self, info: ConnectionInfo | None) -> None:
        if info is None:
            for label in (self.server_label, self.profile_label, self.protocol_label, self.addresses_label):
                label.clear()
            self.expires_label.clear()
            self.location_label.hide()
            self.connect_button.setEnabled(False)
            return
        languages = self._controller.languages
        self.server_label.setText(info.server.name(languages))
        code = info.server.country_code
        if code:
            self.location_label.setText(
                self.tr("Location: {country}").format(
                    country=f"{flag(code)}  {country_name(code, languages)}".strip()
                )
            )
        self.location_label.setVisible(bool(code))
        self.profile_label.setText(info.profile.name(languages) if info.profile is not None else "")
        self.protocol_label.setText(protocol_text(info.protocol))
        self.addresses_label.setText("\n".join(info.addresses))
        if info.session is not None:
            when = QDateTime.fromSecsSinceEpoch(int(info.session.expires_at.timestamp())).toLocalTime()
            self.expires_label.setText(QLocale().toString(when, QLocale.FormatType.ShortFormat))
        else:
            self.expires_label.clear()
        self.connect_button.setEnabled(True)

    def show_tick(self, tick: SessionTick) -> None:
        self.countdown_label.setText(countdown_text(tick.remaining))
        self.countdown_label.setVisible(tick.countdown_visible and not tick.expired)
        self.renew_button.setVisible(tick.renew_visible and not tick.expired)
        if tick.connected_for is not None:
            self.timer_label.setText(elapsed_text(tick.connected_for))

    # -- actions -----------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.connect_button:
            if event.type() == QEvent.Type.MouseButtonDblClick:
                return True
            if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
                # Qt delivers a double-click's second press as a press too: swallowed, its release
                # clicks nothing.
                stamp, last = event.timestamp(), self._last_press
                self._last_press = stamp
                if last is not None and 0 <= stamp - last < QApplication.doubleClickInterval():
                    return True
        return super().eventFilter(watched, event)

    def _toggle(self) -> None:
        if self._controller.state is ControllerState.CONNECTED:
            self._controller.disconnect_vpn()
        elif self._controller.busy:
            self._controller.cancel()
        else:
            self._controller.reconnect()

    def _renew(self) -> None:
        self._controller.renew()
