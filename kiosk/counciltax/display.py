"""Dates shown in the resident's language (money keeps UK style, see money.format_pounds)."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from kiosk import i18n

# Babel locale for each interface language ("tw" Twi is Akan, "ak", in CLDR).
BABEL_LOCALES = {"en": "en_GB", "tw": "ak"}


def format_day(day: date) -> str:
    code = i18n.current_language()
    return format_date(day, format="long", locale=BABEL_LOCALES.get(code, code))
