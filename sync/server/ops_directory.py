"""Directory operation types: ``directory.report`` and ``signposting.usage``.

``directory.report``: a resident or volunteer says a listing is wrong. The payload
is codes only (no free text, so nothing personal can travel in it)::

    {"report_id": uuid, "service_key": "<feed>:<id>", "kind": "closed"|"wrong_details"|"other",
     "reason": null | one of REPORT_REASONS, "reported_at": "…Z"}

``signposting.usage``: anonymous counts a device gathered for one local day::

    {"event": "need_search", "need": "<need id>", "day": "YYYY-MM-DD", "count": 1..10000}
    {"event": "service_view"|"takeaway_qr"|"takeaway_print"|"shortlist",
     "service_key": "<feed>:<id>", "day": "YYYY-MM-DD", "count": 1..10000}

Counts are added up by (hub, day, event, need or service); the device is not
stored with them. The push loop applies each operation once (by op id), so a
device sends one operation per flush of its local counters, with a new op id.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal

import pydantic
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk.directory.needs import NEEDS_BY_ID
from kiosk.timeutil import now_iso, to_iso
from sync import protocol
from sync.server.directory_tables import directory_oruk_services, directory_reports, signposting_usage
from sync.server.operations import Device, Rejected, operation

OP_DIRECTORY_REPORT = "directory.report"
OP_SIGNPOSTING_USAGE = "signposting.usage"
REPORT_KINDS = ("closed", "wrong_details", "other")
REPORT_REASONS = (
    "closed_permanently",
    "closed_temporarily",
    "moved",
    "phone_wrong",
    "address_wrong",
    "times_wrong",
    "website_wrong",
    "cost_wrong",
    "not_as_described",
    "other",
)
USAGE_EVENTS = ("need_search", "service_view", "takeaway_qr", "takeaway_print", "shortlist")
MAX_COUNT = 10_000
MAX_FUTURE = timedelta(hours=24)
MAX_AGE_DAYS = 400
# "<feed>:<id>": a feed name without ':', an id; printable, no edge spaces (feeds and ids are dirty).
_SERVICE_KEY = re.compile(r"^[^:]{1,100}:.{1,200}$", re.DOTALL)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _service_key(value: str) -> str:
    if not _SERVICE_KEY.match(value) or not value.isprintable() or value != value.strip():
        raise ValueError("must be '<feed>:<id>'")
    return value


class ReportPayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", strict=True)

    report_id: str
    service_key: str
    kind: Literal["closed", "wrong_details", "other"]
    reason: Literal[REPORT_REASONS] | None = None  # type: ignore[valid-type]
    reported_at: str

    @pydantic.field_validator("report_id")
    @classmethod
    def _uuid(cls, value: str) -> str:
        return str(uuid.UUID(value))

    @pydantic.field_validator("service_key")
    @classmethod
    def _key(cls, value: str) -> str:
        return _service_key(value)

    @pydantic.field_validator("reported_at")
    @classmethod
    def _utc(cls, value: str) -> str:
        if not value.endswith("Z"):
            raise ValueError("must be UTC ISO 8601 ending in Z")
        moment = datetime.fromisoformat(value[:-1] + "+00:00")
        if moment > datetime.now(timezone.utc) + MAX_FUTURE:
            raise ValueError("is in the future")
        return to_iso(moment)


class UsagePayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", strict=True)

    event: Literal["need_search", "service_view", "takeaway_qr", "takeaway_print", "shortlist"]
    need: str | None = None
    service_key: str | None = None
    day: str
    count: int = pydantic.Field(ge=1, le=MAX_COUNT)

    @pydantic.field_validator("need")
    @classmethod
    def _need(cls, value: str | None) -> str | None:
        if value is not None and value not in NEEDS_BY_ID:
            raise ValueError(f"is not a need ({', '.join(sorted(NEEDS_BY_ID))})")
        return value

    @pydantic.field_validator("service_key")
    @classmethod
    def _key(cls, value: str | None) -> str | None:
        return None if value is None else _service_key(value)

    @pydantic.field_validator("day")
    @classmethod
    def _day(cls, value: str) -> str:
        if not _DAY.match(value):
            raise ValueError("must be a date YYYY-MM-DD")
        day = date.fromisoformat(value)
        today = datetime.now(timezone.utc).date()
        if day > today + timedelta(days=1):
            raise ValueError("is in the future")
        if day < today - timedelta(days=MAX_AGE_DAYS):
            raise ValueError(f"is more than {MAX_AGE_DAYS} days ago")
        return value

    @pydantic.model_validator(mode="after")
    def _subject(self) -> "UsagePayload":
        if self.event == "need_search":
            if self.need is None or self.service_key is not None:
                raise ValueError("need_search takes a need and no service_key")
        elif self.service_key is None or self.need is not None:
            raise ValueError(f"{self.event} takes a service_key and no need")
        return self

    @property
    def subject(self) -> str:
        return self.need if self.event == "need_search" else self.service_key  # type: ignore[return-value]


def _message(exc: pydantic.ValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "payload"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


@operation(OP_DIRECTORY_REPORT, schema_versions=(1,))
def directory_report(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    try:
        report = ReportPayload.model_validate(payload)
    except pydantic.ValidationError as exc:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, _message(exc)) from None
    values = {"service_key": report.service_key, "kind": report.kind, "reason": report.reason,
              "reported_at": report.reported_at}
    existing = conn.execute(sa.select(directory_reports).where(
        directory_reports.c.report_id == report.report_id)).first()
    if existing is not None:
        if existing.device_id != device.id or any(getattr(existing, k) != v for k, v in values.items()):
            raise Rejected("report_exists", "A different report with this report_id was already recorded.")
        return {"report_id": report.report_id, "recorded": True}
    conn.execute(directory_reports.insert(), {"report_id": report.report_id, "device_id": device.id,
                                              "hub_id": device.hub_id, "received_at": now_iso(), **values})
    return {"report_id": report.report_id, "recorded": True}


@operation(OP_SIGNPOSTING_USAGE, schema_versions=(1,))
def signposting_usage_op(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    try:
        usage = UsagePayload.model_validate(payload)
    except pydantic.ValidationError as exc:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, _message(exc)) from None
    table = signposting_usage
    where = (table.c.hub_id == device.hub_id, table.c.day == usage.day, table.c.event == usage.event,
             table.c.subject == usage.subject)
    updated = conn.execute(table.update().where(*where).values(count=table.c.count + usage.count)).rowcount
    if updated == 0:
        conn.execute(table.insert(), {"hub_id": device.hub_id, "day": usage.day, "event": usage.event,
                                      "subject": usage.subject, "count": usage.count})
    return {"counted": usage.count}


# --- reading, for the command line and open data ---------------------------------------------

def list_reports(conn: Connection) -> list[dict[str, Any]]:
    from sync.server import db

    services = directory_oruk_services
    query = (
        sa.select(directory_reports, db.hubs.c.name.label("hub_name"), services.c.name.label("service_name"))
        .join(db.hubs, db.hubs.c.id == directory_reports.c.hub_id)
        .outerjoin(services, services.c.key == directory_reports.c.service_key)
        .order_by(directory_reports.c.received_at, directory_reports.c.report_id)
    )
    return [{k: v for k, v in row._mapping.items() if k != "device_id"} for row in conn.execute(query)]


def usage_rows(conn: Connection) -> list[dict[str, Any]]:
    """Counts for open data; a confidential service's views are merged under 'confidential'."""
    return [dict(row._mapping) for row in conn.execute(usage_query())]


