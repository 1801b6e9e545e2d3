"""The council's authoritative time-bank ledger: handlers for the devices' time-bank operations.

Operation types (payloads as built by ``kiosk.timebank``; see docs/TIME_BANK.md):

- ``timebank.member.register``  an account (person or organisation) with its member number
- ``timebank.member.approve``   a broker approves a self-service registration
- ``timebank.member.set_pin``   a member's new PIN (as a hash), or a broker's reset
- ``timebank.exchange.record``  help given (kind ``transfer``)
- ``timebank.donate``           credits given to a friend (kind ``donation``)
- ``timebank.reward.redeem``    credits spent on a reward (kind ``redemption``); the reward's rules,
                                the voucher and any council-tax credit: ``ops_timebank_rewards``
- ``timebank.exchange.reverse`` a broker's linked reversal of a confirmed exchange
- ``timebank.exchange.confirm`` the payer (PIN) or a broker agrees to a pending exchange
- ``timebank.exchange.reject``  a broker rejects a pending exchange

Rules: every exchange is two entries summing to zero; an agreed exchange is
confirmed only if the payer's *confirmed* balance covers it (organisations may
go below zero: they issue credits; a broker's reversal may too, and is then
flagged). An agreed spend the ledger cannot cover is stored as ``rejected``
with ``flagged`` set, so a broker sees it and nothing is lost. Kiosk-mode
devices (self-service) cannot make active members, approve, reverse, reject,
reset a PIN, or agree as a broker or an organisation: there, only a member's
own PIN agrees.

What devices see (change log): a person's account and balance in the scope of
their hub; organisations in scope ``all``; an exchange in the scopes of both
parties' hubs; and everything an operation touched also in the scope of the
device that sent it, so it learns the outcome even for members of other hubs.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal

import pydantic
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk.timebank import numbers, pins
from kiosk.timebank.categories import DEFAULT_CATEGORIES, SYSTEM_CATEGORIES
from kiosk.timebank.ledger import EXCHANGE_FIELDS
from kiosk.timebank.members import ACCOUNT_FIELDS, BADGES, OP_APPROVE, OP_REGISTER, OP_SET_PIN, ORG_TYPES
from kiosk.timebank.recording import (
    OP_CONFIRM,
    OP_DONATE,
    OP_RECORD,
    OP_REDEEM,
    OP_REJECT,
    OP_REVERSE,
    REWARDS_ACCOUNT_ID,
)
from kiosk.timeutil import LONDON, now_iso, utcnow
from sync import protocol
from sync.server import db
from kiosk.timebank.errors import TimeBankError
from sync.server import ops_timebank_rewards as reward_rules
from sync.server.operations import Device, Rejected, operation
from sync.server.timebank_tables import timebank_accounts, timebank_entries, timebank_exchanges

ENTITY_ACCOUNT = "timebank.account"
ENTITY_EXCHANGE = "timebank.exchange"
ENTITY_BALANCE = "timebank.balance"

MAX_MINUTES = 24 * 60
MAX_FUTURE = timedelta(hours=24)
MAX_SERVICE_AGE_DAYS = 400
REWARDS_ACCOUNT_NUMBER = "100000000" + numbers.check_digits("100000000")


# --- payloads ----------------------------------------------------------------

Short = pydantic.constr(max_length=200)
Words = pydantic.conlist(pydantic.constr(max_length=80), max_length=30)


class AccountPayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    id: str
    number: str
    kind: Literal["person", "organisation"]
    org_type: str | None = None
    name: pydantic.constr(min_length=1, max_length=120)  # type: ignore[valid-type]
    phone: pydantic.constr(max_length=32) = ""  # type: ignore[valid-type]
    email: Short = ""  # type: ignore[valid-type]
    postcode: pydantic.constr(max_length=16) = ""  # type: ignore[valid-type]
    languages: Words = []  # type: ignore[valid-type]
    skills: Words = []  # type: ignore[valid-type]
    interests: Words = []  # type: ignore[valid-type]
    availability: pydantic.constr(max_length=500) = ""  # type: ignore[valid-type]
    consent_wording: pydantic.constr(max_length=5000) | None = None  # type: ignore[valid-type]
    consent_language: pydantic.constr(max_length=8) | None = None  # type: ignore[valid-type]
    consent_given_at: Short | None = None  # type: ignore[valid-type]
    consent_date: Short | None = None  # type: ignore[valid-type]
    badges: Words = []  # type: ignore[valid-type]
    pin_hash: Short | None = None  # type: ignore[valid-type]
    status: Literal["pending", "active"]
    allow_negative: int = 0
    hub_id: Short = ""  # type: ignore[valid-type]
    registered_by: Short = ""  # type: ignore[valid-type]
    registered_at: Short  # type: ignore[valid-type]
    approved_by: Short | None = None  # type: ignore[valid-type]
    approved_at: Short | None = None  # type: ignore[valid-type]
    device_id: Short = ""  # type: ignore[valid-type]


class EntryPayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", strict=True)

    id: str
    account_id: str
    minutes: int


class ExchangePayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    id: str
    kind: Literal["transfer", "donation", "redemption", "reversal"]
    payer_id: str
    payee_id: str
    minutes: pydantic.StrictInt
    category: pydantic.constr(min_length=1, max_length=64)  # type: ignore[valid-type]
    description: pydantic.constr(max_length=500) = ""  # type: ignore[valid-type]
    service_date: str
    recorded_at: str
    recorded_by: pydantic.constr(min_length=1, max_length=200)  # type: ignore[valid-type]
    device_id: Short = ""  # type: ignore[valid-type]
    hub_id: Short = ""  # type: ignore[valid-type]
    state: Literal["pending"]
    authorised_by: Short | None = None  # type: ignore[valid-type]
    authorised_method: Literal["pin", "broker", "organisation"] | None = None
    authorised_at: Short | None = None  # type: ignore[valid-type]
    approved_by: None = None
    approved_at: None = None
    rejection_code: None = None
    rejection_reason: None = None
    flagged: Literal[0, False] = 0
    reverses_id: str | None = None
    reason: pydantic.constr(max_length=500) = ""  # type: ignore[valid-type]
    group_id: str | None = None
    reward_id: Short | None = None  # type: ignore[valid-type]
    source: pydantic.constr(max_length=32) = ""  # type: ignore[valid-type]
    entries: list[EntryPayload]
    # A redemption's details for the reward's terms (council-tax account, booking date ...); sealed on the way.
    reward_details: dict[str, Any] | None = None


class ApprovePayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    account_id: str
    approved_by: pydantic.constr(min_length=1, max_length=200)  # type: ignore[valid-type]
    approved_at: Short  # type: ignore[valid-type]


class SetPinPayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    account_id: str
    pin_hash: Short  # type: ignore[valid-type]
    by: pydantic.constr(min_length=1, max_length=200)  # type: ignore[valid-type]
    method: Literal["pin", "broker"]
    at: Short  # type: ignore[valid-type]


class ConfirmPayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    exchange_id: str
    method: Literal["pin", "broker", "organisation"]
    by: pydantic.constr(min_length=1, max_length=200)  # type: ignore[valid-type]
    at: Short  # type: ignore[valid-type]


class RejectPayload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    exchange_id: str
    by: pydantic.constr(min_length=1, max_length=200)  # type: ignore[valid-type]
    reason: pydantic.constr(min_length=1, max_length=500)  # type: ignore[valid-type]


def _parse(model: type[pydantic.BaseModel], payload: dict[str, Any]) -> Any:
    try:
        return model.model_validate(payload)
    except pydantic.ValidationError as exc:
        parts = []
        for error in exc.errors()[:5]:
            where = ".".join(str(p) for p in error["loc"]) or "payload"
            parts.append(f"{where}: {error['msg']}")
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, "; ".join(parts)) from None


def _uuid(value: str | None, what: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, f"{what} must be a UUID.") from None


def _utc(value: str | None, what: str) -> str:
    if not value or not value.endswith("Z"):
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, f"{what} must be UTC ISO 8601 ending in Z.")
    try:
        moment = datetime.fromisoformat(value[:-1] + "+00:00")
    except ValueError:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, f"{what} is not a date and time.") from None
    if moment > utcnow() + MAX_FUTURE:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, f"{what} is in the future.")
    return value


def _no_kiosk(device: Device, what: str) -> None:
    if device.mode == "kiosk":
        raise Rejected("not_allowed", f"A self-service kiosk cannot {what}; a staff device must.")


# --- reads -------------------------------------------------------------------


def get_account(conn: Connection, account_id: str, *, lock: bool = False) -> Any | None:
    query = sa.select(timebank_accounts).where(timebank_accounts.c.id == account_id)
    if lock:
        query = query.with_for_update()  # PostgreSQL: two spends of one payer queue up here
    return conn.execute(query).first()


def get_exchange(conn: Connection, exchange_id: str) -> Any | None:
    return conn.execute(sa.select(timebank_exchanges).where(timebank_exchanges.c.id == exchange_id)).first()


def _member(conn: Connection, account_id: str | None) -> Any:
    """The person a payload names (an organisation is no member), or the operation is rejected."""
    account = get_account(conn, _uuid(account_id, "account_id"))
    if account is None or account.kind != "person":
        raise Rejected("unknown_account", "No such member.")
    return account


def _known_exchange(conn: Connection, exchange_id: str | None) -> Any:
    """The exchange a payload names, or the operation is rejected."""
    row = get_exchange(conn, _uuid(exchange_id, "exchange_id"))
    if row is None:
        raise Rejected("unknown_exchange", "No such exchange.")
    return row


def confirmed_balance(conn: Connection, account_id: str) -> int:
    """The authoritative balance: the sum of the account's entries in confirmed exchanges."""
    query = (
        sa.select(sa.func.coalesce(sa.func.sum(timebank_entries.c.minutes), 0))
        .select_from(timebank_entries.join(timebank_exchanges,
                                           timebank_exchanges.c.id == timebank_entries.c.exchange_id))
        .where(timebank_entries.c.account_id == account_id, timebank_exchanges.c.state == "confirmed")
    )
    return int(conn.execute(query).scalar_one())


