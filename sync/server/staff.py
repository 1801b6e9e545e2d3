"""Staff accounts on the council service, published to their hub's devices as verifiers only.

``kiosk council staff add|disable|reset-pin|list`` manage them. The service
stores a scrypt verifier (``kiosk.staff_pins``), never the PIN; the PIN is
printed once to the officer who creates or resets it. Each change publishes
``staff.account`` (key = staff id, scope ``hub:<hub id>``) in the same
transaction; disabling publishes the account with ``active: false`` and *no
verifier*, so after its next sync a device refuses that person even offline.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk.staff import ENTITY, ROLES
from kiosk.staff_pins import check_pin_policy, make_verifier, new_pin
from kiosk.timeutil import now_iso
from sync import protocol
from sync.server import db
from sync.server.db import Id, Time, metadata

staff = sa.Table(
    "staff",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("hub_id", Id, sa.ForeignKey("hubs.id"), nullable=False),
    sa.Column("verifier", sa.String(200), nullable=False),
    sa.Column("created_at", Time, nullable=False),
    sa.Column("updated_at", Time, nullable=False),
    sa.Column("disabled_at", Time),
)


class StaffError(Exception):
    """A management command that cannot be done; the message is for the officer."""


def _published(row: Any) -> dict[str, Any]:
    active = row.disabled_at is None
    return {"id": row.id, "name": row.name, "role": row.role, "hub_id": row.hub_id,
            "verifier": row.verifier if active else None, "active": active, "updated_at": row.updated_at}


def _publish(conn: Connection, staff_id: str) -> dict[str, Any]:
    row = conn.execute(sa.select(staff).where(staff.c.id == staff_id)).one()
    data = _published(row)
    db.publish(conn, ENTITY, row.id, data, scope=protocol.hub_scope(row.hub_id))
    return data


def add(conn: Connection, name: str, role: str, hub: str, pin: str | None = None) -> tuple[dict[str, Any], str]:
    """Create an account; returns (published record without verifier, the PIN to hand over once)."""
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise StaffError("Give the staff member's name (at most 200 characters).")
    if role not in ROLES:
        raise StaffError(f"Unknown role {role!r}; one of {', '.join(ROLES)}.")
    hub_row = db.find_hub(conn, hub)
    if hub_row is None:
        raise StaffError(f"No hub called {hub!r}.")
    try:
        pin = check_pin_policy(pin) if pin is not None else new_pin()
    except ValueError as exc:
        raise StaffError(str(exc)) from None
    now = now_iso()
    staff_id = str(uuid.uuid4())
    conn.execute(staff.insert().values(id=staff_id, name=name, role=role, hub_id=hub_row.id,
                                       verifier=make_verifier(pin), created_at=now, updated_at=now))
    data = _publish(conn, staff_id)
    return {k: v for k, v in data.items() if k != "verifier"}, pin


def _existing(conn: Connection, staff_id: str) -> Any:
    row = conn.execute(sa.select(staff).where(staff.c.id == staff_id)).first()
    if row is None:
        raise StaffError(f"No staff member {staff_id}.")
    return row


def disable(conn: Connection, staff_id: str) -> bool:
    """Disable an account (False when it already was); devices refuse it after their next sync."""
    row = _existing(conn, staff_id)
    if row.disabled_at is not None:
        return False
    now = now_iso()
    conn.execute(staff.update().where(staff.c.id == staff_id).values(disabled_at=now, updated_at=now))
    _publish(conn, staff_id)
    return True


def reset_pin(conn: Connection, staff_id: str, pin: str | None = None) -> str:
    """A new PIN (e.g. after a lost laptop: old verifiers on the disk become useless)."""
    row = _existing(conn, staff_id)
    if row.disabled_at is not None:
        raise StaffError(f"Staff member {staff_id} is disabled.")
    try:
        pin = check_pin_policy(pin) if pin is not None else new_pin()
    except ValueError as exc:
        raise StaffError(str(exc)) from None
    conn.execute(staff.update().where(staff.c.id == staff_id).values(verifier=make_verifier(pin), updated_at=now_iso()))
    _publish(conn, staff_id)
    return pin


def list_staff(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        sa.select(staff.c.id, staff.c.name, staff.c.role, staff.c.hub_id, db.hubs.c.name.label("hub_name"),
                  staff.c.created_at, staff.c.disabled_at)
        .join(db.hubs, db.hubs.c.id == staff.c.hub_id)
        .order_by(db.hubs.c.name, staff.c.name)
    )
    return [dict(r._mapping) for r in rows]
