"""Sync pull → directory tables (hook for ``kiosk.mirror``, entity prefix ``directory.``).

Entities: ``directory.service`` with key ``<feed>:<service id>`` and as data one ORUK
service record (1.0 or 3.0 shape, as the council's ORUK API serves it). The record is
normalised exactly like an imported file, so the same privacy rules hold (no editors'
e-mail addresses, no refuge addresses). A tombstone (``data`` None) removes the service.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kiosk.directory import search, store
from kiosk.directory.oruk import ImportReport, SkipRecord, normalise_service

SERVICE_ENTITY = "directory.service"
DISTRICT_ENTITY = "directory.postcode_district"


def split_key(key: str) -> tuple[str, str]:
    feed, _sep, oruk_id = key.partition(":")
    return (feed, oruk_id) if oruk_id else ("council", feed)


def apply_mirror_changes(db: Database, changes: list[dict[str, Any]]) -> None:
    """Runs inside the mirror's transaction for the page."""
    texts: list[str | None] = []
    for change in changes:
        if change.get("entity") == DISTRICT_ENTITY:
            _apply_district(db, change)
            continue
        if change.get("entity") != SERVICE_ENTITY:
            continue
        feed, oruk_id = split_key(str(change.get("key") or ""))
        if change.get("op") == "delete" or change.get("data") is None:
            store.delete_service(db, feed, oruk_id)
            continue
        data = change["data"]
        if isinstance(data, dict) and not data.get("id"):
            data = {**data, "id": oruk_id}
        try:
            record = normalise_service(data, ImportReport(feed=feed))
        except SkipRecord:
            store.delete_service(db, feed, oruk_id)  # the council sent something unusable: do not keep a stale copy
            continue
        store.upsert_service(db, feed, record)
        organisation = record.get("organization") or {}
        texts += [record["name"], record.get("alternate_name"), record.get("description"), organisation.get("name")]
        texts += [t.get("name") for t in record.get("taxonomy_terms") or []]
    search.add_to_vocabulary(db, texts)


def _apply_district(db: Database, change: dict[str, Any]) -> None:
    """The council's postcode-district centroids replace the shipped demo table."""
    district = str(change.get("key") or "").strip().upper()
    if not district:
        return
    table = db["directory_postcode_district"]
    if change.get("op") == "delete" or change.get("data") is None:
        db.execute("delete from directory_postcode_district where district = ?", [district])
        return
    data = change["data"]
    try:
        latitude, longitude = float(data["latitude"]), float(data["longitude"])
    except (KeyError, TypeError, ValueError):
        return  # unusable centroid: distance falls back to the others
    db.execute("delete from directory_postcode_district where source = 'demo'")
    table.upsert({"district": district, "latitude": latitude, "longitude": longitude, "source": "council"},
                 pk="district")


def clear_mirror(db: Database) -> None:
    """The council's cursor expired: forget every listing (file imports too; they can be imported again)."""
    store.clear_directory(db)
