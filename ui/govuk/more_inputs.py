"""Inputs the kit's question pages did not have: check boxes, and a text box with a prefix (£).

Both follow the interface of ``ui.govuk.question`` inputs (``value``,
``set_value``, ``clear``, ``set_error``, ``first_focus``, ``retranslate``), so a
``QuestionPage`` can hold them in place of its own input.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from ui.govuk.basics import Label, resolve
from ui.govuk.question import Question, TextInput


class CheckboxInput(QWidget):
    """GOV.UK check boxes: choose any number; the value is the chosen values in the order shown."""

    def __init__(self, question: Question):
        super().__init__()
        self.question = question
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        self.boxes: list[tuple[str, Any, QCheckBox]] = []
        for choice in question.choices:
            box = QCheckBox()
            column.addWidget(box)
            self.boxes.append((choice.value, choice.label, box))

    def value(self) -> list[str] | None:
        chosen = [value for value, _label, box in self.boxes if box.isChecked()]
        return chosen or None

    def set_value(self, value: Any) -> None:
        wanted = set(value or ())
        for choice, _label, box in self.boxes:
            box.setChecked(choice in wanted)

    def clear(self) -> None:
        self.set_value(None)

    def set_error(self, on: bool) -> None:
        pass  # the red bar beside the field says it

    def first_focus(self) -> QWidget:
        return self.boxes[0][2]

    def retranslate(self) -> None:
        question = resolve(self.question.label)
        for _value, label, box in self.boxes:
            text = resolve(label)
            box.setText(text)
            box.setAccessibleName(text)
            box.setAccessibleDescription(question)


class PrefixedTextInput(QWidget):
    """A short text box with a prefix before it, like GOV.UK's "£" for amounts of money."""

    def __init__(self, question: Question, prefix: str, *, width_chars: int = 10):
        super().__init__()
        self.question = question
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.prefix = Label(lambda: prefix, "heading-m")
        self.prefix.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        self.prefix.setAccessibleName(prefix)
        self.edit = TextInput(question)
        self.edit.setMaximumWidth(width_chars * 28 + 40)
        row.addWidget(self.prefix)
        row.addWidget(self.edit)
        row.addStretch(1)

    def text(self) -> str:
        return self.edit.text()

    def value(self) -> str | None:
        return self.edit.value()

    def set_value(self, value: Any) -> None:
        self.edit.set_value(value)

    def clear(self) -> None:
        self.edit.clear()

    def set_error(self, on: bool) -> None:
        self.edit.set_error(on)

    def first_focus(self) -> QWidget:
        return self.edit

    def retranslate(self) -> None:
        self.edit.retranslate()
