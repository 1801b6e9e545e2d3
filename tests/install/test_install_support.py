"""`kiosk support-bundle`: logs, versions, sync status, settings and counts; nothing personal, no secrets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

from install_kit import ROOT, ClientTransport, new_code
from kiosk import __version__
from kiosk.cli import main
from kiosk.counciltax.submissions import submit
from kiosk.counciltax.validators import today
from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db
from sync.credentials import DEMO_BACKEND, ENV_BACKEND
from sync.enrolment import credentials_for, enrol

MARKER = "Qwxzyv"
ANSWERS = {
    "account_reference": "87654321", "full_name": f"Bo {MARKER}", "address": f"9 {MARKER} Street",
    "postcode": "SW9 8RR", "phone": "020 7926 1000", "email": f"{MARKER.lower()}@example.org",
    "tenure": "owner", "other_adults": False, "only_adult": True, "since_date": today().isoformat(),
}


def read_zip(path):
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name).decode("utf-8") for name in zf.namelist()}


def test_support_bundle_has_what_the_helpdesk_needs_and_nothing_else(council, data_dir, tmp_path, capsys, monkeypatch):
    app, client = council
    # A device whose token is in a keyring file inside its own data folder (the demo backend).
    monkeypatch.setenv(ENV_BACKEND, DEMO_BACKEND)
    db = open_db(device_db_path(data_dir))
    credentials = credentials_for(data_dir, db)
    enrol(db, "http://testserver", new_code(app.state.engine), credentials, transport=ClientTransport(client))
    token = credentials.get_token()
    assert token and len(token) > 16
    reference = submit(db, "spd_apply", ANSWERS)  # queued, not yet synced
    Settings(db)["hub_name"] = "Stockwell Forum"
    db.close()
    assert main(["--data-dir", str(data_dir), "sync", "--json"]) in (0, 1)  # logs something; may be offline
    capsys.readouterr()

    out = tmp_path / "support.zip"
    assert main(["--data-dir", str(data_dir), "support-bundle", str(out)]) == 0
    assert "Support bundle saved" in capsys.readouterr().out
    files = read_zip(out)
    assert {"versions.json", "settings.json", "sync-status.json", "database.json", "updates.json"} <= set(files)
    assert any(name.startswith("logs/") for name in files)

    versions = json.loads(files["versions.json"])
    assert versions["app"] == __version__ and versions["python"] == ".".join(map(str, sys.version_info[:3]))
    assert versions["packages"]["PySide6"] and versions["packages"]["sqlite-utils"]
    settings = json.loads(files["settings.json"])
    assert settings["hub_name"] == "Stockwell Forum" and settings["council_url"] == "http://testserver"
    status = json.loads(files["sync-status.json"])
    assert status["waiting"] == 1
    database = json.loads(files["database.json"])
    assert database["table_rows"]["outbox"] == 1 and database["table_rows"]["counciltax_submission"] == 1
    assert database["quick_check"] == "ok" and database["pending_migrations"] == []

    everything = "\n".join(files.values())
    assert token not in everything
    for personal in (MARKER, MARKER.lower(), "SW9 8RR", "87654321", "7926 1000"):
        assert personal not in everything
    assert reference not in everything  # not even references: counts only


def test_support_bundle_does_not_start_qt(data_dir, tmp_path):
    out = tmp_path / "s.zip"
    code = ("import sys; from kiosk.cli import main; "
            f"rc = main(['--data-dir', {str(data_dir)!r}, 'support-bundle', {str(out)!r}]); "
            "sys.exit(rc or ('PySide6' in sys.modules) * 3)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "versions.json" in read_zip(out)


def test_an_unwritable_target_is_a_clear_message(data_dir, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--data-dir", str(data_dir), "support-bundle", str(blocker / "sub" / "s.zip")]) == 1
    assert "Could not write" in capsys.readouterr().out
