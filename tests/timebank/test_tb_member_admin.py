"""A broker's member management: profile changes, suspensions and resolved flags, on the device and through the
real council app (sealed on the way, the same transaction as the data, refused from a self-service kiosk)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from tb_helpers import enrol_device, organisation, person, spend_twice_offline

from kiosk.timebank import ledger, member_admin, members, recording
from kiosk.timebank.errors import TimeBankError
from kiosk.timebank.ledger import Authorisation
from sync.server import db as council_db
from sync.server import ops_timebank, ops_timebank_admin

BROKER = Authorisation("broker", "ann")


def _results(results, op_type):
    return [(r["status"], r.get("result") or (r.get("reason") or {}).get("code"))
            for r in results if r["op_type"] == op_type]


def test_profile_change_is_encrypted_here_sealed_on_the_way_and_reaches_other_devices(council, tmp_path):
    app, client = council
    one = enrol_device(client, app.state.engine, tmp_path / "d1")
    two = enrol_device(client, app.state.engine, tmp_path / "d2")
    ada = person(one.db, "Ada Obi", phone="020 7946 0001")
    one.sync()
    two.pull()
    updated = member_admin.update_profile(one.db, ada["id"], by="staff-1", phone="07700 900123",
                                          email="ada@example.org", skills="gardening, cooking", availability=None)
    assert (updated["phone"], updated["email"], updated["skills"]) == (
        "07700 900123", "ada@example.org", ["gardening", "cooking"])
    stored = one.db.execute("select phone, email from tb_accounts where id = ?", [ada["id"]]).fetchone()
    assert "07700" not in stored[0] and "ada@" not in stored[1]  # encrypted at rest
    [queued] = one.db.execute("select payload from outbox where op_type = ?", [member_admin.OP_UPDATE]).fetchall()
    assert "07700" not in queued[0] and "sealed" in queued[0]
    assert one.db.execute("select count(*) from audit_log where action = ? and subject = ?",
                          [member_admin.OP_UPDATE, ada["id"]]).fetchone()[0] == 1
    assert _results(one.push(), member_admin.OP_UPDATE) == [
        ("applied", {"account_id": ada["id"], "changed": ["email", "phone", "skills"]})]
    two.pull()
    seen = members.get_account(two.db, ada["id"])
    assert (seen["phone"], seen["email"], seen["skills"]) == ("07700 900123", "ada@example.org",
                                                              ["gardening", "cooking"])


def test_profile_change_refuses_bad_input_and_nothing_changes(tb):
    ada = person(tb, "Ada Obi")
    with pytest.raises(TimeBankError) as bad:
        member_admin.update_profile(tb, ada["id"], by="staff-1", email="not an address")
    assert bad.value.code == "email_format" and "not an address" in bad.value.message
    with pytest.raises(TimeBankError) as same:
        member_admin.update_profile(tb, ada["id"], by="staff-1", phone="")
    assert same.value.code == "no_change"
    assert tb.execute("select count(*) from outbox where op_type = ?", [member_admin.OP_UPDATE]).fetchone()[0] == 0


def publish_account(db, account):
    """What a pull brings: the council's copy of the account."""
    from kiosk import mirror

    data = {name: account.get(name) for name in members.ACCOUNT_FIELDS}
    assert mirror.apply_page(db, [{"seq": 1, "entity": "timebank.account", "key": account["id"], "op": "upsert",
                                   "data": data}], "cursor-1")


def test_a_pulled_older_account_does_not_undo_a_change_still_on_its_way(tb):
    ada = person(tb, "Ada Obi")
    member_admin.set_status(tb, ada["id"], "suspended", by="staff-1", reason="Asked for a break")
    member_admin.update_profile(tb, ada["id"], by="staff-1", phone="07700 900123")
    publish_account(tb, {**ada, "status": "active", "phone": ""})  # the council's view before our change
    account = members.get_account(tb, ada["id"])
    assert (account["status"], account["phone"]) == ("suspended", "07700 900123")


