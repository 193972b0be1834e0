"""Texts built from numbers and states, translated first and formatted after.

An f-string inside ``tr()`` never matches a translation, so every template here is a literal
``QCoreApplication.translate`` call (``pyside6-lupdate`` finds it) and is filled in afterwards.
Plurals use ``%n`` with the count as the fourth argument.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication

from gui.controller.viewmodel import ControllerState
from gui.core.expiry import format_countdown
from gui.core.protocols import Protocol

CONTEXT = "Texts"


def countdown_text(remaining: timedelta) -> str:
    """ "Valid for 7 h 12 min"; in the last hour with seconds: "Valid for 12 min 5 s"."""
    hours, minutes, seconds = format_countdown(remaining)
    if seconds is None:
        template = QCoreApplication.translate("Texts", "Valid for {hours} h {minutes} min")
        return template.format(hours=hours, minutes=minutes)
    template = QCoreApplication.translate("Texts", "Valid for {minutes} min {seconds} s")
    return template.format(minutes=minutes, seconds=seconds)


def elapsed_text(elapsed: timedelta) -> str:
    """The always-visible timer: how long the tunnel has been up, as h:mm:ss."""
    total = max(int(elapsed.total_seconds()), 0)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    template = QCoreApplication.translate("Texts", "Connected for {time}")
    return template.format(time=f"{hours}:{minutes:02d}:{seconds:02d}")


def notification_text(seconds_left: int) -> str:
    """The tray message at a threshold: hours left, or the end of the session."""
    if seconds_left <= 0:
        return QCoreApplication.translate("Texts", "Your VPN session has ended. Log in again to reconnect.")
    hours = max(seconds_left // 3600, 1)
    return QCoreApplication.translate("Texts", "Your VPN session ends in %n hour(s).", None, hours)


def state_text(state: ControllerState) -> str:
    texts = {
        ControllerState.IDLE: QCoreApplication.translate("Texts", "Not connected"),
        ControllerState.AUTHORIZING: QCoreApplication.translate(
            "Texts", "Waiting for you to log in in the web browser…"
        ),
        ControllerState.CHOOSING_PROFILE: QCoreApplication.translate("Texts", "Choose a profile"),
        ControllerState.CONNECTING: QCoreApplication.translate("Texts", "Connecting…"),
        ControllerState.CONNECTED: QCoreApplication.translate("Texts", "Connected"),
        ControllerState.DISCONNECTING: QCoreApplication.translate("Texts", "Disconnecting…"),
        ControllerState.ERROR: QCoreApplication.translate("Texts", "Error"),
    }
    return texts[state]


def reconnecting_text() -> str:
    """Connected, while the tunnel finds its server again after a resume or a network change."""
    return QCoreApplication.translate("Texts", "Reconnecting…")


def protocol_text(protocol: Protocol | None) -> str:
    if protocol is None:
        return ""
    names = {
        Protocol.OPENVPN: "OpenVPN",
        Protocol.WIREGUARD: "WireGuard",
        Protocol.WIREGUARD_TCP: QCoreApplication.translate("Texts", "WireGuard over TCP"),
    }
    return names[protocol]
