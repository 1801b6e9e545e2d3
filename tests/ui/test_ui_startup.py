"""Start-up: the start screen is painted before the device database opens (a faster start),
and nothing a resident does in those first moments is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.paths import device_db_path
from kiosk.settings import Settings, SettingError, SettingsSnapshot
from kiosk.store import open_db
from ui.app import open_window
from ui.main_window import AFTER_FIRST_PAINT_MS

ROOT = Path(__file__).resolve().parents[2]


def _device(data_dir: Path, **values) -> None:
    db = open_db(device_db_path(data_dir))
    settings = Settings(db)
    for name, value in values.items():
        settings[name] = value
    db.close()


def _deferred(qtbot, data_dir: Path, mode: str = "assisted"):
    window = open_window(data_dir, mode, background_sync=False, defer_store=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_first_paint_uses_the_devices_settings_before_the_store_opens(qtbot, data_dir):
    _device(data_dir, hub_name="Brixton Hill Forum", default_language="pt")
    window = _deferred(qtbot, data_dir)
    assert not window.store_is_open
    assert window.header.hub.text() == "Brixton Hill Forum"
    assert window.start_screen.tiles["council-tax"].isVisible()
    assert window.header.language.currentData() == "pt"
    # The store follows by itself right after the first paint, and the status with it.
    qtbot.waitUntil(lambda: window.store_is_open, timeout=AFTER_FIRST_PAINT_MS + 5000)
    assert window.header.status.text()


def test_a_tap_before_the_store_opens_still_opens_the_task(qtbot, data_dir):
    _device(data_dir)
    window = _deferred(qtbot, data_dir)
    assert not window.store_is_open
    window.start_screen.tiles["council-tax"].click()
    assert window.store_is_open
    assert window.navigator.depth() == 2  # the council-tax screen, not the start screen


def test_a_new_device_starts_with_defaults_and_makes_its_database_once(qtbot, data_dir):
    window = _deferred(qtbot, data_dir)
    assert not device_db_path(data_dir).exists()  # reading settings for the first paint made no file
    assert window.mode == "assisted"
    window.ensure_store()
    assert device_db_path(data_dir).exists()
    assert window.settings["device_id"]  # made on first use, by the real store


def test_the_snapshot_refuses_changes_and_survives_a_damaged_file(data_dir):
    path = device_db_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database")
    snapshot = SettingsSnapshot.read(path)
    assert snapshot["hub_name"] == "Community access point"  # the declared default
    with pytest.raises(SettingError):
        snapshot["hub_name"] = "x"


def test_the_first_paint_loads_neither_sqlite_utils_nor_the_migrations(data_dir):
    """What makes the start fast: checked in a fresh process, as `kiosk gui` starts."""
    _device(data_dir)
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from ui.app import ensure_app, open_window
        app = ensure_app()
        window = open_window(Path(sys.argv[1]), defer_store=True)
        window.show()
        app.processEvents()
        early = sorted(m for m in sys.modules if m.startswith(("sqlite_utils", "kiosk.store", "kiosk.backup")))
        window.ensure_store()
        print(early, window.store_is_open)
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", script, str(data_dir)], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["[]", "True"]
