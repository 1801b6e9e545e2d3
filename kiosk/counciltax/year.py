"""Financial years: 1 April to 31 March. Year 2025 means 1 April 2025 - 31 March 2026."""

from __future__ import annotations

from datetime import date


def year_start(year: int) -> date:
    return date(year, 4, 1)


def year_end(year: int) -> date:
    """The last day of the financial year (inclusive)."""
    return date(year + 1, 3, 31)


def days_in_year(year: int) -> int:
    """365, or 366 when the year contains 29 February."""
    return (year_end(year) - year_start(year)).days + 1


def financial_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def month_index(day: date) -> int:
    """April = 0 ... March = 11."""
    return (day.month - 4) % 12


def month_of_year(year: int, index: int) -> tuple[int, int]:
    """(calendar year, month) of month ``index`` (0 = April) of financial ``year``."""
    month = (index + 3) % 12 + 1
    return (year if month >= 4 else year + 1), month
