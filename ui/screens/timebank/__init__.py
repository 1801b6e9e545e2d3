"""The time-bank area of the kiosk: join, sign in, balance, record hours, rewards, donations.

``time_bank_screen(context)`` is the factory ``ui.screens.ROUTES["time-bank"]`` uses.
Time brokers' work (approvals, reversals, reports) has no screen yet: there is
no staff sign-in in the UI, so brokers use ``kiosk timebank`` (see docs/TIME_BANK.md).
"""

from __future__ import annotations


def time_bank_screen(context):
    from ui.screens.timebank.screen import TimeBankScreen

    return TimeBankScreen(context)
