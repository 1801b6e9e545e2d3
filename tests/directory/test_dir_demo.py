"""The shipped demo directory: reproducible, big enough, illustrative, clean."""

from __future__ import annotations

import json
import re

from kiosk.directory import demo_feed, importer
from kiosk.directory.oruk import normalise_feed
from kiosk.store import open_memory_db


def test_demo_file_is_what_the_generator_makes():
    shipped = json.loads(demo_feed.output_path().read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(demo_feed.build()))


def test_demo_directory_content():
    services, report = normalise_feed(json.loads(demo_feed.output_path().read_text(encoding="utf-8")))
    assert len(services) >= 60 and report.skipped_total == 0
    assert sum(s["confidential"] for s in services) == 2
    for service in services:
        for phone in service["phones"]:
            assert re.fullmatch(r"020 7946 0\d{3}", phone["number"])
        for email in filter(None, (service["email"], (service["organization"] or {}).get("email"))):
            assert email.endswith("example.org")
        assert service["schedules"], service["name"]
        assert service["taxonomy_terms"], service["name"]
    monthly = [s for s in services if any(p["nth"] for p in s["schedules"])]
    overnight = [s for s in services if any(p["closes"] < p["opens"] for p in s["schedules"])]
    weekend = [s for s in services if any(p["weekday"] in (5, 6) for p in s["schedules"])]
    split = [s for s in services if any(sum(1 for p in s["schedules"] if p["weekday"] == d and not p["nth"]) > 1
                                        for d in range(7))]
    evening = [s for s in services if any(p["opens"] >= "17:00" for p in s["schedules"])]
    assert monthly and overnight and weekend and split and evening


def test_demo_imports_cleanly():
    db = open_memory_db()
    report = importer.import_document(db, json.loads(demo_feed.output_path().read_text(encoding="utf-8")), "demo")
    assert report.imported >= 60 and report.skipped_total == 0
    assert report.confidential == 2


def test_load_demo_helper_and_reload_updates_in_place():
    db = open_memory_db()
    first = importer.load_demo(db)
    second = importer.load_demo(db)
    assert first.imported >= 60 and second.imported == 0 and second.updated == first.imported
