"""The council's side of the offers and requests board, opportunities and shortlists.

Operation types (payloads built by ``kiosk.timebank.opportunities``):

- ``timebank.offer.post``, ``timebank.request.post``: a member's offer or request
  (the poster must be an active person);
- ``timebank.opportunity.post``: an organisation's opportunity, posted by staff
  (refused from a self-service kiosk; the poster must be an organisation);
- ``timebank.offer.withdraw``: any board entry taken off by its poster, or by
  staff from a staff device;
- ``timebank.shortlist.add`` / ``.remove``: a member's shortlist.

The council trusts no name from the device: it writes the poster's first name
(or the organisation's name) and number from its own accounts, and the hub
from the device's enrolment.

What devices see (entity ``timebank.board.item``): opportunities in scope
``all`` (organisations want volunteers from anywhere in the borough), offers
and requests in the scope of the poster's hub (help between neighbours; first
names stay local); both also to the sending device. A withdrawn entry is
published again with ``status = withdrawn``. Shortlists
(``timebank.board.shortlist``, key ``member:item``) go to the member's hub, so
the list follows the member to every device there.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import pydantic
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk.timebank.opportunities import (
    DAYS,
    ENTITY_ITEM,
    ENTITY_SHORTLIST,
    ITEM_FIELDS,
    OP_OFFER,
    OP_OPPORTUNITY,
    OP_REQUEST,
    OP_SHORTLIST_ADD,
    OP_SHORTLIST_REMOVE,
    OP_WITHDRAW,
    first_name,
)
from kiosk.timeutil import now_iso
from sync import protocol
from sync.server import db
from sync.server.operations import Device, Rejected, operation
from sync.server.ops_timebank import _known_categories, _no_kiosk, _parse, _utc, _uuid, get_account
from sync.server.opportunities_tables import timebank_board, timebank_shortlist

Line = pydantic.constr(max_length=200)
Words = pydantic.conlist(pydantic.constr(min_length=1, max_length=80), max_length=30)
Clock = pydantic.constr(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
Age = pydantic.conint(ge=0, le=120)


class ItemPayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    id: str
    kind: Literal["offer", "request", "opportunity"]
    title: pydantic.constr(min_length=1, max_length=120)  # type: ignore[valid-type]
    description: pydantic.constr(max_length=2000) = ""  # type: ignore[valid-type]
    category: pydantic.constr(min_length=1, max_length=64)  # type: ignore[valid-type]
    skills: Words = []  # type: ignore[valid-type]
    languages: Words = []  # type: ignore[valid-type]
    availability: pydantic.constr(max_length=500) = ""  # type: ignore[valid-type]
    starts_at: Line | None = None  # type: ignore[valid-type]
    ends_at: Line | None = None  # type: ignore[valid-type]
    repeat_days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = []
    start_time: Clock | None = None  # type: ignore[valid-type]
    end_time: Clock | None = None  # type: ignore[valid-type]
    place: Line = ""  # type: ignore[valid-type]
    hub_id: Line = ""  # type: ignore[valid-type]
    places_available: pydantic.conint(ge=1, le=10000) | None = None  # type: ignore[valid-type]
    min_age: Age | None = None  # type: ignore[valid-type]
    max_age: Age | None = None  # type: ignore[valid-type]
    accessibility: pydantic.constr(max_length=500) = ""  # type: ignore[valid-type]
    poster_id: str
    poster_name: Line  # type: ignore[valid-type]
    poster_number: pydantic.constr(max_length=16)  # type: ignore[valid-type]
    posted_by: pydantic.constr(min_length=1, max_length=200)  # type: ignore[valid-type]
    posted_at: Line  # type: ignore[valid-type]
    status: Literal["open"]
    withdrawn_at: None = None
    withdrawn_by: None = None
    device_id: Line = ""  # type: ignore[valid-type]


class WithdrawPayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    item_id: str
    by: pydantic.constr(min_length=1, max_length=200)  # type: ignore[valid-type]
    at: Line  # type: ignore[valid-type]


class ShortlistPayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    member_id: str
    item_id: str
    at: Line  # type: ignore[valid-type]


# --- reads and publishing ------------------------------------------------------------------


def get_item(conn: Connection, item_id: str) -> Any | None:
    return conn.execute(sa.select(timebank_board).where(timebank_board.c.id == item_id)).first()


def item_data(row: Any) -> dict[str, Any]:
    data = {name: getattr(row, name) for name in ITEM_FIELDS}
    for name in ("skills", "languages", "repeat_days"):
        data[name] = data[name] or []
    return data


def _item_scopes(row: Any, device: Device) -> list[str]:
    scopes = [protocol.SCOPE_ALL] if row.kind == "opportunity" or not row.hub_id else [protocol.hub_scope(row.hub_id)]
    return list(dict.fromkeys(scopes + [protocol.device_scope(device.id)]))


def _publish_item(conn: Connection, device: Device, item_id: str) -> None:
    row = get_item(conn, item_id)
    for scope in _item_scopes(row, device):
        db.publish(conn, ENTITY_ITEM, row.id, item_data(row), scope)


def board(conn: Connection, kind: str | None = None, *, limit: int = 500) -> list[dict[str, Any]]:
    """Open board entries, newest first (for reports and the council's own views)."""
    query = sa.select(timebank_board).where(timebank_board.c.status == "open")
    if kind:
        query = query.where(timebank_board.c.kind == kind)
    rows = conn.execute(query.order_by(timebank_board.c.posted_at.desc()).limit(limit)).all()
    return [item_data(r) for r in rows]


# --- operations ----------------------------------------------------------------------------


def _post(conn: Connection, device: Device, payload: dict[str, Any], kind: str) -> dict[str, Any]:
    p = _parse(ItemPayload, payload)
    if p.kind != kind:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, f"kind must be {kind!r} for this operation.")
    item_id = _uuid(p.id, "id")
    _utc(p.posted_at, "posted_at")
    poster = get_account(conn, _uuid(p.poster_id, "poster_id"))
    if poster is None:
        raise Rejected("unknown_account", "The poster is not a time-bank account.")
    if poster.status != "active":
        raise Rejected("poster_not_active", "The poster is not an active member.")
    if kind == "opportunity":
        _no_kiosk(device, "post an organisation's opportunity")
        if poster.kind != "organisation":
            raise Rejected("poster_not_organisation", "Opportunities are posted for an organisation.")
        if p.posted_by == "member":
            raise Rejected(protocol.REASON_INVALID_PAYLOAD, "An opportunity is posted by a member of staff.")
        if p.starts_at:
            _check_time(p.starts_at, "starts_at")
            if p.ends_at:
                _check_time(p.ends_at, "ends_at")
                if p.ends_at <= p.starts_at:
                    raise Rejected("ends_before_start", "ends_at must be after starts_at.")
        elif not p.repeat_days:
            raise Rejected("when_missing", "An opportunity needs starts_at or repeat_days.")
        if p.start_time and p.end_time and p.end_time <= p.start_time:
            raise Rejected("ends_before_start", "end_time must be after start_time.")
        if p.min_age is not None and p.max_age is not None and p.min_age > p.max_age:
            raise Rejected("age_order", "min_age is above max_age.")
    else:
        if poster.kind != "person":
            raise Rejected("poster_not_member", "Offers and requests are posted by members.")
        extra = [name for name in ("starts_at", "ends_at", "places_available", "min_age", "max_age")
                 if getattr(p, name) is not None] + (["repeat_days"] if p.repeat_days else [])
        if extra:
            raise Rejected(protocol.REASON_INVALID_PAYLOAD, f"Only opportunities have {', '.join(extra)}.")
    if p.category not in _known_categories(conn):
        raise Rejected("unknown_category", f"{p.category!r} is not a time-bank category.")
    values = p.model_dump()
    values.update(
        id=item_id, hub_id=device.hub_id, device_id=device.id, received_at=now_iso(),
        repeat_days=[d for d in DAYS if d in p.repeat_days],
        # The board shows a person only by first name and number, taken from the council's own record.
        poster_name=first_name(poster.name) if poster.kind == "person" else poster.name,
        poster_number=poster.number,
    )
    existing = get_item(conn, item_id)
    if existing is not None:
        if (existing.kind, existing.title, existing.poster_id) == (p.kind, p.title, p.poster_id):
            return {"item_id": item_id, "status": existing.status}
        raise Rejected("item_exists", "Another board entry was already posted with this id.")
    conn.execute(timebank_board.insert().values(**values))
    _publish_item(conn, device, item_id)
    return {"item_id": item_id, "status": "open"}


