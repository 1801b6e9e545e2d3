"""Valid and invalid answers made from the question definitions themselves (not a list per flow).

``valid_raw`` tries a few typical answers for the question's kind and keeps the
first the core's own ``Question.clean`` accepts, so a new question or a
changed rule is covered without editing the tests.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from kiosk.counciltax import questions as q
from kiosk.counciltax import validators as v


def _day(offset: int) -> dict[str, str]:
    day = v.today() + timedelta(days=offset)
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


TEXT_CANDIDATES = {
    "account_reference": ["40000001"],
    "phone": ["020 7926 1000"],
    "email": ["ada@example.com"],
    "sort_code": ["30-94-57"],
    "account_number": ["00733445"],
}


def candidates(question: q.Question) -> list[Any]:
    kind = question.kind
    if kind == q.TEXT:
        return TEXT_CANDIDATES.get(question.id, []) + ["Ada Lovelace"]
    if kind == q.DATE:
        return [_day(0), _day(-10), _day(3), {"day": "31", "month": "3", "year": "1980"}]
    if kind == q.CHOICE:
        first = question.choices[0].value
        return [[first]] if question.multiple else [c.value for c in question.choices]
    if kind == q.YES_NO:
        return [True, False]
    if kind == q.MONEY:
        return ["300.00", "1"]
    if kind == q.POSTCODE:
        return ["sw2 1rw"]
    if kind == q.NUMBER:
        return ["1", "0"]
    raise AssertionError(f"no candidates for kind {kind}")


def valid_raw(question: q.Question, answers: dict[str, Any]) -> Any:
    for raw in candidates(question):
        _value, error = question.clean(raw, answers)
        if error is None:
            return raw
    raise AssertionError(f"no valid candidate for {question.id}")


# One wrong answer per field kind, with (part of) the message the resident must see.
INVALID = {
    q.TEXT: ("x" * (q.MAX_TEXT + 1), "characters or fewer"),
    q.DATE: ({"day": "31", "month": "2", "year": "2025"}, "real date"),
    q.MONEY: ("12.345", "pounds and pence"),
    q.POSTCODE: ("NOT A POSTCODE", "real postcode"),
    q.NUMBER: ("two", "whole number"),
    q.CHOICE: (None, "Select an answer"),
    q.YES_NO: (None, "Select an answer"),
}
