"""The council-tax submissions table (schema only, so opening the database stays cheap)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("kiosk.counciltax")

WAITING, RECEIVED, IN_PROGRESS, DONE, REJECTED = "waiting", "received", "in_progress", "done", "rejected"
STATUSES = (WAITING, RECEIVED, IN_PROGRESS, DONE, REJECTED)


@migrations()
def m001_submissions(db: Database) -> None:
    db["counciltax_submission"].create(
        {
            "id": str,                 # UUID made on the device
            "reference": str,          # CT-XXXXXXXXC, shown to the resident
            "request_type": str,
            "created_at": str,
            "op_id": str,              # the outbox operation that carries the answers
            "status": str,
            "status_reason": str,
            "status_updated_at": str,
        },
        pk="id",
        not_null={"reference", "request_type", "created_at", "status"},
        defaults={"status": WAITING},
    )
    db["counciltax_submission"].create_index(["reference"], unique=True)
