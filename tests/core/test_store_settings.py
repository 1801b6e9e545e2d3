import sqlite3

import pytest

from kiosk import outbox
from kiosk.paths import device_db_path
from kiosk.settings import SettingError, Settings
from kiosk.store import open_db


def test_device_db_is_wal_with_full_sync(data_dir):
    db = open_db(device_db_path(data_dir))
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert db.execute("pragma synchronous").fetchone()[0] == 2  # FULL


def test_settings_defaults_types_and_persistence(data_dir):
    path = device_db_path(data_dir)
    settings = Settings(open_db(path))
    assert settings["device_mode"] == "assisted"
    device_id = settings["device_id"]
    assert len(device_id) == 36
    settings["device_mode"] = "kiosk"
    settings.set_from_text("idle_timeout_seconds", "90")
    with pytest.raises(SettingError):
        settings["device_mode"] = "toaster"
    with pytest.raises(SettingError):
        settings.set_from_text("idle_timeout_seconds", "soon")
    again = Settings(open_db(path))
    assert again["device_mode"] == "kiosk"
    assert again["idle_timeout_seconds"] == 90
    assert again["device_id"] == device_id


def test_enqueue_only_inside_the_data_transaction(data_dir):
    db = open_db(device_db_path(data_dir))
    with pytest.raises(RuntimeError):
        outbox.enqueue(db, "feedback.rating", {"rating": 5})
    db["note"].create({"id": str, "text": str}, pk="id")
    with pytest.raises(sqlite3.IntegrityError):
        with db.atomic():
            db["note"].insert({"id": "n1", "text": "kept only with its outbox row"})
            outbox.enqueue(db, "note.create", {"id": "n1"})
            db["note"].insert({"id": "n1", "text": "duplicate key aborts the transaction"})
    assert db["note"].count == 0
    assert db["outbox"].count == 0
    with db.atomic():
        db["note"].insert({"id": "n2", "text": "ok"})
        first = outbox.enqueue(db, "note.create", {"id": "n2"})
        second = outbox.enqueue(db, "note.create", {"id": "n3"})
    rows = {r["op_id"]: r for r in db["outbox"].rows}
    assert rows[second]["seq"] == rows[first]["seq"] + 1
    assert outbox.counts(db)["waiting"] == 2