def test_suspend_and_reinstate_with_reasons_on_the_council(council, tmp_path):
    app, client = council
    dev = enrol_device(client, app.state.engine, tmp_path / "d1")
    org = organisation(dev.db)
    ada = person(dev.db, "Ada Obi")
    dev.sync()
    with pytest.raises(TimeBankError) as no_reason:
        member_admin.set_status(dev.db, ada["id"], "suspended", by="staff-1", reason="  ")
    assert no_reason.value.code == "reason_missing"
    member_admin.set_status(dev.db, ada["id"], "suspended", by="staff-1", reason="Missed three sessions")
    assert members.get_account(dev.db, ada["id"])["status"] == "suspended"
    with pytest.raises(TimeBankError):  # a suspended member cannot exchange, here or on the council
        recording.record_group_session(dev.db, organisation_id=org["id"], attendee_ids=[ada["id"]], minutes=60,
                                       category="events", recorded_by="vol")
    assert _results(dev.sync(), member_admin.OP_SET_STATUS) == [
        ("applied", {"account_id": ada["id"], "status": "suspended"})]
    with council_db.reading(app.state.engine) as conn:
        assert ops_timebank.get_account(conn, ada["id"]).status == "suspended"
        [change] = conn.execute(sa.select(ops_timebank_admin.timebank_status_changes)).all()
        assert (change.reason, change.by) == ("Missed three sessions", "staff-1")
    member_admin.set_status(dev.db, ada["id"], "active", by="staff-2", reason="Back from holiday")
    dev.sync()
    assert members.get_account(dev.db, ada["id"])["status"] == "active"
    history = member_admin.status_history(dev.db, ada["id"])
    assert [(h["status"], h["reason"], h["by"]) for h in history] == [
        ("active", "Back from holiday", "staff-2"), ("suspended", "Missed three sessions", "staff-1")]
    with pytest.raises(TimeBankError) as again:
        member_admin.set_status(dev.db, ada["id"], "active", by="staff-2", reason="twice")
    assert again.value.code == "not_suspended"


def test_a_kiosk_cannot_manage_members(council, tmp_path):
    app, client = council
    kiosk = enrol_device(client, app.state.engine, tmp_path / "k", mode="kiosk")
    staff_device = enrol_device(client, app.state.engine, tmp_path / "s")
    ada = person(staff_device.db, "Ada Obi")
    staff_device.sync()
    kiosk.pull()
    member_admin.set_status(kiosk.db, ada["id"], "suspended", by="staff-1", reason="Testing")
    member_admin.update_profile(kiosk.db, ada["id"], by="staff-1", phone="07700 900123")
    results = kiosk.push()
    assert _results(results, member_admin.OP_SET_STATUS) == [("rejected", "not_allowed")]
    assert _results(results, member_admin.OP_UPDATE) == [("rejected", "not_allowed")]


def _double_spend(council, tmp_path):
    """Ada has 60 minutes; two offline devices each let her pay Ben 60: the second is refused and flagged."""
    app, client = council
    one, two, org, ada, ben, _first, second = spend_twice_offline(client, app.state.engine, tmp_path)
    one.sync()
    two.sync()
    return app, one, two, org, ada, ben, second


def test_accepting_a_flagged_overspend_with_a_note(council, tmp_path):
    app, one, two, _org, _ada, _ben, second = _double_spend(council, tmp_path)
    [flag] = member_admin.open_flags(two.db)
    assert flag["id"] == second["id"] and (flag["payer_name"], flag["payee_name"]) == ("Ada", "Ben")
    assert flag["can_charge_again"]
    with pytest.raises(TimeBankError) as no_note:
        member_admin.resolve_flag(two.db, second["id"], "accept", by="staff-1", note="")
    assert no_note.value.code == "note_missing"
    member_admin.resolve_flag(two.db, second["id"], "accept", by="staff-1", note="Ben says it was a favour")
    assert member_admin.open_flags(two.db) == []
    assert _results(two.sync(), member_admin.OP_RESOLVE_FLAG) == [
        ("applied", {"exchange_id": second["id"], "action": "accept"})]
    with council_db.reading(app.state.engine) as conn:
        assert ops_timebank_admin.unresolved_flags(conn) == []
        assert [x["id"] for x in ops_timebank.flagged(conn)] == [second["id"]]  # the exchange never changes
    one.pull()  # another device at the hub learns it was dealt with
    assert member_admin.open_flags(one.db) == []
    with pytest.raises(TimeBankError) as twice:
        member_admin.resolve_flag(one.db, second["id"], "accept", by="staff-2", note="again")
    assert twice.value.code == "already_resolved"


def test_charging_a_flagged_overspend_again_once_the_payer_has_credits(council, tmp_path):
    app, one, two, org, ada, ben, second = _double_spend(council, tmp_path)
    with pytest.raises(TimeBankError) as broke:  # Ada has nothing yet: refused at once, nothing written
        member_admin.resolve_flag(two.db, second["id"], "charge_again", by="staff-1", note="")
    assert broke.value.code == "insufficient_balance"
    assert two.db.execute("select count(*) from tb_flag_resolutions").fetchone()[0] == 0
    recording.record_group_session(one.db, organisation_id=org["id"], attendee_ids=[ada["id"]], minutes=90,
                                   category="events", recorded_by="vol")
    one.sync()
    two.pull()
    resolution = member_admin.resolve_flag(two.db, second["id"], "charge_again", by="staff-1", note="")
    results = two.sync()
    assert _results(results, recording.OP_RECORD) == [
        ("applied", {"exchange_id": resolution["new_exchange_id"], "state": "confirmed", "flagged": False})]
    assert _results(results, member_admin.OP_RESOLVE_FLAG)[0][0] == "applied"
    assert ledger.balance(two.db, ben["id"]).confirmed == 120  # Ben got the hour he gave after all
    assert ledger.balance(two.db, ada["id"]).confirmed == 30
    assert member_admin.open_flags(two.db) == []
    with council_db.reading(app.state.engine) as conn:
        assert ops_timebank.ledger_total(conn) == 0


