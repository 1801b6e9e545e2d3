"""``feedback.rating``: a resident's 1-5 rating of a task, gathered at the point of use.

Counted by hub and task family (``db.feedback_counts``) and served as open data
at ``/api/v1/open-data/feedback``. The payload carries nothing personal.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

import pydantic
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk.timeutil import now_iso, to_iso
from sync import protocol
from sync.server import db
from sync.server.operations import Device, Rejected, operation

TASK_FAMILIES = ("counciltax", "timebank", "findhelp", "other")
# Why a rating was given (optional; asked after a low rating on the kiosk).
REASONS = (
    "hard_to_use",
    "took_too_long",
    "could_not_find",
    "language",
    "not_what_i_needed",
    "technical_problem",
    "other",
)
# A device clock may run a little fast; a rating from the far future is a bug.
MAX_FUTURE = timedelta(hours=24)


class RatingPayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", strict=True)

    rating_id: str
    task_family: Literal["counciltax", "timebank", "findhelp", "other"]
    rating: int = pydantic.Field(ge=1, le=5)
    reason: Literal[REASONS] | None  # type: ignore[valid-type]
    rated_at: str

    @pydantic.field_validator("rating_id")
    @classmethod
    def _uuid(cls, value: str) -> str:
        return str(uuid.UUID(value))

    @pydantic.field_validator("rated_at")
    @classmethod
    def _utc(cls, value: str) -> str:
        if not value.endswith("Z"):
            raise ValueError("must be UTC ISO 8601 ending in Z")
        moment = datetime.fromisoformat(value[:-1] + "+00:00")
        if moment > datetime.now(timezone.utc) + MAX_FUTURE:
            raise ValueError("is in the future")
        return to_iso(moment)


_FIND_RATING = sa.select(db.feedback_ratings).where(
    db.feedback_ratings.c.rating_id == sa.bindparam("rating_id")
)
# Insert unless the rating_id is there already: one statement instead of a
# look-up and an insert for every new rating (the common case). Portable Core
# (INSERT ... SELECT ... WHERE NOT EXISTS); built once, so its compiled form is cached.
_RATING_COLUMNS = ("rating_id", "device_id", "hub_id", "task_family", "rating", "reason", "rated_at", "received_at")
_INSERT_NEW_RATING = db.feedback_ratings.insert().from_select(
    _RATING_COLUMNS,
    sa.select(*(sa.bindparam(name, type_=db.feedback_ratings.c[name].type) for name in _RATING_COLUMNS)).where(
        ~sa.exists().where(db.feedback_ratings.c.rating_id == sa.bindparam("rating_id"))
    ),
)


def validation_message(exc: pydantic.ValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "payload"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


@operation(protocol.OP_FEEDBACK_RATING, schema_versions=(1,))
def feedback_rating(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    try:
        rating = RatingPayload.model_validate(payload)
    except pydantic.ValidationError as exc:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, validation_message(exc)) from None
    values = {
        "task_family": rating.task_family,
        "rating": rating.rating,
        "reason": rating.reason,
        "rated_at": rating.rated_at,
    }
    inserted = conn.execute(
        _INSERT_NEW_RATING,
        {
            "rating_id": rating.rating_id,
            "device_id": device.id,
            "hub_id": device.hub_id,
            "received_at": now_iso(),
            **values,
        },
    ).rowcount
    if inserted != 1:
        # The same rating sent again under a new op_id: idempotent on its own id.
        existing = conn.execute(_FIND_RATING, {"rating_id": rating.rating_id}).one()
        same = existing.device_id == device.id and all(getattr(existing, k) == v for k, v in values.items())
        if not same:
            raise Rejected("rating_exists", "A different rating with this rating_id was already recorded.")
    return {"rating_id": rating.rating_id, "recorded": True}
