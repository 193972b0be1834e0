"""Expires headers and the session rules: countdown, renew, notifications, all from absolute times."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.errors import ServerResponseError, SluisError
from gui.core.expiry import Countdown, Session, format_countdown, parse_expires

H = timedelta(hours=1)
MIN = timedelta(minutes=1)
S = timedelta(seconds=1)
US = timedelta(microseconds=1)
START = datetime(2027, 1, 1, 9, 0, tzinfo=UTC)
NINETY_DAYS = Session(START, START + timedelta(days=90))


# --- Expires -----------------------------------------------------------------------------------

RFC7231_MOMENT = datetime(1994, 11, 6, 8, 49, 37, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        "Sun, 06 Nov 1994 08:49:37 GMT",  # IMF-fixdate
        "Sunday, 06-Nov-94 08:49:37 GMT",  # obsolete RFC 850
        "Sun Nov  6 08:49:37 1994",  # obsolete asctime
        "  Sun, 06 Nov 1994 08:49:37 GMT  ",
        "sun, 06 nov 1994 08:49:37 gmt",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 08:49:37 +0000",
        "Sun Nov 06 08:49:37 1994",
    ],
)
def test_all_three_http_date_forms(value: str) -> None:
    parsed = parse_expires(value, now=datetime(2025, 1, 1, tzinfo=UTC))
    assert parsed == RFC7231_MOMENT
    assert parsed.tzinfo is UTC


def test_the_api_and_observed_server_samples() -> None:
    assert parse_expires("Fri, 06 Aug 2021 03:59:59 GMT") == datetime(2021, 8, 6, 3, 59, 59, tzinfo=UTC)
    assert parse_expires("Wed, 24 Feb 2027 11:08:33 GMT") == datetime(2027, 2, 24, 11, 8, 33, tzinfo=UTC)


def test_two_digit_years_follow_rfc7231() -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    assert parse_expires("Wednesday, 24-Feb-27 11:08:33 GMT", now=now).year == 2027
    assert parse_expires("Wednesday, 24-Feb-76 11:08:33 GMT", now=now).year == 2076  # exactly 50 years on
    assert parse_expires("Thursday, 24-Feb-77 11:08:33 GMT", now=now).year == 1977  # more than 50: the past


def test_a_leap_second_is_accepted() -> None:
    assert parse_expires("Sat, 31 Dec 2016 23:59:60 GMT") == datetime(2016, 12, 31, 23, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "0",
        "-1",
        "tomorrow",
        "2027-02-24T11:08:33Z",
        "Fri, 31 Feb 2021 03:59:59 GMT",
        "Fri, 06 Aug 2021 25:00:00 GMT",
        "Fri, 06 Aug 2021 03:60:00 GMT",
        "Fri, 06 Aug 0000 03:59:59 GMT",
        "Fri, 06 Aug 2021 03:59:59 CET",
        "Fri, 06 Aug 2021 03:59:59",
        "Fri, ０6 Aug 2021 03:59:59 GMT",
        "Fri, 06 Aug 2021 03:59:59 GMT\nSet-Cookie: x",
        "Fri, 06 Aug 2021 03:59:59 GMT" + " " * 100 + "x",
    ],
)
def test_garbage_dates_are_server_response_errors(value: str) -> None:
    with pytest.raises(ServerResponseError) as caught:
        parse_expires(value)
    assert "\n" not in str(caught.value)


@given(st.text(max_size=60))
def test_random_header_strings(value: str) -> None:
    try:
        parsed = parse_expires(value)
    except SluisError:
        return
    assert parsed.tzinfo is UTC


@given(st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.just(UTC)))
def test_formatted_dates_parse_back(moment: datetime) -> None:
    moment = moment.replace(microsecond=0)
    assert parse_expires(moment.strftime("%a, %d %b %Y %H:%M:%S GMT")) == moment
    assert parse_expires(moment.strftime("%a %b %e %H:%M:%S %Y")) == moment


@given(st.integers(0, 28), st.text(min_size=1, max_size=3))
def test_mutated_dates(at: int, junk: str) -> None:
    value = "Fri, 06 Aug 2021 03:59:59 GMT"
    with contextlib.suppress(SluisError):
        parse_expires(value[:at] + junk + value[at + 1 :])


# --- session rules -----------------------------------------------------------------------------


def test_countdown_appears_at_exactly_24_hours() -> None:
    expires = NINETY_DAYS.expires_at
    assert not NINETY_DAYS.countdown_visible(expires - 24 * H - US)
    assert NINETY_DAYS.countdown_visible(expires - 24 * H)
    assert NINETY_DAYS.countdown_visible(expires + H)


def test_renew_needs_24_hours_left_and_30_minutes_since_start() -> None:
    expires = NINETY_DAYS.expires_at
    assert not NINETY_DAYS.renew_visible(START + 30 * MIN)  # old enough, but 90 days left
    assert not NINETY_DAYS.renew_visible(expires - 24 * H - US)
    assert NINETY_DAYS.renew_visible(expires - 24 * H)
    short = Session(START, START + 12 * H)  # countdown visible from the start
    assert short.countdown_visible(START)
    assert not short.renew_visible(START + 30 * MIN - US)
    assert short.renew_visible(START + 30 * MIN)


def test_expired_and_remaining() -> None:
    expires = NINETY_DAYS.expires_at
    assert not NINETY_DAYS.expired(expires - US)
    assert NINETY_DAYS.expired(expires)
    assert NINETY_DAYS.remaining(expires - 90 * MIN) == 90 * MIN
    assert NINETY_DAYS.remaining(expires + H) == timedelta(0)
    assert NINETY_DAYS.length == timedelta(days=90)


def test_times_in_other_zones_compare_by_instant() -> None:
    cet = timezone(timedelta(hours=1))
    session = Session(START.astimezone(cet), START + 12 * H)
    assert session.renew_visible((START + 30 * MIN).astimezone(cet))


@pytest.mark.parametrize(
    ("length", "thresholds"),
    [
        (timedelta(days=90), (4 * H, 2 * H, H, timedelta(0))),
        (4 * H + S, (4 * H, 2 * H, H, timedelta(0))),
        (4 * H, (2 * H, H, timedelta(0))),  # 4 h left is the moment of login: nothing to tell
        (4 * H - S, (2 * H, H, timedelta(0))),
        (90 * MIN, (H, timedelta(0))),
        (30 * MIN, (timedelta(0),)),
    ],
)
def test_notification_thresholds_skip_those_longer_than_the_session(
    length: timedelta, thresholds: tuple[timedelta, ...]
) -> None:
    assert Session(START, START + length).notification_thresholds() == thresholds


def test_each_notification_is_due_when_its_threshold_is_reached() -> None:
    expires = NINETY_DAYS.expires_at
    for threshold in (4 * H, 2 * H, H, timedelta(0)):
        moment = expires - threshold
        assert NINETY_DAYS.notification_due(moment - S, moment) == [threshold]
        assert NINETY_DAYS.notification_due(moment - S, moment - US) == []
        assert NINETY_DAYS.notification_due(moment, moment + S) == []  # already shown


def test_after_a_suspend_every_crossed_threshold_is_reported() -> None:
    expires = NINETY_DAYS.expires_at
    assert NINETY_DAYS.notification_due(expires - 3 * H, expires - 30 * MIN) == [2 * H, H]
    assert NINETY_DAYS.notification_due(expires - 5 * H, expires + 10 * H) == [4 * H, 2 * H, H, timedelta(0)]
    assert NINETY_DAYS.notification_due(expires - 30 * MIN, expires - 3 * H) == []  # clock went back


@given(
    st.lists(st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=6)), min_size=1, max_size=30),
    st.timedeltas(min_value=timedelta(minutes=1), max_value=timedelta(hours=10))
    | st.sampled_from([H, 2 * H, 4 * H, 4 * H + US]),
)
def test_over_any_sequence_of_ticks_each_notification_fires_once(
    steps: list[timedelta], length: timedelta
) -> None:
    session = Session(START, START + length)
    now, fired = START, []
    for step in [*steps, length + H]:  # the last tick lands past the end
        fired += session.notification_due(now, now + step)
        now += step
    assert fired == list(session.notification_thresholds())


@pytest.mark.parametrize(
    ("remaining", "shown"),
    [
        (timedelta(days=90), Countdown(2160, 0, None)),
        (25 * H + 5 * MIN + 59 * S, Countdown(25, 5, None)),
        (H, Countdown(1, 0, None)),
        (H - US, Countdown(0, 59, 59)),
        (59 * MIN + 59 * S, Countdown(0, 59, 59)),
        (S, Countdown(0, 0, 1)),
        (timedelta(0), Countdown(0, 0, 0)),
        (-H, Countdown(0, 0, 0)),
    ],
)
def test_format_countdown(remaining: timedelta, shown: Countdown) -> None:
    assert format_countdown(remaining) == shown


@given(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)))
def test_countdown_numbers_add_up(remaining: timedelta) -> None:
    hours, minutes, seconds = format_countdown(remaining)
    assert 0 <= minutes < 60
    assert (seconds is None) == (remaining >= H)
    assert hours * 3600 + minutes * 60 + (seconds or 0) == int(remaining.total_seconds()) - (
        int(remaining.total_seconds()) % 60 if seconds is None else 0
    )


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Session(datetime(2027, 1, 1), START)
