"""A GOV.UK task flow: questions one per page → check your answers → submit → confirmation.

Task screens describe *what* to ask in a ``FlowSpec``; ``FlowScreen`` does the
rest (validation, error summary, change links that come back to the check page,
Back within the flow, a clear message if sending fails, wiping at session end)::

    spec = FlowSpec(
        title=N_("Tell us you are moving"),
        questions=(Question("moved_on", N_("When did you move?"), kind="date"), ...),
        submit=lambda answers: counciltax.record_move(db, **answers),   # returns the reference
        confirmation_title=N_("Move recorded"),
        next_steps=N_("We will send a new bill within 2 weeks."),
    )
    navigator.push(FlowScreen(spec))
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import N_, _
from ui.govuk.basics import Button, Label, Text, resolve
from ui.govuk.question import ErrorSummary, Question, QuestionPage, display_value
from ui.govuk.summary import CheckAnswers, ConfirmationPanel
from ui.screens.base import Screen

log = logging.getLogger(__name__)


class SubmitError(Exception):
    """Raise from a submit callback with a translated message the resident should read."""


@dataclass(frozen=True)
class FlowSpec:
    title: Text
    questions: tuple[Question, ...]
    submit: Callable[[dict[str, Any]], str]  # returns the reference number
    confirmation_title: Text
    next_steps: Text
    check_heading: Text = N_("Check your answers before sending")
    submit_label: Text = N_("Accept and send")

    def __post_init__(self) -> None:
        keys = [q.key for q in self.questions]
        if len(set(keys)) != len(keys):
            raise ValueError("question keys must be unique")


class PageStack(QWidget):
    """Pages of which one shows; unlike QStackedWidget it is only as tall as that page,
    so a short page does not scroll on into the empty space of a long one."""

    currentChanged = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._pages: list[QWidget] = []
        self._current: QWidget | None = None

    def addWidget(self, page: QWidget) -> None:
        self._pages.append(page)
        self._layout.addWidget(page)
        if self._current is None:
            self._current = page
        page.setVisible(page is self._current)

    def count(self) -> int:
        return len(self._pages)

    def widget(self, index: int) -> QWidget:
        return self._pages[index]

    def currentWidget(self) -> QWidget:
        assert self._current is not None
        return self._current

    def setCurrentWidget(self, page: QWidget) -> None:
        self._current = page
        for other in self._pages:
            other.setVisible(other is page)
        self.currentChanged.emit(self._pages.index(page))


class CheckPage(QWidget):
    submitted = Signal()

    def __init__(self, spec: FlowSpec):
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(24)
        self.summary = ErrorSummary()
        column.addWidget(self.summary)
        self.heading = Label(spec.check_heading, "heading-l")
        column.addWidget(self.heading)
        self.answers = CheckAnswers()
        column.addWidget(self.answers)
        self.send_heading = Label(N_("Now send your answers"), "heading-m")
        self.declaration = Label(N_("By sending these answers you confirm they are correct to the best of your knowledge."))
        column.addWidget(self.send_heading)
        column.addWidget(self.declaration)
        self.submit_button = Button(spec.submit_label, "primary")
        row = QHBoxLayout()
        row.addWidget(self.submit_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        self.submit_button.clicked.connect(self.submitted)


class FlowScreen(Screen):
    """Runs one ``FlowSpec``; a screen like any other for the navigator."""

    finished = Signal(str)  # the reference, once the confirmation shows

    def __init__(self, spec: FlowSpec, parent: QWidget | None = None):
        super().__init__(parent, max_width=1000)
        self.spec = spec
        self.title = spec.title
        self.answers: dict[str, Any] = {}
        self._returning_to_check = False
        self.pages = PageStack()
        self.question_pages: list[QuestionPage] = []
        for question in spec.questions:
            page = QuestionPage(question, caption=spec.title)
            page.continued.connect(lambda page=page: self._continue(page))
            self.pages.addWidget(page)
            self.question_pages.append(page)
        self.check_page = CheckPage(spec)
        self.check_page.answers.change_requested.connect(self.change)
        self.check_page.submitted.connect(self._submit)
        self.pages.addWidget(self.check_page)
        self.confirmation = ConfirmationPanel(spec.confirmation_title, spec.next_steps)
        self.pages.addWidget(self.confirmation)
        self.body.addWidget(self.pages)
        self.pages.currentChanged.connect(self._page_changed)
        self._page_changed()

    # Where we are ---------------------------------------------------------------------------

    @property
    def current_page(self) -> QWidget:
        return self.pages.currentWidget()

    def page_for(self, key: str) -> QuestionPage:
        for page in self.question_pages:
            if page.question.key == key:
                return page
        raise KeyError(key)

    def _show(self, widget: QWidget) -> None:
        self.pages.setCurrentWidget(widget)
        self.scroll.verticalScrollBar().setValue(0)

    def _page_changed(self, *_args) -> None:
        self.focus_first()

    def focus_first(self) -> None:
        current = self.pages.currentWidget()
        if isinstance(current, QuestionPage):
            current.input.first_focus().setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            super().focus_first()

    # Moving through the flow -----------------------------------------------------------------

    def _continue(self, page: QuestionPage) -> None:
        if not page.validate():
            return
        self.answers[page.question.key] = page.value()
        index = self.question_pages.index(page)
        if self._returning_to_check or index == len(self.question_pages) - 1:
            self._show_check()
        else:
            self._show(self.question_pages[index + 1])

    def _show_check(self) -> None:
        self._returning_to_check = False
        rows = []
        for question in self.spec.questions:
            value = self.answers.get(question.key)
            rows.append((
                question.key,
                question.summary_label or question.label,
                lambda question=question, value=value: display_value(question, value),
            ))
        self.check_page.summary.set_errors([])
        self.check_page.answers.set_rows(rows)
        self._show(self.check_page)

    def change(self, key: str) -> None:
        """A Change link: back to that question, then straight back to the check page."""
        self._returning_to_check = True
        self._show(self.page_for(key))

    def _submit(self) -> None:
        button = self.check_page.submit_button
        button.setEnabled(False)  # one tap, one submission
        try:
            reference = self.spec.submit(dict(self.answers))
        except SubmitError as exc:
            self._submit_failed(str(exc))
            return
        except Exception:
            log.exception("submit failed in flow %s", resolve(self.spec.title))
            self._submit_failed(_("Sorry, that did not work. Your answers are still here: try again, or ask a member of staff."))
            return
        finally:
            button.setEnabled(True)
        self.confirmation.set_reference(reference)
        self.confirmation.retranslate()
        self._show(self.confirmation)
        self.finished.emit(reference)

    def _submit_failed(self, message: str) -> None:
        self.check_page.summary.set_errors([(message, self.check_page.submit_button)])
        self.check_page.summary.links[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def go_back(self) -> bool:
        current = self.current_page
        if current is self.confirmation:
            return False  # sent: Back leaves the flow
        if current is self.check_page:
            self._show(self.question_pages[-1])
            return True
        index = self.question_pages.index(current)
        if self._returning_to_check:
            self._show_check()
            return True
        if index == 0:
            return False
        self._show(self.question_pages[index - 1])
        return True

    def heading_text(self) -> str:
        return resolve(self.spec.title)

    def wipe(self) -> None:
        self.answers.clear()
        for page in self.question_pages:
            page.clear()
        self.check_page.answers.set_rows([])
        self.confirmation.set_reference("")
        super().wipe()
