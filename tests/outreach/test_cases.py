"""Outreach cases: checked out on the council, pulled encrypted, counted down, purged at expiry offline."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from kiosk import outreach
from kiosk.cli import main as kiosk_main
from kiosk.paths import device_db_path
from kiosk.sealing import UNSEALED_TEST_ENV
from kiosk.staff import can
from outreach_kit import ADDRESS, NAME, NEEDS, T0, session_for
from sync.server import db as council_db
from sync.server import ops_outreach


def device_bytes(data_dir) -> bytes:
    main = device_db_path(data_dir)
    wal = main.with_name(main.name + "-wal")
    return main.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_checked_out_case_reaches_only_that_workers_device_encrypted_with_a_countdown(world, data_dir):
    o = world
    o.db.execute("pragma wal_autocheckpoint=0")  # everything pulled stays in the WAL for the byte search
    assert o.sync.cycle()["ok"]
    worker = session_for(o.staff_id)
    [case] = outreach.cases_for(o.db, worker, T0 + timedelta(minutes=48))
    assert (case.id, case.name, case.address, case.needs) == (o.case_id, NAME, ADDRESS, NEEDS)
    assert outreach.expires_in_text(case.seconds_left(T0 + timedelta(minutes=48))) == "Expires in 7 hours 12 minutes"
    # Neither the case table nor the generic mirror keeps the name readable, in the file or the WAL.
    assert o.db.execute("select count(*) from mirror where entity = 'outreach.case'").fetchone()[0] == 0
    assert NAME.encode() not in device_bytes(data_dir) and b"Wickham" not in device_bytes(data_dir)
    stored = o.db["outreach_cases"].get(o.case_id)
    assert stored["name"].startswith("enc1:") and stored["expires_at"] == (T0 + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    # Another worker signed in on the same laptop does not see it.
    assert outreach.cases_for(o.db, session_for("someone-else"), T0) == []


def test_expired_case_is_purged_offline_and_its_bytes_are_gone(world, data_dir):
    o = world
    o.db.execute("pragma wal_autocheckpoint=0")
    assert o.sync.cycle()["ok"]
    cipher_text = o.db["outreach_cases"].get(o.case_id)["name"]
    worker = session_for(o.staff_id)
    assert len(outreach.cases_for(o.db, worker, T0 + timedelta(hours=7, minutes=59))) == 1
    # Offline from here: no sync, only the device clock moves on past expires_at.
    assert outreach.cases_for(o.db, worker, T0 + timedelta(hours=8)) == []
    assert o.db.execute("select count(*) from outreach_cases").fetchone()[0] == 0
    with pytest.raises(outreach.OutreachError, match="no longer on this device"):
        outreach.record_visit(o.db, worker, o.case_id, "visited", "late", T0 + timedelta(hours=8))
    # secure_delete: once the WAL is checkpointed the encrypted name is gone from the file (no VACUUM).
    o.db.execute("pragma wal_checkpoint(truncate)")
    blob = device_bytes(data_dir)
    assert NAME.encode() not in blob and cipher_text.encode() not in blob
    assert o.case_id.encode() not in blob  # not even the id is left in a table or index page


def test_council_withdraws_the_case_at_check_in_and_the_device_deletes_it(world):
    o = world
    assert o.sync.cycle()["ok"]
    with o.council() as conn:
        assert ops_outreach.checkin(conn, o.case_id)
        assert [c["status"] for c in ops_outreach.list_cases(conn)] == ["open"]
    assert o.sync.cycle()["ok"]
    assert o.db.execute("select count(*) from outreach_cases").fetchone()[0] == 0


def test_visit_note_is_sealed_on_the_device_and_applied_on_the_council(world, data_dir, monkeypatch):
    o = world
    monkeypatch.delenv(UNSEALED_TEST_ENV, raising=False)
    assert o.sync.cycle()["ok"]
    worker = session_for(o.staff_id)
    note = "Boiler engineer booked; Mrs Q asked about pension credit"
    with pytest.raises(outreach.OutreachError, match="Choose what happened"):
        outreach.record_visit(o.db, worker, o.case_id, "", note, T0 + timedelta(hours=1))
    visit_id = outreach.record_visit(o.db, worker, o.case_id, "visited", note, T0 + timedelta(hours=1))
    [row] = list(o.db.query("select payload from outbox where op_type = 'outreach.visit'"))
    payload = json.loads(row["payload"])
    assert payload["sealed"] == "v1" and "Boiler" not in row["payload"] and o.case_id not in row["payload"]
    assert outreach.cases_for(o.db, worker, T0 + timedelta(hours=1))[0].visits == 1
    assert o.sync.cycle()["ok"]
    with o.council() as conn:
        [visit] = ops_outreach.list_visits(conn)
    assert (visit["id"], visit["case_id"], visit["staff_id"], visit["outcome"], visit["notes"]) == (
        visit_id, o.case_id, o.staff_id, "visited", note)
    # Acknowledged: the device no longer holds even the sealed payload.
    assert o.db.execute("select payload from outbox where op_type = 'outreach.visit'").fetchone()[0] in (None, "", "null")


def test_checking_in_early_deletes_at_once_and_tells_the_council(world):
    o = world
    assert o.sync.cycle()["ok"]
    worker = session_for(o.staff_id)
    outreach.check_in(o.db, worker, o.case_id, T0 + timedelta(hours=2))
    assert outreach.cases_for(o.db, worker, T0 + timedelta(hours=2)) == []
    assert o.sync.cycle()["ok"]
    with o.council() as conn:
        [case] = ops_outreach.list_cases(conn)
    assert (case["status"], case["device_id"]) == ("open", None)


def test_only_outreach_workers_and_hub_admins_see_cases(world):
    o = world
    assert o.sync.cycle()["ok"]
    assert can("outreach", outreach.CHECK_OUT_CASES) and can("hub_admin", outreach.CHECK_OUT_CASES)
    for role in ("volunteer", "broker"):
        with pytest.raises(outreach.OutreachError, match="Only a signed-in outreach worker"):
            outreach.cases_for(o.db, session_for(o.staff_id, role=role), T0)
    with pytest.raises(outreach.OutreachError):
        outreach.cases_for(o.db, None, T0)
    signed_out = session_for(o.staff_id)
    signed_out.signed_out_at = T0
    with pytest.raises(outreach.OutreachError):
        outreach.check_in(o.db, signed_out, o.case_id, T0)
    assert o.db.execute("select count(*) from outreach_cases").fetchone()[0] == 1


def test_without_a_data_key_a_pulled_case_is_not_stored(world, monkeypatch):
    from kiosk import crypto

    def no_key(_db):
        raise crypto.KeyUnavailable("no keyring")

    monkeypatch.setattr(crypto, "cipher_for", no_key)
    assert world.sync.cycle()["ok"]  # sync goes on ...
    assert world.db.execute("select count(*) from outreach_cases").fetchone()[0] == 0  # ... the case is not kept
    assert world.db.execute("select count(*) from mirror where entity = 'outreach.case'").fetchone()[0] == 0


def test_council_cli_adds_checks_out_and_lists_cases(world, capsys):
    o = world
    folder = str(o.app.state.engine.url.database).rsplit("/", 1)[0]

    def cli(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = kiosk_main(["--data-dir", folder, "council", "cases", *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, _err = cli("add", "--hub", "demo-hub-elm", "--name", "Bernard Ffoulkes", "--needs", "lonely")
    assert code == 0
    case_id = out.split("Added case ")[1].split()[0]
    code, _out, err = cli("checkout", case_id, "--staff", o.staff_id, "--device", o.device_id, "--hours", "500")
    assert code == 2 and "1 to 168 hours" in err
    code, out, _err = cli("checkout", case_id, "--staff", o.staff_id, "--device", o.device_id, "--hours", "24")
    assert code == 0 and "checked out" in out
    code, out, _err = cli("list", "--json")
    listed = {c["name"]: c for c in json.loads(out)}
    assert listed["Bernard Ffoulkes"]["status"] == "checked_out" and listed["Bernard Ffoulkes"]["device_id"] == o.device_id
    assert o.sync.cycle()["ok"]
    names = {c.name for c in outreach.cases_for(o.db, session_for(o.staff_id), T0)}
    assert names == {NAME, "Bernard Ffoulkes"}


def test_council_tombstones_expired_checkouts(world):
    o = world
    with o.council() as conn:
        assert ops_outreach.expire_due(conn, T0 + timedelta(hours=7)) == 0
        assert ops_outreach.expire_due(conn, T0 + timedelta(hours=8)) == 1
        changes = conn.execute(council_db.sa.select(council_db.change_log).where(
            council_db.change_log.c.entity == "outreach.case")).all()
    assert [(c.op, c.scope) for c in changes] == [("upsert", f"device:{o.device_id}"), ("delete", f"device:{o.device_id}")]


def test_a_case_pulled_after_its_expiry_is_never_written(data_dir, demo_keyring):
    from kiosk.store import open_db
    from kiosk.timeutil import to_iso, utcnow

    db = open_db(device_db_path(data_dir))
    late = {"seq": 1, "entity": outreach.ENTITY, "key": "case-late", "op": "upsert",
            "data": {"id": "case-late", "staff_id": "w", "name": NAME, "address": ADDRESS, "needs": NEEDS,
                     "expires_at": to_iso(utcnow() - timedelta(minutes=1))}}
    from kiosk import mirror
    assert mirror.apply_page(db, [late], "c1")
    assert db["outreach_cases"].count == 0 and mirror.count(db, outreach.ENTITY) == 0
    db.close()
