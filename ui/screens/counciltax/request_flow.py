"""A council-tax request as a GOV.UK flow, driven by its declarative ``RequestType``.

Start page (what it is for, what to have ready) → one question per page, only
the questions that apply (``show_if``) → check your answers with Change links →
``submissions.submit`` (local record + outbox in one transaction) →
confirmation with the reference and what happens next.

Every answer is checked by the core's own ``Question.clean``, so the screen
accepts exactly what ``submit`` stores, with the core's messages. What the
resident typed lives only in this panel and is wiped when the session ends.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.counciltax import questions as q
from kiosk.counciltax.requests import RequestType, SubmissionInvalid, validate
from kiosk.counciltax.submissions import submit
from kiosk.i18n import N_, _
from kiosk.sealing import SealingUnavailable
from ui.easy_read import easy
from ui.govuk.basics import Button, Label, LinkButton, button_row
from ui.govuk.question import ErrorSummary
from ui.govuk.summary import CheckAnswers, ConfirmationPanel
from ui.screens.counciltax.answers import display_answer
from ui.screens.panels import Panel
from ui.screens.counciltax.question_page import CoreQuestionPage
from ui.screens.counciltax.widgets import Bullets
from ui.screens.counciltax.easy_words import EASY_DESCRIPTIONS

log = logging.getLogger(__name__)


class StartPage(QWidget):
    def __init__(self, kind: RequestType):
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(24)
        self.caption = Label(N_("Council tax"), "caption")
        self.heading = Label(kind.title, "heading-xl")
        plain = EASY_DESCRIPTIONS.get(kind.id)
        self.description = Label(easy(kind.description, plain) if plain else kind.description)
        self.how = Label(easy(N_("We will ask you one question at a time. You can check your answers before you "
                                 "send them, and you will get a reference number at the end."),
                              N_("We ask you one question at a time.\nYou can check your answers.\n"
                                 "Then you send them.\nYou get a reference number at the end.")))
        for widget in (self.caption, self.heading, self.description, self.how):
            column.addWidget(widget)
        if kind.evidence:
            self.evidence_heading = Label(easy(N_("You will need to show or post"),
                                               N_("You must show us or post us")), "heading-m")
            column.addWidget(self.evidence_heading)
            column.addWidget(Bullets(kind.evidence))
        self.start_button = Button(N_("Start now"), "start")
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addStretch(1)
        column.addLayout(row)


class CheckPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(24)
        self.summary = ErrorSummary()
        # A longer explanation than an error link can hold (the links do not wrap).
        self.notice = Label("", "error-message")
        self.notice.setVisible(False)
        self.heading = Label(N_("Check your answers before sending"), "heading-l")
        self.answers = CheckAnswers()
        self.send_heading = Label(N_("Now send your request"), "heading-m")
        self.declaration = Label(N_("By sending this you confirm that the answers are correct to the best of "
                                    "your knowledge."))
        for widget in (self.summary, self.notice, self.heading, self.answers, self.send_heading, self.declaration):
            column.addWidget(widget)
        self.submit_button = Button(N_("Accept and send"), "primary")
        row = QHBoxLayout()
        row.addWidget(self.submit_button)
        row.addStretch(1)
        column.addLayout(row)


class ConfirmationPage(QWidget):
    def __init__(self, kind: RequestType):
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(24)
        self.panel = ConfirmationPanel(N_("Request complete"), kind.what_next)
        column.addWidget(self.panel)
        self.keep = Label(N_("Write the reference down or take a photo of it. Anyone at this place can use it to "
                             "check how your request is going."))
        column.addWidget(self.keep)
        self.sending = Label(N_("This kiosk sends your request to the council by itself. If it is offline now, "
                                "it sends it as soon as it is back online."), "hint")
        column.addWidget(self.sending)
        if kind.evidence:
            self.evidence_heading = Label(N_("What to show or post to the council"), "heading-m")
            column.addWidget(self.evidence_heading)
            column.addWidget(Bullets(kind.evidence))
        self.progress_button = LinkButton(N_("Check a request's progress"))
        self.home_button = Button(N_("Back to council tax"), "secondary")
        column.addLayout(button_row(self.home_button, self.progress_button))  # stacked when too wide


class RequestFlowPanel(Panel):
    def __init__(self, host, kind: RequestType):
        super().__init__(host)
        self.kind = kind
        self.title = kind.title
        self.raw: dict[str, Any] = {}       # what was typed, by question id (personal data: wiped)
        self.reference = ""
        self._returning_to_check = False
        self.history: list[QWidget] = []

        self.start_page = StartPage(kind)
        self.start_page.start_button.clicked.connect(self.start)
        self.pages: dict[str, CoreQuestionPage] = {}  # made when first needed
        self.check_page = CheckPage()
        self.check_page.answers.change_requested.connect(self.change)
        self.check_page.submit_button.clicked.connect(self._submit)
        self.confirmation = ConfirmationPage(kind)
        self.confirmation.home_button.clicked.connect(self.host.home)
        self.confirmation.progress_button.clicked.connect(self._open_progress)
        self._shown: QWidget | None = None
        for page in (self.start_page, self.check_page, self.confirmation):
            page.setVisible(False)
            self.column.addWidget(page)
        self._show(self.start_page)

    # Where we are ----------------------------------------------------------------------------

    @property
    def current_page(self) -> QWidget:
        return self.history[-1]

    def page_for(self, question_id: str) -> CoreQuestionPage:
        page = self.pages.get(question_id)
        if page is None:
            page = CoreQuestionPage(self.kind.question(question_id), self.kind.title, self.clean_answers)
            page.continued.connect(lambda page=page: self._continue(page))
            page.setVisible(False)
            # Question pages go before the check page, in the order of the questions.
            self.column.insertWidget(self.column.indexOf(self.check_page), page)
            self.pages[question_id] = page
        return page

    def _show(self, page: QWidget, *, remember: bool = True) -> None:
        if self._shown is not None and self._shown is not page:
            self._shown.setVisible(False)
        page.setVisible(True)
        self._shown = page
        if remember:
            self.history.append(page)
        self.host.scroll.verticalScrollBar().setValue(0)
        self.focus_first()

    def focus_first(self) -> None:
        page = self.history[-1] if self.history else None
        if isinstance(page, CoreQuestionPage):
            page.input.first_focus().setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            super().focus_first()

    # Answers -----------------------------------------------------------------------------------

    def clean_answers(self) -> dict[str, Any]:
        """The answers so far as the core stores them (hidden questions left out)."""
        clean, _errors = validate(self.kind, self.raw)
        return clean

    def visible_questions(self) -> list[q.Question]:
        return self.kind.visible_questions(self.clean_answers())

    def _next_after(self, question_id: str) -> q.Question | None:
        ids = [question.id for question in self.kind.questions]
        answers = self.clean_answers()
        for question in self.kind.questions[ids.index(question_id) + 1:]:
            if question.visible(answers):
                return question
        return None

    def _first_unanswered(self) -> q.Question | None:
        for question in self.visible_questions():
            if question.id not in self.raw:
                return question
        return None

    # Moving through ------------------------------------------------------------------------------

    def start(self) -> None:
        first = self.visible_questions()[0]
        self._show(self.page_for(first.id))

    def _continue(self, page: CoreQuestionPage) -> None:
        if not page.validate():
            return
        self.raw[page.core.id] = page.raw()
        if self._returning_to_check:
            # A changed answer can open a question not answered yet (e.g. now renting: the landlord).
            missing = self._first_unanswered()
            if missing is None:
                self._show_check()
            else:
                self._show(self.page_for(missing.id))
            return
        following = self._next_after(page.core.id)
        if following is None:
            self._show_check()
        else:
            self._show(self.page_for(following.id))

    def _show_check(self) -> None:
        self._returning_to_check = False
        clean = self.clean_answers()
        rows = []
        for question in self.kind.visible_questions(clean):
            value = clean.get(question.id)
            rows.append((question.id, question.label,
                         lambda question=question, value=value: display_answer(question, value)))
        self.check_page.summary.set_errors([])
        self.check_page.notice.setVisible(False)
        self.check_page.answers.set_rows(rows)
        self._show(self.check_page)

    def change(self, question_id: str) -> None:
        """A Change link: that question, then straight back to the check page."""
        self._returning_to_check = True
        self._show(self.page_for(question_id))

    def _submit(self) -> None:
        button = self.check_page.submit_button
        button.setEnabled(False)  # one tap, one request
        try:
            visible = {question.id for question in self.visible_questions()}
            self.reference = submit(self.host.db, self.kind, {k: v for k, v in self.raw.items() if k in visible})
        except SubmissionInvalid as exc:
            errors = [(message, self._fix_link_target(question_id)) for question_id, message in exc.errors.items()]
            self._submit_failed(errors, exc.errors)
            return
        except SealingUnavailable as exc:  # not yet safe to keep personal details: say so, keep the answers
            self.check_page.notice.set_source(lambda text=str(exc): text)
            self.check_page.notice.setVisible(True)
            self._submit_failed([(_("This kiosk cannot send your request yet"), self.check_page.notice)], {})
            return
        except Exception:  # noqa: BLE001 - never a traceback to the resident
            log.exception("council-tax request %s could not be saved", self.kind.id)
            self._submit_failed([(_("Sorry, that did not work. Your answers are still here: try again, or ask a "
                                    "member of staff."), button)], {})
            return
        finally:
            button.setEnabled(True)
        self.confirmation.panel.set_reference(self.reference)
        self.confirmation.panel.retranslate()
        self.history.clear()
        self._show(self.confirmation)

    def _fix_link_target(self, question_id: str) -> QWidget:
        return self.page_for(question_id).input.first_focus()

    def _submit_failed(self, errors: list[tuple[str, QWidget]], by_question: dict[str, str]) -> None:
        summary = self.check_page.summary
        summary.set_errors(errors)
        # An error link takes the resident to the question, with the message shown there too.
        for link, question_id in zip(summary.links, by_question):
            link.clicked.connect(lambda _checked=False, question_id=question_id, message=by_question[question_id]:
                                 self._fix(question_id, message))
        if summary.links:
            summary.links[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _fix(self, question_id: str, message: str) -> None:
        self.change(question_id)
        self.page_for(question_id).show_error(message)

    def _open_progress(self) -> None:
        from ui.screens.counciltax.progress import ProgressPanel

        self.host.open(ProgressPanel(self.host, reference=self.reference))

    def go_back(self) -> bool:
        if not self.history or self.current_page is self.confirmation:
            return False  # sent (or not started): Back leaves the flow
        if len(self.history) == 1:
            return False
        self.history.pop()
        previous = self.history[-1]
        if previous is self.check_page:
            self._returning_to_check = False
        self._show(previous, remember=False)
        return True

    def heading_text(self) -> str:
        return _(self.kind.title)

    def wipe(self) -> None:
        self.raw.clear()
        self.reference = ""
        for page in self.pages.values():
            page.clear()
        self.check_page.answers.set_rows([])
        self.confirmation.panel.set_reference("")
        super().wipe()
