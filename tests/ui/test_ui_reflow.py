"""Rows that reflow rather than cut words off: the kit's button row stacks its buttons, a
council-tax radio row puts fewer choices to a line, and the "How did we do?" faces go onto
more rows, when the width is too small; and go back when there is room again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.govuk.basics import Button, button_row
from ui_helpers import clipped_texts, settle

# A bare top-level test page whose size hints change: the offscreen platform says it cannot pass them on.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def shown(qtbot, child: QWidget, width: int) -> QWidget:
    page = QWidget()
    column = QVBoxLayout(page)
    column.addWidget(child)
    column.addStretch(1)
    qtbot.addWidget(page)
    page.resize(width, 900)
    page.show()
    qtbot.waitExposed(page)
    settle()
    return page


def resize(page: QWidget, width: int) -> None:
    page.resize(width, 900)
    settle()


def test_buttons_stack_when_they_do_not_fit_side_by_side(qtbot):
    first = Button(lambda: "Go back to the council tax page", "secondary")
    second = Button(lambda: "Check how a request is going", "primary")
    holder = QWidget()
    holder.setLayout(button_row(first, second))
    wide = first.sizeHint().width() + second.sizeHint().width() + 100
    page = shown(qtbot, holder, wide)
    assert first.y() == second.y() and first.geometry().right() < second.x()  # side by side
    resize(page, max(first.sizeHint().width(), second.sizeHint().width()) + 40)
    assert second.y() >= first.geometry().bottom() and first.x() == second.x()  # one under the other
    assert not clipped_texts(page)
    resize(page, wide)
    assert first.y() == second.y()


def test_radio_choices_go_one_under_another_rather_than_wrap_into_narrow_columns(qtbot):
    from ui.screens.counciltax.widgets import RadioRow

    row = RadioRow(lambda: "How many monthly payments?",
                   [(10, lambda: "10 payments (April to January)"), (12, lambda: "12 payments (April to March)")],
                   per_row=2)
    page = shown(qtbot, row, 1200)
    ten, twelve = (button for _value, _label, button in row.buttons)
    assert ten.y() == twelve.y()
    resize(page, ten.sizeHint().width() + 60)
    assert twelve.y() > ten.y() and ten.label.height() < 2 * ten.label.fontMetrics().lineSpacing()  # one line
    assert not clipped_texts(page)
    press_at = twelve.rect().center()
    press_at.setX(twelve.width() - 5)  # on the words, not the circle: the whole row is the target
    qtbot.mouseClick(twelve, Qt.MouseButton.LeftButton, pos=press_at)
    assert row.value() == 12
    resize(page, 1200)
    assert ten.y() == twelve.y()


def test_rating_faces_take_more_rows_when_their_words_do_not_fit(qtbot, device):
    from ui.screens.feedback import FeedbackScreen

    db, _settings = device
    screen = FeedbackScreen(db)
    page = shown(qtbot, screen, 1280)
    assert screen.faces.columns == 5
    resize(page, 520)
    assert 1 <= screen.faces.columns < 5
    assert not clipped_texts(page)
    resize(page, 1280)
    assert screen.faces.columns == 5