def test_a_broker_grants_a_badge_the_council_keeps_who_and_when_and_another_device_sees_it(council, tmp_path):
    app, client = council
    one = enrol_device(client, app.state.engine, tmp_path / "d1")
    two = enrol_device(client, app.state.engine, tmp_path / "d2")
    ada = person(one.db, "Ada Obi")
    one.sync()
    two.pull()
    updated = member_admin.update_profile(one.db, ada["id"], by="staff-1", badges=["reference", "dbs_check"])
    assert updated["badges"] == ["reference", "dbs_check"]
    assert one.db.execute("select count(*) from audit_log where action = ? and subject = ?",
                          [f"{member_admin.OP_UPDATE}.badges", ada["id"]]).fetchone()[0] == 1
    assert _results(one.push(), member_admin.OP_UPDATE) == [
        ("applied", {"account_id": ada["id"], "changed": ["badges"]})]
    with council_db.reading(app.state.engine) as conn:
        assert ops_timebank.get_account(conn, ada["id"]).badges == ["reference", "dbs_check"]
        [change] = conn.execute(sa.select(ops_timebank_admin.timebank_badge_changes)).all()
        assert (change.added, change.removed, change.by, change.at[:10]) == (
            ["reference", "dbs_check"], [], "staff-1", updated["updated_at"][:10])
    two.pull()
    assert members.get_account(two.db, ada["id"])["badges"] == ["reference", "dbs_check"]

    # The DBS check lapses: taking it away needs a reason, here and on the council.
    with pytest.raises(TimeBankError) as no_reason:
        member_admin.update_profile(two.db, ada["id"], by="staff-2", badges=["reference"])
    assert no_reason.value.code == "reason_missing"
    assert members.get_account(two.db, ada["id"])["badges"] == ["reference", "dbs_check"]
    member_admin.update_profile(two.db, ada["id"], by="staff-2", badges=["reference"], reason="DBS check expired")
    assert _results(two.sync(), member_admin.OP_UPDATE)[0][0] == "applied"
    with council_db.reading(app.state.engine) as conn:
        assert ops_timebank.get_account(conn, ada["id"]).badges == ["reference"]
        changes = conn.execute(sa.select(ops_timebank_admin.timebank_badge_changes)
                               .order_by(ops_timebank_admin.timebank_badge_changes.c.id)).all()
        assert [(c.added, c.removed, c.reason, c.by) for c in changes] == [
            (["reference", "dbs_check"], [], "", "staff-1"), ([], ["dbs_check"], "DBS check expired", "staff-2")]
    one.pull()
    assert members.get_account(one.db, ada["id"])["badges"] == ["reference"]


def test_unknown_badges_are_refused_on_the_device_and_on_the_council_and_a_kiosk_cannot_give_one(council, tmp_path):
    app, client = council
    staff_device = enrol_device(client, app.state.engine, tmp_path / "s")
    kiosk = enrol_device(client, app.state.engine, tmp_path / "k", mode="kiosk")
    ada = person(staff_device.db, "Ada Obi")
    staff_device.sync()
    kiosk.pull()
    with pytest.raises(TimeBankError) as unknown:
        member_admin.update_profile(staff_device.db, ada["id"], by="staff-1", badges=["reference", "astronaut"])
    assert unknown.value.code == "unknown_badge" and "astronaut" in unknown.value.message
    assert members.get_account(staff_device.db, ada["id"])["badges"] == []
    # A device that skipped the check (an older or altered one) is refused by the council, with the known badges.
    with staff_device.db.atomic():
        member_admin._enqueue_sealed(staff_device.db, member_admin.OP_UPDATE, {
            "account_id": ada["id"], "changes": {"badges": ["astronaut"]}, "by": "staff-1",
            "at": ada["registered_at"]}, members.account_record_key(ada["id"]))
    [(status, reason)] = [(r["status"], r["reason"]) for r in staff_device.push()
                          if r["op_type"] == member_admin.OP_UPDATE]
    assert status == "rejected" and reason["code"] == "unknown_badge" and "dbs_check" in reason["message"]
    member_admin.update_profile(kiosk.db, ada["id"], by="staff-1", badges=["dbs_check"])
    assert _results(kiosk.push(), member_admin.OP_UPDATE) == [("rejected", "not_allowed")]
    with council_db.reading(app.state.engine) as conn:
        assert ops_timebank.get_account(conn, ada["id"]).badges == []
        assert conn.execute(sa.select(ops_timebank_admin.timebank_badge_changes)).all() == []
