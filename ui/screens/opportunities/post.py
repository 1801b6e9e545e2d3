"""Post an offer or a request: one question per page -> check your answers -> confirmation (GOV.UK)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import N_, _
from kiosk.timebank import opportunities as op
from kiosk.timebank.categories import categories
from kiosk.timebank.errors import TimeBankError
from ui.govuk.basics import Button, Label, button_row
from ui.govuk.question import Choice, ErrorSummary, Question, QuestionPage, display_value
from ui.govuk.summary import CheckAnswers, ConfirmationPanel
from ui.screens.panels import Panel


def _title_fits(value: str) -> str | None:
    if len(value) > op.TITLE_MAX:
        return _("Keep the title to {count} letters or fewer.").format(count=op.TITLE_MAX)
    return None


def _description_fits(value: str) -> str | None:
    if len(value) > op.DESCRIPTION_MAX:
        return _("Keep this to {count} letters or fewer.").format(count=op.DESCRIPTION_MAX)
    return None


def _availability_fits(value: str) -> str | None:
    if len(value) > op.TEXT_MAX:
        return _("Keep this to {count} letters or fewer.").format(count=op.TEXT_MAX)
    return None


def questions(db) -> list[Question]:
    labels = categories(db)
    return [
        Question("kind", N_("Do you want to offer help or ask for help?"), "radio",
                 choices=(Choice("offer", N_("I can offer help")), Choice("request", N_("I would like some help"))),
                 required_error=N_("Choose whether you are offering or asking for help")),
        Question("title", N_("In a few words, what is it?"), hint=N_("For example: Help with shopping on Fridays"),
                 validators=(_title_fits,), required_error=N_("Enter a few words about it"),
                 summary_label=N_("Title")),
        Question("category", N_("What kind of help is it?"), "radio",
                 choices=tuple(Choice(code, lambda code=code: categories(db).get(code, code)) for code in labels),
                 required_error=N_("Choose the kind of help"), summary_label=N_("Kind of help")),
        Question("description", N_("Tell people more (optional)"),
                 hint=N_("Do not write your phone number or address: a time broker puts people in touch."),
                 optional=True, validators=(_description_fits,), summary_label=N_("More about it")),
        Question("availability", N_("When are you free? (optional)"), hint=N_("For example: weekday mornings"),
                 optional=True, validators=(_availability_fits,), summary_label=N_("When")),
    ]


class PostPanel(Panel):
    title = N_("Offer help or ask for help")

    def __init__(self, host):
        super().__init__(host)
        self.questions = questions(host.db)
        self.answers: dict[str, Any] = {}
        self.pages = [QuestionPage(q, caption=N_("Time bank board")) for q in self.questions]
        for page in self.pages:
            page.continued.connect(self._continue)
            page.setVisible(False)
            self.column.addWidget(page)
        # Check your answers.
        self.check = _CheckPage()
        self.check.answers.change_requested.connect(self._change)
        self.check.submit.clicked.connect(self._submit)
        self.check.setVisible(False)
        self.column.addWidget(self.check)
        self.done = ConfirmationPanel(N_("Your entry is on the board"), N_(
            "People at your hub will see it with your first name and member number. When someone wants to take "
            "it up, a time broker will put you in touch. It reaches the council when this device next syncs."))
        self.done.setVisible(False)
        self.board_button = Button(N_("Back to the board"), "secondary")
        self.board_button.clicked.connect(host.home)
        self.board_button.setVisible(False)
        self.column.addWidget(self.done)
        self.column.addLayout(button_row(self.board_button))
        self.column.addStretch(1)
        self.index = 0
        self.returning_to_check = False
        self._show(0)

    # pages --------------------------------------------------------------------------------

    def _show(self, index: int) -> None:
        """``index``: a question; len(pages) the check page; len(pages)+1 the confirmation."""
        self.index = index
        for i, page in enumerate(self.pages):
            page.setVisible(i == index)
        self.check.setVisible(index == len(self.pages))
        finished = index == len(self.pages) + 1
        self.done.setVisible(finished)
        self.board_button.setVisible(finished)
        if index == len(self.pages):
            self.check.set_rows([(q.key, q.summary_label or q.label,
                                  lambda q=q: display_value(q, self.answers.get(q.key))) for q in self.questions])
        self.focus_first()

    @property
    def current_page(self) -> QuestionPage | None:
        return self.pages[self.index] if self.index < len(self.pages) else None

    def heading_text(self) -> str:
        if self.index == len(self.pages):
            return _("Check your answers")
        return _(self.title)

    def focus_first(self) -> None:
        page = self.current_page
        if page is not None and page.isVisible():
            page.input.first_focus().setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            super().focus_first()

    def _continue(self) -> None:
        page = self.current_page
        if page is None or not page.validate():
            return
        self.answers[page.question.key] = page.value()
        if self.returning_to_check:
            self.returning_to_check = False
            self._show(len(self.pages))
        else:
            self._show(self.index + 1)
        self.host.page_changed()

    def _change(self, key: str) -> None:
        self.returning_to_check = True
        self._show([q.key for q in self.questions].index(key))
        self.host.page_changed()

    def go_back(self) -> bool:
        if 0 < self.index <= len(self.pages):
            self.returning_to_check = False
            self._show(self.index - 1)
            return True
        return False

    def _submit(self) -> None:
        member = self.host.member
        if member is None:
            return
        post = op.post_offer if self.answers.get("kind") == "offer" else op.post_request
        try:
            item = post(self.host.db, member["id"], title=self.answers.get("title") or "",
                        category=self.answers.get("category") or "",
                        description=self.answers.get("description") or "",
                        availability=self.answers.get("availability") or "")
        except TimeBankError as refused:
            self.check.show_error(refused.message)
            return
        self.done.set_reference(item["id"][:8].upper())
        self.answers = {}
        for page in self.pages:
            page.clear()
        self._show(len(self.pages) + 1)
        self.host.page_changed()

    def wipe(self) -> None:
        self.answers = {}
        for page in self.pages:
            page.clear()
        super().wipe()


class _CheckPage(QWidget):
    """Check your answers, with an error summary for what the core refuses at submit."""

    def __init__(self):
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(24)
        self.summary = ErrorSummary()
        column.addWidget(self.summary)
        column.addWidget(Label(N_("Check your answers before posting"), "heading-l"))
        self.answers = CheckAnswers()
        column.addWidget(self.answers)
        column.addWidget(Label(N_("Only your first name and member number will show with it."), "body"))
        self.submit = Button(N_("Post it on the board"), "primary")
        column.addLayout(button_row(self.submit))

    def set_rows(self, rows) -> None:
        self.summary.set_errors([])
        self.answers.set_rows(rows)

    def show_error(self, message: str) -> None:
        self.summary.set_errors([(message, self.submit)])
        self.summary.links[0].setFocus(Qt.FocusReason.OtherFocusReason)
