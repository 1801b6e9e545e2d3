"""Give credits to a friend or family member: who (their card or number) → how much → agree with PIN.

A donation is a spend: the same offline rules apply, checked by the core.
"""

from __future__ import annotations

from typing import Any

from kiosk.i18n import N_, _
from kiosk.timebank import recording, spending
from kiosk.timebank.amounts import format_minutes, parse_minutes
from ui.govuk.question import Question
from ui.screens.timebank.choices import member_text, other_member, pin_authorisation, short_reference
from ui.screens.timebank.flow import FlowPanel, Step
from ui.screens.timebank.spend import limits_text


class DonatePanel(FlowPanel):
    def __init__(self, host):
        db = host.db
        me = host.member
        super().__init__(
            host, title=N_("Give credits to someone"),
            steps=(
                Step(Question("recipient", N_("Who do you want to give credits to?"),
                              hint=N_("Scan their time-bank card, or type the 11-digit number on it."),
                              required_error=N_("Scan their card or type their member number"),
                              summary_label=N_("Give to")),
                     parse=lambda raw, _answers: other_member(db, raw, me), display=member_text,
                     width_chars=16, max_length=64),
                Step(Question("minutes", N_("How much time do you want to give?"),
                              hint=lambda: limits_text(db, me) + "\n" + _hint_amount(),
                              required_error=N_("Enter how much time to give"), summary_label=N_("Time")),
                     parse=lambda raw, _answers: self._allowed(parse_minutes(raw)), display=format_minutes,
                     width_chars=8),
            ),
            submit=self._donate, confirmation_title=N_("Credits given"),
            next_steps=N_("The credits leave your balance now and reach the other member when the council "
                          "confirms the gift at this kiosk's next sync."),
            submit_label=N_("Give these credits"), check_heading=N_("Check before you give"),
            agree_with_pin=True, error_keys={"insufficient_balance": "minutes", "offline_cap": "minutes",
                                             "offline_count": "minutes", "same_account": "recipient",
                                             "account_not_active": "recipient"})

    def _allowed(self, minutes: int) -> int:
        spending.check_spend(self.host.db, self.host.member, minutes)
        return minutes

    def _donate(self, answers: dict[str, Any], pin: str | None) -> str:
        member = self.host.member
        auth = pin_authorisation(self.host.db, member["id"], pin)
        exchange = recording.donate(self.host.db, from_id=member["id"], to_id=answers["recipient"]["id"],
                                    minutes=answers["minutes"], authorisation=auth, recorded_by=member["id"])
        self.exchange = exchange
        return short_reference(exchange["id"])


def _hint_amount() -> str:
    return _("In hours, for example 2, or 1:30 for an hour and a half.")