def flagged(conn: Connection, limit: int = 500) -> list[dict[str, Any]]:
    """Exchanges for a broker: spends refused for lack of credits, reversals that overdrew."""
    rows = conn.execute(sa.select(timebank_exchanges).where(timebank_exchanges.c.flagged.is_(True))
                        .order_by(timebank_exchanges.c.received_at.desc()).limit(limit)).all()
    return [exchange_data(conn, row) for row in rows]


def ledger_total(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.sum(timebank_entries.c.minutes), 0))).scalar_one())


def account_data(row: Any) -> dict[str, Any]:
    data = {name: getattr(row, name) for name in ACCOUNT_FIELDS}
    for name in ("languages", "skills", "interests", "badges"):
        data[name] = data[name] or []
    data["allow_negative"] = 1 if row.allow_negative else 0
    return data


def exchange_data(conn: Connection, row: Any) -> dict[str, Any]:
    data = {name: getattr(row, name) for name in EXCHANGE_FIELDS}
    data["flagged"] = 1 if row.flagged else 0
    entries = conn.execute(
        sa.select(timebank_entries.c.id, timebank_entries.c.account_id, timebank_entries.c.minutes)
        .where(timebank_entries.c.exchange_id == row.id).order_by(timebank_entries.c.minutes)
    ).all()
    data["entries"] = [{"id": e.id, "account_id": e.account_id, "minutes": e.minutes} for e in entries]
    return data


