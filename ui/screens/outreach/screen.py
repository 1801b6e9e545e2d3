"""Outreach cases on screen (Qt side of ``kiosk.outreach``).

Pages: the list (each case with a live "Expires in ..." line), one case, the
visit record (GOV.UK: radios, a textarea with its count, an error summary;
then a confirmation), and "check in" with its confirmation. A timer purges
expired cases and redraws the countdown every ``TICK_MS``; a purged case
vanishes on the next tick whatever page is open, and a page showing it goes
back to the list. Nothing personal is kept in Python beyond the widgets of
the open page; ``wipe`` clears them.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QVBoxLayout, QWidget

from kiosk import outreach
from kiosk.i18n import N_, _, ngettext
from kiosk.sealing import SealingUnavailable
from kiosk.timeutil import to_london, utcnow
from ui.govuk.basics import Button, Label, LinkButton, button_row
from ui.govuk.flow import PageStack
from ui.govuk.question import ChoiceInput, Choice, ErrorSummary, Question
from ui.screens.base import Screen

log = logging.getLogger(__name__)

TICK_MS = 10_000

OUTCOME_QUESTION = Question(
    "outcome", N_("What happened at the visit?"), kind="radio",
    choices=tuple(Choice(code, label) for code, label in outreach.OUTCOMES.items()))


def london(moment: datetime | None) -> str:
    return to_london(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


class ListPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.caption = Label(N_("Outreach"), "caption")
        self.heading = Label(N_("Your cases"), "heading-xl")
        self.intro = Label(N_("Cases are deleted from this laptop when their time runs out, "
                              "whether or not it is connected."), "hint")
        self.message = Label("", "body")
        self.message.setObjectName("outreachMessage")
        self.message.setVisible(False)
        for widget in (self.caption, self.heading, self.intro, self.message):
            column.addWidget(widget)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(16)
        column.addLayout(self.rows_box)
        self.empty = Label(N_("You have no cases on this laptop."))
        column.addWidget(self.empty)
        column.addStretch(1)
        self.rows: list[QFrame] = []


class CasePage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        self.caption = Label(N_("Outreach case"), "caption")
        self.name = Label("", "heading-l")
        self.countdown = Label("", "heading-s")
        self.countdown.setObjectName("caseCountdown")
        self.address_heading = Label(N_("Address"), "heading-s")
        self.address = Label("")
        self.needs_heading = Label(N_("What the visit is about"), "heading-s")
        self.needs = Label("")
        self.visits = Label("", "hint")
        for widget in (self.caption, self.name, self.countdown, self.address_heading, self.address,
                       self.needs_heading, self.needs, self.visits):
            column.addWidget(widget)
        self.record = Button(N_("Record a visit"), "primary")
        self.check_in = Button(N_("Check in this case"), "secondary",
                               description=N_("Hand the case back now; it is deleted from this laptop"))
        column.addLayout(button_row(self.record, self.check_in))
        self.back = LinkButton(N_("Back to your cases"))
        column.addWidget(self.back)
        column.addStretch(1)

    def clear(self) -> None:
        for label in (self.name, self.countdown, self.address, self.needs, self.visits):
            label.set_source("")


class VisitPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.summary = ErrorSummary()
        column.addWidget(self.summary)
        self.caption = Label("", "caption")
        self.heading = Label(N_("Record a visit"), "heading-l")
        column.addWidget(self.caption)
        column.addWidget(self.heading)
        self.outcome_label = Label(OUTCOME_QUESTION.label, "heading-m")
        self.outcome_error = Label("", "error-message")
        self.outcome_error.setVisible(False)
        self.outcome = ChoiceInput(OUTCOME_QUESTION)
        self.outcome.retranslate()
        for widget in (self.outcome_label, self.outcome_error, self.outcome):
            column.addWidget(widget)
        self.notes_label = Label(N_("Notes (optional)"), "heading-m")
        self.notes_hint = Label(N_("They are sealed for the council: this laptop cannot read them back."), "hint")
        self.notes_error = Label("", "error-message")
        self.notes_error.setVisible(False)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("visitNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhSensitiveData)
        self.notes.setMinimumHeight(160)
        self.count = Label("", "hint")
        self.notes.textChanged.connect(self._count)
        for widget in (self.notes_label, self.notes_hint, self.notes_error, self.notes, self.count):
            column.addWidget(widget)
        self.send = Button(N_("Save visit"), "primary")
        self.cancel = LinkButton(N_("Cancel"))
        column.addLayout(button_row(self.send, self.cancel))
        column.addStretch(1)
        self._count()
        self.retranslate()

    def _count(self) -> None:
        left = outreach.NOTES_MAX - len(self.notes.toPlainText())
        self.count.set_source(lambda left=left: (
            ngettext("You have {n} character remaining", "You have {n} characters remaining", left).format(n=left)
            if left >= 0 else
            ngettext("You have {n} character too many", "You have {n} characters too many", -left).format(n=-left)))

    def reset(self) -> None:
        self.outcome.clear()
        self.notes.clear()
        self.show_errors(None, None)

    def show_errors(self, outcome: str | None, notes: str | None) -> None:
        errors: list[tuple[str, QWidget]] = []
        for message, label, target in ((outcome, self.outcome_error, self.outcome.first_focus()),
                                       (notes, self.notes_error, self.notes)):
            label.set_source((lambda m=message: m) if message else "")
            label.setVisible(bool(message))
            if message:
                errors.append((message, target))
        self.summary.set_errors(errors)

    def retranslate(self) -> None:
        self.notes.setAccessibleName(self.notes_label.text())
        self.notes.setAccessibleDescription(self.notes_hint.text())


class DonePage(QWidget):
    """A GOV.UK confirmation panel (visit saved, case checked in)."""

    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.panel = QFrame()
        self.panel.setObjectName("confirmationPanel")
        inner = QVBoxLayout(self.panel)
        self.title = Label("", "heading-xl")
        inner.addWidget(self.title)
        column.addWidget(self.panel)
        self.text = Label("")
        column.addWidget(self.text)
        self.back = Button(N_("Back to your cases"), "primary")
        column.addLayout(button_row(self.back))
        column.addStretch(1)


class ConfirmCheckInPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.heading = Label(N_("Check in this case?"), "heading-l")
        self.text = Label(N_("The case is deleted from this laptop now and the council is told at the next sync. "
                             "Visits you recorded are kept."))
        column.addWidget(self.heading)
        column.addWidget(self.text)
        self.confirm = Button(N_("Yes, check it in"), "warning")
        self.cancel = LinkButton(N_("No, go back"))
        column.addLayout(button_row(self.confirm, self.cancel))
        column.addStretch(1)


class OutreachScreen(Screen):
    title = N_("Outreach cases")

    def __init__(self, context: Any, parent: QWidget | None = None, *,
                 clock: Callable[[], datetime] | None = None):
        super().__init__(parent, max_width=1000)
        self.context = context
        self.db = context.db
        staff = getattr(context, "staff", None)
        self.clock: Callable[[], datetime] = clock or getattr(staff, "clock", None) or utcnow
        self.case_id: str | None = None
        self.pages = PageStack()
        self.list_page = ListPage()
        self.case_page = CasePage()
        self.visit_page = VisitPage()
        self.done_page = DonePage()
        self.confirm_page = ConfirmCheckInPage()
        for page in (self.list_page, self.case_page, self.visit_page, self.done_page, self.confirm_page):
            self.pages.addWidget(page)
        self.body.addWidget(self.pages)
        self.body.addStretch(1)
        self.case_page.back.clicked.connect(self.show_list)
        self.case_page.record.clicked.connect(self.show_visit)
        self.case_page.check_in.clicked.connect(lambda: self.pages.setCurrentWidget(self.confirm_page))
        self.visit_page.send.clicked.connect(self.save_visit)
        self.visit_page.cancel.clicked.connect(lambda: self.show_case(self.case_id))
        self.done_page.back.clicked.connect(self.show_list)
        self.confirm_page.confirm.clicked.connect(self.check_in)
        self.confirm_page.cancel.clicked.connect(lambda: self.show_case(self.case_id))
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        signed_out = getattr(staff, "signed_out", None)
        if signed_out is not None:  # the worker signed out (by hand, idle, disabled): no case stays on screen
            signed_out.connect(self.show_list)
        self.show_list()

    # --- data ---------------------------------------------------------------------------

    def session(self):
        staff = getattr(self.context, "staff", None)
        return getattr(staff, "session", None)

    def _cases(self) -> list[outreach.Case] | None:
        """The worker's cases (expired ones purged first), or None with the reason shown."""
        try:
            return outreach.cases_for(self.db, self.session(), self.clock())
        except outreach.OutreachError as exc:
            self._message(exc.message)
            return None

    def _message(self, text: str | None) -> None:
        self.list_page.message.set_source((lambda: text) if text else "")
        self.list_page.message.setVisible(bool(text))

    # --- pages --------------------------------------------------------------------------

    def show_list(self) -> None:
        self.case_id = None
        self.case_page.clear()
        self.visit_page.reset()
        self._message(None)
        self._fill_list(self._cases())
        self.pages.setCurrentWidget(self.list_page)

    def _fill_list(self, cases: list[outreach.Case] | None) -> None:
        page = self.list_page
        for row in page.rows:
            page.rows_box.removeWidget(row)
            row.setParent(None)  # out of the tree at once, not at the next event loop turn
            row.deleteLater()
        page.rows = []
        now = self.clock()
        for case in cases or []:
            row = QFrame()
            row.setObjectName("summaryRow")
            row.setProperty("case_id", case.id)
            lines = QVBoxLayout(row)
            lines.setContentsMargins(0, 0, 0, 12)
            open_case = LinkButton(lambda name=case.name: name,
                                   accessible_name=lambda name=case.name: _("Open the case of {name}").format(name=name))
            open_case.clicked.connect(lambda _checked=False, cid=case.id: self.show_case(cid))
            countdown = Label(lambda left=case.seconds_left(now): outreach.expires_in_text(left), "body")
            countdown.setObjectName("countdown")
            lines.addWidget(open_case)
            lines.addWidget(countdown)
            if case.address:
                lines.addWidget(Label(lambda address=case.address: address, "hint"))
            page.rows_box.addWidget(row)
            page.rows.append(row)
        page.empty.setVisible(cases is not None and not cases)

    def show_case(self, case_id: str | None) -> None:
        case = self._find(case_id)
        if case is None:
            self.show_list()
            self._message(_("That case is no longer on this laptop: its time ran out or it was checked in."))
            return
        self.case_id = case.id
        page = self.case_page
        now = self.clock()
        page.name.set_source(lambda: case.name)
        page.countdown.set_source(lambda: outreach.expires_in_text(case.seconds_left(now)))
        page.address.set_source(lambda: case.address or _("Not given"))
        page.needs.set_source(lambda: case.needs or _("Not given"))
        page.visits.set_source(lambda: _("Checked out until {time}.").format(time=london(case.expires_at)) + " " +
                               ngettext("{n} visit recorded.", "{n} visits recorded.", case.visits).format(n=case.visits))
        self.pages.setCurrentWidget(page)

    def _find(self, case_id: str | None) -> outreach.Case | None:
        if case_id is None:
            return None
        return next((c for c in self._cases() or [] if c.id == case_id), None)

    def show_visit(self) -> None:
        case = self._find(self.case_id)
        if case is None:
            self.show_case(self.case_id)
            return
        self.visit_page.reset()
        self.visit_page.caption.set_source(lambda: case.name)
        self.pages.setCurrentWidget(self.visit_page)

    def save_visit(self) -> None:
        page = self.visit_page
        outcome = page.outcome.value()
        notes = page.notes.toPlainText()
        outcome_error = None if outcome else _("Choose what happened at the visit")
        notes_error = None
        if len(notes.strip()) > outreach.NOTES_MAX:
            notes_error = _("Notes must be {max} characters or fewer").format(max=outreach.NOTES_MAX)
        if outcome_error or notes_error:
            page.show_errors(outcome_error, notes_error)
            return
        try:
            outreach.record_visit(self.db, self.session(), self.case_id or "", outcome, notes, self.clock())
        except (outreach.OutreachError, SealingUnavailable) as exc:
            # Nothing typed is lost: the page stays as it is, with the reason.
            page.show_errors(None, getattr(exc, "message", None) or str(exc))
            return
        page.reset()
        self._done(N_("Visit saved"), N_("It is sent to the council, sealed, at the next sync."))

    def check_in(self) -> None:
        try:
            outreach.check_in(self.db, self.session(), self.case_id or "", self.clock())
        except outreach.OutreachError as exc:
            self.show_list()
            self._message(exc.message)
            return
        self.case_id = None
        self.case_page.clear()
        self._done(N_("Case checked in"), N_("It has been deleted from this laptop. The council is told at the next sync."))

    def _done(self, title: str, text: str) -> None:
        self.done_page.title.set_source(title)
        self.done_page.text.set_source(text)
        self.pages.setCurrentWidget(self.done_page)

    # --- the clock ------------------------------------------------------------------------

    def tick(self) -> None:
        """Purge what expired and redraw the countdowns; a page showing a purged case goes back."""
        cases = self._cases()
        current = self.pages.currentWidget()
        if self.case_id is not None and not any(c.id == self.case_id for c in cases or []):
            self.show_list()
            self._message(_("That case is no longer on this laptop: its time ran out or it was checked in."))
            return
        if current is self.list_page:
            self._fill_list(cases)
        elif current is self.case_page and self.case_id is not None:
            self.show_case(self.case_id)

    def focus_first(self) -> None:
        super().focus_first()

    def go_back(self) -> bool:
        if self.pages.currentWidget() is not self.list_page:
            self.show_list()
            return True
        return False

    def wipe(self) -> None:
        self.timer.stop()
        self.case_id = None
        self.case_page.clear()
        self._fill_list([])
        super().wipe()
