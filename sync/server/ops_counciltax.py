"""``counciltax.request``: a resident's council-tax request, received from a device.

The payload is what ``kiosk.counciltax.submissions.submit`` queued:
``{"submission_id", "reference", "request_type", "answers", "submitted_at"}``.
The service checks its shape against the same request definitions the device
used (known type, known questions, a well-formed reference), checks bank
details through a pluggable ``BankAdapter`` (the demo adapter checks the format
only), stores the submission as *received* and publishes its status
(``counciltax.submission_status``, key = reference) to the sending hub, so any
volunteer there can look the reference up. ``set_status`` moves it on
(in progress, done, rejected with a reason) and publishes again.

Date rules that depend on "today" (a first payment not in the past ...) are
the device's to check at the moment of asking: a request made offline may
reach the council days later and must not be refused for that.
"""

from __future__ import annotations

import uuid
import weakref
from datetime import datetime
from typing import Any, Protocol

import pydantic
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk.counciltax import reference as references
from kiosk.counciltax.requests import REQUEST_TYPES
from kiosk.counciltax.submissions import DONE, IN_PROGRESS, OP_TYPE, RECEIVED, REJECTED
from kiosk.counciltax.validators import account_number, sort_code
from kiosk.timeutil import now_iso
from sync import protocol
from sync.server import db
from sync.server.db import Id, Json, Time, metadata
from sync.server.operations import Device, Rejected, operation

ENTITY_STATUS = "counciltax.submission_status"
COUNCIL_STATUSES = (RECEIVED, IN_PROGRESS, DONE, REJECTED)

counciltax_submissions = sa.Table(
    "counciltax_submissions",
    metadata,
    sa.Column("reference", sa.String(16), primary_key=True),
    sa.Column("submission_id", Id, nullable=False, unique=True),
    sa.Column("device_id", Id, nullable=False),
    sa.Column("hub_id", Id, nullable=False),
    sa.Column("request_type", sa.String(64), nullable=False),
    sa.Column("answers", Json, nullable=False),
    sa.Column("submitted_at", Time, nullable=False),   # on the device
    sa.Column("received_at", Time, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("status_reason", sa.Text),
    sa.Column("updated_at", Time, nullable=False),
)

_ready: weakref.WeakSet = weakref.WeakSet()


def ensure_tables(conn: Connection) -> None:
    """Create the table if this database predates it (handlers are imported lazily)."""
    if conn.engine in _ready:
        return
    metadata.create_all(conn, tables=[counciltax_submissions], checkfirst=True)
    _ready.add(conn.engine)


# --- bank details ------------------------------------------------------------

class BankAdapter(Protocol):
    def check(self, sort_code: str, account_number: str) -> str | None:
        """None when the details can take a Direct Debit / refund, else the reason (English)."""


class DemoBankAdapter:
    """Format checks only, plus one rule so the refusal path can be shown: sort codes 00-xx-xx are unknown.

    A council plugs in its bank-validation provider (a modulus-check service) here.
    """

    def check(self, sort_code_text: str, account_number_text: str) -> str | None:
        if sort_code(sort_code_text, {}) or account_number(account_number_text, {}):
            return "The sort code or account number is not in the right format."
        if "".join(ch for ch in sort_code_text if ch.isdigit()).startswith("00"):
            return "No bank uses this sort code."
        return None


BANK_ADAPTER: BankAdapter = DemoBankAdapter()


# --- the operation -----------------------------------------------------------

class RequestPayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", strict=True)

    submission_id: str
    reference: str
    request_type: str
    answers: dict[str, Any]
    submitted_at: str

    @pydantic.field_validator("submission_id")
    @classmethod
    def _uuid(cls, value: str) -> str:
        return str(uuid.UUID(value))

    @pydantic.field_validator("reference")
    @classmethod
    def _reference(cls, value: str) -> str:
        if references.normalise(value) != value:
            raise ValueError("is not a valid CT- reference")
        return value

    @pydantic.field_validator("request_type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in REQUEST_TYPES:
            raise ValueError(f"unknown request type {value!r}")
        return value

    @pydantic.field_validator("submitted_at")
    @classmethod
    def _utc(cls, value: str) -> str:
        if not value.endswith("Z"):
            raise ValueError("must be UTC ISO 8601 ending in Z")
        datetime.fromisoformat(value[:-1] + "+00:00")
        return value


def _status_data(row: Any) -> dict[str, Any]:
    return {"status": row.status, "reason": row.status_reason, "updated_at": row.updated_at,
            "request_type": row.request_type}


def _publish_status(conn: Connection, reference: str) -> None:
    row = conn.execute(sa.select(counciltax_submissions).where(
        counciltax_submissions.c.reference == reference)).one()
    db.publish(conn, ENTITY_STATUS, reference, _status_data(row), protocol.hub_scope(row.hub_id))
    db.publish(conn, ENTITY_STATUS, reference, _status_data(row), protocol.device_scope(row.device_id))


@operation(OP_TYPE, schema_versions=(1,))
def counciltax_request(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    try:
        request = RequestPayload.model_validate(payload)
    except pydantic.ValidationError as exc:
        where = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'payload'}: {e['msg']}" for e in exc.errors()[:5])
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, where) from None
    kind = REQUEST_TYPES[request.request_type]
    known = {q.id for q in kind.questions}
    unknown = sorted(set(request.answers) - known)
    if unknown:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, f"Unknown answers for {kind.id}: {', '.join(unknown)}.")
    if "sort_code" in known:
        problem = BANK_ADAPTER.check(str(request.answers.get("sort_code", "")),
                                     str(request.answers.get("account_number", "")))
        if problem:
            raise Rejected("bank_details", problem)
    ensure_tables(conn)
    existing = conn.execute(sa.select(counciltax_submissions).where(
        counciltax_submissions.c.reference == request.reference)).first()
    if existing is not None:
        if existing.submission_id == request.submission_id and existing.answers == request.answers:
            return {"reference": request.reference, "status": existing.status}  # the same request again
        raise Rejected("reference_exists", "Another request already has this reference.")
    now = now_iso()
    conn.execute(counciltax_submissions.insert(), {
        "reference": request.reference, "submission_id": request.submission_id, "device_id": device.id,
        "hub_id": device.hub_id, "request_type": request.request_type, "answers": request.answers,
        "submitted_at": request.submitted_at, "received_at": now, "status": RECEIVED, "status_reason": None,
        "updated_at": now,
    })
    _publish_status(conn, request.reference)
    return {"reference": request.reference, "status": RECEIVED}


