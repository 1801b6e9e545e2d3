"""Agree to hours someone says they gave you: the payer's own confirmation, with their PIN.

Another member (or a volunteer) recorded "I helped you"; the exchange waits,
pending and not agreed, until the member who received the help agrees here
(``recording.confirm_exchange`` with ``authorise_with_pin``: a spend, so the
offline rules apply) or a time broker confirms it. Anything wrong: do not
agree, and tell a time broker (who can reject it).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.i18n import N_, _
from kiosk.timebank import categories, members, recording
from kiosk.timebank.amounts import format_minutes
from kiosk.timebank.errors import TimeBankError
from ui.govuk.basics import Button, Label
from ui.govuk.summary import ConfirmationPanel
from ui.screens.timebank.choices import pin_authorisation, short_reference
from ui.screens.timebank.flow import ProblemBox, secure_edit
from ui.screens.timebank.member import local_date
from ui.screens.timebank.panel import Panel


def waiting_for_agreement(db, member_id: str) -> list[dict[str, Any]]:
    """Help this member received that they have not agreed to yet (newest first)."""
    return list(db.query(
        "select * from tb_exchanges where payer_id = ? and state = 'pending' and authorised_method is null "
        "and kind = 'transfer' order by service_date desc, recorded_at desc", [member_id]))


def giver_name(db, exchange: dict[str, Any]) -> str:
    giver = members.get_account(db, exchange["payee_id"])
    return giver["name"] if giver else _("someone at another hub")


class AgreePanel(Panel):
    title = N_("Agree to hours you received")

    def __init__(self, host, exchange: dict[str, Any]):
        super().__init__(host)
        self.exchange = exchange
        db = host.db
        name = giver_name(db, exchange)
        self.problem = ProblemBox()
        self.caption = Label(N_("Time bank"), "caption")
        self.heading = Label(lambda: _("Did {name} help you?").format(name=name), "heading-l")
        grid = QGridLayout()
        grid.setSpacing(0)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        labels = categories.categories(db)
        rows = ((N_("Who helped you"), lambda: name),
                (N_("Kind of help"), lambda: labels.get(exchange["category"], exchange["category"])),
                (N_("Date"), lambda: local_date(exchange["service_date"])),
                (N_("Time"), lambda: format_minutes(exchange["minutes"])))
        for index, (caption, value) in enumerate(rows):
            for column, (text, kind) in enumerate(((caption, "heading-s"), (value, "body"))):
                cell = QFrame()
                cell.setObjectName("summaryRow")
                layout = QVBoxLayout(cell)
                layout.setContentsMargins(0, 12, 24 if column == 0 else 0, 12)
                layout.addWidget(Label(text, kind))
                grid.addWidget(cell, index, column)
        self.advice = Label(N_("If you agree, this time moves from your credits to theirs when the council confirms "
                               "it. If something is not right, do not agree: tell a time broker."))
        self.pin_label = Label(N_("Enter your PIN to agree"), "heading-m")
        self.pin = QLineEdit()
        secure_edit(self.pin, secret=True, max_length=6)
        self.pin.setMaximumWidth(6 * 30 + 40)
        self.pin.setAccessibleName(_("Your PIN"))
        self.pin_label.setBuddy(self.pin)
        self.agree_button = Button(N_("Agree"), "primary")
        self.agree_button.clicked.connect(self.agree)
        self.pin.returnPressed.connect(self.agree_button.click)
        self.form = QFrame()
        form = QVBoxLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(20)
        for widget in (self.caption, self.heading):
            form.addWidget(widget)
        form.addLayout(grid)
        for widget in (self.advice, self.pin_label, self.pin):
            form.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.agree_button)
        row.addStretch(1)
        form.addLayout(row)
        self.confirmation = ConfirmationPanel(N_("Thank you"), N_(
            "The council confirms the exchange when this kiosk next syncs. Then it shows as confirmed in both "
            "your accounts."))
        self.confirmation.reference_caption.set_source(N_("Reference number"))
        self.done_button = Button(N_("Back to your time bank"), "secondary")
        self.done_button.clicked.connect(self.host.close_top)
        self.done_row = QWidget()
        done_row = QHBoxLayout(self.done_row)
        done_row.setContentsMargins(0, 0, 0, 0)
        done_row.addWidget(self.done_button)
        done_row.addStretch(1)
        for widget in (self.confirmation, self.done_row):
            widget.setVisible(False)
        for widget in (self.problem, self.form, self.confirmation, self.done_row):
            self.column.addWidget(widget)

    def focus_first(self) -> None:
        target = self.done_button if self.confirmation.isVisible() else self.pin
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def agree(self) -> None:
        pin = self.pin.text()
        self.pin.clear()  # never kept
        member = self.host.member
        try:
            auth = pin_authorisation(self.host.db, member["id"], pin)
            recording.confirm_exchange(self.host.db, self.exchange["id"], auth)
        except TimeBankError as exc:
            self.problem.show_problem(exc.message)
            self.pin.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.problem.clear()
        self.form.setVisible(False)
        self.confirmation.set_reference(short_reference(self.exchange["id"]))
        self.confirmation.retranslate()
        self.confirmation.setVisible(True)
        self.done_row.setVisible(True)
        self.host.page_changed()

    def wipe(self) -> None:
        self.exchange = {}
        self.pin.clear()
        super().wipe()
