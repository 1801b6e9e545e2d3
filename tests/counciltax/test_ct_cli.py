"""``kiosk counciltax bill`` end to end, as a resident's helper would run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.counciltax.calculator import BillRequest, breakdown, calculate
from kiosk.counciltax.charges import load_charges
from kiosk.paths import resources_dir

ROOT = Path(__file__).resolve().parents[2]
DEMO = resources_dir() / "demo" / "charges-2025.json"


def kiosk(tmp_path, *args):
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path), "counciltax", "bill", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )


def write_charges(tmp_path, band_d="1234.56"):
    path = tmp_path / "charges.json"
    path.write_text(json.dumps({"year": 2025, "authority": "Test", "elements": [{"name": "All", "band_d": band_d}]}))
    return path


def test_json_output_has_the_annual_amount_and_instalments(tmp_path):
    proc = kiosk(tmp_path, "--charges", str(write_charges(tmp_path)), "--band", "D", "--json", "--dd-day", "5")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["annual_pence"] == 123456
    assert out["instalments"][0] == {"due": "2025-04-05", "amount_pence": 12756}
    assert out["instalments"][1:] == [{"due": f"{y}-{m:02d}-05", "amount_pence": 12300}
                                      for y, m in [(2025, 5), (2025, 6), (2025, 7), (2025, 8), (2025, 9),
                                                   (2025, 10), (2025, 11), (2025, 12), (2026, 1)]]
    assert {line["code"] for line in out["lines"]} >= {"band_charge", "full_year", "total"}


def test_twelve_instalments_and_the_reductions(tmp_path):
    proc = kiosk(tmp_path, "--charges", str(write_charges(tmp_path)), "--band", "d", "--instalments", "12", "--json")
    assert [i["amount_pence"] for i in json.loads(proc.stdout)["instalments"]] == [10156] + [10300] * 11
    proc = kiosk(tmp_path, "--charges", str(DEMO), "--band", "A", "--disabled-reduction", "--ctr-percent", "50",
                 "--start", "2025-10-01", "--json")
    out = json.loads(proc.stdout)
    # 5/9 of 1953.94 = 1085.52; 1 Oct-31 Mar is 182 of 365 days: 108552*182/365 = 54127.29 -> 541.27;
    # CTR 50% = 270.635 -> 270.64 (half-up), so 270.63 to pay. A whole year: 1085.52 - 542.76 = 542.76.
    assert out["band_charge_pence"] == 108552
    assert out["days_liable"] == 182
    assert out["payable_pence"] == 27063
    assert out["annual_pence"] == 54276
    assert sum(i["amount_pence"] for i in out["instalments"]) == 27063


def test_human_output_matches_the_shared_breakdown(tmp_path):
    proc = kiosk(tmp_path, "--charges", str(DEMO), "--band", "C", "--single-person")
    assert proc.returncode == 0
    expected = breakdown(calculate(load_charges(DEMO), BillRequest("C", discount="single_person")))
    assert proc.stdout.splitlines() == expected
    assert "Single person discount (25%): -£434.21" in proc.stdout


@pytest.mark.parametrize("args, message", [
    (["--band", "Z"], "band must be a letter from A to H"),
    (["--band", "D", "--start", "2025-02-30"], "--start: give a date as YYYY-MM-DD"),
    (["--band", "D", "--instalments", "11"], "choose 10 or 12"),
    (["--band", "D", "--dd-day", "31"], "from 1 to 28"),
    (["--band", "D", "--ctr-percent", "lots"], "--ctr-percent"),
    (["--band", "D", "--premium", "second-home", "--single-person"], "cannot also have a discount"),
    (["--band", "D", "--end", "2024-01-01"], "move-out date must be within"),
])
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path, args, message):
    proc = kiosk(tmp_path, "--charges", str(DEMO), *args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_bad_charges_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"year": 2025, "authority": "x", "elements": [{"name": "a", "band_d": 12.5}]}')
    proc = kiosk(tmp_path, "--charges", str(bad), "--band", "D")
    assert proc.returncode == 2 and "pounds and pence as text" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_status_of_a_reference_on_this_device(tmp_path):
    from kiosk.counciltax.submissions import submit
    from kiosk.paths import device_db_path
    from kiosk.store import open_db

    from ct_examples import VALID

    ref = submit(open_db(device_db_path(tmp_path)), "twelve_instalments", VALID["twelve_instalments"])
    base = [sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path), "counciltax", "status"]
    proc = subprocess.run([*base, ref.lower()], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "waiting to be sent" in proc.stdout
    typo = ref[:-1] + ("2" if ref[-1] != "2" else "3")
    proc = subprocess.run([*base, typo], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "is not a reference" in proc.stderr