# --- publishing --------------------------------------------------------------


def _account_scopes(account: Any) -> list[str]:
    if account.kind == "organisation" or not account.hub_id:
        return [protocol.SCOPE_ALL]
    return [protocol.hub_scope(account.hub_id)]


def _publish_account(conn: Connection, account_id: str) -> None:
    account = get_account(conn, account_id)
    for scope in _account_scopes(account):
        db.publish(conn, ENTITY_ACCOUNT, account.id, account_data(account), scope)


def _publish_balance(conn: Connection, device: Device, account: Any) -> None:
    data = {"account_id": account.id, "confirmed_minutes": confirmed_balance(conn, account.id), "as_of": now_iso()}
    scopes = dict.fromkeys(_account_scopes(account) + [protocol.device_scope(device.id)])
    for scope in scopes:
        db.publish(conn, ENTITY_BALANCE, account.id, data, scope)


def _publish_exchange(conn: Connection, device: Device, exchange_id: str) -> None:
    row = get_exchange(conn, exchange_id)
    data = exchange_data(conn, row)
    payer, payee = get_account(conn, row.payer_id), get_account(conn, row.payee_id)
    scopes: dict[str, None] = {}
    for account in (payer, payee):
        if account.kind == "person" and account.hub_id:
            scopes[protocol.hub_scope(account.hub_id)] = None
    scopes[protocol.device_scope(device.id)] = None
    for scope in scopes:
        db.publish(conn, ENTITY_EXCHANGE, row.id, data, scope)
    if row.state == "confirmed":
        for account in (payer, payee):
            _publish_balance(conn, device, account)


