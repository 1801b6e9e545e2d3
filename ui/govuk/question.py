"""GOV.UK question page: one question, a hint, an error message and an error summary.

Field kinds: ``text``, ``date`` (day, month, year boxes), ``radio`` (choices)
and ``yesno``. A ``Question`` says what to ask and how to check the answer;
``QuestionPage`` shows it. Validators take the parsed value and return a
translated error message or ``None``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLineEdit, QRadioButton, QVBoxLayout, QWidget

from kiosk.i18n import N_, _
from ui.govuk.basics import Button, Label, LinkButton, Text, Translatable, resolve, uncheck

Validator = Callable[[Any], "str | None"]

KINDS = ("text", "date", "radio", "yesno")


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text  # N_-marked


@dataclass(frozen=True)
class Question:
    key: str
    label: Text  # the question itself, shown as the page heading
    kind: str = "text"
    hint: Text = ""
    choices: tuple[Choice, ...] = ()
    validators: tuple[Validator, ...] = ()
    optional: bool = False
    required_error: Text = ""  # e.g. N_("Enter your full name"); a sensible default otherwise
    summary_label: Text = ""  # the row name on the check-answers page; defaults to ``label``

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown question kind {self.kind!r}")
        if self.kind == "radio" and not self.choices:
            raise ValueError(f"radio question {self.key!r} needs choices")


class InvalidAnswer(Exception):
    """Raised by an input when what was typed cannot be read (message already translated)."""


# --- inputs -----------------------------------------------------------------------------------


class TextInput(QLineEdit):
    def __init__(self, question: Question):
        super().__init__()
        self.question = question

    def value(self) -> str | None:
        text = self.text().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else str(value))

    def set_error(self, on: bool) -> None:
        self.setProperty("error", "true" if on else "false")
        self.style().unpolish(self)
        self.style().polish(self)

    def first_focus(self) -> QWidget:
        return self

    def retranslate(self) -> None:
        self.setAccessibleName(resolve(self.question.label))
        self.setAccessibleDescription(resolve(self.question.hint))


class DateInput(QWidget):
    """Day, month and year boxes, as GOV.UK asks for dates."""

    PARTS = (("day", N_("Day"), 2), ("month", N_("Month"), 2), ("year", N_("Year"), 4))

    def __init__(self, question: Question):
        super().__init__()
        self.question = question
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        self.boxes: dict[str, QLineEdit] = {}
        self.labels: dict[str, Label] = {}
        for name, label, chars in self.PARTS:
            column = QVBoxLayout()
            self.labels[name] = Label(label)
            box = QLineEdit()
            box.setMaxLength(chars)
            box.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
            box.setMinimumWidth(chars * 34 + 40)
            box.setMaximumWidth(chars * 34 + 60)
            self.labels[name].setBuddy(box)
            self.boxes[name] = box
            column.addWidget(self.labels[name])
            column.addWidget(box)
            row.addLayout(column)
        row.addStretch(1)

    def value(self) -> dt.date | None:
        parts = {name: box.text().strip() for name, box in self.boxes.items()}
        if not any(parts.values()):
            return None
        missing = [name for name, text in parts.items() if not text]
        if missing:
            raise InvalidAnswer(_("The date must include a day, month and year"))
        try:
            return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            raise InvalidAnswer(_("Enter a real date, for example 27 3 2007")) from None

    def set_value(self, value: dt.date | None) -> None:
        for name, box in self.boxes.items():
            box.setText("" if value is None else str(getattr(value, name)))

    def clear(self) -> None:
        self.set_value(None)

    def set_error(self, on: bool) -> None:
        for box in self.boxes.values():
            box.setProperty("error", "true" if on else "false")
            box.style().unpolish(box)
            box.style().polish(box)

    def first_focus(self) -> QWidget:
        return self.boxes["day"]

    def retranslate(self) -> None:
        question = resolve(self.question.label)
        for name, label, _chars in self.PARTS:
            self.labels[name].retranslate()
            self.boxes[name].setAccessibleName(f"{question} – {_(label)}")


class ChoiceInput(QWidget):
    """Radio buttons, stacked; ``yesno`` is the two-choice case answering True/False."""

    def __init__(self, question: Question):
        super().__init__()
        self.question = question
        self.group = QButtonGroup(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        self.buttons: list[tuple[Any, Text, QRadioButton]] = []
        for value, label in self.options():
            button = QRadioButton()
            self.group.addButton(button)
            column.addWidget(button)
            self.buttons.append((value, label, button))

    def options(self) -> list[tuple[Any, Text]]:
        if self.question.kind == "yesno":
            return [(True, N_("Yes")), (False, N_("No"))]
        return [(choice.value, choice.label) for choice in self.question.choices]

    def value(self) -> Any:
        for value, _label, button in self.buttons:
            if button.isChecked():
                return value
        return None

    def set_value(self, value: Any) -> None:
        for choice, _label, button in self.buttons:
            if value is not None and choice == value:
                button.setChecked(True)
            else:
                uncheck(button)

    def clear(self) -> None:
        self.set_value(None)

    def set_error(self, on: bool) -> None:
        pass  # the red bar beside the field says it

    def first_focus(self) -> QWidget:
        return self.buttons[0][2]

    def retranslate(self) -> None:
        question = resolve(self.question.label)
        for _value, label, button in self.buttons:
            text = resolve(label)
            button.setText(text)
            button.setAccessibleName(text)
            button.setAccessibleDescription(question)


def make_input(question: Question) -> QWidget:
    if question.kind == "text":
        return TextInput(question)
    if question.kind == "date":
        return DateInput(question)
    return ChoiceInput(question)


def display_value(question: Question, value: Any) -> str:
    """An answer as the check-answers page shows it, in the current language."""
    if value is None:
        return _("Not given")
    if question.kind == "yesno":
        return _("Yes") if value else _("No")
    if question.kind == "radio":
        for choice in question.choices:
            if choice.value == value:
                return resolve(choice.label)
    if question.kind == "date":
        from babel.dates import format_date

        from kiosk.i18n import current_language

        try:
            return format_date(value, format="long", locale=babel_locale(current_language()))
        except Exception:  # an unknown locale must not hide the answer
            return value.isoformat()
    return str(value)


def babel_locale(code: str) -> str:
    """CLDR locale for a kiosk language: British English; Twi is Akan in CLDR."""
    return {"en": "en_GB", "tw": "ak"}.get(code, code)


def default_required_error(question: Question) -> str:
    if question.required_error:
        return resolve(question.required_error)
    if question.kind == "text":
        return _("Enter an answer")
    if question.kind == "date":
        return _("Enter a date")
    return _("Select an answer")


# --- error summary ----------------------------------------------------------------------------


class ErrorSummary(QFrame, Translatable):
    """The red "There is a problem" box; each error is a link that moves focus to its field."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("errorSummary")
        self.column = QVBoxLayout(self)
        self.column.setSpacing(8)
        self.heading = Label(N_("There is a problem"), "heading-m")
        self.column.addWidget(self.heading)
        self.links: list[Button] = []
        self.setVisible(False)
        self.setAccessibleName(_("There is a problem"))

    def set_errors(self, errors: list[tuple[str, QWidget]]) -> None:
        for link in self.links:
            self.column.removeWidget(link)
            link.deleteLater()
        self.links = []
        for message, target in errors:
            link = LinkButton(lambda message=message: message)
            link.setProperty("kind", "error-link")
            link.clicked.connect(lambda _checked=False, target=target: target.setFocus(Qt.FocusReason.OtherFocusReason))
            self.column.addWidget(link)
            self.links.append(link)
        self.setVisible(bool(errors))

    def retranslate(self) -> None:
        self.heading.retranslate()
        self.setAccessibleName(self.heading.text())


