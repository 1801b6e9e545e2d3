"""Valuation bands A-H as ninths of Band D (Local Government Finance Act 1992, s.5(1))."""

from __future__ import annotations

from decimal import Decimal

from kiosk.counciltax.money import round_pence
from kiosk.i18n import _

BAND_NINTHS: dict[str, int] = {"A": 6, "B": 7, "C": 8, "D": 9, "E": 11, "F": 13, "G": 15, "H": 18}
BANDS = tuple(BAND_NINTHS)
# Disabled band reduction on a Band A home: Band A less 1/9 of Band D
# (Council Tax (Reductions for Disabilities) Regulations 1992, reg. 4 as amended 2000).
DISABLED_BAND_A_NINTHS = 5


class BandError(ValueError):
    pass


def parse_band(text: str) -> str:
    band = str(text).strip().upper()
    if band not in BAND_NINTHS:
        raise BandError(_("The band must be a letter from A to H."))
    return band


def charge_for_ninths(band_d_pence: int, ninths: int) -> int:
    """A band's charge from the Band D amount, rounded half-up to the penny."""
    return round_pence(Decimal(band_d_pence) * ninths / 9)


def band_charge(band_d_pence: int, band: str) -> int:
    return charge_for_ninths(band_d_pence, BAND_NINTHS[band])


def reduced_band(band: str) -> tuple[str | None, int]:
    """Disabled band reduction: (band charged, ninths). Band A has no lower band: 5/9 of D."""
    if band == "A":
        return None, DISABLED_BAND_A_NINTHS
    lower = BANDS[BANDS.index(band) - 1]
    return lower, BAND_NINTHS[lower]
