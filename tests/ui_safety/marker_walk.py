"""Type a marker into every text input of every resident-facing screen, going through each flow.

The walk is generic where it can be: on each page it types the marker into every
visible text box and presses the page's main (green) button; when the page will
not take the marker (a date, a postcode, an amount), it tries plain valid answers
until the flow moves on. Which screens exist comes from the start screen's tiles,
the council-tax home and menus, and the time-bank home.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTextEdit,
    QWidget,
)

from safety_kit import settle

MAX_PAGES = 40       # per flow: every loop here is bounded
MAX_ATTEMPTS = 14    # answers tried on one page before giving up on it

_TODAY = dt.date.today()
TEXT_ANSWERS = ("Ada Example", "SW2 1RW", "020 7926 1000", "ada@example.com", "40000001", "12345678",
                "100", "250.00", "2", "1 Acre Lane, London", "2580", "258025")
PINS = ("258025", "2580")
# Pages with a PIN box check it with a slow hash (scrypt): only a couple of tries there.
PIN_PAGE_ATTEMPTS = 2
DATES = (_TODAY - dt.timedelta(days=10), _TODAY - dt.timedelta(days=40 * 365), _TODAY - dt.timedelta(days=400),
         _TODAY + dt.timedelta(days=20), _TODAY - dt.timedelta(days=60))


def shown(widget: QWidget) -> bool:
    return widget.isVisibleTo(widget.window()) and widget.isEnabled()


def text_inputs(root: QWidget) -> list[QWidget]:
    found: list[QWidget] = []
    for edit in root.findChildren(QLineEdit):
        if shown(edit) and not edit.isReadOnly():
            found.append(edit)
    for edit in root.findChildren(QTextEdit) + root.findChildren(QPlainTextEdit):
        if shown(edit) and not edit.isReadOnly():
            found.append(edit)
    return found


def main_button(root: QWidget) -> QPushButton | None:
    for button in root.findChildren(QPushButton):
        if shown(button) and button.property("kind") in ("primary", "start"):
            return button
    return None


def page_signature(root: QWidget) -> tuple:
    return tuple(sorted(
        (type(w).__name__, w.text()) for w in root.findChildren(QLabel) if w.isVisibleTo(w.window()) and w.text()
        and w.property("kind") in ("heading-xl", "heading-l", "caption")
    )), tuple(id(w) for w in text_inputs(root))


def type_into(qtbot, widget: QWidget, text: str) -> None:
    """As an on-screen keyboard commits a word: through the box's editing (and undo) path."""
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    if isinstance(widget, QLineEdit):
        widget.selectAll()
        widget.insert(text)
    else:
        widget.selectAll()
        widget.insertPlainText(text)


def set_answer(inputs: list[QWidget], attempt: int, answers: tuple[str, ...] = ()) -> None:
    """Attempt n's plain answer for the boxes on a page (a date for three boxes); ``answers`` are
    tried first (what only this flow accepts, such as another member's number)."""
    if len(inputs) == 3 and all(isinstance(w, QLineEdit) for w in inputs) and inputs[0].maxLength() == 2:
        day = DATES[attempt % len(DATES)]
        for box, value in zip(inputs, (day.day, day.month, day.year)):
            box.setText(str(value))
        return
    choices = tuple(answers) + TEXT_ANSWERS
    for widget in inputs:
        value = choices[attempt % len(choices)]
        if isinstance(widget, QLineEdit) and widget.echoMode() == QLineEdit.EchoMode.Password:
            value = PINS[attempt % len(PINS)]
        if isinstance(widget, QLineEdit):
            widget.setText(value)
        else:
            widget.setPlainText(value)


def choose_something(root: QWidget, attempt: int) -> None:
    options = [b for b in root.findChildren(QAbstractButton)
               if isinstance(b, (QRadioButton, QCheckBox)) and shown(b)]
    if options:
        choice = options[attempt % len(options)]
        if isinstance(choice, QCheckBox):
            for other in options:
                if isinstance(other, QCheckBox):
                    other.setChecked(False)
        choice.setChecked(True)
    for box in root.findChildren(QComboBox):
        if shown(box) and box.count() > 1 and not box.isEditable():
            box.setCurrentIndex(1 + attempt % (box.count() - 1))


def walk_flow(qtbot, root: QWidget, marker: str, typed: list[QWidget], *, attempts: int = MAX_ATTEMPTS,
              answers: tuple[str, ...] = (), stop_before: str | None = None) -> int:
    """Type the marker on every page, then move on with plain answers; returns pages seen.

    Stops on a page it has seen before (a tool that shows its result on the same page),
    on a page that will not move on, and before pressing a main button whose text is
    ``stop_before`` (what must not be sent, such as a post on the public board)."""
    pages = 0
    seen: set = set()
    for _page in range(MAX_PAGES):
        signature = page_signature(root)
        if signature in seen:
            break
        seen.add(signature)
        inputs = text_inputs(root)
        for widget in inputs:
            type_into(qtbot, widget, marker)
            typed.append(widget)
        button = main_button(root)
        if button is None or (stop_before is not None and button.text() == stop_before):
            break
        pages += 1
        before = page_signature(root)
        button.click()
        limit = attempts
        if any(isinstance(w, QLineEdit) and w.echoMode() == QLineEdit.EchoMode.Password for w in inputs):
            limit = min(limit, PIN_PAGE_ATTEMPTS)
        attempt = 0
        while page_signature(root) == before and attempt < limit and main_button(root) is not None:
            choose_something(root, attempt)
            set_answer(text_inputs(root), attempt, answers)
            main_button(root).click()
            attempt += 1
        if page_signature(root) == before:
            break  # this page would not move on: stop here
    settle(1)
    return pages


def all_widget_texts(widgets: Iterable[QWidget]) -> Iterable[tuple[QWidget, str]]:
    """Every string a widget holds that a person or a screen reader could get at."""
    for widget in widgets:
        for text in (widget.toolTip(), widget.accessibleName(), widget.accessibleDescription(),
                     widget.whatsThis(), widget.statusTip(), widget.windowTitle()):
            yield widget, text
        if isinstance(widget, (QLabel, QAbstractButton)):
            yield widget, widget.text()
        if isinstance(widget, QLineEdit):
            yield widget, widget.text()
            yield widget, widget.placeholderText()
            yield widget, widget.displayText()
        if isinstance(widget, (QTextEdit, QPlainTextEdit)):
            yield widget, widget.toPlainText()
        if isinstance(widget, QComboBox):
            yield widget, widget.currentText()
            for index in range(widget.count()):
                yield widget, widget.itemText(index)
                yield widget, str(widget.itemData(index))


def widgets_holding(marker: str) -> list[str]:
    found = []
    for widget, text in all_widget_texts(QApplication.allWidgets()):
        if text and marker in text:
            found.append(f"{type(widget).__name__} {widget.objectName()!r}: {text[:80]!r}")
    return found


def undo_leaks(marker: str) -> list[str]:
    """A text box still alive whose undo history could bring the marker back."""
    leaks = []
    for edit in (w for w in QApplication.allWidgets() if isinstance(w, QLineEdit)):
        if edit.isUndoAvailable():
            leaks.append(f"QLineEdit {edit.objectName()!r} has undo history")
    return leaks
