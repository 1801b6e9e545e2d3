"""Reading and showing time amounts (integer minutes) and service dates.

Paper records from outreach sessions say "1.5", "1:30", "90m", "1h30" or "2 hours";
dates come in UK order (dd/mm/yyyy, dd/mm/yy, dd-mm-yyyy) or ISO (yyyy-mm-dd).
Anything else is refused with a message, never guessed (03/04 is 3 April here).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kiosk.i18n import _, ngettext
from kiosk.timebank.errors import TimeBankError
from kiosk.timeutil import to_london, utcnow

MAX_MINUTES = 24 * 60  # one exchange is at most a day of help

_HM = re.compile(r"^(\d{1,2}):([0-5]\d)$")
_H_AND_M = re.compile(r"^(?:(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours))?\s*(?:(\d+)\s*(?:m|min|mins|minute|minutes)?)?$")


def _bad_amount(text: str) -> TimeBankError:
    return TimeBankError("amount_format", _(
        "\"{text}\" is not a time we can read. Write hours like 1.5 or 1:30, or minutes like 90m.").format(text=text))


def parse_minutes(text: str | int) -> int:
    """Minutes in ``text``; bare numbers are hours (a credit is an hour)."""
    if isinstance(text, int) and not isinstance(text, bool):
        minutes = text
    else:
        raw = str(text or "").strip().lower().replace(",", ".")
        if not raw:
            raise TimeBankError("amount_empty", _("Enter how long the help took."))
        match = _HM.match(raw)
        if match:
            minutes = int(match.group(1)) * 60 + int(match.group(2))
        else:
            try:
                hours = Decimal(raw)
            except InvalidOperation:
                hours = None
            if hours is not None:
                if not hours.is_finite():
                    raise _bad_amount(raw)
                minutes_dec = (hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                minutes = int(minutes_dec)
            else:
                match = _H_AND_M.match(raw)
                if not match or not (match.group(1) or match.group(2)):
                    raise _bad_amount(raw)
                hours_part = Decimal(match.group(1) or "0") * 60
                minutes = int((hours_part + int(match.group(2) or 0)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    check_minutes(minutes)
    return minutes


def check_minutes(minutes: int) -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
        raise TimeBankError("amount_not_positive", _("The time must be more than zero."))
    if minutes > MAX_MINUTES:
        raise TimeBankError("amount_too_large", _("One exchange can be at most {hours} hours.").format(
            hours=MAX_MINUTES // 60))
    return minutes


def format_minutes(minutes: int) -> str:
    """``2 hours 30 minutes``; negative balances keep their sign."""
    sign = "-" if minutes < 0 else ""
    hours, mins = divmod(abs(minutes), 60)
    parts = []
    if hours:
        parts.append(ngettext("{n} hour", "{n} hours", hours).format(n=hours))
    if mins or not hours:
        parts.append(ngettext("{n} minute", "{n} minutes", mins).format(n=mins))
    return sign + " ".join(parts)


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")


def today_london() -> date:
    return to_london(utcnow()).date()


def parse_service_date(text: str | date, *, today: date | None = None) -> date:
    """The local (Europe/London) date the help was given; never in the future."""
    if isinstance(text, date):
        value = text
    else:
        raw = str(text or "").strip()
        if not raw:
            raise TimeBankError("date_empty", _("Enter the date the help was given."))
        value = None
        for fmt in _DATE_FORMATS:
            try:
                value = datetime.strptime(raw, fmt).date()
                break
            except ValueError:
                continue
        if value is None:
            raise TimeBankError("date_format", _(
                "\"{text}\" is not a date we can read. Write it like 25/12/2026 or 2026-12-25.").format(text=raw))
    today = today or today_london()
    if value > today:
        raise TimeBankError("date_future", _("The date {date} is in the future.").format(date=value.strftime("%d/%m/%Y")))
    if (today - value).days > 366:
        raise TimeBankError("date_too_old", _(
            "The date {date} is more than a year ago; ask a time broker to record it.").format(
            date=value.strftime("%d/%m/%Y")))
    return value
