"""Listings that arrive through the sync pull land in the same tables and search."""

from __future__ import annotations

from dirty_feeds import STAFF_EMAILS, oruk3_page
from kiosk import mirror
from kiosk.directory import query
from kiosk.directory.oruk import normalise_feed, to_oruk3


def _changes(records, start=1):
    return [{"seq": start + i, "entity": "directory.service", "key": f"council:{r['id']}", "op": "upsert",
             "data": r} for i, r in enumerate(records)]


def test_pulled_services_are_searchable_and_tombstones_remove_them(db):
    services, _report = normalise_feed(oruk3_page())
    mirror.apply_page(db, _changes([to_oruk3(s) for s in services]), "v1.e.3")
    assert query.search(db, "Brixton ESOL").items[0]["oruk_id"] == "a3"
    assert query.search(db, "Brixtn ESOL").items  # the typo finder learnt the new words
    mirror.apply_page(db, [{"seq": 4, "entity": "directory.service", "key": "council:a3", "op": "delete",
                            "data": None}], "v1.e.4")
    assert query.search(db, "Brixton ESOL").nothing_found
    assert query.find_service(db, "council", "a1") is not None


def test_raw_records_with_staff_emails_are_cleaned_on_the_way_in(db):
    raw = oruk3_page()["contents"][2]
    mirror.apply_page(db, _changes([raw]), "v1.e.1")
    service = query.find_service(db, "council", "a3")
    assert service["name"] == "Brixton ESOL"
    text = " ".join(str(row) for table in ("directory_service", "directory_contact", "directory_organisation")
                    for row in db.execute(f"select * from {table}").fetchall())
    assert not any(email in text for email in STAFF_EMAILS)


def test_cursor_expired_clears_the_directory(db):
    services, _report = normalise_feed(oruk3_page())
    mirror.apply_page(db, _changes([to_oruk3(s) for s in services]), "v1.e.3")
    mirror.reset(db)
    assert db.execute("select count(*) from directory_service").fetchone()[0] == 0
    assert query.search(db, "Brixton").nothing_found
