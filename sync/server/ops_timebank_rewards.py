"""The council side of the rewards menu: terms, vouchers, and honouring a redemption.

``ops_timebank`` calls ``check`` before a redemption is settled and ``issue``
after it is confirmed, both in the operation's transaction, so a voucher is
issued exactly when the ledger is debited (and a council-tax credit is applied
exactly then too). The rules themselves are shared with the devices
(``kiosk.timebank.rewards``).

A redemption the rules refuse (not eligible, out of stock, fully booked, over
the yearly council-tax cap, no matching council-tax account) is stored as a
``rejected`` exchange with that ``rejection_code`` and a message, and published:
the device shows the member why, and their credits were never taken.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk.timebank import rewards
from kiosk.timebank.errors import TimeBankError
from kiosk.timeutil import LONDON, now_iso
from sync import protocol
from sync.server import db, revenues
from sync.server.db import Id, Json, Time, metadata

ENTITY_VOUCHER = "timebank.voucher"

# The terms of each menu item (reuses ``timebank_rewards`` for the rest).
timebank_reward_terms = sa.Table(
    "timebank_reward_terms",
    metadata,
    sa.Column("reward_id", Id, primary_key=True),
    sa.Column("terms", Json, nullable=False),
    sa.Column("updated_at", Time, nullable=False),
)

timebank_vouchers = sa.Table(
    "timebank_vouchers",
    metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("exchange_id", Id, nullable=False, unique=True),
    sa.Column("reward_id", Id, nullable=False),
    sa.Column("member_id", Id, nullable=False),
    sa.Column("reward_kind", sa.String(32), nullable=False),
    sa.Column("value_pence", sa.Integer),
    sa.Column("booking_date", sa.String(10)),
    sa.Column("details", Json),
    sa.Column("issuer", sa.String(200), nullable=False, server_default=""),
    sa.Column("issued_at", Time, nullable=False),
)
sa.Index("timebank_vouchers_reward", timebank_vouchers.c.reward_id, timebank_vouchers.c.booking_date)


def today() -> date:
    return datetime.now(timezone.utc).astimezone(LONDON).date()


def terms_of(conn: Connection, reward_id: str) -> rewards.Terms:
    row = conn.execute(sa.select(timebank_reward_terms.c.terms)
                       .where(timebank_reward_terms.c.reward_id == reward_id)).first()
    return rewards.Terms.from_data({"terms": row.terms if row else {}})


def _issued(conn: Connection, reward_id: str) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(timebank_vouchers)
                            .where(timebank_vouchers.c.reward_id == reward_id)).scalar_one())


def _booked(conn: Connection, reward_id: str, day: str | None = None) -> dict[str, int]:
    query = (sa.select(timebank_vouchers.c.booking_date, sa.func.count())
             .where(timebank_vouchers.c.reward_id == reward_id, timebank_vouchers.c.booking_date.is_not(None))
             .group_by(timebank_vouchers.c.booking_date))
    if day is not None:
        query = query.where(timebank_vouchers.c.booking_date == day)
    else:
        query = query.where(timebank_vouchers.c.booking_date >= today().isoformat())
    return {d: int(n) for d, n in conn.execute(query).all()}


def menu_item(conn: Connection, reward: Any) -> dict[str, Any]:
    """What devices pull for a reward: the item, its terms, stock left and bookings by date."""
    terms_row = conn.execute(sa.select(timebank_reward_terms.c.terms)
                             .where(timebank_reward_terms.c.reward_id == reward.id)).first()
    terms = dict(terms_row.terms) if terms_row else {}
    data = {"id": reward.id, "name": reward.name, "kind": reward.kind, "description": reward.description,
            "cost_minutes": reward.cost_minutes, "requires_online": bool(reward.requires_online),
            "active": bool(reward.active), "terms": terms}
    parsed = rewards.Terms.from_data(data)
    if parsed.stock is not None:
        data["stock_left"] = max(parsed.stock - _issued(conn, reward.id), 0)
    if parsed.reward_kind == rewards.BOOKING:
        data["booked"] = _booked(conn, reward.id)
    return data


def publish_reward(conn: Connection, reward_id: str) -> None:
    reward = conn.execute(sa.select(db.timebank_rewards).where(db.timebank_rewards.c.id == reward_id)).first()
    if reward is not None:
        db.publish(conn, protocol.ENTITY_TIMEBANK_REWARD, reward.id, menu_item(conn, reward))


def check(conn: Connection, reward: Any, payer: Any, details: dict[str, Any] | None,
          minutes: int) -> tuple[rewards.Terms, dict[str, Any], int | None]:
    """The council's decision before any credits move; raises TimeBankError (code, message) to refuse."""
    terms = terms_of(conn, reward.id)
    day = today()
    clean = rewards.clean_details(terms, details, today=day)
    rewards.check_eligibility(terms, member_hub=payer.hub_id or "", details=clean, today=day)
    rewards.check_availability(terms, issued=_issued(conn, reward.id),
                               booked_that_day=_booked(conn, reward.id, clean.get("booking_date")).get(
                                   clean.get("booking_date", ""), 0))
    value = None
    if terms.reward_kind in (rewards.COUNCIL_TAX, rewards.LOCAL_CURRENCY):
        value = terms.value_pence(minutes)
    if terms.reward_kind == rewards.COUNCIL_TAX:
        rewards.check_yearly_cap(terms, value=value or 0, credited_this_year=revenues.credited_this_year(
            conn, payer.id, revenues.financial_year_of(day)))
        adapter = revenues.default_adapter()
        if revenues.lookup(adapter, None, clean["counciltax_reference"], clean["postcode"], clean["surname"]) is None:
            raise TimeBankError("counciltax_account_not_found",
                                "No council tax account matches the reference, postcode and surname given.")
    return terms, clean, value


