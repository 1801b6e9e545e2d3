"""The device's ledger: exchanges, their two entries, balances and statements.

Amounts are integer minutes. An exchange moves ``minutes`` from the payer (who
received help, or spends) to the payee (who gave help, or receives a gift):
two entries, ``-minutes`` and ``+minutes``, so the whole ledger sums to zero.
Entries are insert-only and an exchange only ever moves pending -> confirmed |
rejected (SQLite triggers in ``kiosk.timebank.schema`` enforce both).

Only the council confirms: a device records exchanges ``pending`` and learns
their outcome from the mirror. "Confirmed (as of last sync)" is therefore what
the council last published; "available now" also subtracts the pending spends
this device knows about.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from kiosk.timeutil import now_iso

KINDS = ("transfer", "donation", "redemption", "reversal")
STATES = ("pending", "confirmed", "rejected")
AUTH_METHODS = ("pin", "broker", "organisation")

# Columns of an exchange that travel in operations and in the council's change log.
EXCHANGE_FIELDS = (
    "id", "kind", "payer_id", "payee_id", "minutes", "category", "description", "service_date",
    "recorded_at", "recorded_by", "device_id", "hub_id", "state", "authorised_by", "authorised_method",
    "authorised_at", "approved_by", "approved_at", "rejection_code", "rejection_reason", "flagged",
    "reverses_id", "reason", "group_id", "reward_id", "source",
)


@dataclass(frozen=True)
class Authorisation:
    """Who agreed, on the paying side, that the credits may move."""
    method: str  # pin | broker | organisation
    by: str      # the member's account id (pin) or the staff member's name/id
    at: str = ""

    def stamped(self) -> "Authorisation":
        return self if self.at else Authorisation(self.method, self.by, now_iso())


@dataclass(frozen=True)
class Balance:
    account_id: str
    confirmed: int          # what the council last confirmed
    as_of: str | None       # when the council published it (None: never synced)
    pending_debits: int     # agreed spends not yet confirmed (any device we know of)
    pending_credits: int    # earnings not yet confirmed
    local_pending_count: int  # agreed spends recorded on this device, waiting for the council
    local_pending_debits: int

    @property
    def available(self) -> int:
        return self.confirmed - self.pending_debits


# An exchange this device made whose operation the council refused outright (the
# sync client quarantined it: e.g. a second reversal of the same exchange made on
# another offline device). It stays in the ledger, pending, but no longer counts
# as a spend; staff see it in the quarantine and in ``flagged``.
_CREATING_OPS = "('timebank.exchange.record', 'timebank.donate', 'timebank.reward.redeem', 'timebank.exchange.reverse')"
REFUSED_SQL = ("exists (select 1 from outbox o where o.record_key = 'timebank.exchange:' || {x}.id "
               "and o.state = 'rejected' and o.op_type in " + _CREATING_OPS + ")")


def exchange_record_key(exchange_id: str) -> str:
    return f"timebank.exchange:{exchange_id}"


def get_exchange(db: Database, exchange_id: str) -> dict[str, Any] | None:
    rows = list(db.query("select * from tb_exchanges where id = ?", [exchange_id]))
    return rows[0] if rows else None


def entries_of(db: Database, exchange_id: str) -> list[dict[str, Any]]:
    return list(db.query("select id, account_id, minutes from tb_entries where exchange_id = ? order by minutes",
                         [exchange_id]))


def post(
    db: Database,
    *,
    kind: str,
    payer_id: str,
    payee_id: str,
    minutes: int,
    category: str,
    service_date: date,
    recorded_by: str,
    device_id: str,
    hub_id: str,
    description: str = "",
    authorisation: Authorisation | None = None,
    reverses_id: str | None = None,
    reason: str = "",
    group_id: str | None = None,
    reward_id: str | None = None,
    source: str = "assisted",
    import_key: str | None = None,
) -> dict[str, Any]:
    """Write one pending exchange and its two entries; must run inside ``db.atomic()``.

    Validation of who may do what is the caller's (``kiosk.timebank.recording``).
    """
    if not db.conn.in_transaction:
        raise RuntimeError("ledger.post must run inside the caller's transaction")
    now = now_iso()
    auth = authorisation.stamped() if authorisation else None
    exchange = {
        "id": str(uuid.uuid4()),
        "kind": kind,
        "payer_id": payer_id,
        "payee_id": payee_id,
        "minutes": minutes,
        "category": category,
        "description": description.strip()[:500],
        "service_date": service_date.isoformat(),
        "recorded_at": now,
        "recorded_by": recorded_by,
        "device_id": device_id,
        "hub_id": hub_id,
        "state": "pending",
        "authorised_by": auth.by if auth else None,
        "authorised_method": auth.method if auth else None,
        "authorised_at": auth.at if auth else None,
        "approved_by": None,
        "approved_at": None,
        "rejection_code": None,
        "rejection_reason": None,
        "flagged": 0,
        "reverses_id": reverses_id,
        "reason": reason.strip()[:500],
        "group_id": group_id,
        "reward_id": reward_id,
        "source": source,
        "import_key": import_key,
        "origin": "device",
    }
    db["tb_exchanges"].insert(exchange)
    entries = [
        {"id": str(uuid.uuid4()), "exchange_id": exchange["id"], "account_id": payer_id,
         "minutes": -minutes, "created_at": now},
        {"id": str(uuid.uuid4()), "exchange_id": exchange["id"], "account_id": payee_id,
         "minutes": minutes, "created_at": now},
    ]
    db["tb_entries"].insert_all(entries)
    return exchange


def exchange_payload(db: Database, exchange: dict[str, Any]) -> dict[str, Any]:
    """What an operation (and the council's change log) carries for an exchange."""
    payload = {name: exchange.get(name) for name in EXCHANGE_FIELDS}
    payload["entries"] = [{"id": e["id"], "account_id": e["account_id"], "minutes": e["minutes"]}
                          for e in entries_of(db, exchange["id"])]
    return payload


def confirmed_sum(db: Database, account_id: str) -> int:
    row = db.execute(
        "select coalesce(sum(e.minutes), 0) from tb_entries e join tb_exchanges x on x.id = e.exchange_id "
        "where e.account_id = ? and x.state = 'confirmed'", [account_id]).fetchone()
    return int(row[0])


def balance(db: Database, account_id: str) -> Balance:
    snapshot = db.execute("select confirmed_minutes, as_of from tb_balances where account_id = ?",
                          [account_id]).fetchone()
    # The council's snapshot is authoritative; without one (never synced, or a
    # member this device only knows from its own records) the mirrored entries are.
    confirmed, as_of = (int(snapshot[0]), snapshot[1]) if snapshot else (confirmed_sum(db, account_id), None)
    pending_debits, pending_credits, local_count, local_debits = db.execute(
        """
        select
          coalesce(sum(case when payer_id = :a and authorised_method is not null then minutes end), 0),
          coalesce(sum(case when payee_id = :a then minutes end), 0),
          coalesce(sum(case when payer_id = :a and authorised_method is not null and origin = 'device' then 1 end), 0),
          coalesce(sum(case when payer_id = :a and authorised_method is not null and origin = 'device'
                            then minutes end), 0)
        from tb_exchanges x where state = 'pending' and (payer_id = :a or payee_id = :a)
          and not """ + REFUSED_SQL.format(x="x"), {"a": account_id}).fetchone()
    return Balance(account_id, confirmed, as_of, int(pending_debits), int(pending_credits),
                   int(local_count), int(local_debits))


def statement(db: Database, account_id: str, *, limit: int = 200) -> list[dict[str, Any]]:
    """The member's exchanges, newest first, with the signed amount for this member."""
    from kiosk.timebank.privacy import open_value

    rows = db.query(
        """
        select x.*, e.minutes as signed_minutes,
               other.id as other_id, other.name as other_name
        from tb_entries e
        join tb_exchanges x on x.id = e.exchange_id
        left join tb_accounts other on other.id = case when x.payer_id = e.account_id then x.payee_id
                                                      else x.payer_id end
        where e.account_id = ?
        order by x.service_date desc, x.recorded_at desc
        limit ?
        """, [account_id, limit])
    return [{**row, "other_name": open_value(db, row["other_id"], "name", row["other_name"])
             if row["other_id"] else None} for row in rows]


def ledger_total(db: Database) -> int:
    """Sum of every entry on this device: zero, always."""
    return int(db.execute("select coalesce(sum(minutes), 0) from tb_entries").fetchone()[0])




def flagged(db: Database) -> list[dict[str, Any]]:
    """Exchanges for a broker to look at: spends the council refused for lack of credits,
    reversals into the red, and exchanges of this device whose operation it refused."""
    return list(db.query("select x.*, " + REFUSED_SQL.format(x="x") + " as refused_operation "
                         "from tb_exchanges x where flagged = 1 or (state = 'pending' and "
                         + REFUSED_SQL.format(x="x") + ") order by recorded_at desc"))
