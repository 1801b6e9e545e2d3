"""The demo time bank: deterministic, believable, loaded once into the council, pulled by devices."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from kiosk.timebank import demo_data, ledger, pins
from sync.server import db
from sync.server.opportunities_tables import timebank_board
from sync.server.ops_timebank import confirmed_balance, ledger_total

ROOT = Path(__file__).resolve().parents[2]
END = date(2026, 6, 30)


def test_the_same_seed_gives_the_same_time_bank_and_it_looks_like_a_real_one():
    bank = demo_data.generate(end=END)
    again = demo_data.generate(end=END)
    assert [x["id"] for x in bank.exchanges] == [x["id"] for x in again.exchanges]
    assert [a["name"] for a in bank.accounts] == [a["name"] for a in again.accounts]
    assert demo_data.generate(seed=1, end=END, members=40).exchanges != bank.exchanges[:1]
    people = [a for a in bank.accounts if a["kind"] == "person"]
    assert 300 <= len(people) <= 400
    assert set(Counter(a["hub_id"] for a in people)) == set(demo_data.DEMO_HUBS)
    assert len(bank.exchanges) > 2500
    days = sorted(x["service_date"] for x in bank.exchanges)
    assert days[0] >= "2025-07-01" and days[-1] == "2026-06-30"
    assert len({d[:7] for d in days}) == 12
    # Double entry, and no member ever ends up owing credits.
    assert sum(e["minutes"] for e in bank.entries) == 0
    balance = Counter()
    for x in bank.exchanges:
        if x["state"] == "confirmed":
            balance[x["payer_id"]] -= x["minutes"]
            balance[x["payee_id"]] += x["minutes"]
    assert all(balance[p["id"]] >= 0 for p in people)
    assert all(p["name"].split()[1] in demo_data.WORD_SURNAMES for p in people)  # plainly made up
    tour = [p for p in people if p["pin_hash"]]
    assert len(tour) == 2 and pins.verify_pin(demo_data.DOCUMENTED_PIN, tour[0]["pin_hash"])
    assert {p["hub_id"] for p in tour} == {demo_data.TOUR_HUB}  # where `kiosk demo` enrols its device


def test_loaded_once_published_and_pulled(tmp_path):
    from fastapi.testclient import TestClient

    from sync.server.app import create_app
    from tb_helpers import enrol_device

    app = create_app(tmp_path / "council", demo=True)
    engine = app.state.engine
    counts = demo_data.load(engine, end=END, members=40)
    assert counts["exchanges"] > 200
    assert demo_data.load(engine, end=END, members=40) == {"accounts": 0, "exchanges": 0}
    with db.reading(engine) as conn:
        assert ledger_total(conn) == 0
        elm_members = conn.execute(sa.text("select id from timebank_accounts where hub_id = 'demo-hub-elm'")).scalars().all()
        expected = {m: confirmed_balance(conn, m) for m in elm_members}
    with TestClient(app) as client:
        device = enrol_device(client, engine, tmp_path / "device", hub_id="demo-hub-elm")
        device.pull()
    assert {m: ledger.balance(device.db, m).confirmed for m in elm_members} == expected
    assert device.db.execute("select count(*) from tb_accounts where kind = 'person'").fetchone()[0] == len(elm_members)
    # The board came too (once): every organisation's opportunity, and this hub's members' offers and requests.
    assert demo_data.load_board(engine) == 0
    with db.reading(engine) as conn:
        board = conn.execute(sa.select(timebank_board)).all()
    assert {r.hub_id for r in board if r.kind != "opportunity"} == set(demo_data.DEMO_HUBS)
    assert all(" " not in r.poster_name for r in board if r.kind != "opportunity")  # first names only
    expected = Counter(r.kind for r in board if r.kind == "opportunity" or r.hub_id == "demo-hub-elm")
    assert expected["opportunity"] == len(demo_data.OPPORTUNITIES) and expected["offer"] and expected["request"]
    assert Counter(k for (k,) in device.db.execute("select kind from tb_board")) == expected
    engine.dispose()
    # The council's CLI reads the same ledger.
    done = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path / "council"), "council",
                           "timebank-audit", "--csv"], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    rows = {(r[0], r[1]): r[2] for r in csv.reader(io.StringIO(done.stdout))}
    with db.reading(db.open_engine(tmp_path / "council")) as conn:
        from kiosk.timebank import audit_report
        report = audit_report.council_report(conn)
    assert rows[("total", "help")] == str(report.help_minutes) and report.help_minutes > 0
    assert rows[("hub", "Elm Estate Community Hub (demo)")] == str(report.by_hub["demo-hub-elm"])
