"""A refuge's address is never stored and never returned, whichever way a caller asks."""

from __future__ import annotations

from dirty_feeds import REFUGE_STREET, oruk3_page
from kiosk.directory import importer, query, store
from kiosk.directory.mirror_hooks import apply_mirror_changes
from kiosk.directory.oruk import to_oruk3
from kiosk.directory.query import Filters

ADDRESS_FIELDS = ("name", "description", "address_1", "address_2", "city", "region", "postcode", "country",
                  "latitude", "longitude")


def _refuge(db):
    return query.find_service(db, "lambeth", "a2")


def test_imported_refuge_has_no_address_anywhere(db):
    importer.import_document(db, oruk3_page(), "lambeth")
    refuge = _refuge(db)
    assert refuge["confidential"] and refuge["address_withheld"]
    assert refuge["latitude"] is None and refuge["longitude"] is None
    assert refuge["locations"] and all(loc["address_withheld"] for loc in refuge["locations"])
    for location in refuge["locations"]:
        assert all(location[field] is None for field in ADDRESS_FIELDS)
        assert location["postcode_district"] == "SW9"  # enough for "about 2 km away", no more
    assert refuge["phones"][0]["number"] == "020 7946 0999"  # they can still phone
    # Every table, the full-text index and its vocabulary included.
    for table in db.table_names():
        for row in db.execute(f"select * from [{table}]").fetchall():
            assert REFUGE_STREET.lower() not in " ".join(map(str, row)).lower(), table
    assert not db.execute("select 1 from directory_fts_vocab where term in ('hidden', 'grove')").fetchall()


def test_refuge_is_not_findable_by_its_street(db):
    importer.import_document(db, oruk3_page(), "lambeth")
    assert query.search(db, REFUGE_STREET).nothing_found
    assert query.search(db, "refuge").items[0]["name"] == "Lambeth Women's Refuge"


def test_list_items_never_carry_the_address(db):
    importer.import_document(db, oruk3_page(), "lambeth")
    for results in (query.search(db, "refuge"), query.browse(db), query.browse(db, Filters(need="safety")),
                    query.search(db, "women", Filters(postcode="SW9 1AA"))):
        refuges = [i for i in results.items if i["oruk_id"] == "a2"]
        assert refuges, results
        for item in refuges:
            assert item["address_withheld"] is True and item["place"] is None


def test_a_sync_payload_with_an_address_is_withheld_too(db):
    """Even if the council sent the address, the device does not keep or show it."""
    leaky = {"id": "r9", "name": "Safe House", "confidential": True,
             "service_at_locations": [{"location": {"name": "9 Leaky Lane", "latitude": 51.46, "longitude": -0.11,
                                                    "addresses": [{"address_1": "9 Leaky Lane", "postal_code": "SW2 1AA"}]}}]}
    with db.atomic():
        apply_mirror_changes(db, [{"seq": 1, "entity": "directory.service", "key": "council:r9", "op": "upsert",
                                   "data": leaky}])
    service = query.find_service(db, "council", "r9")
    assert service["locations"][0]["address_1"] is None
    assert query.search(db, "Leaky Lane").nothing_found


def test_the_view_withholds_even_rows_written_around_the_normaliser(db):
    """Defence in depth: a row written directly still comes back without its address."""
    with db.atomic():
        service_id, _created = store.upsert_service(db, "raw", {"id": "z", "name": "Refuge Z", "confidential": False,
                                                               "locations": []})
        db["directory_location"].insert({"service_id": service_id, "address_1": "1 Raw Street", "postcode": "SW9 9ZZ",
                                         "latitude": 51.4, "longitude": -0.1})
        db.execute("update directory_service set confidential = 1 where id = ?", [service_id])
    service = query.get_service(db, service_id)
    assert service["locations"][0]["address_1"] is None and service["locations"][0]["latitude"] is None
    row = db.execute("select address_1, postcode, latitude from directory_public_location where service_id = ?",
                     [service_id]).fetchone()
    assert row == (None, None, None)


def test_serving_back_as_oruk3_keeps_it_withheld(db):
    importer.import_document(db, oruk3_page(), "lambeth")
    served = to_oruk3({**_refuge(db), "id": "a2"})
    assert REFUGE_STREET not in str(served)
    assert served["confidential"] is True


def test_refugee_is_not_a_refuge(db):
    importer.import_document(db, [{"id": "r", "name": "Refugee Action drop-in",
                                   "service_at_locations": [{"location": {"addresses": [{"address_1": "1 Open Street"}]}}]}],
                             "f")
    assert query.find_service(db, "f", "r")["locations"][0]["address_1"] == "1 Open Street"
