"""``kiosk council import-oruk`` as a subprocess: both ORUK versions, reports, re-imports, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from srvdir_feeds import REFUGE_POSTCODE, REFUGE_STREET, STAFF_EMAILS, oruk1, oruk3

from kiosk.cli import main
from sync.server import db
from sync.server.directory_tables import directory_oruk_services


def council(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """The real command line, in a process of its own (as an officer runs it)."""
    return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "council", *args],
                          capture_output=True, text=True, timeout=60)


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def council_here(capsys):
    """The same command line in this process (the process start-up is tested above; it costs seconds)."""

    def run(data_dir: Path, *args: str) -> Ran:
        capsys.readouterr()
        code = main(["--data-dir", str(data_dir), "council", *args])
        out = capsys.readouterr()
        return Ran(code, out.out, out.err)

    return run


def write(tmp_path: Path, name: str, document) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def change_log(data_dir: Path) -> list:
    engine = db.open_engine(data_dir)
    try:
        with db.reading(engine) as conn:
            return conn.execute(sa.select(db.change_log).where(db.change_log.c.entity == "directory.service")
                                .order_by(db.change_log.c.seq)).all()
    finally:
        engine.dispose()


def test_dirty_oruk1_file_imports_with_a_readable_report(tmp_path):
    data_dir = tmp_path / "council"
    result = council(data_dir, "import-oruk", str(write(tmp_path, "lambeth1.json", oruk1())))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Feed lambeth1 (ORUK 1.0): 6 records" in out
    assert "New 2, changed 0, unchanged 0, removed 0; 2 published to devices" in out
    # Each reason counted, with an example.
    assert "the same id appears more than once in this feed (duplicate_id) — f1" in out
    assert "service has no name (missing_name) — f2" in out
    assert "record has no id (missing_id)" in out and "record is not a service object (broken_record)" in out
    assert "staff e-mail addresses in vendor metadata not stored (staff_email_dropped)" in out
    assert "HTML removed from text fields (html_cleaned)" in out
    rows = change_log(data_dir)
    assert sorted(r.key for r in rows) == ["lambeth1:f1", "lambeth1:f3"]
    published = json.dumps([r.data for r in rows])
    assert not any(email in published for email in STAFF_EMAILS)
    assert "<script>" not in published and "alert(1)" not in published and "&lt;p&gt;" not in published
    by_key = {r.key: r.data for r in rows}
    assert by_key["lambeth1:f3"]["description"] == "Free debt advice"
    assert by_key["lambeth1:f1"]["schedules"][0]["byday"] == "TU"  # 1.0 schedules arrive as 3.0


def test_oruk3_file_json_report_and_reimport_publishes_only_changes(tmp_path, council_here):
    data_dir = tmp_path / "council"
    first = council(data_dir, "import-oruk", str(write(tmp_path, "feed.json", oruk3())), "--feed", "lbl", "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["version"] == "3.0" and report["feed"] == "lbl"
    assert (report["imported"], report["published"], report["confidential"]) == (3, 3, 1)
    assert report["skipped"] == {"missing_name": 1}
    assert report["warnings"]["staff_email_dropped"] == 1
    assert len(change_log(data_dir)) == 3

    again = json.loads(council_here(data_dir, "import-oruk", str(write(tmp_path, "feed.json", oruk3())),
                               "--feed", "lbl", "--json").stdout)
    assert (again["unchanged"], again["published"]) == (3, 0)
    assert len(change_log(data_dir)) == 3  # nothing new for devices to pull

    changed = write(tmp_path, "feed.json", oruk3(changed=True, without=("s2",)))
    kept = json.loads(council_here(data_dir, "import-oruk", str(changed), "--feed", "lbl", "--json").stdout)
    assert (kept["updated"], kept["removed"], kept["tombstoned"]) == (1, 0, 0)  # no --prune: s2 stays
    pruned = json.loads(council_here(data_dir, "import-oruk", str(changed), "--feed", "lbl", "--prune", "--json").stdout)
    assert (pruned["updated"], pruned["removed"], pruned["tombstoned"]) == (0, 1, 1)
    last = change_log(data_dir)[-2:]
    assert [(r.key, r.op) for r in last] == [("lbl:s1", "upsert"), ("lbl:s2", "delete")]
    assert last[0].data["name"] == "Stockwell ESOL evening classes"


def test_confidential_address_is_never_stored_or_published(tmp_path, council_here):
    data_dir = tmp_path / "council"
    assert council_here(data_dir, "import-oruk", str(write(tmp_path, "feed.json", oruk3()))).returncode == 0
    engine = db.open_engine(data_dir)
    try:
        with db.reading(engine) as conn:
            stored = conn.execute(sa.select(directory_oruk_services)).all()
    finally:
        engine.dispose()
    everything = json.dumps([r.data for r in change_log(data_dir)] + [dict(r._mapping) for r in stored])
    assert REFUGE_STREET not in everything and REFUGE_POSTCODE not in everything
    assert "51.468" not in everything
    refuge = next(r.data for r in change_log(data_dir) if r.key == "feed:s3")
    assert refuge["confidential"] is True
    assert refuge["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "SW9"  # district only
    assert refuge["phones"][0]["number"] == "020 7946 0999"  # still reachable by phone


def test_unreadable_sources_fail_clearly_and_write_nothing(tmp_path, council_here):
    data_dir = tmp_path / "council"
    cases = {
        "missing.json": None,
        "broken.json": "{not json",
        "notfeed.json": json.dumps({"hello": "world"}),
    }
    for name, text in cases.items():
        path = tmp_path / name
        if text is not None:
            path.write_text(text, encoding="utf-8")
        result = council_here(data_dir, "import-oruk", str(path))
        assert result.returncode == 1, name
        assert result.stderr.startswith("Cannot import:") and "Traceback" not in result.stderr, result.stderr
    assert change_log(data_dir) == []
    usage = council_here(data_dir, "import-oruk")
    assert usage.returncode == 2 and "--demo" in usage.stderr
    bad_feed = council_here(data_dir, "import-oruk", str(write(tmp_path, "f.json", oruk3())), "--feed", "a:b")
    assert bad_feed.returncode == 1 and "feed name" in bad_feed.stderr


def test_demo_import_is_idempotent_and_publishes_districts(tmp_path, council_here):
    data_dir = tmp_path / "council"
    first = json.loads(council_here(data_dir, "import-oruk", "--demo", "--json").stdout)
    assert first["directory_services"] == 67 and first["postcode_districts"] >= 10
    second = json.loads(council_here(data_dir, "import-oruk", "--demo", "--json").stdout)
    assert second == {"directory_services": 0, "postcode_districts": 0}
    engine = db.open_engine(data_dir)
    try:
        with db.reading(engine) as conn:
            districts = {r.key: r.data for r in conn.execute(
                sa.select(db.change_log).where(db.change_log.c.entity == "directory.postcode_district"))}
    finally:
        engine.dispose()
    assert districts["SW9"]["district"] == "SW9" and 51 < districts["SW9"]["latitude"] < 52
