"""Run by test_virtual_keyboard.py in a fresh process: the kiosk window with Qt Virtual Keyboard switched on.

Qt reads ``QT_IM_MODULE`` once, when the application starts, so this cannot run
inside the test process (its QApplication exists already). It starts as
``ui.app`` does (``keyboard.prepare`` from the device's mode, then the
QApplication, then ``keyboard.install``), opens the kiosk-mode window and prints
one JSON line of what happened:

1. Find help: a tap on the search box shows the keyboard panel; tapping its keys
   ``f o o d`` and its Enter key types into the box and searches.
2. Time bank, *I'm a member*: with the panel up, a USB card scanner (a keyboard
   that types the card's text and presses Enter) moves on to the PIN page, and a
   physical keyboard types the PIN and signs in.

Usage: ``python vk_kiosk_drive.py DATA_DIR``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PIN = "2580"


def device(data_dir: Path):
    from kiosk.paths import device_db_path
    from kiosk.settings import Settings
    from kiosk.store import open_db
    from kiosk.timebank import members
    from safety_kit import store_council_key

    db = open_db(device_db_path(data_dir))
    settings = Settings(db)
    settings["device_mode"] = "kiosk"
    settings["hub_id"] = "hub-1"
    store_council_key(db)
    member = members.register_member(db, name="Ada Example", consent=members.Consent("We keep your details.", "en"),
                                     registered_by="staff-vol-1", pin=PIN)
    return db, settings, member


def panel_keys(panel) -> dict[str, object]:
    """The panel's character keys by the text they type (the QML Key items of the shown layout)."""
    from PySide6.QtQuick import QQuickItem

    found: dict[str, QQuickItem] = {}
    todo = [panel.contentItem()]
    while todo:
        item = todo.pop()
        todo.extend(item.childItems())
        text = item.property("text")
        if isinstance(text, str) and text and "Key" in item.metaObject().className() and item.isVisible():
            found.setdefault(text, item)
    return found


def tap_key(panel, key) -> None:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    centre = key.mapToScene(QPointF(key.width() / 2, key.height() / 2)).toPoint()
    QTest.mouseClick(panel, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.qWait(20)


def main(data_dir: Path) -> dict:
    db, settings, member = device(data_dir)
    from ui import keyboard

    found: dict = {"prepared": keyboard.prepare(data_dir)}  # the device's mode is kiosk: the keyboard goes on

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    import PySide6.QtQuick  # noqa: F401 - so the panel window comes back as a QQuickWindow with its items

    app = QApplication(sys.argv[:1])
    keyboard.install(app)
    from ui.keyboard_probe import finish, open_panel, panel_shown, wait_for
    from ui.main_window import MainWindow
    from ui.screens.timebank.member import MemberHomePanel

    def tap(widget) -> None:
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)

    window = MainWindow(db, settings, mode="kiosk")
    window.resize(1280, 960)
    window.show()
    window.lock_down()
    window.start_session()
    wait_for(lambda: window.isVisible(), 5)

    # 1. Find help: the panel for the search box, and typing through it.
    window.open("find-help")
    find_help = window.navigator.current
    box = find_help.current.search_edit
    panel = open_panel(box, tap=tap)
    found["panel_shown"] = panel is not None
    found["keyboard_height"] = QGuiApplication.inputMethod().keyboardRectangle().height()
    found["focus_on_box"] = QApplication.focusWidget() is box
    hints = box.inputMethodHints()
    found["private_hints"] = bool(hints & Qt.InputMethodHint.ImhNoPredictiveText
                                  and hints & Qt.InputMethodHint.ImhSensitiveData)
    if panel is not None:
        keys = panel_keys(panel)
        found["keys"] = sorted(k for k in keys if len(k) == 1 and k.isalpha())
        for letter in "food":
            tap_key(panel, keys[letter])
        found["typed_by_panel"] = box.text()
        tap_key(panel, keys["\n"])  # the panel's Enter key
        wait_for(lambda: type(find_help.current).__name__ == "ResultsPanel", 5)
        found["after_panel_enter"] = type(find_help.current).__name__
    window.back()

    # 2. Time bank: a card scanner and a physical keyboard, with the panel up.
    window.open("time-bank")
    time_bank = window.navigator.current
    tap(time_bank.current.tiles["member"])
    sign_in = time_bank.current
    number_box = sign_in.number_page.input
    found["panel_for_number_box"] = open_panel(number_box, tap=tap) is not None
    QTest.keyClicks(number_box, f"CKTB:{member['number']}")  # the scanner types the card's text ...
    QTest.keyClick(number_box, Qt.Key.Key_Return)             # ... and presses Enter
    wait_for(lambda: sign_in.pin_page.isVisible(), 5)
    found["scanner_reached_pin_page"] = sign_in.pin_page.isVisible()
    pin_box = sign_in.pin_page.input
    found["panel_for_pin_box"] = open_panel(pin_box, tap=tap) is not None
    QTest.keyClicks(pin_box, PIN)  # a physical keyboard
    found["pin_typed"] = len(pin_box.text())
    found["panel_up_while_typing"] = panel_shown()
    QTest.keyClick(pin_box, Qt.Key.Key_Return)
    wait_for(lambda: isinstance(time_bank.current, MemberHomePanel), 5)
    found["signed_in"] = isinstance(time_bank.current, MemberHomePanel)
    window.end_session("quick_exit")
    found["on_attract_after_quick_exit"] = window.on_attract
    window._may_close = True  # as a hub admin would, so the process can end
    window.background_sync.stop()
    window.sync_runner.wait()
    window.close()
    finish(app)
    return found


if __name__ == "__main__":
    print("RESULT " + json.dumps(main(Path(sys.argv[1]))), flush=True)
