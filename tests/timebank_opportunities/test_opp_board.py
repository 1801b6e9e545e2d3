"""The board on one device: posting, withdrawing, the shortlist, and what the board never shows."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from kiosk.settings import Settings
from kiosk.timebank import opportunities as op
from kiosk.timebank.errors import TimeBankError
from tb_helpers import organisation, person


def _outbox(db) -> list[dict]:
    return [dict(r, payload=json.loads(r["payload"])) for r in db.query("select * from outbox order by seq")]


def test_an_offer_is_written_with_its_outbox_operation_and_shows_only_a_first_name(tb):
    ada = person(tb, "Ada Obi", phone="07700 900123", email="ada@example.org", postcode="SW2 1AA",
                 skills=["gardening"])
    offer = op.post_offer(tb, ada["id"], title="I can help with your garden", category="gardening",
                          description="Weeding, planting, lawns.", availability="Saturday mornings")
    assert offer["kind"] == "offer" and offer["status"] == "open"
    assert offer["poster_name"] == "Ada" and offer["poster_number"] == ada["number"]
    queued = [r for r in _outbox(tb) if r["op_type"] == op.OP_OFFER]
    assert len(queued) == 1 and queued[0]["record_key"] == f"timebank.board.item:{offer['id']}"
    assert queued[0]["payload"]["id"] == offer["id"]
    # Neither the board row nor what travels holds the surname or any contact detail.
    board_text = json.dumps(op.board(tb)) + json.dumps(queued[0]["payload"])
    for private in ("Obi", "07700", "ada@example.org", "SW2"):
        assert private not in board_text
    assert [i["title"] for i in op.board(tb, "offer")] == ["I can help with your garden"]
    assert op.board(tb, "request") == []


@pytest.mark.parametrize("fields, code", [
    ({"title": "  ", "category": "gardening"}, "title_missing"),
    ({"title": "x" * 121, "category": "gardening"}, "title_missing_too_long"),
    ({"title": "Help", "category": ""}, "category_missing"),
    ({"title": "Help", "category": "juggling"}, "category_missing"),
])
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(tb, fields, code):
    ada = person(tb, "Ada Obi")
    before = len(_outbox(tb))
    with pytest.raises(TimeBankError) as refused:
        op.post_request(tb, ada["id"], **fields)
    assert refused.value.code == code and refused.value.message
    assert len(_outbox(tb)) == before and op.board(tb, include_withdrawn=True) == []


def test_only_active_members_post_and_only_staff_post_opportunities_off_the_kiosk(tb):
    pending = person(tb, "Pat Pending")
    tb.execute("update tb_accounts set status = 'pending' where id = ?", [pending["id"]])
    with pytest.raises(TimeBankError) as refused:
        op.post_offer(tb, pending["id"], title="Lifts", category="transport")
    assert refused.value.code == "poster_not_active"
    org = organisation(tb)
    with pytest.raises(TimeBankError) as refused:
        op.post_offer(tb, org["id"], title="Lifts", category="transport")
    assert refused.value.code == "poster_not_member"
    ada = person(tb, "Ada Obi")
    with pytest.raises(TimeBankError) as refused:
        op.post_opportunity(tb, ada["id"], staff_id="b1", title="Stay and play", category="children",
                            repeat_days=["tue"])
    assert refused.value.code == "poster_not_organisation"
    with pytest.raises(TimeBankError) as refused:
        op.post_opportunity(tb, org["id"], staff_id="b1", title="Stay and play", category="children")
    assert refused.value.code == "when_missing"
    with pytest.raises(TimeBankError) as refused:
        op.post_opportunity(tb, org["id"], staff_id="b1", title="Stay and play", category="children",
                            repeat_days=["tue"], min_age=18, max_age=16)
    assert refused.value.code == "age_order"
    Settings(tb)["device_mode"] = "kiosk"
    with pytest.raises(TimeBankError) as refused:
        op.post_opportunity(tb, org["id"], staff_id="b1", title="Stay and play", category="children",
                            repeat_days=["tue"])
    assert refused.value.code == "not_on_kiosk"
    assert op.board(tb, include_withdrawn=True) == []


def test_an_opportunity_keeps_its_time_place_and_limits(tb):
    org = organisation(tb, "Sunflower Children's Centre")
    item = op.post_opportunity(tb, org["id"], staff_id="broker-7", title="Stay-and-play helper",
                               category="children", starts_at=datetime(2026, 12, 1, 10, 0),
                               ends_at=datetime(2026, 12, 1, 12, 0), place="Sunflower Centre hall",
                               places_available="3", min_age="16", accessibility="Step-free; hearing loop")
    assert item["starts_at"].startswith("2026-12-01T10:00:00")  # 10:00 in London in December is 10:00 UTC
    assert op.when_text(item) == "01/12/2026 at 10:00 until 12:00"
    assert (item["places_available"], item["min_age"], item["max_age"]) == (3, 16, None)
    assert item["poster_name"] == "Sunflower Children's Centre" and item["posted_by"] == "broker-7"
    # Staff actions are in the audit chain.
    assert tb.execute("select count(*) from audit_log where action = ?", [op.OP_OPPORTUNITY]).fetchone()[0] == 1
    weekly = op.post_opportunity(tb, org["id"], staff_id="b", title="Garden club", category="gardening",
                                 repeat_days=["Thursday", "mon"], start_time="14:00", end_time="16:00")
    assert op.when_text(weekly) == "Every week: Monday, Thursday, 14:00 to 16:00"


def test_withdraw_takes_an_entry_off_the_board_once(tb):
    ada, ben = person(tb, "Ada Obi"), person(tb, "Ben Ode")
    offer = op.post_offer(tb, ada["id"], title="Lifts to the surgery", category="transport")
    Settings(tb)["device_mode"] = "kiosk"
    with pytest.raises(TimeBankError) as refused:
        op.withdraw(tb, offer["id"], by=ben["id"])
    assert refused.value.code == "not_poster"
    gone = op.withdraw(tb, offer["id"], by=ada["id"])
    assert gone["status"] == "withdrawn" and op.board(tb) == []
    assert [r["payload"]["item_id"] for r in _outbox(tb) if r["op_type"] == op.OP_WITHDRAW] == [offer["id"]]
    with pytest.raises(TimeBankError) as refused:
        op.withdraw(tb, offer["id"], by=ada["id"])
    assert refused.value.code == "already_withdrawn"


def test_the_shortlist_adds_once_removes_and_queues_both(tb):
    ada, ben = person(tb, "Ada Obi"), person(tb, "Ben Ode")
    offer = op.post_offer(tb, ben["id"], title="Guitar lessons", category="teaching")
    assert op.shortlist_add(tb, ada["id"], offer["id"]) is True
    assert op.shortlist_add(tb, ada["id"], offer["id"]) is False
    assert [i["id"] for i in op.shortlist(tb, ada["id"])] == [offer["id"]]
    assert op.shortlist(tb, ben["id"]) == []
    assert op.shortlist_remove(tb, ada["id"], offer["id"]) is True
    assert op.shortlist(tb, ada["id"]) == []
    kinds = [r["op_type"] for r in _outbox(tb) if r["op_type"].startswith("timebank.shortlist")]
    assert kinds == [op.OP_SHORTLIST_ADD, op.OP_SHORTLIST_REMOVE]
    with pytest.raises(TimeBankError):
        op.shortlist_add(tb, ada["id"], "no-such-item")


def test_the_mirror_applies_pulled_entries_and_a_resync_keeps_only_what_is_still_queued(tb):
    from kiosk import mirror

    ada = person(tb, "Ada Obi")
    mine = op.post_offer(tb, ada["id"], title="Lifts", category="transport")
    op.shortlist_add(tb, ada["id"], mine["id"])
    pulled = dict(op.payload(mine), id="0b5e1c2a-5f4e-4d7a-9b1c-2f3e4d5a6b7c", title="Sewing repairs",
                  poster_name="Cyd", poster_number="12345678901")
    mirror.apply_page(tb, [
        {"seq": 1, "entity": op.ENTITY_ITEM, "key": pulled["id"], "op": "upsert", "data": pulled},
        {"seq": 2, "entity": op.ENTITY_SHORTLIST, "key": f"{ada['id']}:{pulled['id']}", "op": "upsert",
         "data": {"member_id": ada["id"], "item_id": pulled["id"], "added_at": "2026-11-01T10:00:00Z"}},
    ], "c1")
    assert {i["title"] for i in op.board(tb)} == {"Lifts", "Sewing repairs"}
    assert len(op.shortlist(tb, ada["id"])) == 2
    mirror.reset(tb)  # the council said the cursor expired: what it sent comes again; ours is still queued
    assert [i["title"] for i in op.board(tb)] == ["Lifts"]
    assert [i["id"] for i in op.shortlist(tb, ada["id"])] == [mine["id"]]
    mirror.apply_page(tb, [{"seq": 3, "entity": op.ENTITY_SHORTLIST, "key": f"{ada['id']}:{mine['id']}",
                            "op": "delete", "data": None}], "c2")
    assert op.shortlist(tb, ada["id"]) == []


def test_an_entry_the_council_refused_leaves_the_board_but_stays_on_the_device(tb):
    ada = person(tb, "Ada Obi")
    kept = op.post_offer(tb, ada["id"], title="Lifts", category="transport")
    refused = op.post_request(tb, ada["id"], title="Help with forms", category="paperwork")
    with tb.atomic():  # what the sync client does with a quarantined operation
        tb.execute("update outbox set state = 'rejected' where record_key = ?", [op.item_record_key(refused["id"])])
    assert [i["id"] for i in op.board(tb)] == [kept["id"]]
    assert op.get_item(tb, refused["id"])["title"] == "Help with forms"
