"""Outreach cases on the council service: created by an officer, checked out to one worker's device.

    kiosk council cases add --hub HUB --name NAME [--address TEXT] [--needs TEXT]
    kiosk council cases checkout CASE_ID --staff STAFF_ID --device DEVICE_ID [--hours 8]
    kiosk council cases checkin CASE_ID
    kiosk council cases expire
    kiosk council cases list [--json]
    kiosk council cases visits [--json]

A checked-out case is published as ``outreach.case`` (key = case id) in the
scope of that one device (``device:<id>``) and withdrawn by a tombstone in the
same scope at check-in or expiry (``expire_due``, run by every command here and
every outreach operation; ``cases expire`` can run from a timer). The device
does not wait for the tombstone: it purges the case at ``expires_at`` from its
own clock (``kiosk.outreach``).

Operations from the device: ``outreach.visit`` (sealed; opened by the push loop
before the handler sees it) records a visit; ``outreach.checkin`` hands a case
back early.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk.i18n import _
from kiosk.outreach import ENTITY, NOTES_MAX, OUTCOMES
from kiosk.staff import CHECK_OUT_CASES, can
from kiosk.timeutil import from_iso, to_iso, utcnow
from sync import protocol
from sync.server import db
from sync.server.db import Id, Time, metadata
from sync.server.operations import Device, Rejected, operation

MIN_HOURS, MAX_HOURS, DEFAULT_HOURS = 1.0, 7 * 24.0, 8.0
OPEN, CHECKED_OUT = "open", "checked_out"

outreach_cases = sa.Table(
    "outreach_cases",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("hub_id", Id, sa.ForeignKey("hubs.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("address", sa.Text, nullable=False, server_default=""),
    sa.Column("needs", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("staff_id", Id),
    sa.Column("device_id", Id),
    sa.Column("checked_out_at", Time),
    sa.Column("expires_at", Time),
    sa.Column("created_at", Time, nullable=False),
    sa.Column("updated_at", Time, nullable=False),
)

outreach_visits = sa.Table(
    "outreach_visits",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("case_id", Id, nullable=False),
    sa.Column("device_id", Id, nullable=False),
    sa.Column("staff_id", Id, nullable=False),
    sa.Column("outcome", sa.String(32), nullable=False),
    sa.Column("notes", sa.Text, nullable=False, server_default=""),
    sa.Column("visited_at", Time, nullable=False),
    sa.Column("received_at", Time, nullable=False),
)


class CaseError(Exception):
    """A management command that cannot be done; the message (translated) is for the officer."""


def _clean(text: str | None, limit: int) -> str:
    return " ".join((text or "").split())[:limit]


def add_case(conn: Connection, hub: str, name: str, address: str = "", needs: str = "") -> dict[str, Any]:
    hub_row = db.find_hub(conn, hub)
    if hub_row is None:
        raise CaseError(_("No hub called {hub!r}.").format(hub=hub))
    name = _clean(name, 201)
    if not name or len(name) > 200:
        raise CaseError(_("Give the resident's name (at most 200 characters)."))
    now = to_iso(utcnow())
    case_id = str(uuid.uuid4())
    conn.execute(outreach_cases.insert().values(
        id=case_id, hub_id=hub_row.id, name=name, address=(address or "").strip()[:1000],
        needs=(needs or "").strip()[:2000], status=OPEN, created_at=now, updated_at=now))
    return _case(conn, case_id)


def _case(conn: Connection, case_id: str) -> dict[str, Any]:
    row = conn.execute(sa.select(outreach_cases).where(outreach_cases.c.id == case_id)).first()
    if row is None:
        raise CaseError(_("No case {case}.").format(case=case_id))
    return dict(row._mapping)


def checkout(conn: Connection, case_id: str, staff_id: str, device_id: str, hours: float = DEFAULT_HOURS,
             now: datetime | None = None) -> dict[str, Any]:
    """Publish the case to one device for ``hours``; returns the case."""
    from sync.server.staff import staff as staff_table

    now = now or utcnow()
    expire_due(conn, now)
    if not MIN_HOURS <= hours <= MAX_HOURS:
        raise CaseError(_("A case is checked out for {low} to {high} hours.").format(
            low=f"{MIN_HOURS:g}", high=f"{MAX_HOURS:g}"))
    case = _case(conn, case_id)
    if case["status"] == CHECKED_OUT:
        raise CaseError(_("Case {case} is already checked out until {expires}; check it in first.").format(
            case=case_id, expires=case["expires_at"]))
    worker = conn.execute(sa.select(staff_table).where(staff_table.c.id == staff_id)).first()
    if worker is None or worker.disabled_at is not None:
        raise CaseError(_("No active staff member {staff}.").format(staff=staff_id))
    if not can(worker.role, CHECK_OUT_CASES):
        raise CaseError(_("{name} ({role}) may not take outreach cases.").format(name=worker.name, role=worker.role))
    device = conn.execute(sa.select(db.devices).where(db.devices.c.id == device_id)).first()
    if device is None or device.revoked_at is not None:
        raise CaseError(_("No active device {device}.").format(device=device_id))
    if device.hub_id != case["hub_id"] or worker.hub_id != case["hub_id"]:
        raise CaseError(_("The case, the worker and the device must belong to the same hub."))
    expires = now + timedelta(hours=hours)
    conn.execute(outreach_cases.update().where(outreach_cases.c.id == case_id).values(
        status=CHECKED_OUT, staff_id=staff_id, device_id=device_id, checked_out_at=to_iso(now),
        expires_at=to_iso(expires), updated_at=to_iso(now)))
    case = _case(conn, case_id)
    db.publish(conn, ENTITY, case_id, {
        "id": case_id, "hub_id": case["hub_id"], "staff_id": staff_id, "name": case["name"],
        "address": case["address"], "needs": case["needs"], "checked_out_at": case["checked_out_at"],
        "expires_at": case["expires_at"]}, scope=protocol.device_scope(device_id))
    return case


def _withdraw(conn: Connection, case: dict[str, Any], now: datetime) -> None:
    db.tombstone(conn, ENTITY, case["id"], scope=protocol.device_scope(case["device_id"]))
    conn.execute(outreach_cases.update().where(outreach_cases.c.id == case["id"]).values(
        status=OPEN, staff_id=None, device_id=None, checked_out_at=None, expires_at=None,
        updated_at=to_iso(now)))


def checkin(conn: Connection, case_id: str, now: datetime | None = None) -> bool:
    """Withdraw the case from its device (False when it was not checked out)."""
    case = _case(conn, case_id)
    if case["status"] != CHECKED_OUT:
        return False
    _withdraw(conn, case, now or utcnow())
    return True


def expire_due(conn: Connection, now: datetime | None = None) -> int:
    """Tombstone every checkout whose time is up; returns how many."""
    now = now or utcnow()
    rows = conn.execute(sa.select(outreach_cases).where(
        outreach_cases.c.status == CHECKED_OUT, outreach_cases.c.expires_at <= to_iso(now))).all()
    for row in rows:
        _withdraw(conn, dict(row._mapping), now)
    return len(rows)


def list_cases(conn: Connection) -> list[dict[str, Any]]:
    visits = (sa.select(sa.func.count()).where(outreach_visits.c.case_id == outreach_cases.c.id)
              .scalar_subquery())
    rows = conn.execute(sa.select(outreach_cases, visits.label("visits"))
                        .order_by(outreach_cases.c.hub_id, outreach_cases.c.created_at))
    return [dict(r._mapping) for r in rows]


def list_visits(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(sa.select(outreach_visits).order_by(outreach_visits.c.visited_at))
    return [dict(r._mapping) for r in rows]


# --- operations from devices ------------------------------------------------------------


def _text(payload: dict[str, Any], field: str) -> str:
    value = payload.get(field)
    if not isinstance(value, str) or not value:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, f"{field} is missing or not text.")
    return value


def _device_case(conn: Connection, device: Device, case_id: str) -> dict[str, Any]:
    try:
        case = _case(conn, case_id)
    except CaseError:
        raise Rejected("unknown_case", f"No outreach case {case_id}.") from None
    if case["hub_id"] != device.hub_id:
        raise Rejected("wrong_hub", "This case belongs to another hub.")
    return case


@operation("outreach.visit", schema_versions=(1,))
def visit(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    visit_id, case_id, staff_id = (_text(payload, f) for f in ("visit_id", "case_id", "staff_id"))
    outcome = _text(payload, "outcome")
    if outcome not in OUTCOMES:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, f"Unknown outcome {outcome!r}.")
    notes = payload.get("notes") or ""
    if not isinstance(notes, str) or len(notes) > NOTES_MAX:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, f"notes must be text of at most {NOTES_MAX} characters.")
    try:
        visited_at = to_iso(from_iso(_text(payload, "visited_at")))
    except ValueError:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, "visited_at is not a time.") from None
    # A visit recorded offline before the case expired is still worth keeping: only the hub is checked.
    _device_case(conn, device, case_id)
    if conn.execute(sa.select(outreach_visits.c.id).where(outreach_visits.c.id == visit_id)).first() is None:
        conn.execute(outreach_visits.insert().values(
            id=visit_id, case_id=case_id, device_id=device.id, staff_id=staff_id, outcome=outcome,
            notes=notes, visited_at=visited_at, received_at=to_iso(utcnow())))
    expire_due(conn)
    return {"visit_id": visit_id}


@operation("outreach.checkin", schema_versions=(1,))
def checkin_op(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    case = _device_case(conn, device, _text(payload, "case_id"))
    # Only the device holding the checkout may hand it back (a late check-in after a new checkout is a no-op).
    withdrawn = case["status"] == CHECKED_OUT and case["device_id"] == device.id and checkin(conn, case["id"])
    expire_due(conn)
    return {"case_id": case["id"], "checked_in": bool(withdrawn)}
