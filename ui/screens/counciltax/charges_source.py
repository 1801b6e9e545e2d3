"""Which charges the calculator screen uses: what the council published, else the shipped demo.

Preference: the charges published for the current financial year; then the
newest year the device has; then ``resources/demo/charges-2025.json`` (the
screen then says plainly that the figures are an example).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlite_utils import Database

from kiosk.counciltax.charges import Charges, ChargesError, load_charges
from kiosk.counciltax.mirror_hooks import CHARGES_ENTITY, published_charges
from kiosk.counciltax.validators import today
from kiosk.counciltax.year import financial_year_of
from kiosk.paths import resources_dir

PUBLISHED, DEMO = "published", "demo"


def demo_charges_file() -> Path:
    return resources_dir() / "demo" / "charges-2025.json"


def charges_for_screen(db: Database, on: date | None = None) -> tuple[Charges, str]:
    """(charges, PUBLISHED or DEMO)."""
    from kiosk import mirror

    year = financial_year_of(on or today())
    charges = published_charges(db, year)
    if charges is not None:
        return charges, PUBLISHED
    years = sorted((int(k) for k in mirror.keys(db, CHARGES_ENTITY) if str(k).isdigit()), reverse=True)
    for other in years:
        charges = published_charges(db, other)
        if charges is not None:
            return charges, PUBLISHED
    try:
        return load_charges(demo_charges_file()), DEMO
    except ChargesError:  # pragma: no cover - the file ships with the app
        raise
