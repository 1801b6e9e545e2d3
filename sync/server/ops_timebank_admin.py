"""A time broker's member management on the council: profile changes, suspensions, resolved flags.

Operation types (payloads built by ``kiosk.timebank.member_admin``; sealed, since
they carry personal data; none is accepted from a self-service kiosk):

- ``timebank.member.update``      ``{account_id, changes, by, at, reason?}``: contact details, languages,
                                  skills, interests, availability, badges (``members.BADGES``) of a
                                  person; republishes the account. Taking a badge away needs a
                                  ``reason``; each badge change is kept in ``timebank_badge_changes``
                                  (added, removed, reason, by, at)
- ``timebank.member.set_status``  ``{id, account_id, status, reason, by, at}``: suspend (from active
                                  or pending) or reinstate (from suspended); a suspended member cannot
                                  exchange (``account_not_active``). Kept in ``timebank_status_changes``
- ``timebank.flag.resolve``       ``{exchange_id, action, note, by, at, new_exchange_id}``: a broker's
                                  decision on a flagged exchange, once: ``accept`` (with a note) or
                                  ``charge_again`` (names the new exchange, same parties and minutes).
                                  The flagged exchange itself never changes; the resolution is a row of
                                  ``timebank_flag_resolutions``

What devices pull: the account again (``timebank.account``), ``timebank.status_change`` (key: its
id) and ``timebank.flag_resolution`` (key: the exchange id), in the scopes of the people concerned
and of the sending device.
"""

from __future__ import annotations

from typing import Any, Literal

import pydantic
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk.timebank.member_admin import OP_RESOLVE_FLAG, OP_SET_STATUS, OP_UPDATE
from kiosk.timebank.members import BADGES
from kiosk.timeutil import now_iso
from sync import protocol
from sync.server import db
from sync.server.db import Id, Time, metadata
from sync.server.operations import Device, Rejected, operation
from sync.server.ops_timebank import (
    _account_scopes,
    _known_exchange,
    _member,
    _no_kiosk,
    _parse,
    _publish_account,
    _utc,
    _uuid,
    exchange_data,
    get_account,
    get_exchange,
)
from sync.server.timebank_tables import timebank_accounts, timebank_exchanges

ENTITY_STATUS_CHANGE = "timebank.status_change"
ENTITY_FLAG_RESOLUTION = "timebank.flag_resolution"

