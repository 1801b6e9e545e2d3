"""The kit's ``QuestionPage`` for a council-tax ``Question`` (kiosk.counciltax.questions).

It keeps the kit's page (error summary, hint, error message, Continue) and
adds what council-tax questions need: check boxes, a "£" box for money, the
keypad hint (``inputmode``), and checking by the core's ``Question.clean`` with
the answers so far, so the messages are the core's own.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from kiosk.counciltax import questions as q
from ui.govuk.basics import Text
from ui.govuk.more_inputs import CheckboxInput, PrefixedTextInput
from ui.govuk.question import Choice as KitChoice
from ui.govuk.question import DateInput, QuestionPage
from ui.govuk.question import Question as KitQuestion

_KIT_KIND = {q.TEXT: "text", q.MONEY: "text", q.POSTCODE: "text", q.NUMBER: "text", q.DATE: "date",
             q.CHOICE: "radio", q.YES_NO: "yesno"}
_KEYPAD = {
    "numeric": Qt.InputMethodHint.ImhDigitsOnly,
    "decimal": Qt.InputMethodHint.ImhFormattedNumbersOnly,
    "tel": Qt.InputMethodHint.ImhDialableCharactersOnly,
    "email": Qt.InputMethodHint.ImhEmailCharactersOnly,
}
# Short answers get short boxes (GOV.UK: the width hints at the answer's length).
_WIDTH_CHARS = {q.POSTCODE: 10, q.NUMBER: 4, q.MONEY: 10}


def kit_question(question: q.Question) -> KitQuestion:
    return KitQuestion(
        key=question.id,
        label=question.label,
        kind=_KIT_KIND[question.kind],
        hint=question.hint,
        choices=tuple(KitChoice(c.value, c.label) for c in question.choices),
        optional=not question.required,
    )


class CoreQuestionPage(QuestionPage):
    def __init__(self, question: q.Question, caption: Text, answers: Callable[[], dict[str, Any]]):
        self.core = question
        self._answers = answers
        super().__init__(kit_question(question), caption=caption)
        replacement = None
        if question.kind == q.CHOICE and question.multiple:
            replacement = CheckboxInput(self.question)
        elif question.kind == q.MONEY:
            replacement = PrefixedTextInput(self.question, "£", width_chars=_WIDTH_CHARS[q.MONEY])
        if replacement is not None:
            old = self.input
            self.field.layout().replaceWidget(old, replacement)
            old.setParent(None)
            old.deleteLater()
            self.input = replacement
            self.heading.setBuddy(replacement.first_focus())
        edit = self.input.first_focus()
        if isinstance(edit, QLineEdit):
            hint = _KEYPAD.get(question.inputmode)
            if hint is not None:
                edit.setInputMethodHints(hint)
            if question.kind in (q.POSTCODE, q.NUMBER):
                edit.setMaximumWidth(_WIDTH_CHARS[question.kind] * 28 + 40)
        self.retranslate()

    # What is on the page, as the core takes it ---------------------------------------------

    def raw(self) -> Any:
        kind = self.core.kind
        if kind == q.DATE:
            assert isinstance(self.input, DateInput)
            return {name: box.text().strip() for name, box in self.input.boxes.items()}
        if kind in (q.CHOICE, q.YES_NO):
            return self.input.value()
        return self.input.first_focus().text()

    def set_raw(self, value: Any) -> None:
        """Fill the page as a resident would have (tests and the tour)."""
        if self.core.kind == q.DATE:
            if isinstance(value, dict):
                for name, box in self.input.boxes.items():
                    box.setText(str(value.get(name, "")))
                return
            self.input.set_value(date.fromisoformat(value) if value else None)
            return
        if self.core.kind == q.YES_NO and isinstance(value, str):
            value = value.lower() in ("yes", "true")
        self.input.set_value(value)

    def check(self) -> str | None:
        _value, error = self.core.clean(self.raw(), self._answers())
        return error

    def value(self) -> Any:
        value, _error = self.core.clean(self.raw(), self._answers())
        return value