# --- the page ---------------------------------------------------------------------------------


class QuestionPage(QWidget, Translatable):
    """One question per page, with its error summary, hint, error message and Continue."""

    continued = Signal()

    def __init__(self, question: Question, caption: Text = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.question = question
        self._error: str | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.summary = ErrorSummary()
        column.addWidget(self.summary)
        self.caption = Label(caption, "caption")
        column.addWidget(self.caption)
        self.caption.setVisible(bool(caption))  # once in place: shown parentless it would be a window
        self.heading = Label(question.label, "heading-l")
        column.addWidget(self.heading)
        self.field = QFrame()
        self.field.setObjectName("field")
        field_column = QVBoxLayout(self.field)
        field_column.setContentsMargins(0, 0, 0, 0)
        field_column.setSpacing(12)
        self.hint = Label(question.hint, "hint")
        field_column.addWidget(self.hint)
        self.hint.setVisible(bool(question.hint))  # once in place (see the caption)
        self.error_message = Label(lambda: _("Error: {message}").format(message=self._error or ""), "error-message")
        self.error_message.setVisible(False)
        field_column.addWidget(self.error_message)
        self.input = make_input(question)
        field_column.addWidget(self.input)
        self.heading.setBuddy(self.input.first_focus())
        column.addWidget(self.field)
        self.continue_button = Button(N_("Continue"), "primary")
        row = QHBoxLayout()
        row.addWidget(self.continue_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        self.continue_button.clicked.connect(self.continued)
        # Enter in a box answers the question, as it submits a web form.
        for box in [self.input] if isinstance(self.input, QLineEdit) else getattr(self.input, "boxes", {}).values():
            box.returnPressed.connect(self.continued)
        self.retranslate()

    # The answer ---------------------------------------------------------------------------

    def value(self) -> Any:
        """The parsed answer; raises ``InvalidAnswer`` when it cannot be read."""
        return self.input.value()

    def set_value(self, value: Any) -> None:
        self.input.set_value(value)

    def clear(self) -> None:
        self.input.clear()
        self.show_error(None)

    def check(self) -> str | None:
        """Validate what is on the page; returns the (translated) error or None."""
        try:
            value = self.value()
        except InvalidAnswer as exc:
            return str(exc)
        if value is None:
            return None if self.question.optional else default_required_error(self.question)
        for validator in self.question.validators:
            message = validator(value)
            if message:
                return message
        return None

    def validate(self) -> bool:
        error = self.check()
        self.show_error(error)
        if error:
            # GOV.UK: focus moves to the summary so a screen reader announces it.
            self.summary.links[0].setFocus(Qt.FocusReason.OtherFocusReason)
        return error is None

    def show_error(self, message: str | None) -> None:
        self._error = message
        self.summary.set_errors([(message, self.input.first_focus())] if message else [])
        self.error_message.retranslate()
        self.error_message.setVisible(bool(message))
        self.field.setProperty("error", "true" if message else "false")
        self.field.style().unpolish(self.field)
        self.field.style().polish(self.field)
        self.input.set_error(bool(message))

    @property
    def error(self) -> str | None:
        return self._error

    def retranslate(self) -> None:
        for label in (self.caption, self.heading, self.hint):
            label.retranslate()
        self.input.retranslate()
        self.continue_button.retranslate()
        self.summary.retranslate()
        if self._error is not None:
            self.show_error(self.check())  # the message comes back in the new language
