"""The council's authoritative ledger, through the real app (FastAPI TestClient) and real device databases."""

import copy
import json
import uuid

import pytest
import sqlalchemy as sa
from tb_helpers import enrol_device, organisation, person, spend_twice_offline

from kiosk.timebank import ledger, members, numbers, recording
from kiosk.timebank.ledger import Authorisation
from sync.server import db as council_db
from sync.server import ops_timebank
from sync.server.timebank_tables import timebank_entries, timebank_exchanges

BROKER = Authorisation("broker", "ann")


def _statuses(results):
    """(status, exchange state or refusal code) of each time-bank operation (staff audit entries left out)."""
    return [(r["status"], (r.get("result") or {}).get("state") or (r.get("reason") or {}).get("code"))
            for r in results if r.get("op_type") != "audit.entry"]


def test_register_record_confirm_and_the_balance_comes_back_to_the_device(council, tmp_path):
    app, client = council
    dev = enrol_device(client, app.state.engine, tmp_path / "d1")
    org = organisation(dev.db)
    ada, ben = person(dev.db, "Ada Obi", pin="4821"), person(dev.db, "Ben Silva", pin="1357")
    queued = " ".join(r[0] for r in dev.db.execute(
        "select payload from outbox where op_type = 'timebank.member.register'"))
    assert "Ada Obi" not in queued and "sealed" in queued  # personal data leaves only sealed to the council
    session = recording.record_group_session(dev.db, organisation_id=org["id"], attendee_ids=[ada["id"]],
                                             minutes=120, category="gardening", recorded_by="vol")[0]
    claim = recording.record_exchange(dev.db, giver_id=ben["id"], receiver_id=ada["id"], minutes="1",
                                      category="gardening", recorded_by="ben")
    results = dev.sync()
    assert all(r["status"] == "applied" for r in results), results
    assert ledger.get_exchange(dev.db, session["id"])["state"] == "confirmed"
    assert ledger.get_exchange(dev.db, claim["id"])["state"] == "pending"
    bal = ledger.balance(dev.db, ada["id"])
    assert bal.confirmed == 120 and bal.as_of is not None
    # Ada confirms Ben's claim with her PIN; the council settles it; the device mirrors the result.
    recording.confirm_exchange(dev.db, claim["id"], recording.authorise_with_pin(dev.db, ada["id"], "4821"))
    assert _statuses(dev.sync()) == [("applied", "confirmed")]
    assert ledger.get_exchange(dev.db, claim["id"])["state"] == "confirmed"
    assert ledger.get_exchange(dev.db, claim["id"])["approved_by"] == ada["id"]
    assert (ledger.balance(dev.db, ada["id"]).confirmed, ledger.balance(dev.db, ben["id"]).confirmed,
            ledger.balance(dev.db, org["id"]).confirmed) == (60, 60, -120)
    assert ledger.ledger_total(dev.db) == 0
    with council_db.reading(app.state.engine) as conn:
        assert ops_timebank.confirmed_balance(conn, ada["id"]) == 60
        assert ops_timebank.ledger_total(conn) == 0


def test_double_spend_on_two_offline_devices_is_refused_and_flagged(council, tmp_path):
    app, client = council
    one, two, _org, ada, _ben, first, second = spend_twice_offline(client, app.state.engine, tmp_path)
    assert _statuses(one.sync()) == [("applied", "confirmed")]
    results = two.sync()
    assert _statuses(results) == [("applied", "rejected")]
    assert results[0]["result"]["flagged"] is True
    refused = ledger.get_exchange(two.db, second["id"])
    assert refused["state"] == "rejected" and refused["flagged"] == 1
    assert refused["rejection_code"] == "insufficient_balance"
    assert [x["id"] for x in ledger.flagged(two.db)] == [second["id"]]  # shown to a broker, not lost
    assert ledger.balance(two.db, ada["id"]).available == 0  # the refused spend no longer counts as pending
    assert ledger.get_exchange(two.db, first["id"])["state"] == "confirmed"
    with council_db.reading(app.state.engine) as conn:
        assert [x["id"] for x in ops_timebank.flagged(conn)] == [second["id"]]