# --- accounts ----------------------------------------------------------------


def ensure_rewards_account(conn: Connection) -> None:
    """The council's rewards account, which every redemption pays into."""
    if get_account(conn, REWARDS_ACCOUNT_ID) is not None:
        return
    now = now_iso()
    conn.execute(timebank_accounts.insert().values(
        id=REWARDS_ACCOUNT_ID, number=REWARDS_ACCOUNT_NUMBER, kind="organisation", org_type="system",
        name="Council rewards", languages=[], skills=[], interests=[], badges=[], status="active",
        allow_negative=True, hub_id="", registered_by="council", registered_at=now, approved_by="council",
        approved_at=now, updated_at=now))
    _publish_account(conn, REWARDS_ACCOUNT_ID)


@operation(OP_REGISTER, schema_versions=(1,))
def register(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(AccountPayload, payload)
    account_id = _uuid(p.id, "id")
    if not numbers.is_valid(p.number):
        raise Rejected("invalid_number", f"{p.number!r} is not a member number with valid check digits.")
    _utc(p.registered_at, "registered_at")
    if p.kind == "person":
        if not (p.consent_wording or "").strip() or not p.consent_given_at:
            raise Rejected("consent_missing", "A person is registered only with their consent (wording and time).")
        _utc(p.consent_given_at, "consent_given_at")
        if p.pin_hash is not None and not pins.looks_like_pin_hash(p.pin_hash):
            raise Rejected("pin_not_hashed", "pin_hash must be a scrypt hash made on the device, never a PIN.")
        if p.org_type is not None:
            raise Rejected(protocol.REASON_INVALID_PAYLOAD, "A person has no org_type.")
        if any(b not in BADGES for b in p.badges):
            raise Rejected(protocol.REASON_INVALID_PAYLOAD, f"Badges must be among {', '.join(BADGES)}.")
    else:
        _no_kiosk(device, "register an organisation")
        if p.org_type not in ORG_TYPES:
            raise Rejected(protocol.REASON_INVALID_PAYLOAD, f"org_type must be one of {', '.join(ORG_TYPES)}.")
        if p.pin_hash is not None:
            raise Rejected(protocol.REASON_INVALID_PAYLOAD, "An organisation has no PIN.")
    # A self-service kiosk never makes an active member: a broker approves first.
    status = "pending" if device.mode == "kiosk" and p.kind == "person" else p.status
    existing = get_account(conn, account_id)
    if existing is not None:
        if (existing.number, existing.name, existing.kind) == (p.number, p.name, p.kind):
            return {"account_id": account_id, "number": existing.number, "status": existing.status}
        raise Rejected("account_exists", "Another account was already registered with this id.")
    taken = conn.execute(sa.select(timebank_accounts.c.id).where(timebank_accounts.c.number == p.number)).first()
    if taken is not None:
        raise Rejected("number_taken", f"Member number {p.number} is already in use; register again for a new one.")
    now = now_iso()
    values = p.model_dump(exclude={"id"})
    values.update(
        id=account_id, status=status,
        # The council, not the device, decides who may go below zero: organisations issue credits.
        allow_negative=p.kind == "organisation",
        hub_id=device.hub_id, device_id=device.id, updated_at=now,
        approved_by=p.approved_by if status == "active" else None,
        approved_at=p.approved_at if status == "active" else None,
    )
    conn.execute(timebank_accounts.insert().values(**values))
    _publish_account(conn, account_id)
    return {"account_id": account_id, "number": p.number, "status": status}


@operation(OP_APPROVE, schema_versions=(1,))
def approve(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(ApprovePayload, payload)
    _no_kiosk(device, "approve a member")
    account = get_account(conn, _uuid(p.account_id, "account_id"))
    if account is None:
        raise Rejected("unknown_account", "No such account.")
    if account.status == "active":
        return {"account_id": account.id, "status": "active"}
    if account.status != "pending":
        raise Rejected("not_pending", f"The account is {account.status}, not waiting for approval.")
    conn.execute(timebank_accounts.update().where(timebank_accounts.c.id == account.id).values(
        status="active", approved_by=p.approved_by, approved_at=_utc(p.approved_at, "approved_at"),
        updated_at=now_iso()))
    _publish_account(conn, account.id)
    return {"account_id": account.id, "status": "active"}


@operation(OP_SET_PIN, schema_versions=(1,))
def set_pin(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(SetPinPayload, payload)
    account = _member(conn, p.account_id)
    if not pins.looks_like_pin_hash(p.pin_hash):
        raise Rejected("pin_not_hashed", "pin_hash must be a scrypt hash made on the device, never a PIN.")
    if p.method == "broker":
        _no_kiosk(device, "reset a PIN as a broker")
    elif p.by != account.id:
        raise Rejected("invalid_authorisation", "Only the member changes their own PIN.")
    _utc(p.at, "at")
    if account.pin_hash != p.pin_hash:
        conn.execute(timebank_accounts.update().where(timebank_accounts.c.id == account.id).values(
            pin_hash=p.pin_hash, updated_at=now_iso()))
        _publish_account(conn, account.id)
    return {"account_id": account.id}


# --- exchanges ---------------------------------------------------------------


def _known_categories(conn: Connection) -> set[str]:
    rows = conn.execute(sa.select(db.timebank_categories.c.id)).scalars().all()
    return set(rows or DEFAULT_CATEGORIES) | set(SYSTEM_CATEGORIES)


def _active_account(conn: Connection, account_id: str, role: str, *, lock: bool = False) -> Any:
    account = get_account(conn, account_id, lock=lock)
    if account is None:
        raise Rejected("unknown_account", f"The {role} ({account_id}) is not a registered account.")
    if account.status != "active":
        raise Rejected("account_not_active", f"The {role} is {account.status}, not active.")
    return account


def _check_authorisation(payer: Any, method: str | None, by: str | None) -> None:
    if method == "pin" and by != payer.id:
        raise Rejected("invalid_authorisation", "A PIN authorisation must be the payer's own.")
    if method == "organisation" and payer.kind != "organisation":
        raise Rejected("invalid_authorisation", "Only an organisation's staff authorise as the organisation.")
    if method is not None and not by:
        raise Rejected("invalid_authorisation", "An authorisation says who gave it.")


def _validate_exchange(conn: Connection, device: Device, p: ExchangePayload) -> tuple[Any, Any]:
    _uuid(p.id, "id")
    if not 0 < p.minutes <= MAX_MINUTES:
        raise Rejected("invalid_amount", f"minutes must be between 1 and {MAX_MINUTES}.")
    try:
        served = date.fromisoformat(p.service_date)
    except ValueError:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, "service_date must be an ISO date.") from None
    today = datetime.now(timezone.utc).astimezone(LONDON).date()
    if served > today + timedelta(days=1):
        raise Rejected("invalid_date", "The service date is in the future.")
    if p.kind != "reversal" and served < today - timedelta(days=MAX_SERVICE_AGE_DAYS):
        raise Rejected("invalid_date", "The service date is too long ago; a broker records it.")
    _utc(p.recorded_at, "recorded_at")
    if p.category not in _known_categories(conn):
        raise Rejected("unknown_category", f"{p.category!r} is not a time-bank category.")
    if p.payer_id == p.payee_id:
        raise Rejected("same_account", "The payer and the payee must differ.")
    # Double entry: exactly the payer's debit and the payee's credit.
    if len(p.entries) != 2:
        raise Rejected("not_double_entry", "An exchange has exactly two entries.")
    moves = sorted((e.minutes, e.account_id) for e in p.entries)
    if moves != sorted([(-p.minutes, p.payer_id), (p.minutes, p.payee_id)]):
        raise Rejected("not_double_entry", "The entries must move the minutes from the payer to the payee.")
    entry_ids = {_uuid(e.id, "entry id") for e in p.entries}
    if len(entry_ids) != 2 or conn.execute(
            sa.select(timebank_entries.c.id).where(timebank_entries.c.id.in_(entry_ids))).first():
        raise Rejected("entry_exists", "Entry ids must be new.")
    if p.kind == "redemption":
        ensure_rewards_account(conn)
    payer = _active_account(conn, p.payer_id, "payer", lock=True)
    payee = _active_account(conn, p.payee_id, "payee")
    _check_authorisation(payer, p.authorised_method, p.authorised_by)
    if p.authorised_method in ("broker", "organisation"):
        _no_kiosk(device, "agree as a broker or an organisation")
    if p.kind == "transfer":
        if payer.kind == "organisation" and payee.kind == "organisation":
            raise Rejected("org_to_org", "Exchanges between two organisations are not recorded.")
    elif p.kind == "donation":
        if payer.kind != "person" or payee.kind != "person":
            raise Rejected("donation_people", "Credits are donated from one member to another.")
        if p.authorised_method is None:
            raise Rejected("invalid_authorisation", "A donation needs the donor's agreement.")
    elif p.kind == "redemption":
        if p.payee_id != REWARDS_ACCOUNT_ID or payer.kind != "person":
            raise Rejected("invalid_redemption", "A member redeems into the council's rewards account.")
        if p.authorised_method is None:
            raise Rejected("invalid_authorisation", "A redemption needs the member's agreement.")
        reward = conn.execute(sa.select(db.timebank_rewards).where(db.timebank_rewards.c.id == p.reward_id)).first()
        if reward is None or not reward.active:
            raise Rejected("unknown_reward", "This reward is not on offer.")
        if reward.cost_minutes != p.minutes:
            raise Rejected("wrong_cost", f"This reward costs {reward.cost_minutes} minutes.")
    elif p.kind == "reversal":
        _no_kiosk(device, "reverse an exchange")
        if p.authorised_method != "broker":
            raise Rejected("invalid_authorisation", "A reversal is made by a time broker.")
        if not p.reason.strip():
            raise Rejected("reason_missing", "A reversal needs a reason.")
        original = get_exchange(conn, _uuid(p.reverses_id, "reverses_id"))
        if original is None or original.state != "confirmed" or original.kind == "reversal":
            raise Rejected("cannot_reverse", "Only a confirmed exchange (not a reversal) can be reversed.")
        if conn.execute(sa.select(timebank_exchanges.c.id)
                        .where(timebank_exchanges.c.reverses_id == original.id)).first():
            raise Rejected("already_reversed", "This exchange has already been reversed.")
        if (p.payer_id, p.payee_id, p.minutes) != (original.payee_id, original.payer_id, original.minutes):
            raise Rejected("cannot_reverse", "A reversal moves the same minutes back the other way.")
    if p.kind != "reversal" and p.reverses_id is not None:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, "Only a reversal links to another exchange.")
    return payer, payee


def _settle(conn: Connection, exchange_id: str) -> None:
    """Confirm or refuse an agreed, pending exchange against the payer's confirmed balance."""
    row = get_exchange(conn, exchange_id)
    if row.state != "pending" or row.authorised_method is None:
        return
    payer = get_account(conn, row.payer_id, lock=True)
    available = confirmed_balance(conn, payer.id)
    now = now_iso()
    if row.kind == "reversal" or payer.allow_negative or available >= row.minutes:
        values: dict[str, Any] = {"state": "confirmed", "approved_by": row.authorised_by, "approved_at": now}
        # A correction may take a member below zero; a broker should look at that.
        if row.kind == "reversal" and not payer.allow_negative and available < row.minutes:
            values["flagged"] = True
    else:
        values = {"state": "rejected", "rejection_code": "insufficient_balance",
                  "rejection_reason": f"The payer's confirmed balance ({available} minutes) does not cover "
                                      f"{row.minutes} minutes.",
                  "flagged": True, "approved_at": now}
    conn.execute(timebank_exchanges.update().where(timebank_exchanges.c.id == exchange_id,
                                                   timebank_exchanges.c.state == "pending").values(**values))


def _outcome(conn: Connection, exchange_id: str) -> dict[str, Any]:
    row = get_exchange(conn, exchange_id)
    out = {"exchange_id": row.id, "state": row.state, "flagged": bool(row.flagged)}
    if row.rejection_code:
        out["rejection"] = {"code": row.rejection_code, "message": row.rejection_reason}
    if row.kind == "redemption" and row.state == "confirmed":
        voucher = conn.execute(sa.select(reward_rules.timebank_vouchers)
                               .where(reward_rules.timebank_vouchers.c.exchange_id == row.id)).first()
        if voucher is not None:
            out["voucher"] = reward_rules.voucher_data(voucher)
        out["balance_minutes"] = confirmed_balance(conn, row.payer_id)
    return out


def _refuse_redemption(conn: Connection, exchange_id: str, refusal: TimeBankError) -> None:
    """The reward's rules say no: the redemption is stored rejected (not flagged: nothing for a broker)."""
    conn.execute(timebank_exchanges.update().where(timebank_exchanges.c.id == exchange_id,
                                                   timebank_exchanges.c.state == "pending").values(
        state="rejected", rejection_code=refusal.code, rejection_reason=refusal.message, approved_at=now_iso()))


def _honour_redemption(conn: Connection, device: Device, p: ExchangePayload, payer: Any) -> None:
    """Check the reward's terms, settle against the confirmed balance, and issue the voucher: one transaction."""
    # Locked (PostgreSQL) so two redemptions of the last item or the last place on a date queue up.
    reward = conn.execute(sa.select(db.timebank_rewards).where(db.timebank_rewards.c.id == p.reward_id)
                          .with_for_update()).first()
    try:
        terms, details, value = reward_rules.check(conn, reward, payer, p.reward_details, p.minutes)
    except TimeBankError as refusal:
        _refuse_redemption(conn, p.id, refusal)
        return
    _settle(conn, p.id)
    row = get_exchange(conn, p.id)
    if row.state != "confirmed":
        return
    try:
        voucher = reward_rules.issue(conn, row, terms, details, value)
    except TimeBankError as failure:  # the revenues system refused after all: undo the whole operation
        raise Rejected(failure.code, failure.message) from None
    scopes = dict.fromkeys(_account_scopes(payer) + [protocol.device_scope(device.id)])
    for scope in scopes:
        db.publish(conn, reward_rules.ENTITY_VOUCHER, voucher["code"], voucher, scope)
    reward_rules.publish_reward(conn, reward.id)  # stock left and bookings by date


def _new_exchange(conn: Connection, device: Device, payload: dict[str, Any], kind: str) -> dict[str, Any]:
    p = _parse(ExchangePayload, payload)
    if p.kind != kind:
        raise Rejected(protocol.REASON_INVALID_PAYLOAD, f"This operation carries exchanges of kind {kind!r}.")
    existing = get_exchange(conn, _uuid(p.id, "id"))
    if existing is not None:
        same = all(getattr(existing, f) == getattr(p, f) for f in ("kind", "payer_id", "payee_id", "minutes",
                                                                   "category", "service_date", "recorded_at"))
        if not same:
            raise Rejected("exchange_exists", "Another exchange was already recorded with this id.")
        return _outcome(conn, existing.id)
    payer, _payee = _validate_exchange(conn, device, p)
    values = p.model_dump(exclude={"entries", "state", "approved_by", "approved_at", "rejection_code",
                                   "rejection_reason", "flagged", "reward_details"})
    values.update(state="pending", flagged=False, received_at=now_iso(), device_id=device.id, hub_id=device.hub_id,
                  description=p.description or "", reason=p.reason or "")
    conn.execute(timebank_exchanges.insert().values(**values))
    conn.execute(timebank_entries.insert(), [
        {"id": e.id, "exchange_id": p.id, "account_id": e.account_id, "minutes": e.minutes, "created_at": now_iso()}
        for e in p.entries])
    if p.kind == "redemption":
        _honour_redemption(conn, device, p, payer)
    else:
        _settle(conn, p.id)
    _publish_exchange(conn, device, p.id)
    return _outcome(conn, p.id)


@operation(OP_RECORD, schema_versions=(1,))
def record(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    return _new_exchange(conn, device, payload, "transfer")


@operation(OP_DONATE, schema_versions=(1,))
def donate(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    return _new_exchange(conn, device, payload, "donation")


@operation(OP_REDEEM, schema_versions=(1,))
def redeem(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    return _new_exchange(conn, device, payload, "redemption")


@operation(OP_REVERSE, schema_versions=(1,))
def reverse(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    return _new_exchange(conn, device, payload, "reversal")


@operation(OP_CONFIRM, schema_versions=(1,))
def confirm(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(ConfirmPayload, payload)
    row = _known_exchange(conn, p.exchange_id)
    if row.authorised_method is not None:
        if (row.authorised_method, row.authorised_by) == (p.method, p.by):
            return _outcome(conn, row.id)  # the same agreement again
        raise Rejected("already_agreed", "This exchange was already agreed to.")
    if row.state != "pending":
        raise Rejected("not_pending", f"This exchange is already {row.state}.")
    if p.method in ("broker", "organisation"):
        _no_kiosk(device, "agree as a broker or an organisation")
    _check_authorisation(get_account(conn, row.payer_id), p.method, p.by)
    conn.execute(timebank_exchanges.update().where(timebank_exchanges.c.id == row.id).values(
        authorised_method=p.method, authorised_by=p.by, authorised_at=_utc(p.at, "at")))
    _settle(conn, row.id)
    _publish_exchange(conn, device, row.id)
    return _outcome(conn, row.id)


@operation(OP_REJECT, schema_versions=(1,))
def reject(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(RejectPayload, payload)
    _no_kiosk(device, "reject an exchange")
    row = _known_exchange(conn, p.exchange_id)
    if row.state == "rejected" and row.rejection_code == "rejected_by_broker":
        return _outcome(conn, row.id)
    if row.state != "pending":
        raise Rejected("not_pending", f"This exchange is already {row.state}.")
    conn.execute(timebank_exchanges.update().where(timebank_exchanges.c.id == row.id).values(
        state="rejected", rejection_code="rejected_by_broker", rejection_reason=p.reason, approved_by=p.by,
        approved_at=now_iso()))
    _publish_exchange(conn, device, row.id)
    return _outcome(conn, row.id)