timebank_status_changes = sa.Table(
    "timebank_status_changes",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("account_id", Id, nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("at", Time, nullable=False),
    sa.Column("device_id", Id, nullable=False),
    sa.Column("received_at", Time, nullable=False),
)

timebank_badge_changes = sa.Table(
    "timebank_badge_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("account_id", Id, nullable=False, index=True),
    sa.Column("added", db.Json, nullable=False),
    sa.Column("removed", db.Json, nullable=False),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("at", Time, nullable=False),
    sa.Column("device_id", Id, nullable=False),
    sa.Column("received_at", Time, nullable=False),
)

timebank_flag_resolutions = sa.Table(
    "timebank_flag_resolutions",
    metadata,
    sa.Column("exchange_id", Id, primary_key=True),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("at", Time, nullable=False),
    sa.Column("new_exchange_id", Id),
    sa.Column("device_id", Id, nullable=False),
    sa.Column("received_at", Time, nullable=False),
)

Staff = pydantic.constr(min_length=1, max_length=200)
Words = pydantic.conlist(pydantic.constr(max_length=80), max_length=30)


class ProfileChanges(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    phone: pydantic.constr(max_length=32) | None = None  # type: ignore[valid-type]
    email: pydantic.constr(max_length=200) | None = None  # type: ignore[valid-type]
    postcode: pydantic.constr(max_length=16) | None = None  # type: ignore[valid-type]
    languages: Words | None = None  # type: ignore[valid-type]
    skills: Words | None = None  # type: ignore[valid-type]
    interests: Words | None = None  # type: ignore[valid-type]
    availability: pydantic.constr(max_length=500) | None = None  # type: ignore[valid-type]
    badges: Words | None = None  # type: ignore[valid-type]


class UpdatePayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    account_id: str
    changes: ProfileChanges
    by: Staff  # type: ignore[valid-type]
    at: str
    reason: pydantic.constr(max_length=500) = ""  # type: ignore[valid-type]


class StatusPayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    id: str
    account_id: str
    status: Literal["active", "suspended"]
    reason: pydantic.constr(min_length=1, max_length=500)  # type: ignore[valid-type]
    by: Staff  # type: ignore[valid-type]
    at: str


class ResolvePayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    exchange_id: str
    action: Literal["accept", "charge_again"]
    note: pydantic.constr(max_length=500) = ""  # type: ignore[valid-type]
    by: Staff  # type: ignore[valid-type]
    at: str
    new_exchange_id: str | None = None


def _scopes(conn: Connection, device: Device, *account_ids: str) -> list[str]:
    scopes: dict[str, None] = {}
    for account_id in account_ids:
        account = get_account(conn, account_id)
        if account is not None and account.kind == "person":
            for scope in _account_scopes(account):
                scopes[scope] = None
    scopes[protocol.device_scope(device.id)] = None
    return list(scopes)


@operation(OP_UPDATE, schema_versions=(1,))
def update(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(UpdatePayload, payload)
    _no_kiosk(device, "change a member's details")
    account = _member(conn, p.account_id)
    _utc(p.at, "at")
    changes = p.changes.model_dump(exclude_none=True)
    if not changes:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, "changes names nothing to change.")
    if "badges" in changes:
        _record_badges(conn, device, account, changes["badges"], p)
    conn.execute(timebank_accounts.update().where(timebank_accounts.c.id == account.id).values(
        **changes, updated_at=now_iso()))
    _publish_account(conn, account.id)
    return {"account_id": account.id, "changed": sorted(changes)}


def _record_badges(conn: Connection, device: Device, account: Any, badges: list[str], p: UpdatePayload) -> None:
    """Check a badge change against the council's copy and keep who made it, when and why."""
    unknown = [badge for badge in badges if badge not in BADGES]
    if unknown:
        raise Rejected("unknown_badge", f"Unknown badge {', '.join(unknown)}: badges are {', '.join(BADGES)}.")
    had = list(account.badges or [])
    added = [badge for badge in badges if badge not in had]
    removed = [badge for badge in had if badge not in badges]
    if removed and not p.reason.strip():
        raise Rejected("reason_missing", "Taking a badge away needs a reason.")
    if added or removed:
        conn.execute(timebank_badge_changes.insert().values(
            account_id=account.id, added=added, removed=removed, reason=p.reason, by=p.by, at=p.at,
            device_id=device.id, received_at=now_iso()))


@operation(OP_SET_STATUS, schema_versions=(1,))
def set_status(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(StatusPayload, payload)
    _no_kiosk(device, "suspend or reinstate a member")
    change_id = _uuid(p.id, "id")
    account = _member(conn, p.account_id)
    _utc(p.at, "at")
    existing = conn.execute(sa.select(timebank_status_changes).where(
        timebank_status_changes.c.id == change_id)).first()
    if existing is not None:
        if (existing.account_id, existing.status) == (account.id, p.status):
            return {"account_id": account.id, "status": account.status}
        raise Rejected("change_exists", "Another status change was already recorded with this id.")
    if p.status == "suspended" and account.status == "suspended":
        raise Rejected("already_suspended", "The member is already suspended.")
    if p.status == "active" and account.status != "suspended":
        raise Rejected("not_suspended", f"The member is {account.status}, not suspended.")
    now = now_iso()
    record = {"id": change_id, "account_id": account.id, "status": p.status, "reason": p.reason, "by": p.by,
              "at": p.at}
    conn.execute(timebank_status_changes.insert().values(**record, device_id=device.id, received_at=now))
    conn.execute(timebank_accounts.update().where(timebank_accounts.c.id == account.id).values(
        status=p.status, updated_at=now))
    _publish_account(conn, account.id)
    for scope in _scopes(conn, device, account.id):
        db.publish(conn, ENTITY_STATUS_CHANGE, change_id, record, scope)
    return {"account_id": account.id, "status": p.status}


@operation(OP_RESOLVE_FLAG, schema_versions=(1,))
def resolve_flag(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(ResolvePayload, payload)
    _no_kiosk(device, "resolve a flagged exchange")
    exchange = _known_exchange(conn, p.exchange_id)
    _utc(p.at, "at")
    existing = conn.execute(sa.select(timebank_flag_resolutions).where(
        timebank_flag_resolutions.c.exchange_id == exchange.id)).first()
    if existing is not None:
        if (existing.action, existing.new_exchange_id) == (p.action, p.new_exchange_id):
            return {"exchange_id": exchange.id, "action": existing.action}
        raise Rejected("already_resolved", "A broker has already resolved this exchange.")
    if not exchange.flagged:
        raise Rejected("not_flagged", "Only a flagged exchange is resolved by a broker.")
    if p.action == "accept":
        if not p.note.strip():
            raise Rejected("note_missing", "Accepting a flagged exchange needs a note saying why.")
        if p.new_exchange_id is not None:
            raise Rejected(protocol.REASON_INVALID_PAYLOAD, "Only charge_again names a new exchange.")
    else:
        if exchange.state != "rejected" or exchange.kind not in ("transfer", "donation"):
            raise Rejected("cannot_charge_again", "Only a refused transfer or donation is charged again.")
        again = get_exchange(conn, _uuid(p.new_exchange_id, "new_exchange_id"))
        if again is None:
            raise Rejected("unknown_exchange", "The new exchange has not reached the council.")
        same = (again.kind, again.payer_id, again.payee_id, again.minutes) == (
            exchange.kind, exchange.payer_id, exchange.payee_id, exchange.minutes)
        if not same or again.id == exchange.id:
            raise Rejected("not_the_same", "The new exchange must move the same minutes between the same people.")
        if conn.execute(sa.select(timebank_flag_resolutions.c.exchange_id).where(
                timebank_flag_resolutions.c.new_exchange_id == again.id)).first():
            raise Rejected("already_used", "That exchange already settles another flag.")
    record = {"exchange_id": exchange.id, "action": p.action, "note": p.note, "by": p.by, "at": p.at,
              "new_exchange_id": p.new_exchange_id}
    conn.execute(timebank_flag_resolutions.insert().values(**record, device_id=device.id, received_at=now_iso()))
    for scope in _scopes(conn, device, exchange.payer_id, exchange.payee_id):
        db.publish(conn, ENTITY_FLAG_RESOLUTION, exchange.id, record, scope)
    return {"exchange_id": exchange.id, "action": p.action}


def unresolved_flags(conn: Connection, limit: int = 500) -> list[dict[str, Any]]:
    """Flagged exchanges no broker has resolved yet, newest first (the council's broker list)."""
    resolved = sa.select(timebank_flag_resolutions.c.exchange_id)
    rows = conn.execute(sa.select(timebank_exchanges).where(
        timebank_exchanges.c.flagged.is_(True), timebank_exchanges.c.id.not_in(resolved))
        .order_by(timebank_exchanges.c.received_at.desc()).limit(limit)).all()
    return [exchange_data(conn, row) for row in rows]
