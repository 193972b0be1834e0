"""The status screen: the home of a connected or connecting user.

One large state picture and state line, the server (with its flag) and the profile (switchable
here), one primary Connect/Disconnect button, the session's validity with an inline Renew, and the
connection's details grouped below, with no empty rows. Everything shown comes from the
controller (``refresh``); the page only sends intents.
"""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import QDateTime, QEvent, QLocale, QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent, QFont, QGuiApplication, QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gui.controller.viewmodel import (
    BUSY_STATES,
    ConnectionInfo,
    ControllerPort,
    ControllerState,
    ServerGroup,
    SessionTick,
)
from gui.core.discovery import country_name
from gui.ui.flags import flag_file
from gui.ui.state_colors import state_color, state_kind
from gui.ui.state_graphic import StateGraphic
from gui.ui.texts import countdown_text, elapsed_text, protocol_line, reconnecting_text, state_text

# The primary button never grows wider than this (a maximised window is not a 1,160 px button).
BUTTON_MAX_WIDTH = 300
BUTTON_MIN_WIDTH = 200


def align_value(label: QLabel) -> None:
    """A value (an address, a date, a protocol name) sits next to its label in both directions.

    QLabel aligns plain text by the text's own direction, so a Latin-script value in an Arabic
    window would drift to the far left; an absolute alignment on the reading side keeps it close.
    """
    rtl = QGuiApplication.layoutDirection() is Qt.LayoutDirection.RightToLeft
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    label.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)


def announce(widget: QWidget) -> None:
    """Tell assistive technology that the widget's text changed (a state it should read out)."""
    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.NameChanged))