# --- council officer's side (``kiosk council submissions`` / ``submission-status``) ---

def list_submissions(conn: Connection) -> list[dict[str, Any]]:
    """Every submission, newest first, without the answers (those are for the case system)."""
    ensure_tables(conn)
    columns = [c for c in counciltax_submissions.c if c.name != "answers"]
    rows = conn.execute(sa.select(*columns).order_by(counciltax_submissions.c.received_at.desc()))
    return [dict(row._mapping) for row in rows]


class StatusError(ValueError):
    pass


def set_status(conn: Connection, reference: str, status: str, reason: str | None = None) -> dict[str, Any]:
    """Move a submission on and publish the new status; a rejection needs a reason the resident can be told."""
    ensure_tables(conn)
    ref = references.normalise(reference)
    if ref is None:
        raise StatusError(f"{reference!r} is not a valid reference")
    if status not in COUNCIL_STATUSES:
        raise StatusError(f"status must be one of {', '.join(COUNCIL_STATUSES)}")
    if status == REJECTED and not (reason or "").strip():
        raise StatusError("say why it is rejected (--reason)")
    result = conn.execute(counciltax_submissions.update().where(counciltax_submissions.c.reference == ref).values(
        status=status, status_reason=(reason or "").strip() or None, updated_at=now_iso()))
    if result.rowcount == 0:
        raise StatusError(f"no submission {ref}")
    _publish_status(conn, ref)
    row = conn.execute(sa.select(counciltax_submissions).where(counciltax_submissions.c.reference == ref)).one()
    return {"reference": ref, **_status_data(row)}
