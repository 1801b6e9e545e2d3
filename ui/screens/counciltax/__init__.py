"""The council-tax area of the kiosk: home, calculator, requests, progress, balance, pay, band.

``council_tax_screen(context)`` is the factory ``ui.screens.ROUTES["council-tax"]`` uses.
"""

from __future__ import annotations


def council_tax_screen(context):
    from ui.screens.counciltax.screen import CouncilTaxScreen

    return CouncilTaxScreen(context)
