"""Money as integer pence; Decimal with ROUND_HALF_UP wherever a fraction appears."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_currency

from kiosk.i18n import _


class MoneyError(ValueError):
    """Text that is not an amount of money; the message is translated and ready to show."""


def round_pence(value: Decimal) -> int:
    """A Decimal number of pence rounded half-up to a whole penny."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(pence: int, percent: Decimal) -> int:
    return round_pence(Decimal(pence) * percent / 100)


_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")


def parse_pounds(text: str | int | Decimal) -> int:
    """'£1,234.56', '1234.5' or '12' -> pence. Rejects negatives, fractions of a penny and words."""
    if isinstance(text, int) and not isinstance(text, bool):
        raise MoneyError(_("Give the amount in pounds and pence, like 123.45"))
    cleaned = str(text).strip().replace("£", "").replace(",", "").replace(" ", "")
    if not cleaned:
        raise MoneyError(_("Enter an amount of money"))
    if cleaned.startswith("-"):
        raise MoneyError(_("The amount cannot be negative"))
    if not _AMOUNT.match(cleaned):
        raise MoneyError(_("Enter an amount in pounds and pence, like 123.45"))
    try:
        return int(Decimal(cleaned) * 100)
    except InvalidOperation:  # pragma: no cover - the pattern already excludes this
        raise MoneyError(_("Enter an amount in pounds and pence, like 123.45")) from None


def parse_percent(text: str | Decimal, *, maximum: int = 100) -> Decimal:
    """'25', '73.5' -> Decimal; between 0 and ``maximum`` inclusive."""
    try:
        value = Decimal(str(text).strip().rstrip("%"))
    except InvalidOperation:
        raise MoneyError(_("Enter a percentage as a number, like 25 or 73.5")) from None
    if not value.is_finite() or value < 0 or value > maximum:
        raise MoneyError(_("Enter a percentage from 0 to {maximum}").format(maximum=maximum))
    return value


def format_pounds(pence: int, *, locale: str = "en_GB") -> str:
    """1234567 -> '£12,345.67' (a UK bill keeps UK number style in every language)."""
    return format_currency(Decimal(pence) / 100, "GBP", locale=locale)
