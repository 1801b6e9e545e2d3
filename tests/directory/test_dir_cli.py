"""``kiosk directory`` as a subprocess, the way staff and scripts use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dirty_feeds import oruk1_page

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "resources" / "demo" / "directory.json"


def kiosk(data_dir, *args):
    return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "directory", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_import_search_show(data_dir, tmp_path):
    feed = tmp_path / "norwood.json"
    feed.write_text(json.dumps(oruk1_page()))
    proc = kiosk(data_dir, "import", str(feed), "--feed", "norwood", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)["report"]
    assert report["imported"] == 2 and report["skipped_total"] == 5
    assert report["skipped"]["duplicate_id"] == 1

    proc = kiosk(data_dir, "import", str(DEMO))
    assert proc.returncode == 0, proc.stderr
    assert "67 records read, 67 new" in proc.stdout

    proc = kiosk(data_dir, "search", "fodbank", "--json")
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert found["items"][0]["name"] in ("Norwood Food Bank", "Stockwell food bank")
    assert found["corrections"]

    proc = kiosk(data_dir, "search", 'NEAR("food" ^bank*) OR (', "--json")
    assert proc.returncode == 0, proc.stderr
    json.loads(proc.stdout)

    proc = kiosk(data_dir, "search", "qqqqzzzz")
    assert proc.returncode == 0 and "Nothing found." in proc.stdout

    service_id = str(found["items"][0]["id"])
    proc = kiosk(data_dir, "show", service_id)
    assert proc.returncode == 0, proc.stderr
    assert "Last checked" in proc.stdout and ("Open" in proc.stdout or "Closed" in proc.stdout)


def test_bad_files_get_a_message_not_a_traceback(data_dir, tmp_path):
    missing = kiosk(data_dir, "import", str(tmp_path / "nope.json"))
    assert missing.returncode == 1 and "There is no file" in missing.stderr and "Traceback" not in missing.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('{"contents": [')
    proc = kiosk(data_dir, "import", str(broken))
    assert proc.returncode == 1 and "not valid JSON" in proc.stderr and "Traceback" not in proc.stderr
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}')
    proc = kiosk(data_dir, "import", str(other), "--json")
    assert proc.returncode == 1 and json.loads(proc.stdout)["ok"] is False
    proc = kiosk(data_dir, "search", "food", "--need", "unicorns")
    assert proc.returncode == 2 and "Unknown need" in proc.stderr
    proc = kiosk(data_dir, "show", "99999")
    assert proc.returncode == 1 and "There is no service" in proc.stderr
