"""The UI watchdog: a blocked Qt event loop is logged and ends the process so the service restarts it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time

from install_kit import ROOT
from ui.watchdog import EXIT_HUNG, Watchdog


def test_a_turning_event_loop_is_left_alone_and_a_blocked_one_is_caught(qtbot):
    hung = threading.Event()
    blocked_for: list[float] = []

    def on_hang(blocked: float, limit: float) -> None:
        blocked_for.append(blocked)
        hung.set()

    watchdog = Watchdog(0.5, on_hang=on_hang)
    watchdog.start()
    try:
        qtbot.wait(1200)  # more than twice the limit, with the loop turning
        assert not hung.is_set()
        time.sleep(1.2)  # the GUI thread blocked, as by a slot that never returns quickly
        assert hung.wait(3.0)
        assert blocked_for[0] > 0.5
    finally:
        watchdog.stop()


HUNG_APP = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from kiosk import logs
    from ui.watchdog import watch

    logs.setup(Path(sys.argv[1]), "gui")
    app = QApplication([])
    watchdog = watch(app, 1.0)
    QTimer.singleShot(200, lambda: time.sleep(30))  # the kiosk freezes
    QTimer.singleShot(20000, app.quit)
    sys.exit(app.exec())
""")


def test_a_frozen_kiosk_exits_non_zero_and_says_why_in_its_log(tmp_path):
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", HUNG_APP, str(tmp_path)], cwd=ROOT, capture_output=True,
                            text=True, timeout=25, env=dict(os.environ, QT_QPA_PLATFORM="offscreen",
                                                            PYTHONPATH=str(ROOT)))
    assert result.returncode == EXIT_HUNG, result.stderr
    assert time.monotonic() - started < 15  # well before the 30 s freeze would have ended
    log = (tmp_path / "logs" / "gui.log").read_text()
    assert "UI event loop blocked" in log and "in <lambda>" in log  # where it was stuck


QUITTING_APP = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from ui.watchdog import watch

    app = QApplication([])
    watchdog = watch(app, 1.0)
    QTimer.singleShot(200, app.quit)
    code = app.exec()
    time.sleep(2.5)  # slow clean-up after the kiosk was closed on purpose
    sys.exit(code)
""")


def test_a_slow_shutdown_after_quitting_is_not_taken_for_a_hang(tmp_path):
    result = subprocess.run([sys.executable, "-c", QUITTING_APP], cwd=ROOT, capture_output=True, text=True,
                            timeout=25, env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT)))
    assert result.returncode == 0, result.stderr
