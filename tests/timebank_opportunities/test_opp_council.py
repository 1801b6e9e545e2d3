"""The board through the real council app (FastAPI TestClient) and real device databases."""

from __future__ import annotations

import json
import uuid

from kiosk import outbox
from kiosk.timebank import opportunities as op
from sync.server import db as council_db
from sync.server.opportunities_tables import timebank_board
from tb_helpers import enrol_device, organisation, person


def _reason(results, op_type):
    return [r.get("reason", {}).get("code") for r in results if r["op_type"] == op_type]


def test_post_reaches_the_council_and_other_devices_of_the_hub_and_withdraw_follows(council, tmp_path):
    app, client = council
    one = enrol_device(client, app.state.engine, tmp_path / "d1")
    two = enrol_device(client, app.state.engine, tmp_path / "d2")  # same hub
    with council_db.writing(app.state.engine) as conn:
        council_db.upsert_hub(conn, "opp-hub-oak", "Oak Library")
    far = enrol_device(client, app.state.engine, tmp_path / "d3", hub_id="opp-hub-oak")
    one.pull()  # the council's categories
    ada = person(one.db, "Ada Obi", phone="07700 900123", skills=["gardening"])
    org = organisation(one.db, "Sunflower Children's Centre")
    offer = op.post_offer(one.db, ada["id"], title="Help in your garden", category="gardening")
    opportunity = op.post_opportunity(one.db, org["id"], staff_id="broker-1", title="Stay-and-play helper",
                                      category="events", repeat_days=["tue"], start_time="10:00")
    results = one.sync()
    assert all(r["status"] == "applied" for r in results), results
    two.pull()
    far.pull()
    seen = {i["id"]: i for i in op.board(two.db)}
    assert set(seen) == {offer["id"], opportunity["id"]}
    assert seen[offer["id"]]["poster_name"] == "Ada" and seen[offer["id"]]["origin"] == "server"
    assert "Obi" not in json.dumps(seen) and "07700" not in json.dumps(seen)
    # Another hub sees the borough-wide opportunity, not the neighbours' offer.
    assert [i["id"] for i in op.board(far.db)] == [opportunity["id"]]
    # A member of the hub shortlists on one device; the list follows her to the other.
    op.shortlist_add(one.db, ada["id"], opportunity["id"])
    one.sync()
    two.pull()
    assert [i["id"] for i in op.shortlist(two.db, ada["id"])] == [opportunity["id"]]
    # Withdrawn on one device: off the board on the other, still on the shortlist, marked.
    op.withdraw(one.db, opportunity["id"], by="broker-1")
    assert all(r["status"] == "applied" for r in one.sync())
    two.pull()
    assert [i["id"] for i in op.board(two.db)] == [offer["id"]]
    assert [i["status"] for i in op.shortlist(two.db, ada["id"])] == ["withdrawn"]
    op.shortlist_remove(two.db, ada["id"], opportunity["id"])
    two.sync()
    one.pull()
    assert op.shortlist(one.db, ada["id"]) == []
    with council_db.reading(app.state.engine) as conn:
        rows = conn.execute(timebank_board.select().order_by(timebank_board.c.posted_at)).all()
    assert [(r.kind, r.status, r.hub_id) for r in rows] == [
        ("offer", "open", "demo-hub-sunflower"), ("opportunity", "withdrawn", "demo-hub-sunflower")]


def _raw(device, op_type, payload):
    with device.db.atomic():
        outbox.enqueue(device.db, op_type, payload)


def test_the_council_validates_strictly_and_trusts_no_name_from_the_device(council, tmp_path):
    app, client = council
    dev = enrol_device(client, app.state.engine, tmp_path / "d1")
    kiosk = enrol_device(client, app.state.engine, tmp_path / "k1", mode="kiosk")
    ada = person(dev.db, "Ada Obi")
    org = organisation(dev.db)
    dev.sync()
    good = op.payload(op.post_offer(dev.db, ada["id"], title="Lifts", category="errands"))
    dev.db.execute("delete from outbox where op_type = ?", [op.OP_OFFER])  # only the tampered copies below
    tampered = dict(good, id=str(uuid.uuid4()), poster_name="Ada Obi, 07700 900123")
    _raw(dev, op.OP_OFFER, tampered)
    _raw(dev, op.OP_OFFER, dict(good, id=str(uuid.uuid4()), phone="07700 900123"))  # unknown field
    _raw(dev, op.OP_OFFER, dict(good, id=str(uuid.uuid4()), category="juggling"))
    _raw(dev, op.OP_OFFER, dict(good, id=str(uuid.uuid4()), places_available=3))  # only opportunities
    _raw(dev, op.OP_REQUEST, dict(good, id=str(uuid.uuid4())))  # kind offer sent as a request
    _raw(dev, op.OP_OPPORTUNITY, dict(good, id=str(uuid.uuid4()), kind="opportunity", repeat_days=["tue"],
                                      posted_by="b1"))  # a person cannot post an opportunity
    _raw(dev, op.OP_WITHDRAW, {"item_id": str(uuid.uuid4()), "by": ada["id"], "at": good["posted_at"]})
    results = dev.push()
    assert [r["status"] for r in results] == ["applied"] + ["rejected"] * 6
    assert [r["reason"]["code"] for r in results[1:]] == [
        "invalid_payload", "unknown_category", "invalid_payload", "invalid_payload",
        "poster_not_organisation", "unknown_item"]
    with council_db.reading(app.state.engine) as conn:
        row = conn.execute(timebank_board.select().where(timebank_board.c.id == tampered["id"])).first()
    assert row.poster_name == "Ada"  # the council's own first name, not what the device sent
    # A self-service kiosk cannot post for an organisation, whatever it sends.
    opportunity = dict(good, id=str(uuid.uuid4()), kind="opportunity", poster_id=org["id"], posted_by="b1",
                       repeat_days=["tue"])
    _raw(kiosk, op.OP_OPPORTUNITY, opportunity)
    assert _reason(kiosk.push(), op.OP_OPPORTUNITY) == ["not_allowed"]
