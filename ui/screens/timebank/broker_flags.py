"""The broker's list of flagged overspends, each with a way to deal with it.

Rows come from ``kiosk.timebank.member_admin.open_flags``: spends the council
refused for lack of credits, reversals that took a member below zero, and this
device's exchanges whose operation the council refused. A broker *accepts* one
with a note (nothing moves), or *charges again* a refused transfer or gift (the
same exchange recorded anew, agreed by the broker, settled against the payer's
balance now). Both go to the council through the outbox; every refusal shown is
the core's own message. On a self-service kiosk the list is shown, not changed
(the council refuses a broker's decisions from a kiosk).
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QFrame, QLineEdit, QVBoxLayout, QWidget

from kiosk.i18n import N_, _
from kiosk.timebank import member_admin
from kiosk.timebank.amounts import format_minutes
from kiosk.timebank.errors import TimeBankError
from kiosk.timeutil import from_iso, to_london
from ui.govuk.basics import Button, Label, button_row

KINDS = {"transfer": N_("Help"), "donation": N_("Gift"), "redemption": N_("Reward"), "reversal": N_("Reversal")}


def why_flagged(row: dict[str, Any]) -> str:
    if row.get("refused_operation"):
        return _("The council refused this device's record of it.")
    if row["state"] == "rejected":
        return _("Refused by the council: {name} did not have enough credits.").format(
            name=row["payer_name"] or _("the payer"))
    return _("Confirmed, but it took {name} below zero.").format(name=row["payer_name"] or _("the payer"))


def flag_summary(row: dict[str, Any]) -> str:
    when = to_london(from_iso(row["recorded_at"])).strftime("%d/%m/%Y") if row.get("recorded_at") \
        else row.get("service_date", "")
    kind = KINDS.get(row["kind"])
    return _("{date} · {kind}: {payer} to {payee}, {time}").format(
        date=when, kind=_(kind) if kind else row["kind"], payer=row["payer_name"] or "?",
        payee=row["payee_name"] or "?", time=format_minutes(int(row["minutes"])))


class FlagRow(QFrame):
    """One flagged exchange: what happened, why it is flagged, a note and the broker's choices."""

    def __init__(self, row: dict[str, Any], editable: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.row = row
        self.setObjectName("summaryRow")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 8)
        self.summary = Label(lambda: flag_summary(row), "heading-s")
        self.reason = Label(lambda: why_flagged(row))
        column.addWidget(self.summary)
        column.addWidget(self.reason)
        self.note = QLineEdit()
        self.note.setAccessibleName(_("Note about this exchange"))
        self.note.setPlaceholderText(_("Note (needed to accept)"))
        self.accept_button = Button(N_("Accept with note"), "secondary",
                                    description=N_("Nothing moves; your note says why"))
        self.charge_button = Button(N_("Charge again"), "secondary",
                                    description=N_("Record it again, agreed by you; the council settles it now"))
        self.charge_button.setVisible(bool(row.get("can_charge_again")))
        if editable:
            column.addWidget(self.note)
            column.addLayout(button_row(self.accept_button, self.charge_button))
        else:
            self.note.setVisible(False)
            self.accept_button.setVisible(False)
            self.charge_button.setVisible(False)


class FlagsSection(QFrame):
    """Heading, the open flags (or a line saying there are none), and the outcome of the last decision."""

    def __init__(self, context, staff_id: Callable[[], str | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.staff_id = staff_id
        self.rows: list[FlagRow] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(Label(N_("Flagged overspends"), "heading-l"))
        self.intro = Label(N_("Spending the council refused or flagged. Nothing is lost: deal with each one here."))
        column.addWidget(self.intro)
        self.message = Label("")
        self.message.setVisible(False)
        column.addWidget(self.message)
        self.empty = Label(N_("No flagged exchanges."))
        column.addWidget(self.empty)
        self.kiosk_note = Label(N_("On a self-service kiosk these can be seen, not changed; use a staff laptop."),
                                "hint")
        column.addWidget(self.kiosk_note)
        self.list_box = QVBoxLayout()
        column.addLayout(self.list_box)

    @property
    def editable(self) -> bool:
        return self.context.mode != "kiosk"

    def _clear(self) -> None:
        for row in self.rows:
            self.list_box.removeWidget(row)
            row.hide()  # at once: deleteLater waits for the event loop
            row.deleteLater()
        self.rows = []

    def refresh(self) -> None:
        self._clear()
        flags = member_admin.open_flags(self.context.db)
        self.empty.setVisible(not flags)
        self.kiosk_note.setVisible(bool(flags) and not self.editable)
        for flag in flags:
            row = FlagRow(flag, self.editable)
            row.accept_button.clicked.connect(lambda _=False, r=row: self.resolve(r, "accept"))
            row.charge_button.clicked.connect(lambda _=False, r=row: self.resolve(r, "charge_again"))
            self.list_box.addWidget(row)
            self.rows.append(row)

    def resolve(self, row: FlagRow, action: str) -> None:
        by = self.staff_id()
        if not by or not self.editable:
            return
        try:
            member_admin.resolve_flag(self.context.db, row.row["id"], action, by=by, note=row.note.text())
        except TimeBankError as error:
            self.say(error.message)
            row.note.setFocus()
            return
        done = (_("Accepted. Your note goes to the council at the next sync.") if action == "accept"
                else _("Recorded again, agreed by you. The council settles it at the next sync."))
        self.refresh()
        self.say(done)

    def say(self, text: str) -> None:
        self.message.set_source(lambda: text)
        self.message.setVisible(True)

    def wipe(self) -> None:
        """Members' names and notes go with the staff session (``refresh`` shows them again to a broker)."""
        for row in self.rows:
            row.note.clear()
        self._clear()
        self.message.setVisible(False)
