"""Check a request's progress: a reference typed in, its status as last synced from the council."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QVBoxLayout

from kiosk.counciltax import reference as references
from kiosk.counciltax.display import format_day
from kiosk.counciltax.requests import REQUEST_TYPES
from kiosk.counciltax.submissions import REJECTED, STATUS_LABELS, WAITING, lookup
from kiosk.i18n import N_, _
from kiosk.timeutil import from_iso, to_london
from ui.govuk.basics import Button, Label
from ui.govuk.question import ErrorSummary
from ui.screens.panels import Panel
from ui.screens.counciltax.widgets import SummaryTable


def _day(iso: str | None) -> str:
    if not iso:
        return "-"
    moment: datetime = to_london(from_iso(iso))
    return f"{format_day(moment.date())}, {moment:%H:%M}"


class ProgressPanel(Panel):
    title = N_("Check a request's progress")

    def __init__(self, host, reference: str = ""):
        super().__init__(host)
        self.row: dict | None = None
        self.caption = Label(N_("Council tax"), "caption")
        self.heading = Label(self.title, "heading-xl")
        self.summary = ErrorSummary()
        self.field = QFrame()
        self.field.setObjectName("field")
        field_column = QVBoxLayout(self.field)
        field_column.setContentsMargins(0, 0, 0, 0)
        self.label = Label(N_("Reference number"), "heading-m")
        self.hint = Label(N_("It is on the confirmation, and starts with CT-, like CT-7K3MQ9RXQ"), "hint")
        self._error = ""
        self.error_message = Label(lambda: self._error, "error-message")
        self.error_message.setVisible(False)
        self.reference = QLineEdit()
        self.reference.setMaximumWidth(420)
        self.reference.setInputMethodHints(Qt.InputMethodHint.ImhPreferUppercase | Qt.InputMethodHint.ImhNoPredictiveText)
        self.reference.returnPressed.connect(self.check)
        self.label.setBuddy(self.reference)
        for widget in (self.label, self.hint, self.error_message, self.reference):
            field_column.addWidget(widget)
        self.check_button = Button(N_("Check progress"), "primary")
        self.check_button.clicked.connect(self.check)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addStretch(1)
        for widget in (self.caption, self.heading, self.summary, self.field):
            self.column.addWidget(widget)
        self.column.addLayout(row)

        self.result_heading = Label("", "heading-l")
        self.result_heading.setObjectName("progressStatus")
        self.result = SummaryTable()
        self.result_note = Label("", "body")
        for widget in (self.result_heading, self.result, self.result_note):
            widget.setVisible(False)
            self.column.addWidget(widget)
        self.retranslate()
        if reference:
            self.reference.setText(reference)
            self.check()

    def focus_first(self) -> None:
        self.reference.setFocus(Qt.FocusReason.OtherFocusReason)

    def check(self) -> None:
        text = self.reference.text()
        if not text.strip():
            self._show_error(_("Enter the reference number"))
            return
        if references.normalise(text) is None:
            self._show_error(_("Enter the reference as it is on the confirmation, like CT-7K3MQ9RXQ"))
            return
        self.row = lookup(self.host.db, text)
        self._show_error("")
        self._show_result()

    def _show_error(self, message: str) -> None:
        self._error = _("Error: {message}").format(message=message) if message else ""
        self.error_message.retranslate()
        self.error_message.setVisible(bool(message))
        self.summary.set_errors([(message, self.reference)] if message else [])
        self.field.setProperty("error", "true" if message else "false")
        self.field.style().unpolish(self.field)
        self.field.style().polish(self.field)
        self.reference.setProperty("error", "true" if message else "false")
        self.reference.style().unpolish(self.reference)
        self.reference.style().polish(self.reference)
        if message:
            self.row = None
            for widget in (self.result_heading, self.result, self.result_note):
                widget.setVisible(False)
            self.summary.links[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_result(self) -> None:
        row = self.row
        self.result_heading.setVisible(True)
        if row is None:
            self.result_heading.set_source(N_("We cannot find that request here yet"))
            self.result_note.set_source(N_("This kiosk knows the requests made at this place. If you made it "
                                           "somewhere else, or only a moment ago at another kiosk, ask a member of "
                                           "staff or contact the council with the reference."))
            self.result.setVisible(False)
            self.result_note.setVisible(True)
            return
        self.result_heading.set_source(lambda: _(STATUS_LABELS.get(row["status"], row["status"])))
        kind = REQUEST_TYPES.get(row["request_type"])
        rows = [(_("Reference"), row["reference"]),
                (_("Request"), _(kind.title) if kind else row["request_type"]),
                (_("Made"), _day(row["created_at"]))]
        if row["status_updated_at"]:
            rows.append((_("Last news from the council"), _day(row["status_updated_at"])))
        if row["status"] == REJECTED and row["status_reason"]:
            rows.append((_("Reason"), row["status_reason"]))
        self.result.set_rows(rows)
        self.result.setVisible(True)
        if row["status"] == WAITING:
            self.result_note.set_source(N_("It goes to the council automatically when this kiosk is next online."))
        elif row["status"] == REJECTED:
            self.result_note.set_source(N_("A member of staff can help you put it right or make a new request."))
        else:
            self.result_note.set_source(N_("This is the latest news this kiosk has received from the council."))
        self.result_note.setVisible(True)

    def retranslate(self) -> None:
        super().retranslate()
        self.reference.setAccessibleName(_("Reference number"))
        self.reference.setAccessibleDescription(self.hint.text())
        if self.row is not None:
            self._show_result()

    def wipe(self) -> None:
        self.row = None
        super().wipe()
