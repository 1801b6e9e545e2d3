"""Importing dirty ORUK 1.0 and 3.0 feeds: reports instead of failures, clean text, no staff e-mails."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dirty_feeds import STAFF_EMAILS, oruk1_page, oruk3_page
from kiosk.directory import importer, oruk, query
from kiosk.directory.text import clean_text


def _dump(db) -> str:
    """Every value in every table, as one string, to look for things that must not be stored."""
    parts = []
    for table in db.table_names():
        for row in db.execute(f"select * from [{table}]").fetchall():
            parts.append(" ".join(str(v) for v in row))
    return "\n".join(parts)


def test_oruk1_page_imports_with_a_report(db):
    report = importer.import_document(db, oruk1_page(), "norwood")
    assert report.version == "1.0"
    assert report.total_declared == 7
    assert report.records == 7
    assert report.imported == 2
    assert report.skipped == {"duplicate_id": 1, "missing_name": 2, "missing_id": 1, "broken_record": 1}
    assert report.examples["duplicate_id"] == ["101"]
    assert report.warnings["html_cleaned"] >= 2
    assert report.warnings["schedule_unreadable"] == 1
    assert report.warnings["bad_coordinates"] == 1
    service = query.find_service(db, "norwood", "101")
    assert service["name"] == "Norwood Food Bank"  # the first of the repeated id wins


def test_oruk3_page_with_list_level_records(db):
    report = importer.import_document(db, oruk3_page(), "lambeth")
    assert report.version == "3.0"
    assert report.imported == 3
    assert report.skipped == {"duplicate_id": 1, "missing_name": 1, "broken_record": 1}
    youth = query.find_service(db, "lambeth", "a1")
    assert youth["description"] is None  # "" counts as missing
    assert youth["schedules"] == [] and youth["locations"] == []


def test_plain_array_and_single_object_are_feeds_too(db):
    records = oruk3_page()["contents"][:3]
    assert importer.import_document(db, records, "array").imported == 3
    assert importer.import_document(db, records[2], "single").imported == 1


def test_something_that_is_not_a_feed_fails_with_a_clear_message(db):
    with pytest.raises(importer.ImportFailed) as failure:
        importer.import_document(db, {"hello": "world"}, "x")
    assert "not an Open Referral feed" in failure.value.message
    assert db.execute("select count(*) from directory_service").fetchone()[0] == 0


def test_html_is_sanitised_to_plain_text(db):
    importer.import_document(db, oruk1_page(), "norwood")
    importer.import_document(db, oruk3_page(), "lambeth")
    food = query.find_service(db, "norwood", "101")
    assert food["description"] == "Food bank\nEmergency food parcels.\nBring ID."
    debt = query.find_service(db, "norwood", "104")
    assert debt["description"] == "Free debt and money advice"  # escaped HTML is unwrapped, not shown as tags
    esol = query.find_service(db, "lambeth", "a3")
    assert esol["name"] == "Brixton ESOL"
    text = _dump(db)
    assert "<script" not in text and "evil.example" not in text and "&nbsp;" not in text


@pytest.mark.parametrize("raw, expected", [
    ("", None), ("   ", None), ("null", None), ("N/A", None), (None, None), (7, "7"),
    ("Fish &amp; chips", "Fish & chips"), ("<p>a</p><p>b</p>", "a b"),
    ("<img src=x onerror=alert(1)>Hi", "Hi"), ("&lt;script&gt;alert(1)&lt;/script&gt;ok", "ok"),
    ("a\u00a0\u00a0 b\t\tc", "a b c"),
])
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


def test_staff_emails_are_never_stored(db):
    report1 = importer.import_document(db, oruk1_page(), "norwood")
    report3 = importer.import_document(db, oruk3_page(), "lambeth")
    assert report1.warnings["staff_email_dropped"] + report3.warnings["staff_email_dropped"] >= 4
    text = _dump(db).lower()
    for email in STAFF_EMAILS:
        assert email not in text
    assert "volunteer.personal@example.net" not in text  # a named contact's own address
    # The service's and organisation's public addresses are kept.
    assert query.find_service(db, "norwood", "101")["email"] == "norwood.foodbank@example.org"
    # An editor's address pasted into the public field is refused as well.
    assert query.find_service(db, "norwood", "104")["email"] is None


def test_fields_of_a_full_oruk1_record(db):
    importer.import_document(db, oruk1_page(), "norwood")
    food = query.find_service(db, "norwood", "101")
    assert food["minimum_age"] == 18 and food["maximum_age"] is None
    assert food["is_free"] is True
    assert {(l["code"], l["name"]) for l in food["languages"]} == {(None, "Portuguese"), ("so", "Somali")}
    assert food["organization"]["url"] == "https://example.org/norwood"
    assert food["locations"][0]["postcode"] == "SE27 0HA"
    assert food["locations"][0]["step_free"] is True
    assert food["phones"][0]["number"] == "020 7946 0101"
    assert [t["name"] for t in food["taxonomy_terms"]] == ["Food Banks"]
    assert "food" in food["needs"]
    assert food["closures"] == [{"start_date": "2026-12-24", "end_date": "2026-12-27"}]
    periods = {(p["weekday"], p["opens"], p["closes"]) for p in food["schedules"]}
    assert periods == {(1, "10:00", "12:30"), (1, "13:30", "15:00"), (4, "17:00", "19:00"), (5, "22:00", "02:00")}


def test_costs_are_integer_pence():
    assert oruk.amount_to_pence("£2.50") == 250
    assert oruk.amount_to_pence("0.005") == 1  # half up
    assert oruk.amount_to_pence(3) == 300
    assert oruk.amount_to_pence("abc") is None
    assert oruk.amount_to_pence("-4") is None


def test_reimport_updates_in_place(db):
    importer.import_document(db, oruk3_page(), "lambeth")
    before = query.find_service(db, "lambeth", "a3")
    page = oruk3_page()
    page["contents"][2]["name"] = "Brixton English classes"
    page["contents"][2]["schedules"] = page["contents"][2]["schedules"][:1]
    report = importer.import_document(db, page, "lambeth")
    assert report.imported == 0 and report.updated == 3
    after = query.find_service(db, "lambeth", "a3")
    assert after["id"] == before["id"]
    assert after["name"] == "Brixton English classes"
    assert len(after["schedules"]) == 2  # MO and WE of the one remaining entry
    assert db.execute("select count(*) from directory_service").fetchone()[0] == 3
    # The search index follows the update: the old name is gone, the new one found.
    assert [i["name"] for i in query.search(db, "English classes").items] == ["Brixton English classes"]


def test_same_ids_in_two_feeds_are_two_services(db):
    importer.import_document(db, oruk3_page(), "one")
    importer.import_document(db, oruk3_page(), "two")
    assert db.execute("select count(*) from directory_service where oruk_id = 'a3'").fetchone()[0] == 2


def test_prune_removes_services_no_longer_in_the_feed(db):
    importer.import_document(db, oruk3_page(), "lambeth")
    page = oruk3_page()
    del page["contents"][0]
    report = importer.import_document(db, page, "lambeth", prune=True)
    assert report.removed == 1
    assert query.find_service(db, "lambeth", "a1") is None
    assert query.search(db, "Kennington Youth").nothing_found


def test_import_is_batched_in_transactions(db, monkeypatch):
    """A crash in the second batch keeps the first batch and loses nothing already committed."""
    from kiosk.directory import store

    calls = {"n": 0}
    real = store.upsert_service

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "upsert_service", failing)
    records = [{"id": f"s{i}", "name": f"Service {i}"} for i in range(4)]
    with pytest.raises(OSError):
        importer.import_document(db, records, "batch", batch_size=2)
    names = [r[0] for r in db.execute("select oruk_id from directory_service order by oruk_id")]
    assert names == ["s0", "s1"]


def test_last_checked_and_the_twelve_month_warning(db):
    from datetime import date

    importer.import_document(db, oruk1_page(), "norwood")
    service_id = query.find_service(db, "norwood", "101")["id"]
    fresh = query.get_service(db, service_id, today=date(2026, 11, 22))
    assert fresh["last_checked"] == "2026-05-01" and fresh["check_overdue"] is False
    stale = query.get_service(db, service_id, today=date(2027, 5, 3))
    assert stale["check_overdue"] is True
    never = query.find_service(db, "norwood", "104")
    assert never["last_checked"] is None and never["check_overdue"] is True


@pytest.mark.parametrize("raw, expected", [
    ("09:00", "09:00"), ("9:00:00", "09:00"), ("0930", "09:30"), ("17.45", "17:45"), ("5pm", "17:00"),
    ("12am", "00:00"), ("09:00Z", "09:00"), ("09:00+01:00", "09:00"), ("24:00", "24:00"),
    ("25:00", None), ("noon", None), ("", None),
])
def test_opening_times_as_feeds_write_them(raw, expected):
    assert oruk.parse_time(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Monday", 0), ("mon", 0), ("MO", 0), (1, 0), ("7", 6), (0, 6), ("Sunday", 6), ("Funday", None), (9, None),
])
def test_weekdays_as_feeds_write_them(raw, expected):
    assert oruk.parse_weekday(raw) == expected


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "name", "description", "schedules", "regular_schedules", "byday", "opens_at",
                         "closes_at", "weekday", "freq", "service_at_locations", "location", "addresses",
                         "latitude", "longitude", "postal_code", "cost_options", "amount", "languages",
                         "attributes", "taxonomy_term", "organization", "email", "metadata", "phones",
                         "number", "confidential", "minimum_age", "eligibilitys", "holiday_schedules",
                         "start_date", "closed", "contacts", "accessibility"]) | st.text(max_size=8),
        children, max_size=6),
    max_leaves=25,
)


_FUZZ_DB = []


@settings(max_examples=60, deadline=None)
@given(st.lists(JSON, max_size=5))
def test_any_json_records_import_or_are_counted(records):
    from kiosk.store import open_memory_db

    if not _FUZZ_DB:
        _FUZZ_DB.append(open_memory_db())  # one database for all examples: migrations are the slow part
    report = importer.import_document(_FUZZ_DB[0], records, "fuzz")
    assert report.imported + report.updated + report.skipped_total == report.records == len(records)


def test_oruk_module_needs_no_database_and_no_qt():
    """The council service reuses kiosk.directory.oruk: it must not pull in the device store or Qt."""
    import subprocess
    import sys

    code = ("import sys, kiosk.directory.oruk; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('sqlite_utils', 'PySide6', 'ui') "
            "or m in ('kiosk.store', 'kiosk.directory.store')]; print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