def issue(conn: Connection, exchange: Any, terms: rewards.Terms, details: dict[str, Any],
          value: int | None) -> dict[str, Any]:
    """Issue the voucher of a confirmed redemption (and apply a council-tax credit); returns its published data."""
    code = rewards.voucher_code_for(exchange.id)
    existing = conn.execute(sa.select(timebank_vouchers).where(timebank_vouchers.c.code == code)).first()
    if existing is not None:
        return voucher_data(existing)
    day = today()
    record: dict[str, Any] = {}
    issuer = "council"
    if terms.reward_kind == rewards.COUNCIL_TAX:
        applied = revenues.default_adapter().apply_credit(
            conn, reference=details["counciltax_reference"], postcode=details["postcode"],
            surname=details["surname"], amount_pence=value or 0, key=exchange.id,
            description=f"Active citizens' dividend ({exchange.minutes} minutes of time credits)",
            member_id=exchange.payer_id, day=day)
        if not applied:  # checked before settling; the adapter changed its mind
            raise TimeBankError("counciltax_account_not_found", "The council tax account could not be credited.")
        record = {"counciltax_credit_pence": value, "applied_on": day.isoformat()}
        issuer = "council tax (revenues)"
    elif terms.reward_kind == rewards.LOCAL_CURRENCY:
        issuer = terms.issuer or "local currency issuer"
        record = {"amount_pence": value, "currency": terms.currency, "issuer": issuer}
    elif terms.reward_kind == rewards.DISCOUNT:
        issuer = terms.partner or issuer
    shown = {**rewards._public_details(details), **record}
    if terms.resource:
        shown["resource"] = terms.resource
    conn.execute(timebank_vouchers.insert().values(
        code=code, exchange_id=exchange.id, reward_id=exchange.reward_id, member_id=exchange.payer_id,
        reward_kind=terms.reward_kind, value_pence=value, booking_date=details.get("booking_date"),
        details=shown, issuer=issuer, issued_at=now_iso()))
    row = conn.execute(sa.select(timebank_vouchers).where(timebank_vouchers.c.code == code)).first()
    return voucher_data(row)


def voucher_data(row: Any) -> dict[str, Any]:
    return {"code": row.code, "exchange_id": row.exchange_id, "reward_id": row.reward_id,
            "member_id": row.member_id, "reward_kind": row.reward_kind, "value_pence": row.value_pence,
            "booking_date": row.booking_date, "details": dict(row.details or {}), "issuer": row.issuer,
            "issued_at": row.issued_at}


def find_voucher(conn: Connection, code: str) -> dict[str, Any] | None:
    """A voucher by its code, for a partner or a council officer checking one (``None``: not issued)."""
    bare = rewards.parse_voucher_code(code)
    row = conn.execute(sa.select(timebank_vouchers).where(timebank_vouchers.c.code == bare)).first()
    return None if row is None else voucher_data(row)
