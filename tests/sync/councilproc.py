"""A real council service process on loopback, for integration tests and benchmarks.

Started exactly as an officer would: ``kiosk --data-dir DIR council serve --port 0 --demo``.
The test reads the council's own database (SQLite, WAL) to count what arrived.
"""

from __future__ import annotations

import collections
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from kiosk.settings import Settings
from kiosk.store import open_db
from sync.credentials import DEMO_BACKEND, ENV_BACKEND, KeyringCredentials
from sync.enrolment import enrol
from sync.server import db as sdb
from syncfakes import rating_payload  # noqa: F401  (re-exported for the tests)

ROOT = Path(__file__).resolve().parents[2]
DEMO_HUB = "demo-hub-sunflower"


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env[ENV_BACKEND] = DEMO_BACKEND
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "tests" / "sync")])
    return env


class CouncilProcess:
    def __init__(self, data_dir: Path, *, demo: bool = True, start_timeout: float = 30.0):
        self.data_dir = Path(data_dir)
        args = [sys.executable, "-m", "kiosk", "--data-dir", str(self.data_dir), "council", "serve", "--port", "0"]
        if demo:
            args.append("--demo")
        self.proc = subprocess.Popen(args, cwd=ROOT, env=child_env(), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        # stderr is drained all the time: a council that logs a lot never blocks on a
        # full pipe, and a failed start can show what it said.
        self._stderr: collections.deque[str] = collections.deque(maxlen=200)
        self._stderr_reader = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_reader.start()
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(start_timeout)
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line[0] if line else "")
        if not match:
            self.stop()
            raise RuntimeError(f"council service did not start (exit code {self.proc.returncode}): "
                               f"stdout {line[0] if line else ''!r}; stderr:\n{self.stderr_tail()}")
        self.port = int(match.group(1))
        self.url = f"http://127.0.0.1:{self.port}"
        self.engine = sdb.open_engine(self.data_dir)

    def _drain_stderr(self) -> None:
        for text in self.proc.stderr:  # ends when the process closes its end
            self._stderr.append(text)

    def stderr_tail(self, chars: int = 3000) -> str:
        """The last lines the council wrote to stderr."""
        return "".join(self._stderr)[-chars:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        # The process has ended: its stderr is at EOF, so the reader finishes;
        # the stream is closed only after that (never read from a closed file).
        self._stderr_reader.join(5)
        if self.proc.stdout:
            self.proc.stdout.close()
        if not self._stderr_reader.is_alive() and self.proc.stderr:
            self.proc.stderr.close()

    # -- officer actions and counts, straight from the council's database --------

    def code(self, hub_id: str = DEMO_HUB, mode: str = "assisted") -> str:
        with sdb.writing(self.engine) as conn:
            code, _expires = sdb.new_enrolment_code(conn, hub_id, mode)
        return code

    def revoke(self, device_id: str) -> bool:
        with sdb.writing(self.engine) as conn:
            return sdb.revoke_device(conn, device_id)

    def operation_counts(self, device_id: str) -> dict[str, int]:
        with sdb.reading(self.engine) as conn:
            return sdb.operation_counts(conn, device_id)

    def ratings(self, device_id: str) -> list[str]:
        with sdb.reading(self.engine) as conn:
            rows = conn.execute(sa.select(sdb.feedback_ratings.c.rating_id)
                                .where(sdb.feedback_ratings.c.device_id == device_id))
            return [r[0] for r in rows]

    def device(self, device_id: str) -> dict[str, Any]:
        with sdb.reading(self.engine) as conn:
            return next(d for d in sdb.list_devices(conn) if d["id"] == device_id)

    def visible_keys(self, device_id: str, hub_id: str = DEMO_HUB) -> set[tuple[str, str]]:
        """What a device should mirror: the latest change per key in its scopes, minus tombstones."""
        latest: dict[tuple[str, str], str] = {}
        scopes = {"all", f"hub:{hub_id}", f"device:{device_id}"}
        with sdb.reading(self.engine) as conn:
            rows = conn.execute(sa.select(sdb.change_log).order_by(sdb.change_log.c.seq))
            for row in rows:
                m = row._mapping
                if m["scope"] in scopes:
                    latest[(m["entity"], m["key"])] = m["op"]
        return {k for k, op in latest.items() if op == "upsert"}

    def publish(self, entity: str, items: dict[str, Any]) -> None:
        with sdb.writing(self.engine) as conn:
            for key, data in items.items():
                if data is None:
                    sdb.tombstone(conn, entity, key)
                else:
                    sdb.publish(conn, entity, key, data)


def enrol_device(data_dir: Path, council_url: str, code: str):
    """Enrol a device folder the way ``kiosk enrol`` does (named demo keyring in the folder)."""
    db = open_db(Path(data_dir) / "device.sqlite3")
    settings = Settings(db)
    credentials = KeyringCredentials(Path(data_dir), settings["device_id"])
    enrol(db, council_url, code, credentials, settings=settings)
    return db, settings, credentials
