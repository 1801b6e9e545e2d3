"""From the council's import to a device's search: publish, pull, update, tombstone."""

from __future__ import annotations

from srvdir_kit import enrol
from srvdir_feeds import REFUGE_POSTCODE, REFUGE_STREET, STAFF_EMAILS, oruk3

from kiosk import mirror
from kiosk.directory import query
from sync.server.directory_import import import_document


def device_text(device_db) -> str:
    tables = [r[0] for r in device_db.execute(
        "select name from sqlite_master where type = 'table' and (name like 'directory%' or name = 'mirror') "
        "and name not like '%fts%' and name not in ('directory_term', 'directory_spell')")]
    return " ".join(str(row) for t in tables for row in device_db.execute(f"select * from [{t}]").fetchall())


def test_a_device_pulls_searches_then_gets_updates_and_tombstones(engine, device, device_db):
    import_document(engine, oruk3(), "lbl")
    assert device.sync_into(device_db) >= 3
    hit = query.search(device_db, "Stockwell ESOL").items[0]
    assert (hit["feed"], hit["oruk_id"]) == ("lbl", "s1")
    assert query.search(device_db, "lunch club").items[0]["oruk_id"] == "s2"
    refuge = query.find_service(device_db, "lbl", "s3")
    assert refuge["confidential"] and refuge["name"] == "Lambeth Women's Refuge"
    text = device_text(device_db)
    assert REFUGE_STREET not in text and REFUGE_POSTCODE not in text
    assert not any(email in text for email in STAFF_EMAILS)

    # Re-import: s1 renamed, s2 gone from the feed.
    outcome = import_document(engine, oruk3(changed=True, without=("s2",)), "lbl", prune=True)
    assert (outcome.report.updated, outcome.tombstoned, outcome.unchanged) == (1, 1, 1)
    assert device.sync_into(device_db) == 2  # only the change and the tombstone travel
    assert query.find_service(device_db, "lbl", "s1")["name"] == "Stockwell ESOL evening classes"
    assert query.find_service(device_db, "lbl", "s2") is None
    assert query.search(device_db, "lunch club").nothing_found
    assert query.search(device_db, "evening ESOL").items[0]["oruk_id"] == "s1"


def test_the_demo_council_gives_devices_the_demo_directory_and_districts(tmp_path, device_db):
    from fastapi.testclient import TestClient

    from sync.server.app import create_app

    app = create_app(tmp_path / "demo-council", demo=True)
    try:
        with TestClient(app) as client:
            device = enrol(client, app.state.engine)
            device.sync_into(device_db)
    finally:
        app.state.engine.dispose()
    assert device_db.execute("select count(*) from directory_service where feed = 'demo'").fetchone()[0] == 67
    assert query.search(device_db, "food bank").items
    sw9 = mirror.get(device_db, "directory.postcode_district", "SW9")
    assert sw9["district"] == "SW9" and 51 < sw9["latitude"] < 52 and -1 < sw9["longitude"] < 0
    # Confidential demo refuges: no address anywhere on the device.
    refuges = device_db.execute("select id from directory_service where confidential = 1").fetchall()
    assert len(refuges) == 2
    for (service_id,) in refuges:
        detail = query.get_service(device_db, service_id)
        assert detail["address_withheld"] and detail["latitude"] is None
        assert detail["locations"], "the district stays, for an approximate distance"
        for location in detail["locations"]:
            assert location["postcode_district"] and location["address_1"] is None and location["postcode"] is None
        stored = device_db.execute("select address_1, postcode, latitude from directory_location "
                                   "where service_id = ?", [service_id]).fetchall()
        assert all(value is None for row in stored for value in row)
