"""An example flow that shows every part of the kit (used by the tour and the tests).

It sends nothing anywhere: its reference number is made up on the spot and says
EXAMPLE, so nobody mistakes it for a real request.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from kiosk.i18n import N_, _
from ui.govuk.flow import FlowSpec
from ui.govuk.question import Choice, Question

_PHONE = re.compile(r"^\+?[0-9 ]{10,16}$")


def valid_phone(value: str) -> str | None:
    if not _PHONE.match(value) or not 10 <= sum(ch.isdigit() for ch in value) <= 13:
        return _("Enter a telephone number, like 020 7946 0000 or 07700 900 982")
    return None


def not_in_the_past(value: dt.date) -> str | None:
    if value < dt.date.today():
        return _("The date must be today or in the future")
    return None


def example_reference(_answers: dict[str, Any]) -> str:
    return "EXAMPLE-" + uuid.uuid4().hex[:6].upper()


def example_flow() -> FlowSpec:
    return FlowSpec(
        title=N_("Example: ask for a call back"),
        questions=(
            Question("name", N_("What is your name?"), required_error=N_("Enter your name")),
            Question(
                "phone",
                N_("What number should we call?"),
                hint=N_("For international numbers include the country code"),
                validators=(valid_phone,),
                required_error=N_("Enter a telephone number"),
            ),
            Question(
                "day",
                N_("Which day suits you?"),
                kind="date",
                hint=N_("For example, 27 3 2027"),
                validators=(not_in_the_past,),
                required_error=N_("Enter the day that suits you"),
            ),
            Question(
                "time",
                N_("What time of day is best?"),
                kind="radio",
                choices=(
                    Choice("morning", N_("Morning (9am to 12pm)")),
                    Choice("afternoon", N_("Afternoon (12pm to 5pm)")),
                ),
                required_error=N_("Select a time of day"),
            ),
            Question(
                "message",
                N_("Can we leave a voice message?"),
                kind="yesno",
                required_error=N_("Select yes if we can leave a voice message"),
                summary_label=N_("Voice message"),
            ),
        ),
        submit=example_reference,
        confirmation_title=N_("Call back requested"),
        next_steps=N_("This is an example: nothing has been sent. A real request would tell you here who will call and when."),
    )