def usage_query() -> sa.Select:
    from sync.server import db

    services = directory_oruk_services
    subject = sa.case((services.c.confidential == sa.true(), sa.literal("confidential")),
                      else_=signposting_usage.c.subject)
    query = (
        sa.select(signposting_usage.c.day, db.hubs.c.name.label("hub"), signposting_usage.c.event,
                  subject.label("subject"), sa.func.sum(signposting_usage.c.count).label("count"))
        .join(db.hubs, db.hubs.c.id == signposting_usage.c.hub_id)
        .outerjoin(services, services.c.key == signposting_usage.c.subject)
        .group_by(signposting_usage.c.day, db.hubs.c.name, signposting_usage.c.event, subject)
        .order_by(signposting_usage.c.day, db.hubs.c.name, signposting_usage.c.event, subject)
    )
    return query


def feedback_rows(conn: Connection) -> list[dict[str, Any]]:
    """Feedback ratings counted by day, hub, task family and rating (no reason text, no device)."""
    return [dict(row._mapping) for row in conn.execute(feedback_query())]


def feedback_query() -> sa.Select:
    from sync.server import db

    ratings = db.feedback_ratings
    day = sa.func.substr(ratings.c.rated_at, 1, 10)
    query = (
        sa.select(day.label("day"), db.hubs.c.name.label("hub"), ratings.c.task_family, ratings.c.rating,
                  sa.func.count().label("count"))
        .join(db.hubs, db.hubs.c.id == ratings.c.hub_id)
        .group_by(day, db.hubs.c.name, ratings.c.task_family, ratings.c.rating)
        .order_by(day, db.hubs.c.name, ratings.c.task_family, ratings.c.rating)
    )
    return query