def test_reversal_and_redemption_on_the_council(council, tmp_path):
    app, client = council
    dev = enrol_device(client, app.state.engine, tmp_path / "d1")
    org = organisation(dev.db)
    ada = person(dev.db, "Ada")
    original = recording.record_group_session(dev.db, organisation_id=org["id"], attendee_ids=[ada["id"]],
                                              minutes=900, category="events", recorded_by="vol")[0]
    dev.sync()  # also brings the rewards menu
    reward = dev.db.execute("select id, cost_minutes, requires_server from tb_rewards "
                            "where id = 'council-tax-reduction'").fetchone()
    assert reward == ("council-tax-reduction", 600, 1)
    recording.redeem_reward(dev.db, member_id=ada["id"], reward_id=reward[0], authorisation=BROKER,
                            recorded_by="vol", online=True,  # the council-tax account it is credited to:
                            details={"counciltax_reference": "40000001", "postcode": "SW2 1RW", "surname": "Okafor"})
    assert _statuses(dev.sync()) == [("applied", "confirmed")]
    assert ledger.balance(dev.db, ada["id"]).confirmed == 300
    reversal = recording.reverse_exchange(dev.db, original["id"], broker="ann", reason="session was cancelled")
    results = [r for r in dev.sync() if r["op_type"] == "timebank.exchange.reverse"]
    assert _statuses(results) == [("applied", "confirmed")]
    assert results[0]["result"]["flagged"] is True  # it took Ada below zero: a broker must look
    assert ledger.balance(dev.db, ada["id"]).confirmed == -600
    assert ledger.get_exchange(dev.db, reversal["id"])["reverses_id"] == original["id"]


def _wire(row):
    return {"op_id": str(uuid.uuid4()), "seq": row["seq"] + 1000, "op_type": row["op_type"],
            "record_key": row["record_key"], "schema_version": 1, "payload": json.loads(row["payload"]),
            "created_at": row["created_at"]}


def _push(dev, ops):
    response = dev.client.post("/api/v1/sync/push", json={"device_id": dev.id, "operations": ops},
                               headers=dev.headers)
    assert response.status_code == 200, response.text
    return response.json()["results"]


def test_the_council_validates_strictly(council, tmp_path):
    app, client = council
    dev = enrol_device(client, app.state.engine, tmp_path / "d1")
    org = organisation(dev.db)
    ada = person(dev.db, "Ada", pin="4821")
    dev.sync()
    recording.record_group_session(dev.db, organisation_id=org["id"], attendee_ids=[ada["id"]], minutes=60,
                                   category="events", recorded_by="vol")
    row = dev.db.execute("select * from outbox order by seq desc limit 1").fetchone()
    row = dict(zip([d[0] for d in dev.db.execute("select * from outbox limit 0").description], row))
    good = _wire(row)

    def variant(change):
        op = copy.deepcopy(good)
        op["op_id"] = str(uuid.uuid4())
        change(op["payload"])
        return op

    def unbalanced(p):
        p["entries"][1]["minutes"] = 61

    def self_confirmed(p):
        p["state"] = "confirmed"

    def unknown_category(p):
        p["category"] = "knitting"

    def stranger(p):
        p["payee_id"] = str(uuid.uuid4())
        p["entries"][1]["account_id"] = p["payee_id"]

    def too_long(p):
        p["minutes"] = 25 * 60
        p["entries"][0]["minutes"], p["entries"][1]["minutes"] = -25 * 60, 25 * 60

    results = _push(dev, [variant(unbalanced), variant(self_confirmed), variant(unknown_category),
                          variant(stranger), variant(too_long)])
    assert [r["status"] for r in results] == ["rejected"] * 5
    assert [r["reason"]["code"] for r in results] == [
        "not_double_entry", "invalid_payload", "unknown_category", "unknown_account", "invalid_amount"]
    # A registration carrying a PIN instead of its hash is refused.
    reg = members.account_payload(members.get_account(dev.db, ada["id"]))
    reg.update(id=str(uuid.uuid4()), pin_hash="4821", number=numbers.new_number())
    result = _push(dev, [{"op_id": str(uuid.uuid4()), "seq": 5000, "op_type": "timebank.member.register",
                          "record_key": "x", "schema_version": 1, "payload": reg, "created_at": None}])[0]
    assert result["status"] == "rejected" and result["reason"]["code"] == "pin_not_hashed"
    # The good one still goes through afterwards; nothing above changed the ledger.
    assert _statuses(_push(dev, [good])) == [("applied", "confirmed")]
    with council_db.reading(app.state.engine) as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(timebank_exchanges)).scalar() == 1


