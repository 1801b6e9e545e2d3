"""What council tax takes from the pulled changes (registered in ``kiosk.mirror.MIRROR_HOOKS``).

* ``counciltax.submission_status`` (key = reference, data ``{"status", "reason",
  "updated_at", "request_type"}``) updates the local submission's status;
* ``counciltax.charges`` (key = the year, data = the charges document) stays in
  the generic mirror table and is read with ``published_charges``.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kiosk.counciltax.charges import Charges, ChargesError, parse_charges
from kiosk.counciltax.submissions import apply_status_change

STATUS_ENTITY = "counciltax.submission_status"
CHARGES_ENTITY = "counciltax.charges"


def apply_mirror_changes(db: Database, changes: list[dict[str, Any]]) -> None:
    for change in changes:
        if change["entity"] != STATUS_ENTITY or change["op"] != "upsert" or not isinstance(change["data"], dict):
            continue  # charges need no derived table; a status tombstone leaves the last status
        data = change["data"]
        apply_status_change(db, change["key"], str(data.get("status", "")), data.get("reason"),
                            data.get("updated_at"), data.get("request_type"))


def published_charges(db: Database, year: int) -> Charges | None:
    """The charges the council published for ``year``, or None (not pulled yet, or not valid)."""
    from kiosk import mirror

    doc = mirror.get(db, CHARGES_ENTITY, str(year))
    if doc is None:
        return None
    try:
        return parse_charges(doc)
    except ChargesError:
        return None
