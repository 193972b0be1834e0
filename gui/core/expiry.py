"""When a VPN session ends, and what the user is shown as it approaches.

``Expires`` on the ``/connect`` response is the end of the *session* (the authorization), not of an
access token. Every rule here is a pure function of absolute times and an injected ``now``, so a
countdown or a notification is right again on the first tick after a suspend. Numbers, not words:
the UI turns them into translated text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from gui.core.errors import ServerResponseError

COUNTDOWN_WINDOW = timedelta(hours=24)
# Portal browser sessions last 30 minutes: renewing earlier yields a session ending at the same time.
RENEW_MIN_AGE = timedelta(minutes=30)
NOTIFICATION_THRESHOLDS = (timedelta(hours=4), timedelta(hours=2), timedelta(hours=1), timedelta(0))
SECONDS_WINDOW = timedelta(hours=1)

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_DAY = r"(?:mon|tue|wed|thu|fri|sat|sun)"
_LONG_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_TIME = r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
_ZONE = r"(?:gmt|utc|ut|z|[+-]0000)"
# RFC 7231 section 7.1.1.1: the preferred IMF-fixdate and the two obsolete forms it says to accept.
_IMF_FIXDATE = re.compile(
    rf"{_DAY}, *(?P<day>[0-9]{{1,2}}) {_MONTH} (?P<year>[0-9]{{4}}) {_TIME} {_ZONE}", re.IGNORECASE
)
_RFC850 = re.compile(
    rf"{_LONG_DAY}, *(?P<day>[0-9]{{2}})-{_MONTH}-(?P<year>[0-9]{{2}}) {_TIME} {_ZONE}", re.IGNORECASE
)
_ASCTIME = re.compile(rf"{_DAY} {_MONTH} +(?P<day>[0-9]{{1,2}}) {_TIME} (?P<year>[0-9]{{4}})", re.IGNORECASE)
_MAX_HEADER_CHARS = 80


def _two_digit_year(yy: int, now: datetime) -> int:
    """RFC 7231: a two-digit year more than 50 years ahead means the most recent such year past."""
    year = now.year - now.year % 100 + yy
    if year > now.year + 50:
        year -= 100
    return year


def parse_expires(value: str, *, now: datetime | None = None) -> datetime:
    """The moment an HTTP date (``Expires`` header) names, timezone-aware in UTC.

    Accepts IMF-fixdate (``Sun, 06 Nov 1994 08:49:37 GMT``), RFC 850 (``Sunday, 06-Nov-94 08:49:37
    GMT``) and asctime (``Sun Nov  6 08:49:37 1994``). ``now`` resolves RFC 850's two-digit years.
    Raises ``ServerResponseError`` for anything else.
    """
    text = value.strip() if isinstance(value, str) else ""
    shown = text if len(text) <= _MAX_HEADER_CHARS else text[:_MAX_HEADER_CHARS] + "…"
    error = ServerResponseError(detail=f"the expiry date {shown!r} is not an HTTP date")
    if len(text) > _MAX_HEADER_CHARS:
        raise error
    match = _IMF_FIXDATE.fullmatch(text) or _ASCTIME.fullmatch(text)
    if match is not None:
        year = int(match["year"])
    else:
        match = _RFC850.fullmatch(text)
        if match is None:
            raise error
        year = _two_digit_year(int(match["year"]), now or datetime.now(UTC))
    try:
        return datetime(
            year,
            _MONTHS[match["month"].lower()],
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            min(int(match["second"]), 59),  # a leap second (60) is allowed by the grammar
            tzinfo=UTC,
        )
    except ValueError:  # 31 Feb, hour 25, year 0
        raise error from None


class Countdown(NamedTuple):
    """What a countdown shows: whole hours (may exceed 24), minutes, and seconds in the last hour."""

    hours: int
    minutes: int
    seconds: int | None


def format_countdown(remaining: timedelta) -> Countdown:
    """The numbers for a countdown of ``remaining`` (rounded down; negative counts as zero)."""
    total = max(int(remaining.total_seconds()), 0)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return Countdown(hours, minutes, seconds if remaining < SECONDS_WINDOW else None)


@dataclass(frozen=True)
class Session:
    """A VPN session: from the completed authorization to the ``Expires`` of ``/connect``.

    Both times must be timezone-aware (compare them with an aware ``now``).
    """

    started_at: datetime
    expires_at: datetime

    def __post_init__(self) -> None:
        if self.started_at.utcoffset() is None or self.expires_at.utcoffset() is None:
            raise ValueError("Session times must be timezone-aware")

    @property
    def length(self) -> timedelta:
        return self.expires_at - self.started_at

    def remaining(self, now: datetime) -> timedelta:
        """Time left, never negative."""
        return max(self.expires_at - now, timedelta(0))

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def countdown_visible(self, now: datetime) -> bool:
        """The main window's countdown shows once 24 hours or less remain."""
        return self.expires_at - now <= COUNTDOWN_WINDOW

    def renew_visible(self, now: datetime) -> bool:
        """ "Renew session" shows when 24 hours or less remain and the session is 30 minutes old."""
        return self.countdown_visible(now) and now - self.started_at >= RENEW_MIN_AGE

    def notification_thresholds(self) -> tuple[timedelta, ...]:
        """Of 4 h, 2 h, 1 h and 0 left, those that fall inside the session.

        Longer ones are skipped, and so is one equal to the session's length: it would fall on the
        moment the user logged in, where "4 hours left" tells nothing new.
        """
        return tuple(t for t in NOTIFICATION_THRESHOLDS if t < self.length)

    def notification_due(self, previous_now: datetime, now: datetime) -> list[timedelta]:
        """The thresholds crossed since the last check, largest first.

        A threshold is crossed when more than it remained at ``previous_now`` and no more at ``now``.
        After a suspend several may be due at once: show the last (smallest) only. A clock that went
        backwards crosses nothing.
        """
        before = self.expires_at - previous_now
        after = self.expires_at - now
        return [t for t in self.notification_thresholds() if before > t >= after]
