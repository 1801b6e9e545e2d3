"""The staff audit log: append-only, hash-chained, copied to the council.

Each entry is ``{id, at, actor, action, subject, prev_hash}`` plus
``hash = sha256(canonical JSON of those six fields)``; ``prev_hash`` is the
previous entry's hash (64 zeros for the first), so editing or removing any
entry breaks the chain after it. SQLite triggers refuse UPDATE and DELETE on
``audit_log``; the same transaction enqueues the entry to the outbox (op
``audit.entry``, record key ``audit:<id>``), so the council keeps a copy and the
outbox row's ``payload_hash`` and record key survive on the device even after
the payload is cleared - which is how ``verify`` notices a removed *last* entry
or a rewritten chain.

Entries name people by id only (staff id, member id, request reference), never
by name: the audit log holds no personal data of residents.

Actions recorded by the core: ``staff.sign_in``, ``staff.sign_in_failed``,
``staff.locked_out``, ``staff.sign_out``, ``resident.act_for``; features add
``<feature>.approve`` and ``<feature>.export`` (see docs/SECURITY.md).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk import outbox
from kiosk.timeutil import now_iso, to_iso

migrations = Migrations("kiosk.audit")

OP_TYPE = "audit.entry"
GENESIS = "0" * 64
ENTRY_FIELDS = ("id", "at", "actor", "action", "subject", "prev_hash")
MAX_TEXT = 200


@migrations()
def m001_audit_log(db: Database) -> None:
    db.execute(
        """
        create table audit_log (
            pos integer primary key autoincrement,
            id text not null unique,
            at text not null,
            actor text not null,
            action text not null,
            subject text not null,
            prev_hash text not null,
            hash text not null unique
        )
        """
    )
    db.execute(
        "create trigger audit_log_no_update before update on audit_log "
        "begin select raise(abort, 'the audit log is append-only'); end"
    )
    db.execute(
        "create trigger audit_log_no_delete before delete on audit_log "
        "begin select raise(abort, 'the audit log is append-only'); end"
    )


def entry_hash(entry: dict[str, Any]) -> str:
    body = {name: entry[name] for name in ENTRY_FIELDS}
    return hashlib.sha256(outbox.canonical_json(body).encode("utf-8")).hexdigest()


def _text(value: Any, name: str) -> str:
    text = "" if value is None else str(value)
    if len(text) > MAX_TEXT:
        raise ValueError(f"audit {name} is longer than {MAX_TEXT} characters")
    return text


def record(db: Database, actor: str, action: str, subject: str = "", *, at: datetime | None = None) -> dict[str, Any]:
    """Append one entry (and its outbox copy) atomically; nests inside the caller's transaction."""
    if not action:
        raise ValueError("an audit entry needs an action")
    with db.atomic():
        last = db.execute("select hash from audit_log order by pos desc limit 1").fetchone()
        entry = {
            "id": str(uuid.uuid4()),
            "at": to_iso(at) if at is not None else now_iso(),
            "actor": _text(actor, "actor"),
            "action": _text(action, "action"),
            "subject": _text(subject, "subject"),
            "prev_hash": last[0] if last else GENESIS,
        }
        entry["hash"] = entry_hash(entry)
        db["audit_log"].insert(entry)
        outbox.enqueue(db, OP_TYPE, entry, record_key=f"audit:{entry['id']}")
    return entry


def entries(db: Database, limit: int | None = None) -> list[dict[str, Any]]:
    sql = "select id, at, actor, action, subject, prev_hash, hash from audit_log order by pos"
    if limit is not None:
        sql += f" desc limit {int(limit)}"
    rows = list(db.query(sql))
    return rows[::-1] if limit is not None else rows


@dataclass
class Break:
    entry_id: str
    problem: str  # edited | removed_before | removed | rewritten

    def as_dict(self) -> dict[str, str]:
        return {"entry_id": self.entry_id, "problem": self.problem}


@dataclass
class Verification:
    entries: int = 0
    breaks: list[Break] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "breaks": [b.as_dict() for b in self.breaks]}


def verify(db: Database) -> Verification:
    """Walk the chain and compare it with the outbox copies; every break names an entry id."""
    result = Verification()
    rows = entries(db)
    result.entries = len(rows)
    previous = GENESIS
    for row in rows:
        if entry_hash(row) != row["hash"]:
            result.breaks.append(Break(row["id"], "edited"))
        elif row["prev_hash"] != previous:
            # The link back does not match: the entry before this one was removed (or edited).
            result.breaks.append(Break(row["id"], "removed_before"))
        previous = row["hash"]
    # The outbox keeps each entry's record key and payload hash even after sync
    # clears the payload: a missing entry (the last one too) or a rewritten
    # chain shows up here.
    by_id = {row["id"]: row for row in rows}
    for op in db.query(
        "select record_key, payload_hash, schema_version from outbox where op_type = ? order by seq", [OP_TYPE]
    ):
        entry_id = (op["record_key"] or "").removeprefix("audit:")
        row = by_id.get(entry_id)
        if row is None:
            result.breaks.append(Break(entry_id, "removed"))
        elif outbox.payload_hash(OP_TYPE, op["schema_version"], row) != op["payload_hash"]:
            if not any(b.entry_id == entry_id for b in result.breaks):
                result.breaks.append(Break(entry_id, "rewritten"))
    return result


def dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)
