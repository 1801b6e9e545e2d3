"""The kiosk survives a long day of Qt calls.

PySide6 6.12 on CPython 3.11 drops a reference to None on every void Qt call
and one to True on every signal emit; without the work-around in ui/__init__.py
the interpreter aborts after some thousands of them (see that docstring).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_a_long_day_of_qt_calls_does_not_crash_the_interpreter():
    script = textwrap.dedent(
        """
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        import ui  # applies the work-around
        from PySide6.QtWidgets import QApplication, QLabel, QPushButton
        app = QApplication([])
        label, button = QLabel(), QPushButton()
        for i in range(200_000):
            label.setText("x")        # returns None
            button.clicked.emit()     # returns True
        print("done")
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "done" in proc.stdout
