"""Spend on a reward: the menu the council publishes, with the offline limits in plain words.

The core decides (``kiosk.timebank.rewards``, ``spending``): the reward page
refuses at once what the kiosk cannot allow (offline, not enough credits, not
for this member), with the core's message; then the questions the reward needs
(a council-tax account, a booking date, a date of birth, looking for work),
then the member agrees with their PIN and ``rewards.redeem`` records a pending
redemption and its voucher. The confirmation shows the voucher code and its QR.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel

from kiosk.i18n import N_, _, ngettext
from kiosk.settings import Settings
from kiosk.timebank import ledger, rewards, spending
from kiosk.timebank.amounts import format_minutes
from kiosk.timebank.errors import TimeBankError
from ui.easy_read import easy
from ui.govuk.basics import Button, Label
from ui.govuk.question import Choice, Question
from ui.screens.timebank.card import qr_image
from ui.screens.timebank.choices import pin_authorisation
from ui.screens.timebank.flow import FlowPanel, Step
from ui.screens.timebank.panel import Panel

QR_SCALE = 8  # pixels per QR module on screen


def limits_text(db, member: dict[str, Any]) -> str:
    """The offline rules, for this member, now."""
    settings = Settings(db)
    available = max(ledger.balance(db, member["id"]).available, 0)
    return _("You have {available} available now. Until the council confirms your spending, this kiosk lets "
             "you spend up to {cap} in at most {count} goes. Rewards that need a connection can only be "
             "chosen while the kiosk is online.").format(
        available=format_minutes(available), cap=format_minutes(settings["timebank_offline_spend_cap_minutes"]),
        count=settings["timebank_offline_spend_count_limit"])


def limits_easy_text(db, member: dict[str, Any]) -> str:
    """``limits_text`` in easy read (ui.easy_read): one idea on each line."""
    settings = Settings(db)
    available = max(ledger.balance(db, member["id"]).available, 0)
    count = settings["timebank_offline_spend_count_limit"]
    return "\n".join((
        _("You have {available} to spend now.").format(available=format_minutes(available)),
        _("This kiosk lets you spend up to {cap}.").format(
            cap=format_minutes(settings["timebank_offline_spend_cap_minutes"])),
        ngettext("You can spend {count} time at most.", "You can spend {count} times at most.",
                 count).format(count=count),
        _("Then the council must check your spending."),
        _("Some rewards need the kiosk to be online."),
    ))


def reward_label(item: dict[str, Any]) -> str:
    text = _("{reward}: {cost}").format(reward=item["name"], cost=format_minutes(item["cost_minutes"]))
    if item["requires_online"]:
        text += " " + _("(needs a connection to the council)")
    return text


def SpendPanel(host) -> Panel:  # noqa: N802 - a panel factory, named like the panels it makes
    menu = rewards.menu(host.db, host.member)
    return RewardFlowPanel(host, menu) if menu else NoRewardsPanel(host)


class NoRewardsPanel(Panel):
    title = N_("Spend on a reward")

    def __init__(self, host):
        super().__init__(host)
        self.heading = Label(self.title, "heading-xl")
        self.text = Label(easy(N_("The menu of rewards has not reached this kiosk yet. It comes from the council "
                                  "with the next sync: please try again later, or ask a member of staff."),
                               N_("This kiosk does not have the list of rewards yet.\n"
                                  "It comes from the council soon.\nPlease try again later.\n"
                                  "Or ask a member of staff.")))
        self.back_button = Button(N_("Back to your time bank"), "secondary")
        self.back_button.clicked.connect(self.host.close_top)
        for widget in (self.heading, self.text, self.back_button):
            self.column.addWidget(widget)


def _date_text(value) -> str:
    from ui.screens.timebank.member import local_date

    return local_date(value)


class RewardFlowPanel(FlowPanel):
    def __init__(self, host, menu: list[dict[str, Any]]):
        db = host.db
        self.menu = {item["id"]: item for item in menu}

        def asks(key: str):
            return lambda answers: key in self.menu.get(answers.get("reward"), {}).get("asks", ())

        def text_step(key: str, label: str, error: str) -> Step:
            return Step(Question(key, label, required_error=error), show_if=asks(key), max_length=80)

        steps = (
            Step(Question("reward", N_("Which reward would you like?"), kind="radio",
                          hint=easy(lambda: limits_text(db, host.member),
                                    lambda: limits_easy_text(db, host.member)),
                          choices=tuple(Choice(item["id"], lambda item=item: reward_label(item)) for item in menu),
                          required_error=N_("Choose a reward"), summary_label=N_("Reward")),
                 parse=lambda value, _answers: self._allowed(value),
                 display=lambda value: reward_label(self.menu[value])),
            text_step("counciltax_reference", N_("What is the council tax account reference?"),
                      N_("Enter the council tax account reference.")),
            text_step("postcode", N_("What is the postcode of the council tax account?"),
                      N_("Enter the postcode of the council tax account.")),
            text_step("surname", N_("What is the surname of the council tax account holder?"),
                      N_("Enter the surname of the council tax account holder.")),
            Step(Question("booking_date", N_("Which day would you like to book?"), kind="date",
                          required_error=N_("Choose a date for the booking.")),
                 show_if=asks("booking_date"), display=_date_text),
            Step(Question("date_of_birth", N_("What is your date of birth?"), kind="date",
                          hint=N_("This reward has an age limit."),
                          required_error=N_("Enter your date of birth")),
                 show_if=asks("date_of_birth"), display=_date_text),
            Step(Question("unemployed", N_("Are you looking for work?"), kind="yesno",
                          hint=N_("This reward is for members who are looking for work.")),
                 show_if=asks("unemployed")),
        )
        super().__init__(
            host, title=N_("Spend on a reward"), steps=steps, submit=self._redeem,
            confirmation_title=N_("Reward requested"),
            next_steps=N_("Your credits are set aside for this reward. The council confirms it when this kiosk "
                          "next syncs. Show the voucher code or its QR code when you use the reward."),
            submit_label=N_("Spend my credits"), check_heading=N_("Check before you spend"),
            agree_with_pin=True, error_keys={
                "insufficient_balance": "reward", "offline_cap": "reward", "offline_count": "reward",
                "needs_server": "reward", "unknown_reward": "reward", "not_eligible_hub": "reward",
                "details_missing": "counciltax_reference", "booking_date": "booking_date",
                "date_of_birth": "date_of_birth", "not_eligible_age": "date_of_birth",
                "not_eligible_unemployed": "unemployed"})
        panel = self.confirmation.panel
        panel.reference_caption.set_source(N_("Your voucher code"))
        self.voucher: dict[str, Any] | None = None
        self.voucher_qr = QLabel()
        self.voucher_qr.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.confirmation.extra.addWidget(self.voucher_qr)

    def _allowed(self, reward_id: str) -> str:
        """Refuse now what the kiosk cannot allow (the core's own checks and messages)."""
        item = self.menu[reward_id]
        if not item["eligible"]:
            raise TimeBankError("not_eligible", item["reason"])
        spending.check_reward_reachable({"name": item["name"], "requires_server": item["requires_online"]},
                                        online=self.host.online())
        spending.check_spend(self.host.db, self.host.member, item["cost_minutes"])
        return reward_id

    def _redeem(self, answers: dict[str, Any], pin: str | None) -> str:
        member = self.host.member
        details = {}
        for key in self.menu[answers["reward"]]["asks"]:
            value = answers.get(key)
            details[key] = value.isoformat() if hasattr(value, "isoformat") else value
        auth = pin_authorisation(self.host.db, member["id"], pin)
        self.voucher = rewards.redeem(self.host.db, member_id=member["id"], reward_id=answers["reward"],
                                      details=details, authorisation=auth, recorded_by=member["id"],
                                      online=self.host.online())
        self.exchange = ledger.get_exchange(self.host.db, self.voucher["exchange_id"])
        return self.voucher["display_code"]

    def submitted(self) -> None:
        assert self.voucher is not None
        image = qr_image(self.voucher["qr"])
        self.voucher_qr.setPixmap(QPixmap.fromImage(image).scaled(
            image.width() * QR_SCALE, image.height() * QR_SCALE, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation))
        self.voucher_qr.setAccessibleName(_("QR code of your voucher {code}").format(
            code=self.voucher["display_code"]))

    def wipe(self) -> None:
        self.voucher = None
        self.voucher_qr.clear()
        super().wipe()
