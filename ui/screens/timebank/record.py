"""Record hours given: to another member or an organisation → check answers → confirmation.

Earning is always allowed offline; the exchange is *pending* until the one who
received the help agrees (their PIN at a kiosk) or a time broker confirms it.
"""

from __future__ import annotations

from typing import Any

from kiosk.i18n import N_, _
from kiosk.timebank import recording
from kiosk.timebank.amounts import format_minutes, parse_minutes, parse_service_date, today_london
from ui.govuk.question import Choice, Question
from ui.screens.timebank.choices import category_choices, member_text, organisations, other_member, short_reference
from ui.screens.timebank.flow import FlowPanel, Step


def _today_hint() -> str:
    today = today_london()
    return _("For example, {day} {month} {year} for today.").format(day=today.day, month=today.month, year=today.year)


class RecordPanel(FlowPanel):
    def __init__(self, host):
        db = host.db
        orgs = organisations(db)
        me = host.member
        steps = []
        if orgs:
            steps.append(Step(Question(
                "who", N_("Who did you help?"), kind="radio",
                choices=(Choice("member", N_("Another member of the time bank")),
                         Choice("organisation", N_("An organisation or project"))),
                required_error=N_("Choose who you helped"), summary_label=N_("Helped"))))
            steps.append(Step(
                Question("organisation", N_("Which organisation or project?"), kind="radio",
                         choices=tuple(Choice(org["id"], lambda name=org["name"]: name) for org in orgs),
                         required_error=N_("Choose the organisation or project")),
                show_if=lambda answers: answers.get("who") == "organisation",
                display=lambda value: next((o["name"] for o in orgs if o["id"] == value), value)))
        steps += [
            Step(Question("member", N_("What is their member number?"),
                          hint=N_("Scan their card, or type the 11-digit number on it."),
                          required_error=N_("Scan their card or type their member number"),
                          summary_label=N_("Member you helped")),
                 parse=lambda raw, _answers: other_member(db, raw, me), display=member_text,
                 show_if=lambda answers: answers.get("who", "member") == "member", width_chars=16, max_length=64),
            Step(Question("category", N_("What kind of help was it?"), kind="radio", choices=category_choices(db),
                          required_error=N_("Choose the kind of help"), summary_label=N_("Kind of help"))),
            Step(Question("date", N_("When did you help?"), kind="date", hint=_today_hint,
                          required_error=N_("Enter the date you helped"), summary_label=N_("Date")),
                 parse=lambda value, _answers: parse_service_date(value)),
            Step(Question("minutes", N_("How long did you help for?"),
                          hint=N_("In hours, for example 2, or 1:30 for an hour and a half, or 45m for 45 minutes."),
                          required_error=N_("Enter how long you helped for"), summary_label=N_("Time")),
                 parse=lambda raw, _answers: parse_minutes(raw), display=format_minutes, width_chars=8),
        ]
        super().__init__(
            host, title=N_("Record hours you gave"), steps=tuple(steps), submit=self._record,
            confirmation_title=N_("Hours recorded"),
            next_steps=N_("Your hours are waiting to be confirmed. The person or organisation you helped agrees "
                          "with their PIN at a kiosk, or a time broker confirms them. Then they are added to "
                          "your confirmed credits."),
            submit_label=N_("Record these hours"),
            error_keys={"amount_format": "minutes", "amount_not_positive": "minutes", "amount_too_large": "minutes",
                        "date_future": "date", "date_too_old": "date", "unknown_category": "category",
                        "same_account": "member", "unknown_number": "member"})

    def _record(self, answers: dict[str, Any], _pin: str | None) -> str:
        member = self.host.member
        if answers.get("who") == "organisation":
            receiver_id = answers["organisation"]
        else:
            receiver_id = answers["member"]["id"]
        exchange = recording.record_exchange(
            self.host.db, giver_id=member["id"], receiver_id=receiver_id, minutes=answers["minutes"],
            category=answers["category"], recorded_by=member["id"], service_date=answers["date"], source="kiosk")
        self.exchange = exchange
        return short_reference(exchange["id"])
