"""The time audit on a hand-built ledger (audit_ledger.py), on a device and on the council: same figures."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from audit_ledger import write_to_council, write_to_device
from kiosk.timebank import audit_report
from tb_helpers import device_db, memory_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def council_engine(tmp_path_factory):
    from sync.server import db
    from sync.server import demo

    engine = db.open_engine(tmp_path_factory.mktemp("council"))
    demo.load(engine)  # hubs and categories (names for the labels)
    write_to_council(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def device():
    database = memory_db()
    write_to_device(database)
    return database


def reports(device, council_engine, start=None, end=None):
    from sync.server import db

    with db.reading(council_engine) as conn:
        council = audit_report.council_report(conn, start, end)
    return audit_report.device_report(device, start, end), council


def test_the_whole_ledger(device, council_engine):
    for report in reports(device, council_engine):
        # t1 60 + t2 120 + t3 30 + t4 90 - t7 90 (reverses t4) + t8 60; t5 pending and t6 rejected do not count.
        assert report.help_minutes == 270
        assert report.help_exchanges == 4  # t4 and its reversal cancel out
        assert report.by_category == {"gardening": 180, "events": 60, "digital": 30}  # teaching all reversed
        assert report.by_month == {"2026-01": 180, "2026-02": 30, "2026-04": 60}
        assert report.by_hub == {"demo-hub-riverside": 180, "demo-hub-sunflower": 90}  # t7 counts at t4's hub
        assert {report.label("organisation", k): v for k, v in report.by_organisation.items()} == {
            "Garden project": 120, "Library": 90}
        assert report.member_to_member_minutes == 60            # t1 (t4 reversed)
        assert report.member_to_organisation_minutes == 180     # t2 Cy helped the garden, t8 Dee the library
        assert report.organisation_to_member_minutes == 30      # t3 the library helped Ada
        assert (report.given_minutes, report.received_minutes) == (240, 90)
        assert (report.active_members, report.members_giving, report.members_receiving) == (4, 4, 3)
        assert (report.donated_minutes, report.redeemed_minutes) == (30, 60)


def test_a_date_range(device, council_engine):
    for report in reports(device, council_engine, "2026-02-01", "2026-03-31"):
        assert report.help_minutes == 30  # t3; t4 and its reversal (dated by t4) cancel
        assert report.by_month == {"2026-02": 30}
        assert report.active_members == 3  # Ada (t3), Cy and Ben (t4)
        assert (report.donated_minutes, report.redeemed_minutes) == (30, 60)
    device_only, council_only = reports(device, council_engine, None, "2026-01-31")
    assert device_only.help_minutes == council_only.help_minutes == 180


def test_labels_and_chart_series(device, council_engine):
    _device, council = reports(device, council_engine)
    series = audit_report.chart_series(council)
    assert series["month"] == [("2026-01", 3.0), ("2026-02", 0.5), ("2026-04", 1.0)]
    assert series["hub"][0] == ("Riverside GP Surgery (demo)", 3.0)
    assert ("Gardening", 3.0) in series["category"]


def test_device_cli_prints_csv(tmp_path):
    folder = tmp_path / "device"
    database = device_db(folder)  # its data key is in the test keyring in the folder
    write_to_device(database)
    database.conn.close()
    done = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(folder), "timebank", "audit", "--csv",
                           "--to", "2026-03-31"], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == ["section", "item", "minutes", "hours"]
    table = {(r[0], r[1]): r[2:] for r in rows[1:]}
    assert table[("total", "help")] == ["210", "3.50"]
    assert table[("month", "2026-01")] == ["180", "3.00"]
    assert table[("people", "active_members")][0] == "3"
    bad = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(folder), "timebank", "audit",
                          "--from", "31/03/2026"], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert bad.returncode == 2 and "not a date" in bad.stdout and "Traceback" not in bad.stderr
