"""The kiosk survives a long day of Qt calls (PySide6 6.12 + CPython 3.11 None refcount bug)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.ui.conftest import settle


def test_many_qt_calls_do_not_crash_the_interpreter(tmp_path):
    # Well over the ~tens of thousands of calls that abort an unpatched process at exit.
    script = textwrap.dedent(
        """
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        import ui  # applies the work-around
        from PySide6.QtWidgets import QApplication, QLabel
        app = QApplication([])
        label = QLabel()
        for i in range(300_000):
            label.setText("x")
        print("done")
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "done" in proc.stdout


def test_language_switching_all_day_keeps_the_window_alive(window):
    from kiosk import i18n

    for _ in range(300):  # each switch retranslates every widget
        i18n.set_language("pt")
        i18n.set_language("en")
    settle()
    assert window.isVisible()
