"""Updates: the council names the current version in its heartbeat answer; staff and `kiosk update-check` see it."""

from __future__ import annotations

import json

from kiosk import __version__, updates
from kiosk.cli import main


def council_says(app, capsys, version: str) -> None:
    council_dir = app.state.engine.url.database.rsplit("/", 1)[0]
    assert main(["--data-dir", council_dir, "council", "set-current-version", version]) == 0
    capsys.readouterr()


def test_heartbeat_brings_the_current_version_to_the_device(council, device, capsys):
    app, _client = council
    db, sync = device
    assert updates.status(db)["current_version"] is None and updates.update_message(db) is None

    council_says(app, capsys, "9.1.0")
    assert sync.cycle()["heartbeat"]["current_version"] == "9.1.0"
    info = updates.status(db)
    assert info["current_version"] == "9.1.0" and info["update_available"]
    assert "9.1.0" in updates.update_message(db) and __version__ in updates.update_message(db)

    council_says(app, capsys, __version__)
    sync.heartbeat()
    assert not updates.status(db)["update_available"] and updates.update_message(db) is None


def test_update_check_online_and_offline(council, device, data_dir, capsys, monkeypatch):
    app, _client = council
    _db, sync = device
    council_says(app, capsys, "10.0.0")
    # Online: `kiosk update-check` asks the council itself (its sync client is the enrolled one here).
    monkeypatch.setattr("sync.enrolment.client_for", lambda data_dir, db: type(sync)(
        db, transport=sync.transport, credentials=sync.credentials))
    assert main(["--data-dir", str(data_dir), "update-check", "--json"]) == 0
    online = json.loads(capsys.readouterr().out)
    assert online["asked_council"] and online["current_version"] == "10.0.0" and online["update_available"]

    # Offline: the last answer, said to be the last answer.
    council_says(app, capsys, "11.0.0")
    assert main(["--data-dir", str(data_dir), "update-check", "--offline"]) == 0
    out = capsys.readouterr().out
    assert "10.0.0" in out and "Update available" in out and "11.0.0" not in out


def test_not_enrolled_device_reports_the_last_answer_without_a_traceback(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "update-check"]) == 0
    out = capsys.readouterr().out
    assert "not connected to a council service" in out and __version__ in out


def test_the_council_refuses_a_version_that_is_not_one(council, capsys):
    app, _client = council
    council_dir = app.state.engine.url.database.rsplit("/", 1)[0]
    assert main(["--data-dir", council_dir, "council", "set-current-version", "latest please"]) == 2
    assert "not a version number" in capsys.readouterr().err


def test_version_order():
    assert updates.is_newer("0.10.0", "0.9.9") and updates.is_newer("1.0.0", "1.0.0rc1")
    assert not updates.is_newer("0.1.0", "0.1.0") and not updates.is_newer("0.0.9", "0.1.0")
