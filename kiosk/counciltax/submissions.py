"""Council-tax requests saved on the device: a local record, the outbox operation, the status.

``submit`` checks every answer, then in ONE ``db.atomic()`` writes the local
record and enqueues the ``counciltax.request`` operation, so neither exists
without the other. The resident gets a reference made on the device
(``CT-XXXXXXXXC``) at once, online or not.

What is kept where:

* ``counciltax_submission`` (this module): id, reference, request type,
  created and status fields - no personal data, so a volunteer can look a
  reference up at any time;
* the answers (personal data) travel only in the outbox payload, **sealed** to
  the council's public key (``kiosk.sealing.enqueue_sealed``), so the device
  itself cannot read them back; the sync client clears the payload when the
  council acknowledges the operation. A device that has not received the
  council's key yet refuses to save the request (``SealingUnavailable``, a
  translated message) instead of keeping the answers in clear.

The council's status (received / in progress / done / rejected with a reason)
comes back by sync as mirror entity ``counciltax.submission_status`` (key = the
reference) and lands here through ``kiosk.counciltax.mirror_hooks``.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlite_utils import Database

from kiosk import sealing
from kiosk.counciltax import reference as references
from kiosk.counciltax.requests import RequestType, SubmissionInvalid, get, validate
from kiosk.i18n import N_
from kiosk.timeutil import now_iso

OP_TYPE = "counciltax.request"
SCHEMA_VERSION = 1

# The table lives in a schema-only module so opening the database stays cheap.
from kiosk.counciltax.schema import (  # noqa: E402,F401
    DONE, IN_PROGRESS, RECEIVED, REJECTED, STATUSES, WAITING, migrations,
)
STATUS_LABELS = {
    WAITING: N_("Saved on this device, waiting to be sent to the council"),
    RECEIVED: N_("Received by the council"),
    IN_PROGRESS: N_("The council is working on it"),
    DONE: N_("Done"),
    REJECTED: N_("The council could not accept it"),
}


def _unused_reference(db: Database) -> str:
    for _attempt in range(20):
        ref = references.new_reference()
        if not db.execute("select 1 from counciltax_submission where reference = ?", [ref]).fetchone():
            return ref
    raise RuntimeError("could not make an unused reference")  # 29**8 space: practically unreachable


def submit(db: Database, request_type: str | RequestType, answers: dict[str, Any]) -> str:
    """Validate, store and queue a request; returns its reference.

    Raises ``SubmissionInvalid`` for bad answers and ``kiosk.sealing.SealingUnavailable``
    when the device has no council key yet (nothing is stored then).
    """
    kind = get(request_type) if isinstance(request_type, str) else request_type
    clean, errors = validate(kind, answers)
    if errors:
        raise SubmissionInvalid(errors)
    submission_id = str(uuid.uuid4())
    created_at = now_iso()
    with db.atomic():
        ref = _unused_reference(db)
        op_id = sealing.enqueue_sealed(
            db, OP_TYPE,
            {"submission_id": submission_id, "reference": ref, "request_type": kind.id,
             "answers": clean, "submitted_at": created_at},
            record_key=f"counciltax.submission:{submission_id}",
            schema_version=SCHEMA_VERSION,
        )
        db["counciltax_submission"].insert({
            "id": submission_id, "reference": ref, "request_type": kind.id, "created_at": created_at,
            "op_id": op_id, "status": WAITING,
        })
    return ref


def lookup(db: Database, text: str) -> dict[str, Any] | None:
    """A submission by its reference as typed (any case, spaces or dashes); None when unknown or mistyped."""
    ref = references.normalise(text)
    if ref is None:
        return None
    rows = list(db.query("select * from counciltax_submission where reference = ?", [ref]))
    return rows[0] if rows else None


def apply_status_change(db: Database, reference: str, status: str, reason: str | None = None,
                        updated_at: str | None = None, request_type: str | None = None) -> bool:
    """Record the council's status for a reference; runs inside the caller's transaction if there is one.

    A status for a reference this device did not make (another device of the
    hub) is kept too, so any volunteer at the hub can look it up. Unknown
    statuses are ignored (a newer council version); returns whether anything changed.
    """
    if status not in STATUSES or status == WAITING:
        return False
    ref = references.normalise(reference)
    if ref is None:
        return False
    when = updated_at or now_iso()
    with db.atomic():
        row = db.execute("select id, status_updated_at from counciltax_submission where reference = ?",
                         [ref]).fetchone()
        if row is None:
            db["counciltax_submission"].insert({
                "id": str(uuid.uuid4()), "reference": ref, "request_type": request_type or "unknown",
                "created_at": when, "op_id": None, "status": status, "status_reason": reason,
                "status_updated_at": when,
            })
            return True
        if row[1] and row[1] > when:
            return False  # an older status arriving late never overwrites a newer one
        db.execute(
            "update counciltax_submission set status = ?, status_reason = ?, status_updated_at = ? where id = ?",
            [status, reason, when, row[0]],
        )
    return True


def recent(db: Database, limit: int = 50) -> list[dict[str, Any]]:
    return list(db.query("select * from counciltax_submission order by created_at desc limit ?", [limit]))
