"""Postcode-district centroids published by the council replace the shipped demo table."""

from kiosk.directory import geo
from kiosk.directory.mirror_hooks import apply_mirror_changes
from kiosk.paths import device_db_path
from kiosk.store import open_db


def _change(key, data, op="upsert"):
    return {"entity": "directory.postcode_district", "key": key, "op": op, "data": data}


def test_council_centroids_replace_demo_ones_and_tombstones_remove_them(data_dir):
    db = open_db(device_db_path(data_dir))
    geo.ensure_districts(db)
    demo_sw9 = geo.district_centroid(db, "SW9")
    assert demo_sw9 is not None
    with db.atomic():
        apply_mirror_changes(db, [_change("sw9", {"latitude": 51.4700, "longitude": -0.1150}),
                                  _change("SW2", {"latitude": 51.4520, "longitude": -0.1200})])
    assert geo.district_centroid(db, "SW9 8RR") == (51.47, -0.115)
    # The demo rows are gone once the council publishes its own table.
    assert geo.district_centroid(db, "SE11") is None
    with db.atomic():
        apply_mirror_changes(db, [_change("SW9", None, op="delete"), _change("SE11", {"latitude": "bad"})])
    assert geo.district_centroid(db, "SW9") is None
    assert geo.district_centroid(db, "SE11") is None
    assert geo.district_centroid(db, "SW2") == (51.452, -0.12)
