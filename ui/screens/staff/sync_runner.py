"""Sync from the UI without freezing it: one cycle on a worker thread, and the background timer.

A ``SyncClient`` holds its database connection, so the worker opens its own
(``open_db`` on the same file) and makes its own client (docs/SYNC.md, "Device
client"). Results come back to the GUI thread as a queued signal.

Each run carries the *session generation* it was started in. When a resident
session ends (quick exit, Finish, timeout) the window calls ``new_session()``;
a result that arrives later is still reported to the shell (the header's status
must be right) but not to the screens of the session that asked for it.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal
from sqlite_utils import Database

log = logging.getLogger(__name__)

# Where to look again when sync is paused or not set up (re-enrolment or settings may change that).
IDLE_RECHECK_MS = 60_000
MIN_WAIT_MS = 1000

ClientFactory = Callable[[Path, Database], Any]


def default_client_factory(data_dir: Path, db: Database):
    from sync.enrolment import client_for

    return client_for(data_dir, db)


def _has_token(client: Any) -> bool:
    credentials = getattr(client, "credentials", None)
    try:
        return bool(credentials is not None and credentials.get_token())
    except Exception:  # no keyring, no token: nothing to sync with
        return False


class SyncRunner(QObject):
    """Runs ``SyncClient.cycle()`` on a worker thread, one at a time."""

    started = Signal()
    cycle_done = Signal(object)      # every finished cycle's summary (the shell refreshes its status)
    session_result = Signal(object)  # the same, only if the session that asked is still going
    _finished = Signal(int, object)  # from the worker thread: (generation, summary)

    def __init__(self, db: Database, *, client_factory: ClientFactory | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.client_factory = client_factory or default_client_factory
        self.generation = 0
        self.running = False
        self._thread: threading.Thread | None = None
        self._finished.connect(self._on_finished)

    def data_dir(self) -> Path:
        from sync.client import data_dir_of

        return data_dir_of(self.db)

    def new_session(self) -> None:
        """Results of runs started before this are not for the next resident's screens."""
        self.generation += 1

    def run_cycle(self, *, background: bool = False) -> bool:
        """Start one cycle; False if one is already running. ``background``: only with a token."""
        if self.running:
            return False
        self.running = True
        data_dir = self.data_dir()
        generation = self.generation
        self._thread = threading.Thread(target=self._work, args=(data_dir, generation, background),
                                        name="kiosk-sync", daemon=True)
        self.started.emit()
        self._thread.start()
        return True

    def _work(self, data_dir: Path, generation: int, background: bool) -> None:
        from kiosk.paths import device_db_path
        from kiosk.store import open_db

        summary: dict[str, Any]
        db = None
        try:
            db = open_db(device_db_path(data_dir))
            client = self.client_factory(data_dir, db)
            if background and not _has_token(client):
                summary = {"ok": False, "skipped": True, "paused": "not_enrolled"}
            else:
                summary = client.cycle()
        except Exception as exc:  # never a traceback: staff see that it failed, the log says why
            log.exception("sync cycle failed")
            summary = {"ok": False, "error": str(exc) or type(exc).__name__}
        finally:
            if db is not None:
                db.close()
        self._finished.emit(generation, summary)

    def _on_finished(self, generation: int, summary: dict[str, Any]) -> None:
        self.running = False
        if self._thread is not None:
            self._thread.join(timeout=1)
            self._thread = None
        self.cycle_done.emit(summary)
        if generation == self.generation:
            self.session_result.emit(summary)

    def wait(self, timeout: float = 10.0) -> None:
        """For shutting down (and tests): let a running cycle end."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)


class BackgroundSync(QObject):
    """A single-shot timer re-armed from ``sync.client.seconds_until_next`` after every cycle."""

    def __init__(self, db: Database, settings: Any, runner: SyncRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.db, self.settings, self.runner = db, settings, runner
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._fire)
        runner.cycle_done.connect(self._cycle_done)
        self.enabled = False

    def start(self) -> None:
        self.enabled = True
        self.arm()

    def stop(self) -> None:
        self.enabled = False
        self.timer.stop()

    def _cycle_done(self, summary: dict[str, Any]) -> None:
        if self.enabled and summary.get("skipped"):  # no token yet: nothing recorded, so do not spin
            self.timer.start(IDLE_RECHECK_MS)
        else:
            self.arm()

    def arm(self) -> None:
        if not self.enabled:
            return
        try:
            from sync.client import seconds_until_next

            wait = seconds_until_next(self.db, self.settings)
        except Exception:  # a busy database: look again later
            log.exception("could not read the sync schedule")
            wait = None
        milliseconds = IDLE_RECHECK_MS if wait is None else int(wait * 1000)
        self.timer.start(max(MIN_WAIT_MS, min(milliseconds, IDLE_RECHECK_MS)))

    def _fire(self) -> None:
        if not self.enabled:
            return
        from sync.client import due

        try:
            is_due = due(self.db, self.settings) and bool(self.settings["council_url"])
        except Exception:
            log.exception("could not read the sync schedule")
            is_due = False
        if is_due and self.runner.run_cycle(background=True):
            return  # re-armed when the cycle is done
        self.arm()
