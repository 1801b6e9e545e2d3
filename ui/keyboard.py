"""The on-screen keyboard (Qt Virtual Keyboard) in kiosk mode, and keeping typed text out of any dictionary.

Two hooks in ``ui.app.run``:

* ``prepare(data_dir, mode)`` **before** the QApplication exists: in kiosk mode it
  sets ``QT_IM_MODULE=qtvirtualkeyboard`` (Qt reads it once, when the
  application starts), so every text box opens the virtual keyboard when
  touched. Other modes keep the platform's input method (a laptop has keys).
  ``KIOSK_VIRTUAL_KEYBOARD=0`` turns it off (a kiosk with a fixed keyboard);
  ``=1`` forces it on in any mode.
* ``install(app)`` after: an application-wide filter gives every text box, when
  it gets focus, the hints ``ImhNoPredictiveText | ImhSensitiveData``. The
  virtual keyboard then offers no word prediction and **learns nothing** (its
  Hunspell input method only adds words to the user dictionary when
  prediction is on and the text is not sensitive), so one resident's words
  are never suggested to the next. ``forget_learned_words()`` also deletes the
  keyboard's user dictionary folder (Qt's default ``userDataPath``) — called
  at the end of every resident session to be safe against a system Qt whose
  input method ignores the hints.

A physical keyboard and a USB card scanner (a keyboard that types the number
and presses Enter) are untouched: the input method only adds a panel, key
events still reach the focused box.

The PySide6 wheel ships the plugin
(``PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so``)
and its QML (``PySide6/Qt/qml/QtQuick/VirtualKeyboard``); its components need
PulseAudio's client library (``libpulse0`` on Debian) for key sounds. With a
system Qt on Debian see docs/SECURITY.md ("On-screen keyboard") for packages.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import MutableMapping

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

log = logging.getLogger(__name__)

IM_MODULE_ENV = "QT_IM_MODULE"
VIRTUAL_KEYBOARD = "qtvirtualkeyboard"
SWITCH_ENV = "KIOSK_VIRTUAL_KEYBOARD"  # "0": never, "1": always, unset: kiosk mode only
PRIVATE_HINTS = Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhSensitiveData
_TEXT_WIDGETS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


def wants_virtual_keyboard(mode: str, environ: MutableMapping[str, str] = os.environ) -> bool:
    switch = environ.get(SWITCH_ENV, "").strip()
    if switch in ("0", "1"):
        return switch == "1"
    return mode == "kiosk"


def configure_environment(mode: str, environ: MutableMapping[str, str] = os.environ) -> bool:
    """Set the input method for ``mode`` in ``environ``; must run before the QApplication exists."""
    if not wants_virtual_keyboard(mode, environ):
        return False
    if QApplication.instance() is not None and environ is os.environ:
        # Too late to take effect (Qt read it at start); changing it would only leak into child processes.
        log.warning("the QApplication already exists; the on-screen keyboard is not switched on")
        return False
    environ[IM_MODULE_ENV] = VIRTUAL_KEYBOARD
    return True


def device_mode(data_dir: Path | str, override: str | None = None) -> str:
    """The mode the window will open in (``--mode``, else the device's setting)."""
    if override:
        return override
    from kiosk.paths import device_db_path
    from kiosk.settings import SettingsSnapshot

    # Read without opening the store: an unreadable database is reported by the window itself.
    return str(SettingsSnapshot.read(device_db_path(data_dir))["device_mode"])


def prepare(data_dir: Path | str, mode: str | None = None) -> bool:
    """The hook before ``QApplication``: the virtual keyboard on in kiosk mode."""
    return configure_environment(device_mode(data_dir, mode))


class PrivateInput(QObject):
    """Every text box asks the input method for no prediction and no learning (set on focus)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, _TEXT_WIDGETS):
            make_private(watched)
        return False


def make_private(widget: QWidget) -> None:
    hints = widget.inputMethodHints()
    if (hints & PRIVATE_HINTS) != PRIVATE_HINTS:
        widget.setInputMethodHints(hints | PRIVATE_HINTS)


def install(app: QApplication) -> PrivateInput:
    """The hook after ``QApplication``: install the private-input filter once."""
    existing = app.findChild(PrivateInput, "privateInput")
    if existing is not None:
        return existing
    guard = PrivateInput(app)
    guard.setObjectName("privateInput")
    app.installEventFilter(guard)
    return guard


def learned_words_folder() -> Path:
    """Qt Virtual Keyboard's default ``userDataPath`` (its user dictionaries)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(base) / "qtvirtualkeyboard"


def forget_learned_words(folder: Path | None = None) -> bool:
    """Delete the keyboard's learned words, if any (end of a resident session); True if something went."""
    folder = folder or learned_words_folder()
    if not folder.exists():
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return not folder.exists()
