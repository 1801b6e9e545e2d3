"""`kiosk config show|get|set` for hub admins; `kiosk settings` keeps working."""

from __future__ import annotations

import json

from kiosk.cli import main


def test_hub_admin_changes_a_setting_and_sees_where_things_are(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "config", "set", "device_mode", "kiosk"]) == 0
    assert "device_mode is now 'kiosk'" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "config", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["settings"]["device_mode"] == "kiosk"
    assert shown["locations"]["database"] == str(data_dir / "device.sqlite3")
    assert shown["locations"]["logs"] == str(data_dir / "logs")
    assert shown["locations"]["backups"] == str(data_dir / "backups")
    # The older command reads the same value.
    assert main(["--data-dir", str(data_dir), "settings", "get", "device_mode"]) == 0
    assert capsys.readouterr().out.strip() == "kiosk"
    assert main(["--data-dir", str(data_dir), "config", "get", "device_mode"]) == 0
    assert capsys.readouterr().out.strip() == "kiosk"


def test_bad_values_and_unknown_keys_are_refused_with_a_message(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "config", "set", "device_mode", "fortress"]) == 2
    assert "is not one of kiosk, assisted, outreach" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "config", "set", "watchdog_seconds", "soon"]) == 2
    assert "expected a whole number" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "config", "set", "colour", "green"]) == 2
    assert "Unknown setting" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "config", "get", "device_mode"]) == 0
    assert capsys.readouterr().out.strip() == "assisted"  # unchanged


def test_default_data_folder_is_the_platform_one(monkeypatch, tmp_path, capsys):
    import platformdirs

    monkeypatch.delenv("KIOSK_DATA_DIR", raising=False)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "platform-data"))
    assert main(["config", "show", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["locations"]["data_dir"] == str(tmp_path / "platform-data")
