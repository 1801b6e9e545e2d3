"""Opening times: is it open now, when does it close or open next, the week as a table.

A *period* is one normalised schedule entry (see ``kiosk.directory.oruk``)::

    {"weekday": 0..6 (Monday=0) or None, "nth": 0 | 1..5 | -1..-5, "monthday": int or None,
     "interval": 1, "dtstart": "YYYY-MM-DD" or None, "valid_from": ..., "valid_to": ...,
     "opens": "HH:MM", "closes": "HH:MM"}

``nth`` 0 means every week; ``nth`` 1 with weekday 1 means the first Tuesday of the
month, -1 the last. Times are Europe/London *wall-clock* times: a service open
09:00-17:00 opens at nine by the clock in GMT and in BST. A period whose closing time
is not after its opening time runs past midnight (22:00-02:00); equal times, or
00:00-23:59, mean the whole day. Everything is computed in aware datetimes, so the
23- and 25-hour days of the clock change come out right.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Iterable, Mapping, Sequence

from kiosk.i18n import N_, _, current_language, ngettext
from kiosk.timeutil import LONDON

DAY_MINUTES = 24 * 60
LOOKAHEAD_DAYS = 70  # far enough for "first Tuesday of the month" and fortnightly rules
CLOSING_SOON_MINUTES = 60

ORDINALS = {1: N_("First"), 2: N_("Second"), 3: N_("Third"), 4: N_("Fourth"), 5: N_("Fifth"), -1: N_("Last"),
            -2: N_("Second to last")}
_BABEL_LOCALES = {"tw": "ak"}  # Twi is filed under Akan in CLDR


def _minutes(text: str | None) -> int | None:
    if not text:
        return None
    try:
        hours, minutes = text.split(":")[:2]
        return int(hours) * 60 + int(minutes)
    except ValueError:
        return None


def _span(period: Mapping[str, Any]) -> tuple[int, int] | None:
    """(opens, closes) in minutes after the local midnight of the day it starts."""
    opens, closes = _minutes(period.get("opens")), _minutes(period.get("closes"))
    if opens is None or closes is None or opens >= DAY_MINUTES:
        return None
    if closes in (DAY_MINUTES - 1, DAY_MINUTES):
        closes = DAY_MINUTES  # 23:59 is the spec's way of saying "until midnight"
    if closes == opens:
        closes = opens + DAY_MINUTES
    elif closes < opens:
        closes += DAY_MINUTES  # past midnight
    return opens, closes


def _as_date(text: Any) -> date | None:
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def occurs_on(period: Mapping[str, Any], day: date) -> bool:
    """Does this period start on ``day`` (a local calendar date)?"""
    valid_from, valid_to = _as_date(period.get("valid_from")), _as_date(period.get("valid_to"))
    if (valid_from and day < valid_from) or (valid_to and day > valid_to):
        return False
    weekday, nth, monthday = period.get("weekday"), period.get("nth") or 0, period.get("monthday")
    interval = int(period.get("interval") or 1)
    dtstart = _as_date(period.get("dtstart"))
    if dtstart and day < dtstart:
        return False
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    if monthday is not None:
        wanted = monthday if monthday > 0 else days_in_month + monthday + 1
        if day.day != wanted:
            return False
    else:
        if weekday is None or day.weekday() != int(weekday):
            return False
        if nth > 0 and (day.day - 1) // 7 + 1 != nth:
            return False
        if nth < 0 and (days_in_month - day.day) // 7 + 1 != -nth:
            return False
    if interval > 1 and dtstart:
        if nth or monthday is not None:
            months = (day.year - dtstart.year) * 12 + day.month - dtstart.month
            return months % interval == 0
        weeks = ((day - timedelta(days=day.weekday())) - (dtstart - timedelta(days=dtstart.weekday()))).days // 7
        return weeks % interval == 0
    return True


def _closed_on(closures: Iterable[Mapping[str, Any]], day: date) -> bool:
    for closure in closures:
        start, end = _as_date(closure.get("start_date")), _as_date(closure.get("end_date"))
        if start and start <= day <= (end or start):
            return True
    return False


def _local(day: date, minutes: int) -> datetime:
    # Wall-clock arithmetic on purpose: day + 17:00 is 17:00 by the London clock that day.
    return datetime.combine(day, time(0), tzinfo=LONDON) + timedelta(minutes=minutes)


def intervals(periods: Sequence[Mapping[str, Any]], first: date, last: date,
              closures: Sequence[Mapping[str, Any]] = ()) -> list[tuple[datetime, datetime]]:
    """Opening intervals (aware UTC, merged when they touch) starting on local dates first..last."""
    spans = []
    day = first
    while day <= last:
        if not _closed_on(closures, day):
            for period in periods:
                span = _span(period)
                if span and occurs_on(period, day):
                    start = _local(day, span[0]).astimezone(timezone.utc)
                    end = _local(day, span[1]).astimezone(timezone.utc)
                    if end > start:
                        spans.append((start, end))
        day += timedelta(days=1)
    spans.sort()
    merged: list[tuple[datetime, datetime]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _periods_and_closures(service: Any) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    if isinstance(service, dict) or isinstance(service, Mapping):  # dict first: the ABC check is slow
        return list(service.get("schedules") or []), list(service.get("closures") or [])
    return list(service or []), []


def _aware(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(timezone.utc)
    return now.replace(tzinfo=timezone.utc) if now.tzinfo is None else now


def is_open_at(service: Any, when: datetime) -> bool:
    """Open at ``when``? Compared on the London wall clock, which is what the periods mean:
    on the night the clocks go back, 01:30 happens twice and a 22:00-02:00 session is open both times."""
    periods, closures = _periods_and_closures(service)
    local = _aware(when).astimezone(LONDON)
    today = local.date()
    yesterday = today - timedelta(days=1)
    minute = local.hour * 60 + local.minute + local.second / 60
    for period in periods:
        span = _span(period)
        if span is None:
            continue
        if span[0] <= minute < span[1] and occurs_on(period, today) and not _closed_on(closures, today):
            return True
        if minute + DAY_MINUTES < span[1] and occurs_on(period, yesterday) and not _closed_on(closures, yesterday):
            return True
    return False


@dataclass(frozen=True)
class OpeningStatus:
    """Where a service stands at ``now``. ``text()`` reads in the current language."""

    state: str  # "open", "closed" or "unknown"
    now: datetime
    closes_at: datetime | None = None  # local (Europe/London) time
    opens_at: datetime | None = None
    always_open: bool = False

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def closing_soon(self) -> bool:
        return bool(self.closes_at and self.is_open and not self.always_open
                    and self.closes_at - self.now <= timedelta(minutes=CLOSING_SOON_MINUTES))

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "closes_at": self.closes_at.isoformat() if self.closes_at else None,
            "opens_at": self.opens_at.isoformat() if self.opens_at else None,
            "always_open": self.always_open,
            "closing_soon": self.closing_soon,
            "text": self.text(),
        }

    def text(self) -> str:
        if self.state == "unknown":
            return _("Opening times not known")
        local_now = self.now.astimezone(LONDON)
        if self.is_open:
            if self.always_open or self.closes_at is None:
                return _("Open 24 hours")
            if self.closing_soon:
                minutes = max(1, int((self.closes_at - self.now).total_seconds() // 60))
                return ngettext("Open now, closes in {minutes} minute", "Open now, closes in {minutes} minutes",
                                minutes).format(minutes=minutes)
            if self.closes_at - self.now < timedelta(hours=24):
                return _("Open now, closes at {time}").format(time=format_time(self.closes_at))
            return _("Open now, closes {day} {time}").format(day=day_name(self.closes_at.date()),
                                                             time=format_time(self.closes_at))
        if self.opens_at is None:
            return _("Closed")
        days_ahead = (self.opens_at.date() - local_now.date()).days
        when = format_time(self.opens_at)
        if days_ahead == 0:
            return _("Closed, opens today at {time}").format(time=when)
        if days_ahead == 1:
            return _("Closed, opens tomorrow at {time}").format(time=when)
        if days_ahead < 7:
            return _("Closed, opens {day} {time}").format(day=day_name(self.opens_at.date()), time=when)
        return _("Closed, opens {date} {time}").format(date=long_date(self.opens_at.date()), time=when)


def opening_status(service: Any, now: datetime | None = None) -> OpeningStatus:
    """Open now and until when, or closed and when it opens next.

    ``service`` is a service as returned by ``kiosk.directory.query.get_service`` (or
    any mapping with ``schedules`` and optional ``closures``), or a list of periods.
    ``now`` is an aware datetime (naive means UTC); default: the current time.
    """
    now = _aware(now)
    periods, closures = _periods_and_closures(service)
    usable = [p for p in periods if _span(p)]
    if not usable:
        return OpeningStatus("unknown", now)
    today = now.astimezone(LONDON).date()
    spans = intervals(usable, today - timedelta(days=1), today + timedelta(days=LOOKAHEAD_DAYS), closures)
    for start, end in spans:
        if start <= now < end:
            always = end - start >= timedelta(days=7)
            return OpeningStatus("open", now, closes_at=None if always else end.astimezone(LONDON),
                                 always_open=always)
        if start > now:
            return OpeningStatus("closed", now, opens_at=start.astimezone(LONDON))
    return OpeningStatus("closed", now)


# --- presentation helpers ---------------------------------------------------------------------

def _babel_locale() -> str:
    code = current_language()
    return _BABEL_LOCALES.get(code, code)


def day_name(day: date) -> str:
    from babel.dates import format_date

    try:
        return format_date(day, "EEEE", locale=_babel_locale())
    except Exception:  # an unknown CLDR locale must not break a status line
        return format_date(day, "EEEE", locale="en")


def weekday_name(weekday: int) -> str:
    # 2024-01-01 was a Monday.
    return day_name(date(2024, 1, 1) + timedelta(days=weekday))


def long_date(day: date) -> str:
    from babel.dates import format_date

    try:
        return format_date(day, "EEEE d MMMM", locale=_babel_locale())
    except Exception:
        return format_date(day, "EEEE d MMMM", locale="en")


def format_time(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%H:%M")


@dataclass(frozen=True)
class TableRow:
    label: str
    periods: tuple[tuple[str, str], ...]
    weekday: int | None = None

    @property
    def closed(self) -> bool:
        return not self.periods

    def periods_text(self) -> str:
        if not self.periods:
            return _("Closed")
        return ", ".join(f"{opens}–{closes}" for opens, closes in self.periods)


def _shown_closes(period: Mapping[str, Any]) -> str:
    closes = period.get("closes") or ""
    return "24:00" if closes in ("23:59", "24:00") else closes


def opening_table(service: Any, today: date | None = None) -> list[TableRow]:
    """The week Monday to Sunday, then rows for monthly and fortnightly sessions.

    Periods that stopped being valid before ``today`` are left out.
    """
    periods, _closures = _periods_and_closures(service)
    today = today or datetime.now(LONDON).date()
    current = [p for p in periods if _span(p) and not (_as_date(p.get("valid_to")) and _as_date(p.get("valid_to")) < today)]

    def pairs(selected: Iterable[Mapping[str, Any]]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted({(p["opens"], _shown_closes(p)) for p in selected}))

    rows = []
    for weekday in range(7):
        weekly = [p for p in current if p.get("weekday") == weekday and not p.get("nth")
                  and p.get("monthday") is None and int(p.get("interval") or 1) == 1]
        rows.append(TableRow(weekday_name(weekday), pairs(weekly), weekday))
    special: dict[str, list[Mapping[str, Any]]] = {}
    for period in current:
        if period.get("monthday") is not None:
            label = _("Day {number} of each month").format(number=period["monthday"]) if period["monthday"] > 0 \
                else _("Last day of each month")
        elif period.get("nth"):
            ordinal = ORDINALS.get(int(period["nth"]))
            if ordinal is None:
                continue
            label = _("{ordinal} {weekday} of the month").format(ordinal=_(ordinal),
                                                                 weekday=weekday_name(int(period["weekday"])))
        elif int(period.get("interval") or 1) > 1:
            label = _("Every {count} weeks on {weekday}").format(count=int(period["interval"]),
                                                                  weekday=weekday_name(int(period["weekday"])))
        else:
            continue
        special.setdefault(label, []).append(period)
    for label, selected in special.items():
        rows.append(TableRow(label, pairs(selected), None))
    return rows
