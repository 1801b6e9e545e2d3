"""A device process for the crash drill: record ratings, then sync until drained.

Usage: ``python crash_device.py DATA_DIR WRITES``. Each rating is written to a
domain table and queued in the outbox in one transaction (as domain code
must), so no kill can separate them. Prints one line per committed write and
one JSON summary per sync cycle, flushed, so the drill can time its kills.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from sqlite_utils.migrations import Migrations

from kiosk import outbox as ob
from kiosk.settings import Settings
from kiosk.store import open_db
from sync import protocol as p
from sync.enrolment import client_for
from sync.transport import RequestsTransport

migrations = Migrations("tests.crash_device")


@migrations()
def m001_ratings(db):
    db["crash_ratings"].create({"rating_id": str, "written_at": str}, pk="rating_id")


def main(data_dir: Path, writes: int) -> int:
    db = open_db(data_dir / "device.sqlite3")
    migrations.apply(db)
    from syncfakes import rating_payload

    for i in range(writes):
        payload = rating_payload()
        with db.atomic():
            db["crash_ratings"].insert({"rating_id": payload["rating_id"], "written_at": payload["rated_at"]})
            ob.enqueue(db, p.OP_FEEDBACK_RATING, payload, record_key=f"feedback:{payload['rating_id']}")
        print(f"wrote {i}", flush=True)
        time.sleep(0.003)
    transport = RequestsTransport(Settings(db)["council_url"], timeout=(2.0, 10.0))
    client = client_for(data_dir, db, transport=transport, push_batch=5, pull_limit=5)
    started = time.monotonic()
    for _ in range(300):
        summary = client.cycle()
        print(json.dumps(summary), flush=True)
        if summary["ok"] and ob.counts(db)["waiting"] == 0 and summary["pulled"] == 0:
            return 0
        if summary["paused"] or time.monotonic() - started > 60:
            return 3
        time.sleep(0.01)
    return 4


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
