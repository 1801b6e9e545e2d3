"""The outbox: every write that must reach the council, queued with the data it covers.

Domain code calls ``enqueue`` *inside* its own ``db.atomic()`` block, so the
domain row and its outbox row commit together or not at all. The sync client
(``sync.client``) owns everything after that: in flight, acknowledged,
quarantined.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk.timeutil import now_iso

migrations = Migrations("kiosk.outbox")

# Life of an outbox row: queued -> in_flight -> applied | rejected (quarantine).
QUEUED, IN_FLIGHT, APPLIED, REJECTED = "queued", "in_flight", "applied", "rejected"


@migrations()
def m001_outbox(db):
    db.execute(
        """
        create table outbox (
            op_id text primary key,
            seq integer not null unique,
            op_type text not null,
            record_key text,
            schema_version integer not null default 1,
            payload text not null,
            payload_hash text not null,
            created_at text not null,
            state text not null default 'queued'
                check (state in ('queued', 'in_flight', 'applied', 'rejected')),
            attempts integer not null default 0,
            last_attempt_at text,
            last_error text,
            result text,
            reason text,
            acked_at text
        )
        """
    )
    db.execute("create index outbox_state_seq on outbox(state, seq)")
    db.execute("create index outbox_record on outbox(record_key, seq)")
    # The per-device sequence never goes back, even after acknowledged rows are purged.
    db.execute("create table device_sequence (id integer primary key check (id = 1), last_seq integer not null)")
    db.execute("insert into device_sequence (id, last_seq) values (1, 0)")


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_hash(op_type: str, schema_version: int, payload: Any) -> str:
    """The hash the council service keeps to tell an identical resend from a conflict."""
    body = canonical_json({"op_type": op_type, "schema_version": schema_version, "payload": payload})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def enqueue(
    db: Database,
    op_type: str,
    payload: dict[str, Any],
    *,
    record_key: str | None = None,
    schema_version: int = 1,
    op_id: str | None = None,
) -> str:
    """Queue one operation; must run inside the caller's ``db.atomic()``."""
    if not db.conn.in_transaction:
        raise RuntimeError("outbox.enqueue must run inside the transaction of the data it covers")
    op_id = op_id or str(uuid.uuid4())
    db.execute("update device_sequence set last_seq = last_seq + 1 where id = 1")
    seq = db.execute("select last_seq from device_sequence where id = 1").fetchone()[0]
    db["outbox"].insert(
        {
            "op_id": op_id,
            "seq": seq,
            "op_type": op_type,
            "record_key": record_key,
            "schema_version": schema_version,
            "payload": canonical_json(payload),
            "payload_hash": payload_hash(op_type, schema_version, payload),
            "created_at": now_iso(),
            "state": QUEUED,
        }
    )
    return op_id


def counts(db: Database) -> dict[str, int]:
    """Items waiting (queued or in flight) and quarantined, for the status area."""
    # A quarantined operation that staff discarded no longer counts as quarantined.
    rows = db.execute(
        "select state, count(*) from outbox where discarded_at is null group by state"
    ).fetchall()
    by_state = dict(rows)
    return {
        "waiting": by_state.get(QUEUED, 0) + by_state.get(IN_FLIGHT, 0),
        "quarantined": by_state.get(REJECTED, 0),
        "applied": by_state.get(APPLIED, 0),
    }


@migrations()
def m002_sync_state(db):
    # Quarantine bookkeeping: staff may discard a quarantined operation, which
    # releases later operations on the same record; the row stays for the record.
    db.execute("alter table outbox add column discarded_at text")
    # When personal data in the payload was cleared after the council acknowledged it.
    db.execute("alter table outbox add column payload_cleared_at text")
    db.execute("create index outbox_state_record on outbox(state, record_key, seq)")
    # One row of sync-client state, kept in the database so backoff and a
    # 401 pause survive restarts of the app.
    db.execute(
        """
        create table sync_state (
            id integer primary key check (id = 1),
            attempts integer not null default 0,
            next_attempt_at text,
            last_attempt_at text,
            last_error text,
            last_sync_at text,
            clock_drift_seconds real,
            paused text
        )
        """
    )
    db.execute("insert into sync_state (id, attempts) values (1, 0)")
