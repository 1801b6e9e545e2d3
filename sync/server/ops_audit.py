"""``audit.entry``: the council's copy of every device's staff audit log.

The payload is one entry of ``kiosk.audit``: ``{id, at, actor, action,
subject, prev_hash, hash}``. The service recomputes the hash (an entry that
does not match is rejected ``hash_mismatch``) and stores it with the device
it came from; ``chain_breaks`` checks a device's stored chain, so the council
notices an entry that never arrived or was rewritten on the device.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk import audit
from kiosk.timeutil import now_iso
from sync.server.db import Id, Time, metadata
from sync.server.operations import Device, Rejected, operation

audit_entries = sa.Table(
    "audit_entries",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("device_id", Id, nullable=False),
    sa.Column("hub_id", Id, nullable=False),
    sa.Column("at", Time, nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(200), nullable=False),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("received_at", Time, nullable=False),
)
sa.Index("audit_entries_device_at", audit_entries.c.device_id, audit_entries.c.at)

_FIELDS = (*audit.ENTRY_FIELDS, "hash")


@operation(audit.OP_TYPE, schema_versions=(1,))
def audit_entry(conn: Connection, device: Device, payload: dict[str, Any]) -> dict[str, Any]:
    if set(payload) != set(_FIELDS) or not all(isinstance(payload[k], str) for k in _FIELDS):
        raise Rejected("invalid_payload", f"An audit entry has exactly the text fields {', '.join(_FIELDS)}.")
    if any(len(payload[k]) > audit.MAX_TEXT for k in _FIELDS):
        raise Rejected("invalid_payload", f"Audit fields are at most {audit.MAX_TEXT} characters.")
    if audit.entry_hash(payload) != payload["hash"]:
        raise Rejected("hash_mismatch", "The entry's hash does not match its content.")
    existing = conn.execute(sa.select(audit_entries.c.hash).where(audit_entries.c.id == payload["id"])).first()
    if existing is not None:
        if existing.hash == payload["hash"]:
            return {"id": payload["id"], "stored": True}
        raise Rejected("audit_entry_exists", "Another audit entry with this id is already stored.")
    conn.execute(audit_entries.insert().values(**{k: payload[k] for k in _FIELDS}, device_id=device.id,
                                               hub_id=device.hub_id, received_at=now_iso()))
    return {"id": payload["id"], "stored": True}


def entries_for(conn: Connection, device_id: str) -> list[dict[str, Any]]:
    query = sa.select(*[audit_entries.c[k] for k in _FIELDS]).where(audit_entries.c.device_id == device_id)
    return [dict(r._mapping) for r in conn.execute(query)]


def chain_breaks(conn: Connection, device_id: str) -> list[str]:
    """Ids of stored entries whose predecessor is missing (the first entry links to the genesis hash)."""
    rows = entries_for(conn, device_id)
    hashes = {r["hash"] for r in rows}
    return [r["id"] for r in rows if r["prev_hash"] != audit.GENESIS and r["prev_hash"] not in hashes]
