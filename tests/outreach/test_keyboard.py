"""On-screen keyboard: Qt Virtual Keyboard in kiosk mode, no prediction or learning; keys and card scanners still work.

What is verified here, offscreen: the input method is configured before the QApplication in kiosk mode
only; the plugin that configuration names ships with the PySide6 wheel and loads in a fresh process;
every text box gets the no-prediction/sensitive hints on focus; learned words are deleted; typed keys
and a card scanner's digits + Enter reach a text box in a kiosk-locked window. The panel itself is
QML (it needs libpulse0 for its key sounds), so it is not drawn here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QPlainTextEdit, QVBoxLayout, QWidget

from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db
from ui import keyboard
from ui.screens.staff.kiosk_lock import KioskKeyGuard

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("mode, switch, expected", [
    ("kiosk", None, True), ("assisted", None, False), ("outreach", None, False),
    ("kiosk", "0", False), ("outreach", "1", True)])
def test_kiosk_mode_selects_the_virtual_keyboard_before_qt_starts(mode, switch, expected):
    environ = {} if switch is None else {keyboard.SWITCH_ENV: switch}
    assert keyboard.configure_environment(mode, environ) is expected
    assert environ.get("QT_IM_MODULE") == ("qtvirtualkeyboard" if expected else None)


def test_prepare_reads_the_devices_mode(data_dir):
    db = open_db(device_db_path(data_dir))
    Settings(db)["device_mode"] = "kiosk"
    db.close()
    assert keyboard.device_mode(data_dir) == "kiosk"
    assert keyboard.device_mode(data_dir, "outreach") == "outreach"  # --mode wins


def test_the_wheel_ships_the_plugin_and_it_loads_in_a_fresh_kiosk_process(data_dir):
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    assert (plugins / "platforminputcontexts" / "libqtvirtualkeyboardplugin.so").exists()
    db = open_db(device_db_path(data_dir))
    Settings(db)["device_mode"] = "kiosk"
    db.close()
    probe = textwrap.dedent(f"""
        import os, sys
        from ui import keyboard
        keyboard.prepare({str(data_dir)!r})
        from PySide6.QtWidgets import QApplication
        app = QApplication(sys.argv[:1])
        print("IM", os.environ.get("QT_IM_MODULE"))
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_DEBUG_PLUGINS": "1"}
    env.pop("QT_IM_MODULE", None)
    env.pop(keyboard.SWITCH_ENV, None)
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert "IM qtvirtualkeyboard" in done.stdout, done.stderr[-2000:]
    assert 'libqtvirtualkeyboardplugin.so" loaded library' in done.stderr


def test_text_boxes_get_no_prediction_and_sensitive_hints_on_focus(qtbot):
    app = QApplication.instance()
    guard = keyboard.install(app)
    assert keyboard.install(app) is guard  # once only
    try:
        window = QMainWindow()
        qtbot.addWidget(window)
        holder = QWidget()
        column = QVBoxLayout(holder)
        edit, notes = QLineEdit(), QPlainTextEdit()
        column.addWidget(edit)
        column.addWidget(notes)
        window.setCentralWidget(holder)
        assert not edit.inputMethodHints() & Qt.InputMethodHint.ImhNoPredictiveText
        window.layout().activate()  # sizes settled before the native window exists (no offscreen warning)
        window.resize(800, 600)
        window.show()
        qtbot.waitExposed(window)
        for box in (edit, notes):
            box.setFocus()
            qtbot.waitUntil(box.hasFocus, timeout=2000)
            hints = box.inputMethodHints()
            assert hints & Qt.InputMethodHint.ImhNoPredictiveText and hints & Qt.InputMethodHint.ImhSensitiveData
    finally:
        app.removeEventFilter(guard)
        guard.deleteLater()


def test_keys_and_a_card_scanner_still_type_in_kiosk_mode(qtbot):
    app = QApplication.instance()
    window = QWidget()
    qtbot.addWidget(window)
    lock = KioskKeyGuard(window)
    app.installEventFilter(lock)
    private = keyboard.install(app)
    try:
        column = QVBoxLayout(window)
        edit = QLineEdit()
        column.addWidget(edit)
        column.activate()  # sizes settled before the native window exists (no offscreen warning)
        window.show()
        qtbot.waitExposed(window)
        edit.setFocus()
        qtbot.keyClicks(edit, "Ada 42")  # a physical keyboard
        assert edit.text() == "Ada 42"
        edit.clear()
        scans: list[str] = []
        edit.returnPressed.connect(lambda: scans.append(edit.text()))
        qtbot.keyClicks(edit, "6335590012345678")  # a USB card scanner types the number ...
        qtbot.keyClick(edit, Qt.Key.Key_Return)    # ... and presses Enter
        assert scans == ["6335590012345678"]
        qtbot.keyClick(edit, Qt.Key.Key_Escape)  # kiosk mode still swallows the keys that leave the app
        assert window.isVisible()
    finally:
        app.removeEventFilter(lock)
        app.removeEventFilter(private)
        private.deleteLater()


def test_learned_words_are_deleted(tmp_path):
    folder = tmp_path / "qtvirtualkeyboard"
    (folder / "hunspell").mkdir(parents=True)
    (folder / "hunspell" / "userdictionary_en_GB.txt").write_text("Quarrington\n")
    assert keyboard.forget_learned_words(folder) and not folder.exists()
    assert keyboard.forget_learned_words(folder) is False
    assert keyboard.learned_words_folder().name == "qtvirtualkeyboard"


def test_too_late_once_qt_runs_and_the_process_environment_is_left_alone(qapp, monkeypatch):
    monkeypatch.delenv("QT_IM_MODULE", raising=False)
    assert keyboard.configure_environment("kiosk") is False
    assert "QT_IM_MODULE" not in os.environ
