"""Declarative questions: one definition for the kiosk screens, the CLI and the checks on submit.

A ``Question`` says what to ask (a translatable label marked with ``N_``,
translated at display time with ``_``), what kind of answer it takes, when it is
shown, and how to check it. ``clean`` turns what a person typed into a stored
value (dates as ISO text, money as integer pence, yes/no as bool) or a
translated error message in GOV.UK style ("Enter ...", "... must be ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from kiosk.counciltax.money import MoneyError, parse_pounds
from kiosk.i18n import N_, _

TEXT, DATE, CHOICE, YES_NO, MONEY, POSTCODE, NUMBER = "text", "date", "choice", "yes-no", "money", "postcode", "number"
KINDS = (TEXT, DATE, CHOICE, YES_NO, MONEY, POSTCODE, NUMBER)

Answers = dict[str, Any]
# A validator gets the cleaned value and every answer so far; it returns a translated error or None.
Validator = Callable[[Any, Answers], "str | None"]

MAX_TEXT = 500


@dataclass(frozen=True)
class Choice:
    value: str
    label: str  # N_ msgid
    hint: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    label: str                                  # N_ msgid
    kind: str = TEXT
    hint: str = ""                              # N_ msgid
    choices: tuple[Choice, ...] = ()
    multiple: bool = False                      # CHOICE: check boxes rather than radios
    required: bool = True
    validator: Validator | None = None
    show_if: Callable[[Answers], bool] | None = None
    inputmode: str = "text"                     # "numeric" asks screens for a number pad
    autocomplete: str = ""                      # HTML-style hint, e.g. "postal-code", "name"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown question kind {self.kind!r}")

    def visible(self, answers: Answers) -> bool:
        return self.show_if is None or bool(self.show_if(answers))

    def choice_label(self, value: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return _(choice.label)
        return value

    def clean(self, raw: Any, answers: Answers | None = None) -> tuple[Any, str | None]:
        """(stored value, None) or (None, translated error)."""
        answers = answers or {}
        if _blank(raw):
            if self.required:
                return None, self._missing()
            return None, None
        try:
            value = _CLEANERS[self.kind](self, raw)
        except _Invalid as exc:
            return None, str(exc)
        if self.validator is not None:
            error = self.validator(value, answers)
            if error:
                return None, error
        return value, None

    def _missing(self) -> str:
        if self.kind in (CHOICE, YES_NO):
            return _("Select an answer: {question}").format(question=_(self.label))
        return _("Enter an answer: {question}").format(question=_(self.label))


class _Invalid(ValueError):
    pass


def _blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, (list, tuple)):
        return len(raw) == 0
    if isinstance(raw, dict):
        return all(_blank(v) for v in raw.values())
    return False


def _clean_text(q: Question, raw: Any) -> str:
    text = " ".join(str(raw).split())
    if len(text) > MAX_TEXT:
        raise _Invalid(_("{question} must be {limit} characters or fewer").format(question=_(q.label), limit=MAX_TEXT))
    return text


def parse_date(raw: Any) -> date:
    """A date from a ``date``, 'YYYY-MM-DD' or a GOV.UK date input ``{"day", "month", "year"}``."""
    if isinstance(raw, date):
        return raw
    if isinstance(raw, dict):
        parts = {k: str(raw.get(k, "")).strip() for k in ("day", "month", "year")}
        missing = [k for k, v in parts.items() if not v]
        if missing:
            raise _Invalid(_("The date must include a day, month and year"))
        if not all(v.isdigit() for v in parts.values()) or len(parts["year"]) != 4:
            raise _Invalid(_("Enter the date as numbers, with a 4-digit year, like 27 3 2025"))
        try:
            return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            raise _Invalid(_("The date must be a real date")) from None
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise _Invalid(_("The date must be a real date, like 27 3 2025")) from None


def _clean_date(q: Question, raw: Any) -> str:
    return parse_date(raw).isoformat()


def _clean_choice(q: Question, raw: Any) -> str | list[str]:
    allowed = {c.value for c in q.choices}
    if q.multiple:
        values = [raw] if isinstance(raw, str) else list(raw)
        if any(v not in allowed for v in values):
            raise _Invalid(_("Select from the list: {question}").format(question=_(q.label)))
        return [c.value for c in q.choices if c.value in values]  # stored in the order shown
    if raw not in allowed:
        raise _Invalid(_("Select from the list: {question}").format(question=_(q.label)))
    return str(raw)


def _clean_yes_no(q: Question, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    lowered = str(raw).strip().lower()
    if lowered in ("yes", "y", "true"):
        return True
    if lowered in ("no", "n", "false"):
        return False
    raise _Invalid(_("Select yes or no: {question}").format(question=_(q.label)))


def _clean_money(q: Question, raw: Any) -> int:
    try:
        return parse_pounds(raw)
    except MoneyError as exc:
        raise _Invalid(str(exc)) from None


# UK postcode shape (the pattern the GOV.UK and ONS guidance describe); whether it exists is the council's check.
_POSTCODE = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]([0-9ABEHMNPRV-Y])?|[0-9][A-HJKPS-UW])[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def normalise_postcode(raw: str) -> str | None:
    compact = re.sub(r"\s+", "", str(raw)).upper()
    if not _POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def _clean_postcode(q: Question, raw: Any) -> str:
    postcode = normalise_postcode(raw)
    if postcode is None:
        raise _Invalid(_("Enter a real postcode, like SW2 1RW"))
    return postcode


def _clean_number(q: Question, raw: Any) -> int:
    text = str(raw).strip()
    if not text.isdigit():
        raise _Invalid(_("{question} must be a whole number, like 2").format(question=_(q.label)))
    return int(text)


_CLEANERS: dict[str, Callable[[Question, Any], Any]] = {
    TEXT: _clean_text, DATE: _clean_date, CHOICE: _clean_choice, YES_NO: _clean_yes_no,
    MONEY: _clean_money, POSTCODE: _clean_postcode, NUMBER: _clean_number,
}

YES_NO_CHOICES = (Choice("yes", N_("Yes")), Choice("no", N_("No")))
