"""Easy-read versions of what each council-tax request is for (its start page; see ui.easy_read).

Keyed by ``RequestType.id``; the standard words stay the core's own description.
"""

from __future__ import annotations

from kiosk.i18n import N_

EASY_DESCRIPTIONS: dict[str, str] = {
    "moving_in": N_("You have moved into the borough.\nTell us.\nThen we can send you a bill."),
    "moving_out": N_("You have moved out of the borough.\nTell us.\nThen we can close your account."),
    "moving_within": N_("You have moved to a new home in the borough.\nTell us your old address.\n"
                        "Tell us your new address."),
    "spd_apply": N_("Do you live alone?\nThen you pay 25% less."),
    "spd_remove": N_("Another adult lives with you now.\nTell us."),
    "disregard": N_("We do not count some people for council tax.\nThen you may pay less."),
    "ctr_apply": N_("Do you have little money?\nOr do you get benefits?\nWe may help with your bill."),
    "direct_debit": N_("We take your council tax from your bank.\nWe do it every month."),
    "twelve_instalments": N_("Pay your bill over 12 months.\nFrom April to March."),
    "arrears_arrangement": N_("Are you behind with payments?\nOffer to pay a little each month."),
    "refund": N_("Did you pay too much?\nAsk for the money back."),
}