def test_a_self_service_kiosk_cannot_make_active_members_or_act_as_staff(council, tmp_path):
    app, client = council
    kiosk = enrol_device(client, app.state.engine, tmp_path / "k", mode="kiosk")
    ada = person(kiosk.db, "Ada")  # even if the device itself claims active
    results = kiosk.sync()
    assert results[0]["result"]["status"] == "pending"
    assert members.get_account(kiosk.db, ada["id"])["status"] == "pending"  # mirrored back
    staff = enrol_device(client, app.state.engine, tmp_path / "s")
    org, ben = organisation(staff.db), person(staff.db, "Ben")
    staff.sync()
    kiosk.pull()
    recording.record_group_session(kiosk.db, organisation_id=org["id"], attendee_ids=[ben["id"]], minutes=60,
                                   category="events", recorded_by="someone at the kiosk")
    assert _statuses(kiosk.push()) == [("rejected", "not_allowed")]


def test_members_stay_in_their_hub_organisations_go_everywhere(council, tmp_path):
    app, client = council
    here = enrol_device(client, app.state.engine, tmp_path / "a", hub_id="demo-hub-sunflower")
    there = enrol_device(client, app.state.engine, tmp_path / "b", hub_id="demo-hub-riverside")
    org = organisation(here.db)
    ada = person(here.db, "Ada", pin="4821")
    here.sync()
    there.pull()
    assert members.get_account(there.db, org["id"]) is not None
    assert members.get_account(there.db, ada["id"]) is None  # personal data stays at Ada's hub


def test_posted_rows_cannot_be_changed_on_the_council_database(council, tmp_path):
    app, client = council
    dev = enrol_device(client, app.state.engine, tmp_path / "d1")
    org = organisation(dev.db)
    ada = person(dev.db, "Ada")
    recording.record_group_session(dev.db, organisation_id=org["id"], attendee_ids=[ada["id"]], minutes=60,
                                   category="events", recorded_by="vol")
    dev.sync()
    engine = app.state.engine
    for statement in (timebank_entries.update().values(minutes=600), timebank_entries.delete(),
                      timebank_exchanges.delete(), timebank_exchanges.update().values(state="rejected"),
                      timebank_exchanges.update().values(minutes=5)):
        with pytest.raises(sa.exc.DatabaseError, match="never|only a pending"):
            with council_db.writing(engine) as conn:
                conn.execute(statement)
    with council_db.reading(engine) as conn:
        assert ops_timebank.confirmed_balance(conn, ada["id"]) == 60


def test_pulling_everything_again_after_cursor_expiry_changes_nothing(council, tmp_path):
    from kiosk import mirror

    app, client = council
    dev = enrol_device(client, app.state.engine, tmp_path / "d1")
    org = organisation(dev.db)
    ada, ben = person(dev.db, "Ada"), person(dev.db, "Ben")
    recording.record_group_session(dev.db, organisation_id=org["id"], attendee_ids=[ada["id"], ben["id"]],
                                   minutes=60, category="events", recorded_by="vol")
    dev.sync()
    recording.record_exchange(dev.db, giver_id=ben["id"], receiver_id=ada["id"], minutes=45, category="errands",
                              recorded_by="v", authorisation=BROKER)
    dev.sync()
    before = (dev.db["tb_exchanges"].count, dev.db["tb_entries"].count, ledger.balance(dev.db, ada["id"]).confirmed)
    mirror.reset(dev.db)  # what the client does on 410 cursor_expired: the ledger itself is kept
    assert dev.db["tb_entries"].count == before[1] and dev.db["tb_balances"].count == 0
    dev.pull()
    after = (dev.db["tb_exchanges"].count, dev.db["tb_entries"].count, ledger.balance(dev.db, ada["id"]).confirmed)
    assert after == before == (3, 6, 15)
    assert ledger.ledger_total(dev.db) == 0