def _check_time(value: str, what: str) -> None:
    """A UTC time that may lie in the future (unlike ``ops_timebank._utc``): an opportunity is ahead."""
    if not value.endswith("Z"):
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, f"{what} must be UTC ISO 8601 ending in Z.")
    try:
        datetime.fromisoformat(value[:-1] + "+00:00")
    except ValueError:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, f"{what} is not a date and time.") from None


@operation(OP_OFFER, schema_versions=(1,))
def post_offer(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    return _post(conn, device, payload, "offer")


@operation(OP_REQUEST, schema_versions=(1,))
def post_request(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    return _post(conn, device, payload, "request")


@operation(OP_OPPORTUNITY, schema_versions=(1,))
def post_opportunity(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    return _post(conn, device, payload, "opportunity")


@operation(OP_WITHDRAW, schema_versions=(1,))
def withdraw(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(WithdrawPayload, payload)
    row = get_item(conn, _uuid(p.item_id, "item_id"))
    if row is None:
        raise Rejected("unknown_item", "No such board entry.")
    if p.by != row.poster_id:
        _no_kiosk(device, "take someone else's entry off the board")
    if row.status == "withdrawn":
        return {"item_id": row.id, "status": "withdrawn"}
    conn.execute(timebank_board.update().where(timebank_board.c.id == row.id).values(
        status="withdrawn", withdrawn_at=_utc(p.at, "at"), withdrawn_by=p.by))
    _publish_item(conn, device, row.id)
    return {"item_id": row.id, "status": "withdrawn"}


def _shortlist_target(conn: Connection, p: ShortlistPayload) -> tuple[Any, str]:
    member = get_account(conn, _uuid(p.member_id, "member_id"))
    if member is None or member.kind != "person":
        raise Rejected("unknown_account", "Shortlists belong to members.")
    item_id = _uuid(p.item_id, "item_id")
    if get_item(conn, item_id) is None:
        raise Rejected("unknown_item", "No such board entry.")
    return member, item_id


def _shortlist_scopes(member: Any, device: Device) -> list[str]:
    scopes = [protocol.hub_scope(member.hub_id)] if member.hub_id else []
    return list(dict.fromkeys(scopes + [protocol.device_scope(device.id)]))


@operation(OP_SHORTLIST_ADD, schema_versions=(1,))
def shortlist_add(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(ShortlistPayload, payload)
    member, item_id = _shortlist_target(conn, p)
    at = _utc(p.at, "at")
    key = {"member_id": member.id, "item_id": item_id}
    if conn.execute(sa.select(timebank_shortlist).filter_by(**key)).first() is None:
        conn.execute(timebank_shortlist.insert().values(**key, added_at=at))
    for scope in _shortlist_scopes(member, device):
        db.publish(conn, ENTITY_SHORTLIST, f"{member.id}:{item_id}", {**key, "added_at": at}, scope)
    return {"shortlisted": True}


@operation(OP_SHORTLIST_REMOVE, schema_versions=(1,))
def shortlist_remove(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(ShortlistPayload, payload)
    member, item_id = _shortlist_target(conn, p)
    _utc(p.at, "at")
    conn.execute(timebank_shortlist.delete().where(timebank_shortlist.c.member_id == member.id,
                                                   timebank_shortlist.c.item_id == item_id))
    for scope in _shortlist_scopes(member, device):
        db.tombstone(conn, ENTITY_SHORTLIST, f"{member.id}:{item_id}", scope)
    return {"shortlisted": False}
