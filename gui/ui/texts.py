"""Texts built from numbers and states, translated first and formatted after.

An f-string inside ``tr()`` never matches a translation, so every template here is a literal
``QCoreApplication.translate`` call (``pyside6-lupdate`` finds it) and is filled in afterwards.
Plurals use ``%n`` with the count as the fourth argument.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication, QLocale

from gui.controller.viewmodel import ControllerState
from gui.core.protocols import Protocol

CONTEXT = "Texts"


def number(value: int) -> str:
    """A count in the user's digits (Arabic-Indic in Arabic, for one)."""
    return QLocale().toString(value)


def _two_digits(value: int) -> str:
    locale = QLocale()
    return locale.toString(value).rjust(2, locale.zeroDigit())


def countdown_text(remaining: timedelta) -> str:
    """ "Valid for 7 h 12 min"; in the last hour with seconds: "Valid for 12 min 5 s"."""
    from gui.core.expiry import format_countdown  # not at the top: the first frame shows no session

    hours, minutes, seconds = format_countdown(remaining)
    if seconds is None:
        template = QCoreApplication.translate("Texts", "Valid for {hours} h {minutes} min")
        return template.format(hours=number(hours), minutes=number(minutes))
    template = QCoreApplication.translate("Texts", "Valid for {minutes} min {seconds} s")
    return template.format(minutes=number(minutes), seconds=number(seconds))


def elapsed_text(elapsed: timedelta) -> str:
    """How long the tunnel has been up, as h:mm:ss in the user's digits (the status screen's
    "Connected for" row names it)."""
    total = max(int(elapsed.total_seconds()), 0)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{number(hours)}:{_two_digits(minutes)}:{_two_digits(seconds)}"


def notification_text(seconds_left: int) -> str:
    """The tray message at a threshold: hours left, or the end of the session."""
    if seconds_left <= 0:
        return QCoreApplication.translate("Texts", "Your VPN session has ended. Log in again to reconnect.")
    hours = max(seconds_left // 3600, 1)
    text = QCoreApplication.translate("Texts", "Your VPN session ends in %n hour(s).", None, hours)
    # Qt fills %n with ASCII digits; the page shows the user's digits (Arabic-Indic in Arabic), and
    # so does the notification. (%Ln would, but would void every translation of the text.)
    return text.replace(str(hours), number(hours))


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


def transport_text(transport: str | None) -> str:
    """How packets travel, as the backend names it ("udp" → "UDP"); any new value shows as given."""
    if not transport:
        return ""
    return transport.upper() if len(transport) <= 4 else transport


def protocol_line(protocol: Protocol | None, transport: str | None) -> str:
    """ "OpenVPN · TCP": the protocol and, when the backend reports it, its transport."""
    name = protocol_text(protocol)
    if protocol is Protocol.WIREGUARD_TCP:
        return name  # the name says the transport; WireGuard itself speaks UDP to the local proxy
    way = transport_text(transport)
    if name and way and way.casefold() not in name.casefold():
        return f"{name} · {way}"
    return name or way


def protocol_text(protocol: Protocol | None) -> str:
    if protocol is None:
        return ""
    names = {
        Protocol.OPENVPN: "OpenVPN",
        Protocol.WIREGUARD: "WireGuard",
        Protocol.WIREGUARD_TCP: QCoreApplication.translate("Texts", "WireGuard over TCP"),
    }
    return names[protocol]
