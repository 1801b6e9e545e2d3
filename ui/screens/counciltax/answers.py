"""A stored (clean) council-tax answer as the check-your-answers page shows it."""

from __future__ import annotations

from datetime import date
from typing import Any

from kiosk.counciltax import questions as q
from kiosk.counciltax.display import format_day
from kiosk.counciltax.money import format_pounds
from kiosk.i18n import _


def display_answer(question: q.Question, value: Any) -> str:
    if value is None or value == "" or value == []:
        return _("Not given")
    if question.kind == q.YES_NO:
        return _("Yes") if value else _("No")
    if question.kind == q.CHOICE:
        values = value if isinstance(value, list) else [value]
        return "\n".join(question.choice_label(v) for v in values)
    if question.kind == q.DATE:
        return format_day(date.fromisoformat(value))
    if question.kind == q.MONEY:
        return format_pounds(value)
    return str(value)
