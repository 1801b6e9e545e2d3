"""Spend on a reward: the menu the council publishes, with the offline limits in plain words.

The core decides (``spending.check_spend``, ``check_reward_reachable``): the
reward page refuses at once what the kiosk cannot allow, with the core's
message, and the core checks again when the member agrees with their PIN.
"""

from __future__ import annotations

from typing import Any

from kiosk.i18n import N_, _
from kiosk.settings import Settings
from kiosk.timebank import ledger, recording, spending
from kiosk.timebank.amounts import format_minutes
from ui.govuk.basics import Button, Label
from ui.govuk.question import Choice, Question
from ui.screens.timebank.choices import pin_authorisation, reward_label, rewards, short_reference
from ui.screens.timebank.flow import FlowPanel, Step
from ui.screens.timebank.panel import Panel


def limits_text(db, member: dict[str, Any]) -> str:
    """The offline rules, for this member, now."""
    settings = Settings(db)
    available = max(ledger.balance(db, member["id"]).available, 0)
    return _("You have {available} available now. Until the council confirms your spending, this kiosk lets "
             "you spend up to {cap} in at most {count} goes. Rewards that need a connection can only be "
             "chosen while the kiosk is online.").format(
        available=format_minutes(available), cap=format_minutes(settings["timebank_offline_spend_cap_minutes"]),
        count=settings["timebank_offline_spend_count_limit"])


def SpendPanel(host) -> Panel:  # noqa: N802 - a panel factory, named like the panels it makes
    menu = rewards(host.db)
    return RewardFlowPanel(host, menu) if menu else NoRewardsPanel(host)


class NoRewardsPanel(Panel):
    title = N_("Spend on a reward")

    def __init__(self, host):
        super().__init__(host)
        self.heading = Label(self.title, "heading-xl")
        self.text = Label(N_("The menu of rewards has not reached this kiosk yet. It comes from the council "
                             "with the next sync: please try again later, or ask a member of staff."))
        self.back_button = Button(N_("Back to your time bank"), "secondary")
        self.back_button.clicked.connect(self.host.close_top)
        for widget in (self.heading, self.text, self.back_button):
            self.column.addWidget(widget)
        self.column.addStretch(1)


class RewardFlowPanel(FlowPanel):
    def __init__(self, host, menu: list[dict[str, Any]]):
        db = host.db
        self.menu = {reward["id"]: reward for reward in menu}
        super().__init__(
            host, title=N_("Spend on a reward"),
            steps=(Step(Question("reward", N_("Which reward would you like?"), kind="radio",
                                 hint=lambda: limits_text(db, host.member),
                                 choices=tuple(Choice(r["id"], lambda r=r: reward_label(r)) for r in menu),
                                 required_error=N_("Choose a reward"), summary_label=N_("Reward")),
                        parse=lambda value, _answers: self._allowed(value),
                        display=lambda value: reward_label(self.menu[value])),),
            submit=self._redeem, confirmation_title=N_("Reward requested"),
            next_steps=N_("Your credits are set aside for this reward. The council confirms it when this kiosk "
                          "next syncs. Keep your reference number and show it when you use the reward."),
            submit_label=N_("Spend my credits"), check_heading=N_("Check before you spend"),
            agree_with_pin=True, error_keys={"insufficient_balance": "reward", "offline_cap": "reward",
                                             "offline_count": "reward", "needs_server": "reward",
                                             "unknown_reward": "reward"})

    def _allowed(self, reward_id: str) -> str:
        """Refuse now what the kiosk cannot allow (the core's own checks and messages)."""
        reward = self.menu[reward_id]
        spending.check_reward_reachable(reward, online=self.host.online())
        spending.check_spend(self.host.db, self.host.member, reward["cost_minutes"])
        return reward_id

    def _redeem(self, answers: dict[str, Any], pin: str | None) -> str:
        member = self.host.member
        auth = pin_authorisation(self.host.db, member["id"], pin)
        exchange = recording.redeem_reward(self.host.db, member_id=member["id"], reward_id=answers["reward"],
                                           authorisation=auth, recorded_by=member["id"], online=self.host.online())
        self.exchange = exchange
        return short_reference(exchange["id"])
