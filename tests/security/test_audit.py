"""The audit log: append-only, hash-chained, copied to the outbox; tampering is found by id."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import audit
from kiosk.cli import main as kiosk_main
from kiosk.paths import device_db_path
from kiosk.store import open_db
from sync.server import db as council_db
from sync.server.ops_audit import chain_breaks

ROOT = Path(__file__).resolve().parents[2]


def make_log(data_dir, n=4):
    db = open_db(device_db_path(data_dir))
    made = [audit.record(db, "staff-1", "staff.sign_in", "volunteer")]
    made += [audit.record(db, "staff-1", "resident.act_for", f"CT-REF{i}") for i in range(n - 1)]
    return db, made


def verify_cli(data_dir) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "audit", "verify", "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def drop_triggers(db):
    db.execute("drop trigger audit_log_no_update")
    db.execute("drop trigger audit_log_no_delete")


def test_entries_chain_and_reach_the_outbox_in_the_same_transaction(data_dir):
    db, made = make_log(data_dir)
    assert [e["prev_hash"] for e in made] == [audit.GENESIS] + [e["hash"] for e in made[:-1]]
    ops = list(db.query("select record_key, payload from outbox where op_type = 'audit.entry' order by seq"))
    assert [json.loads(o["payload"]) for o in ops] == made
    assert audit.verify(db).ok
    with pytest.raises(RuntimeError):
        with db.atomic():
            audit.record(db, "staff-1", "timebank.approve", "member-9")
            raise RuntimeError("the approval failed")
    assert len(audit.entries(db)) == 4 and db.execute(
        "select count(*) from outbox where op_type = 'audit.entry'").fetchone()[0] == 4
    code, report = verify_cli(data_dir)
    assert (code, report) == (0, {"ok": True, "entries": 4, "breaks": []})


def test_sqlite_refuses_to_change_or_delete_entries(data_dir):
    db, made = make_log(data_dir)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("update audit_log set subject = 'x' where id = ?", [made[1]["id"]])
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("delete from audit_log where id = ?", [made[1]["id"]])


def test_an_edited_entry_is_reported_by_id(data_dir):
    db, made = make_log(data_dir)
    drop_triggers(db)
    db.execute("update audit_log set subject = 'CT-OTHER' where id = ?", [made[2]["id"]])
    db.conn.commit()
    code, report = verify_cli(data_dir)
    assert code == 1 and {"entry_id": made[2]["id"], "problem": "edited"} in report["breaks"]


def test_a_removed_entry_is_reported_in_the_middle_and_at_the_end(data_dir):
    db, made = make_log(data_dir)
    drop_triggers(db)
    db.execute("delete from audit_log where id in (?, ?)", [made[1]["id"], made[3]["id"]])
    db.conn.commit()
    result = audit.verify(db)
    problems = {(b.entry_id, b.problem) for b in result.breaks}
    assert (made[2]["id"], "removed_before") in problems       # the chain after the gap
    assert (made[1]["id"], "removed") in problems and (made[3]["id"], "removed") in problems  # the last one too
    proc = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "audit", "verify"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and f"entry {made[3]['id']} was removed" in proc.stdout


def test_a_rewritten_chain_does_not_match_the_queued_copies(data_dir):
    db, made = make_log(data_dir)
    drop_triggers(db)
    # An attacker edits an entry and recomputes every hash after it: the chain itself is consistent again.
    rows = audit.entries(db)
    rows[1]["subject"] = "CT-FORGED"
    previous = rows[0]["hash"]
    for row in rows[1:]:
        row["prev_hash"] = previous
        row["hash"] = audit.entry_hash(row)
        db.execute("update audit_log set subject = ?, prev_hash = ?, hash = ? where id = ?",
                   [row["subject"], row["prev_hash"], row["hash"], row["id"]])
        previous = row["hash"]
    db.conn.commit()
    result = audit.verify(db)
    assert not result.ok and made[1]["id"] in {b.entry_id for b in result.breaks}
    assert {b.problem for b in result.breaks} == {"rewritten"}


def test_the_council_notices_an_entry_removed_before_it_was_sent(council, device, capsys):
    app, _client = council
    db, sync = device
    made = [audit.record(db, "staff-1", "resident.act_for", f"CT-REF{i}") for i in range(3)]
    # Someone with the disk removes the middle entry and its queued copy before the next sync.
    drop_triggers(db)
    db.execute("delete from audit_log where id = ?", [made[1]["id"]])
    db.execute("delete from outbox where record_key = ?", [f"audit:{made[1]['id']}"])
    db.conn.commit()
    assert sync.cycle()["applied"] == 2
    with council_db.reading(app.state.engine) as conn:
        assert chain_breaks(conn, sync.device_id) == [made[2]["id"]]
    folder = str(app.state.engine.url.database).rsplit("/", 1)[0]
    capsys.readouterr()
    assert kiosk_main(["--data-dir", folder, "council", "audit", sync.device_id]) == 1
    assert made[2]["id"] in capsys.readouterr().out