def test_two_offline_reversals_of_one_exchange_do_not_jam_the_mirror(council, tmp_path):
    app, client = council
    one = enrol_device(client, app.state.engine, tmp_path / "d1")
    two = enrol_device(client, app.state.engine, tmp_path / "d2")
    org = organisation(one.db)
    ada = person(one.db, "Ada")
    original = recording.record_group_session(one.db, organisation_id=org["id"], attendee_ids=[ada["id"]],
                                              minutes=60, category="events", recorded_by="vol")[0]
    one.sync()
    two.pull()
    recording.reverse_exchange(one.db, original["id"], broker="ann", reason="duplicate form")
    mine = recording.reverse_exchange(two.db, original["id"], broker="bob", reason="duplicate form")
    assert _statuses(one.sync()) == [("applied", "confirmed")]
    assert _statuses(two.sync()) == [("rejected", "already_reversed")]  # and the pull after it worked
    assert ledger.balance(two.db, ada["id"]).confirmed == 0
    assert ledger.balance(two.db, ada["id"]).available == 0  # the refused reversal is not a pending spend
    assert [(x["id"], x["refused_operation"]) for x in ledger.flagged(two.db)] == [(mine["id"], 1)]
    assert ledger.ledger_total(two.db) == 0


def test_a_member_number_made_twice_offline_goes_to_the_first_registration(council, tmp_path, monkeypatch):
    app, client = council
    one = enrol_device(client, app.state.engine, tmp_path / "d1")
    two = enrol_device(client, app.state.engine, tmp_path / "d2")
    same = numbers.new_number()
    monkeypatch.setattr(numbers, "new_number", lambda: same)
    ada = person(one.db, "Ada")
    bea = person(two.db, "Bea")
    assert ada["number"] == bea["number"] == same
    one.sync()
    assert _statuses(two.sync()) == [("rejected", "number_taken")]
    assert members.find_by_card(two.db, same)["id"] == ada["id"]
    assert members.get_account(two.db, bea["id"])["number"].startswith("clash:")  # staff register Bea again


def test_a_new_pin_reaches_the_council_and_other_devices_of_the_hub(council, tmp_path):
    app, client = council
    one = enrol_device(client, app.state.engine, tmp_path / "d1")
    kiosk = enrol_device(client, app.state.engine, tmp_path / "k", mode="kiosk")
    ada = person(one.db, "Ada", pin="4821")
    one.sync()
    kiosk.pull()
    members.check_pin(kiosk.db, ada["id"], "4821")
    members.check_pin(one.db, ada["id"], "4821")
    members.set_pin(one.db, ada["id"], "7395", by=ada["id"], method="pin")
    assert "7395" not in one.db.execute("select payload from outbox order by seq desc limit 1").fetchone()[0]
    from kiosk import mirror
    mirror.reset(one.db)
    one.pull()  # everything again, with the old PIN hash: it must not undo the new PIN waiting to be sent
    members.check_pin(one.db, ada["id"], "7395")
    assert _statuses(one.sync()) == [("applied", None)]
    kiosk.pull()
    members.check_pin(kiosk.db, ada["id"], "7395")
    with pytest.raises(members.TimeBankError):
        members.check_pin(kiosk.db, ada["id"], "4821")
    # A self-service kiosk cannot reset someone's PIN as a broker.
    members.set_pin(kiosk.db, ada["id"], "2580", by="ann", method="broker")
    assert _statuses(kiosk.push()) == [("rejected", "not_allowed")]
