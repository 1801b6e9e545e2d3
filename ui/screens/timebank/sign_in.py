"""I'm a member: card scan or member number, then PIN.

A USB QR scanner "types" the card's text into the focused box and presses
Enter, which answers the question like Continue; the core's
``numbers.parse_member_number`` reads scanner quirks and typed numbers alike.
The PIN is always asked: a found card alone shows nobody's credits.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from kiosk.i18n import N_, _
from kiosk.timebank import members, numbers
from kiosk.timebank.errors import TimeBankError
from ui.govuk.question import Question
from ui.screens.timebank.flow import Step, StepPage
from ui.screens.timebank.panel import Panel


def _member_by_card(db, raw: str) -> dict[str, Any]:
    account = members.find_by_card(db, raw)
    if account["kind"] != "person":
        raise TimeBankError("not_a_member", _("This number belongs to an organisation, not a member. "
                                              "Use the number on your own card."))
    return account


class SignInPanel(Panel):
    title = N_("Sign in to the time bank")

    def __init__(self, host):
        super().__init__(host)
        self.account: dict[str, Any] | None = None
        number_step = Step(
            Question("card", N_("Scan your card, or type your member number"),
                     hint=N_("Hold the square code on your card under the scanner. Or type the 11-digit "
                             "number printed on your card."),
                     required_error=N_("Scan your card or type your member number")),
            parse=lambda raw, _answers: _member_by_card(self.host.db, raw), width_chars=16, max_length=64)
        pin_step = Step(
            Question("pin", N_("Enter your PIN"), hint=N_("The 4 to 6 digits you chose when you joined."),
                     required_error=N_("Enter your PIN")),
            secret=True, max_length=6, width_chars=6)
        self.number_page = StepPage(number_step, self.title, dict)
        self.pin_page = StepPage(pin_step, lambda: _("Member {number}").format(
            number=numbers.format_number(self.account["number"]) if self.account else ""), dict)
        self.number_page.continued.connect(self._number_given)
        self.pin_page.continued.connect(self._pin_given)
        for page in (self.number_page, self.pin_page):
            self.column.addWidget(page)
        self.pin_page.setVisible(False)

    @property
    def current_page(self) -> StepPage:
        return self.pin_page if self.pin_page.isVisibleTo(self) else self.number_page

    def focus_first(self) -> None:
        self.current_page.input.first_focus().setFocus(Qt.FocusReason.OtherFocusReason)

    def _number_given(self) -> None:
        if not self.number_page.validate():
            return
        self.account = self.number_page.value()
        self.pin_page.clear()
        self.pin_page.caption.retranslate()
        self.number_page.setVisible(False)
        self.pin_page.setVisible(True)
        self.host.page_changed()

    def _pin_given(self) -> None:
        page = self.pin_page
        if not page.validate() or self.account is None:
            return
        pin = page.input.text()
        page.input.clear()  # the PIN is never kept
        try:
            members.check_pin(self.host.db, self.account["id"], pin)
        except TimeBankError as exc:
            page.refuse(exc.message)
            return
        self.host.sign_in(members.require_account(self.host.db, self.account["id"]))

    def go_back(self) -> bool:
        if self.pin_page.isVisibleTo(self):
            self.pin_page.clear()
            self.account = None
            self.pin_page.setVisible(False)
            self.number_page.setVisible(True)
            self.host.page_changed()
            return True
        return False

    def wipe(self) -> None:
        self.account = None
        self.number_page.clear()
        self.pin_page.clear()
        super().wipe()
