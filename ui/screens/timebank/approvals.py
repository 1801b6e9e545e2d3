"""Members waiting for a time broker's approval: for a broker signed in at Staff, on a hub laptop.

Self-service registrations are ``pending`` until a broker approves them. The
list is offered on the time-bank home only when a member of staff with
``approve_member`` is signed in (``context.staff``) and the device is not a
self-service kiosk (the council refuses approvals from kiosk devices).
``members.approve_member`` records the approval, queues it for the council and
writes the audit entry, all in one transaction. When the staff session ends the
panel closes and forgets what it showed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk import staff
from kiosk.i18n import LANGUAGES, N_, _
from kiosk.timebank import members, numbers
from kiosk.timebank.errors import TimeBankError
from kiosk.timeutil import from_iso, to_london
from ui.govuk.basics import Button, Label
from ui.screens.timebank.member import local_date
from ui.screens.timebank.panel import Panel


def broker_can_approve(host) -> bool:
    controller = getattr(host.context, "staff", None)
    return (not host.kiosk_mode and controller is not None and controller.active
            and controller.can(staff.APPROVE_MEMBER))


def _details(account: dict[str, Any]) -> str:
    registered = local_date(to_london(from_iso(account["registered_at"])).date()) if account.get("registered_at") \
        else local_date(date.today())
    lines = [_("Member number {number} · asked to join on {date}").format(
        number=numbers.format_number(account["number"]), date=registered)]
    if account.get("languages"):
        lines.append(_("Languages: {languages}").format(
            languages=", ".join(LANGUAGES.get(code, code) for code in account["languages"])))
    if account.get("skills"):
        lines.append(_("Can help with: {skills}").format(skills=", ".join(account["skills"])))
    contact = [value for value in (account.get("phone"), account.get("email")) if value]
    lines.append(_("Contact: {contact}").format(contact=", ".join(contact)) if contact else _("No contact details"))
    return "\n".join(lines)


class ApprovalsPanel(Panel):
    title = N_("Members waiting for approval")

    def __init__(self, host):
        super().__init__(host)
        self.caption = Label(N_("Time bank · time broker"), "caption")
        self.heading = Label(self.title, "heading-xl")
        self.intro = Label(N_("Check each person's details, and their references if they will work with children "
                              "or vulnerable adults, before you approve them. Each approval is recorded in the "
                              "audit log with your staff ID."))
        self._result = ""
        self.result = Label(lambda: self._result, "heading-m")
        self.result.setVisible(False)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(0)
        self.none = Label(N_("Nobody is waiting for approval on this device."))
        for widget in (self.caption, self.heading, self.intro, self.result):
            self.column.addWidget(widget)
        self.column.addLayout(self.rows)
        self.column.addWidget(self.none)
        self.pending: list[dict[str, Any]] = []
        self.approve_buttons: dict[str, Button] = {}
        controller = host.context.staff
        if controller is not None:
            controller.signed_out.connect(self._staff_signed_out)
        self.refresh()

    def refresh(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.approve_buttons = {}
        self.pending = members.pending_members(self.host.db)
        for account in self.pending:
            self.rows.addWidget(self._row(account))
        self.none.setVisible(not self.pending)

    def _row(self, account: dict[str, Any]) -> QWidget:
        row = QFrame()
        row.setObjectName("summaryRow")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 16, 0, 16)
        text = QVBoxLayout()
        text.addWidget(Label(lambda name=account["name"]: name, "heading-m"))
        text.addWidget(Label(lambda account=account: _details(account)))
        layout.addLayout(text, 1)
        button = Button(N_("Approve"), "primary",
                        accessible_name=lambda name=account["name"]: _("Approve {name}").format(name=name))
        button.clicked.connect(lambda _checked=False, account_id=account["id"]: self.approve(account_id))
        layout.addWidget(button)
        self.approve_buttons[account["id"]] = button
        return row

    def approve(self, account_id: str) -> None:
        if not broker_can_approve(self.host):  # the session may have ended or timed out meanwhile
            self._staff_signed_out("")
            return
        controller = self.host.context.staff
        try:
            account = members.approve_member(self.host.db, account_id, broker=controller.session.staff_id)
        except TimeBankError as exc:
            self._result = exc.message
        else:
            self._result = _("{name} is now an active member.").format(name=account["name"])
        self.result.retranslate()
        self.result.setVisible(True)
        self.refresh()

    def _staff_signed_out(self, _reason: str) -> None:
        if self.host.current is self:
            self.host.close_top()

    def wipe(self) -> None:
        self.pending = []
        self._result = ""
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        super().wipe()