class ConnectionPage(QWidget):
    def __init__(self, controller: ControllerPort, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        body = QWidget()
        body.setObjectName("statusBody")
        body.setMaximumWidth(560)
        outer.addWidget(body)
        layout = QVBoxLayout(body)
        layout.setSpacing(8)

        self.graphic = StateGraphic()
        self.graphic.setAccessibleName(self.tr("Connection state picture"))
        layout.addWidget(self.graphic, 0, Qt.AlignmentFlag.AlignHCenter)
        self.status_label = QLabel()
        self.status_label.setAccessibleName(self.tr("Connection status"))
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_label.setWordWrap(True)
        big = QFont(self.status_label.font())
        big.setPointSizeF(big.pointSizeF() * 1.5)
        big.setBold(True)
        self.status_label.setFont(big)
        layout.addWidget(self.status_label)

        # The server's name, with its flag image in front for a Secure Internet location.
        self.server_label = QLabel()
        self.server_label.setObjectName("pageTitle")
        self.server_label.setWordWrap(True)
        self.server_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.server_label.setAccessibleName(self.tr("Server"))
        layout.addWidget(self.server_label)
        # Secure Internet: the country the VPN connects through (its localized name).
        self.location_label = QLabel()
        self.location_label.setAccessibleName(self.tr("Location"))
        self.location_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.location_label)
        profile_row = QHBoxLayout()
        profile_row.addStretch(1)
        self.profile_label = QLabel()
        self.profile_label.setAccessibleName(self.tr("Profile"))
        profile_row.addWidget(self.profile_label)
        self.profile_button = QPushButton(self.tr("Change &profile…"))
        self.profile_button.setFlat(True)
        self.profile_button.setAccessibleName(self.tr("Change profile"))
        self.profile_button.setAccessibleDescription(self.tr("Choose another profile of this server"))
        self.profile_button.clicked.connect(self._change_profile)
        profile_row.addWidget(self.profile_button)
        profile_row.addStretch(1)
        layout.addLayout(profile_row)

        self.connect_button = QPushButton()
        self.connect_button.setObjectName("primary")
        self.connect_button.setMinimumHeight(44)
        self.connect_button.setMaximumWidth(BUTTON_MAX_WIDTH)
        self.connect_button.setMinimumWidth(BUTTON_MIN_WIDTH)
        self.connect_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.connect_button.clicked.connect(self._toggle)
        # A double-click would click twice, the second time on the label the first click set
        # ("Connect" becomes "Cancel" at once): it counts as one click (see ``eventFilter``).
        self.connect_button.installEventFilter(self)
        self._last_press: int | None = None  # the event timestamp (ms) of the last press on it
        layout.addWidget(self.connect_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.expired_label = QLabel(self.tr("Your VPN session has ended. Log in again to reconnect."))
        self.expired_label.setWordWrap(True)
        self.expired_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.expired_label)
        self.login_button = QPushButton(self.tr("&Log in again"))
        self.login_button.setMinimumHeight(44)
        self.login_button.setMaximumWidth(BUTTON_MAX_WIDTH)
        self.login_button.setMinimumWidth(BUTTON_MIN_WIDTH)
        self.login_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.login_button.clicked.connect(self._renew)
        layout.addWidget(self.login_button, 0, Qt.AlignmentFlag.AlignHCenter)

        validity = QHBoxLayout()
        validity.addStretch(1)
        self.countdown_label = QLabel()
        self.countdown_label.setAccessibleName(self.tr("Session validity"))
        validity.addWidget(self.countdown_label)
        self.renew_button = QPushButton(self.tr("&Renew session"))
        self.renew_button.setAccessibleDescription(self.tr("Log in again to start a new session"))
        self.renew_button.clicked.connect(self._renew)
        validity.addWidget(self.renew_button)
        validity.addStretch(1)
        layout.addLayout(validity)

        self.details = QGroupBox(self.tr("Connection details"))
        form = QFormLayout(self.details)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form = form
        self.timer_label = QLabel()
        self.timer_label.setAccessibleName(self.tr("Connected for"))
        self.expires_label = QLabel()
        self.expires_label.setAccessibleName(self.tr("Valid until"))
        self.ipv4_label = QLabel()
        self.ipv4_label.setAccessibleName(self.tr("IPv4 address"))
        self.ipv6_label = QLabel()
        self.ipv6_label.setAccessibleName(self.tr("IPv6 address"))
        self.protocol_label = QLabel()
        self.protocol_label.setAccessibleName(self.tr("Protocol"))
        self.received_label = QLabel()
        self.received_label.setAccessibleName(self.tr("Data received"))
        self.sent_label = QLabel()
        self.sent_label.setAccessibleName(self.tr("Data sent"))
        rows = (
            (self.tr("Connected for:"), self.timer_label),
            (self.tr("Valid until:"), self.expires_label),
            (self.tr("Received:"), self.received_label),
            (self.tr("Sent:"), self.sent_label),
            (self.tr("IPv4:"), self.ipv4_label),
            (self.tr("IPv6:"), self.ipv6_label),
            (self.tr("Protocol:"), self.protocol_label),
        )
        for text, value in rows:
            align_value(value)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(text, value)
        layout.addWidget(self.details)
        layout.addStretch(1)

        self._shown: ConnectionInfo | None = None
        self._status_text = ""
        self.refresh()

    # -- what is shown ----------------------------------------------------------------------------------

    def shown(self) -> tuple[ConnectionInfo | None, ControllerState]:
        """The server on screen and the state it is in: a server previewed from the list while
        another one is connected shows as not connected."""
        controller = self._controller
        if controller.viewing is not None and not controller.busy:
            return controller.viewing, ControllerState.IDLE
        return controller.connection, controller.state

    def refresh(self) -> None:
        info, _state = self.shown()
        self.show_connection(info)
        self.on_state_changed()

    def on_state_changed(self) -> None:
        info, state = self.shown()
        controller = self._controller
        self.graphic.set_state(state)
        status = state_text(state)
        if state in (ControllerState.ERROR, ControllerState.CHOOSING_PROFILE):
            status = state_text(ControllerState.IDLE)  # the banner says what failed, once
        elif state is ControllerState.CONNECTED and controller.reconnecting:
            status = reconnecting_text()
        if status != self._status_text:
            self._status_text = status
            self.status_label.setText(status)
            announce(self.status_label)
        palette = self.status_label.palette()
        color = state_color(self.palette(), state_kind(state))
        if state is ControllerState.IDLE:
            color = self.palette().color(QPalette.ColorRole.WindowText)
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self.status_label.setPalette(palette)
        if state is ControllerState.CONNECTED:
            text = self.tr("&Disconnect")
        elif state in BUSY_STATES:
            text = self.tr("&Cancel")
        else:
            text = self.tr("&Connect")
        self.connect_button.setText(text)
        self.connect_button.setAccessibleName(text.replace("&", ""))
        self.connect_button.setEnabled(info is not None and state is not ControllerState.DISCONNECTING)
        # Only one way on after the session ended: log in again.
        expired = controller.expired and not controller.busy and info is controller.connection
        self.expired_label.setVisible(expired)
        self.login_button.setVisible(expired)
        self.connect_button.setVisible(not expired)
        imported = info is not None and info.server.group is ServerGroup.IMPORTED
        self.profile_button.setVisible(
            info is not None and not imported and not controller.busy and not expired
        )
        if state is not ControllerState.CONNECTED:
            self.renew_button.setVisible(False)
            # The session clock only ticks while connected: a countdown left here would freeze.
            self.countdown_label.setVisible(False)
            self.timer_label.clear()
        self._update_rows()

    def show_connection(self, info: ConnectionInfo | None) -> None:
        """Fill the page from the controller; ``info`` is what the signal carried (a preview of
        another server wins over it, see ``shown``)."""
        shown, _state = self.shown()
        info = shown
        self._shown = info
        languages = self._controller.languages
        if info is None:
            for label in (self.server_label, self.profile_label, self.protocol_label):
                label.clear()
            for label in (self.ipv4_label, self.ipv6_label):
                label.clear()
            self.expires_label.clear()
            self.location_label.hide()
            self.connect_button.setEnabled(False)
            self._update_rows()
            return
        name = info.server.name(languages)
        code = info.server.country_code
        flag = flag_file(code) if code else None
        if flag is not None:
            self.server_label.setTextFormat(Qt.TextFormat.RichText)
            self.server_label.setText(
                f'<img src="{html.escape(str(flag))}" height="18">&nbsp;{html.escape(name)}'
            )
        else:
            self.server_label.setTextFormat(Qt.TextFormat.PlainText)
            self.server_label.setText(name)
        self.server_label.setAccessibleDescription(name)
        if code:
            self.location_label.setText(country_name(code, languages))
        self.location_label.setVisible(bool(code))
        self.profile_label.setText(info.profile.name(languages) if info.profile is not None else "")
        self.profile_label.setVisible(bool(self.profile_label.text()))
        self.protocol_label.setText(protocol_line(info.protocol, info.transport))
        v4 = [a for a in info.addresses if ":" not in a]
        v6 = [a for a in info.addresses if ":" in a]
        self.ipv4_label.setText("\n".join(v4))
        self.ipv6_label.setText("\n".join(v6))
        self.expires_label.setText(date_text(info.session.expires_at) if info.session is not None else "")
        self._update_rows()

    def _update_rows(self) -> None:
        """No empty rows: a detail without a value is not shown; nothing at all, no group."""
        connected = self.shown()[1] is ControllerState.CONNECTED
        any_row = False
        values = (
            self.timer_label,
            self.expires_label,
            self.received_label,
            self.sent_label,
            self.ipv4_label,
            self.ipv6_label,
            self.protocol_label,
        )
        for value in values:
            visible = connected and bool(value.text())
            self._form.setRowVisible(value, visible)
            any_row = any_row or visible
        self.details.setVisible(any_row)

    def show_tick(self, tick: SessionTick) -> None:
        if self.shown()[0] is not self._controller.connection:
            return  # a preview of another server: its session is not this one
        self.countdown_label.setText(countdown_text(tick.remaining))
        self.countdown_label.setVisible(tick.countdown_visible and not tick.expired)
        self.renew_button.setVisible(tick.renew_visible and not tick.expired)
        if tick.connected_for is not None:
            self.timer_label.setText(elapsed_text(tick.connected_for))
        self._update_rows()

    def show_traffic(self, traffic: tuple[int, int] | None) -> None:
        """Data in and out, sized in the user's locale ("1.2 MB"); no rows when not known."""
        locale = QLocale()
        received, sent = traffic if traffic is not None else (None, None)
        self.received_label.setText(locale.formattedDataSize(received) if received is not None else "")
        self.sent_label.setText(locale.formattedDataSize(sent) if sent is not None else "")
        self._update_rows()

    def main_control(self) -> QWidget:
        """Where the focus goes when the page opens."""
        return self.login_button if self.login_button.isVisibleTo(self) else self.connect_button

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
        info, state = self.shown()
        controller = self._controller
        if state is ControllerState.CONNECTED:
            controller.disconnect_vpn()
        elif controller.busy:
            controller.cancel()
        elif info is not None and info.profile is not None:
            controller.connect_profile(info.server.base_url, info.profile.profile_id)
        elif info is not None:
            controller.connect_server(info.server.base_url)

    def _change_profile(self) -> None:
        info = self.shown()[0]
        if info is not None:
            self._controller.offer_profiles(info.server.base_url)

    def _renew(self) -> None:
        self._controller.renew()


def date_text(moment: datetime) -> str:
    """The one date format of the window: the locale's short date and time, in local time."""
    when = QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).toLocalTime()
    return QLocale().toString(when, QLocale.FormatType.ShortFormat)
