"""Restart a frozen kiosk: a watcher thread notices when the Qt event loop stops turning.

A ``QTimer`` in the GUI thread stamps the time every ``limit / 4`` seconds. A
plain Python thread checks the stamp; if the GUI thread has not stamped it
for more than ``limit`` seconds (a blocked slot, a deadlock, a runaway loop),
the watcher logs it — with where the GUI thread is stuck — and ends the
process with ``EXIT_HUNG``, so systemd (``Restart=always``) or the Windows
shell launcher starts a fresh kiosk. Nothing of a resident's is lost: their
submitted work is already in the database and the outbox.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import traceback
from typing import Callable

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

EXIT_HUNG = 70  # EX_SOFTWARE: any non-zero code makes the service manager restart the kiosk


def _gui_stack() -> str:
    """Where the main thread is now: file, line and function names only (no values)."""
    frame = sys._current_frames().get(threading.main_thread().ident or -1)
    return "".join(traceback.format_stack(frame, limit=12)) if frame else "(no stack)"


def exit_hung(blocked: float, limit: float) -> None:
    log.critical("UI event loop blocked for %.1f s (limit %.1f s); exiting with %d so the kiosk is restarted\n%s",
                 blocked, limit, EXIT_HUNG, _gui_stack())
    for handler in logging.getLogger().handlers:
        try:
            handler.flush()
        except Exception:  # noqa: BLE001 - exiting anyway
            pass
    os._exit(EXIT_HUNG)  # the GUI thread is stuck: a clean shutdown would wait for it forever


class Watchdog(QObject):
    """``start()`` in the GUI thread; ``on_hang(blocked_seconds, limit)`` runs in the watcher thread."""

    def __init__(self, limit_seconds: float = 30.0, *, on_hang: Callable[[float, float], None] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        if limit_seconds <= 0:
            raise ValueError("limit_seconds must be positive")
        self.limit = float(limit_seconds)
        self.on_hang = on_hang or exit_hung
        self._last_beat = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(max(20, int(self.limit * 1000 / 4)))
        self._timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        self._last_beat = time.monotonic()  # a float store: atomic under the GIL

    def start(self) -> None:
        self._beat()
        self._timer.start()
        self._stop.clear()
        self._thread = threading.Thread(target=self._watch, name="kiosk-watchdog", daemon=True)
        self._thread.start()
        log.info("watchdog started: limit %.1f s", self.limit)

    def stop(self) -> None:
        self._timer.stop()
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2 * self.limit)
            self._thread = None

    def _watch(self) -> None:
        check = min(1.0, self.limit / 4)
        while not self._stop.wait(check):
            blocked = time.monotonic() - self._last_beat
            if blocked > self.limit:
                self.on_hang(blocked, self.limit)
                return


def watch(parent: QObject, limit_seconds: float) -> Watchdog | None:
    """Start a watchdog owned by ``parent`` (the main window); ``limit_seconds`` 0 means none."""
    if limit_seconds <= 0:
        return None
    from PySide6.QtCore import QCoreApplication

    watchdog = Watchdog(limit_seconds, parent=parent)
    app = QCoreApplication.instance()
    if app is not None:
        # A slow but normal shutdown after the event loop ends is not a hang.
        app.aboutToQuit.connect(watchdog.stop)
    watchdog.start()
    return watchdog
