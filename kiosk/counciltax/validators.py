"""Field checks used by the request definitions; each returns a translated error or None.

Bank details: only the *format* is checked on the device (a sort code is 6
digits, an account number 8). No well-kept Python library does the Vocalink
modulus check, and the real check needs the current bank tables anyway, so the
council service checks the details through its pluggable bank adapter.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Callable

from kiosk.counciltax.display import format_day
from kiosk.i18n import _
from kiosk.timeutil import to_london, utcnow

_SEPARATORS = re.compile(r"[\s-]+")


def today() -> date:
    """Today in Europe/London (what the resident calls today)."""
    return to_london(utcnow()).date()


def digits_only(text: str) -> str:
    return _SEPARATORS.sub("", str(text))


def sort_code(value: str, answers: dict[str, Any]) -> str | None:
    compact = digits_only(value)
    if not compact.isdigit() or len(compact) != 6:
        return _("Enter a valid sort code, like 30-94-57 (6 numbers)")
    return None


def account_number(value: str, answers: dict[str, Any]) -> str | None:
    compact = digits_only(value)
    if not compact.isdigit():
        return _("Enter a valid account number, like 00733445 (numbers only)")
    if len(compact) != 8:
        return _("The account number must be 8 numbers long; if yours has 7, put a 0 at the start")
    return None


def account_reference(value: str, answers: dict[str, Any]) -> str | None:
    compact = digits_only(value).upper()
    if not re.fullmatch(r"[A-Z0-9]{6,12}", compact):
        return _("Enter your council tax account number as it is on your bill (6 to 12 letters or numbers)")
    return None


def email(value: str, answers: dict[str, Any]) -> str | None:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        return _("Enter an email address in the correct format, like name@example.com")
    return None


def phone(value: str, answers: dict[str, Any]) -> str | None:
    compact = re.sub(r"[\s()-]", "", value)
    if compact.startswith("+44"):
        compact = "0" + compact[3:]
    if not compact.isdigit() or not 10 <= len(compact) <= 11:
        return _("Enter a telephone number, like 01632 960 001 or 07700 900 982")
    return None


def date_between(*, past_days: int, future_days: int, what: str) -> Callable[[str, dict[str, Any]], str | None]:
    """The date (ISO text) lies between ``past_days`` ago and ``future_days`` ahead of today."""
    def check(value: str, answers: dict[str, Any]) -> str | None:
        day = date.fromisoformat(value)
        now = today()
        if day < now - timedelta(days=past_days):
            return _("{what} must be on or after {limit}").format(
                what=_(what), limit=format_day(now - timedelta(days=past_days)))
        if day > now + timedelta(days=future_days):
            return _("{what} must be on or before {limit}").format(
                what=_(what), limit=format_day(now + timedelta(days=future_days)))
        return None
    return check


def number_between(low: int, high: int, what: str) -> Callable[[int, dict[str, Any]], str | None]:
    def check(value: int, answers: dict[str, Any]) -> str | None:
        if not low <= value <= high:
            return _("{what} must be between {low} and {high}").format(what=_(what), low=low, high=high)
        return None
    return check


def must_be_yes(message: str) -> Callable[[bool, dict[str, Any]], str | None]:
    def check(value: bool, answers: dict[str, Any]) -> str | None:
        return None if value else _(message)
    return check


def positive_money(what: str) -> Callable[[int, dict[str, Any]], str | None]:
    def check(value: int, answers: dict[str, Any]) -> str | None:
        return None if value > 0 else _("{what} must be more than £0").format(what=_(what))
    return check
