"""Applying what the council publishes about the time bank to the device's tables.

Registered in ``kiosk.mirror.MIRROR_HOOKS`` for the ``timebank.`` prefix; runs in
the transaction that saves the pulled page and its cursor. Entities:

- ``timebank.account``  -> ``tb_accounts`` (members of this hub, every organisation)
- ``timebank.exchange`` -> ``tb_exchanges`` + ``tb_entries`` (new rows inserted,
  a pending row moved on to confirmed/rejected; nothing else ever changes)
- ``timebank.balance``  -> ``tb_balances`` (the council's confirmed balance and its time)
- ``timebank.category``, ``timebank.reward`` -> catalogues
- ``timebank.voucher``  -> ``tb_vouchers`` (issued by the council; ``kiosk.timebank.rewards``)

The ledger is append-only even here: a tombstone for an exchange (it left this
device's scope) is ignored, and ``clear_mirror`` (cursor expired) clears only
the snapshots and catalogues; pulling again from the start re-inserts nothing
twice (ids are the council's and the devices' UUIDs) and moves states forward.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlite_utils import Database

from kiosk.timebank import privacy
from kiosk.timebank.errors import TimeBankError
from kiosk.timebank.ledger import EXCHANGE_FIELDS
from kiosk.timebank.members import ACCOUNT_FIELDS, LIST_FIELDS, OP_SET_PIN, account_record_key
from kiosk.timeutil import now_iso

log = logging.getLogger(__name__)

# Columns a pending exchange may still take from the council.
_STATE_COLUMNS = ("state", "authorised_by", "authorised_method", "authorised_at", "approved_by", "approved_at",
                  "rejection_code", "rejection_reason", "flagged")


def apply_mirror_changes(db: Database, changes: list[dict[str, Any]]) -> None:
    for change in changes:
        entity, data = change["entity"], change["data"]
        if entity == "timebank.account":
            _account(db, change["key"], data)
        elif entity == "timebank.exchange":
            if data is not None:
                _exchange(db, data)
        elif entity == "timebank.balance":
            if data is None:
                db.execute("delete from tb_balances where account_id = ?", [change["key"]])
            else:
                db["tb_balances"].upsert({"account_id": data["account_id"],
                                          "confirmed_minutes": int(data["confirmed_minutes"]),
                                          "as_of": data["as_of"]}, pk="account_id")
        elif entity == "timebank.category":
            if data is None:
                db.execute("delete from tb_categories where code = ?", [change["key"]])
            else:
                db["tb_categories"].upsert({"code": data.get("code") or data.get("id") or change["key"],
                                            "label": data.get("label") or data.get("name") or change["key"],
                                            "active": 1 if data.get("active", True) else 0}, pk="code")
        elif entity == "timebank.voucher":
            if data is not None:  # an issued voucher is never withdrawn from a device
                from kiosk.timebank.rewards import apply_voucher
                apply_voucher(db, data)
        elif entity == "timebank.status_change":  # a broker suspended or reinstated a member (member_admin)
            if data is not None:
                from kiosk.timebank.member_admin import apply_status_change
                apply_status_change(db, data)
        elif entity == "timebank.flag_resolution":  # a broker dealt with a flagged exchange (member_admin)
            if data is not None:
                from kiosk.timebank.member_admin import apply_resolution
                apply_resolution(db, data)
        elif entity == "timebank.reward":
            if data is None:
                db.execute("delete from tb_rewards where id = ?", [change["key"]])
            else:
                db["tb_rewards"].upsert({
                    "id": data.get("id") or change["key"], "name": data["name"], "kind": data.get("kind", ""),
                    "cost_minutes": int(data["cost_minutes"]),
                    "requires_server": 1 if data.get("requires_online", data.get("requires_server")) else 0,
                    "active": 1 if data.get("active", True) else 0,
                    "data": json.dumps(data, ensure_ascii=False)}, pk="id")


def clear_mirror(db: Database) -> None:
    db.execute("delete from tb_balances")
    db.execute("delete from tb_categories")
    db.execute("delete from tb_rewards")


def _account(db: Database, key: str, data: dict[str, Any] | None) -> None:
    if data is None:
        # Left this device's scope (moved hub, withdrawn): forget the person's details.
        # Their exchanges stay; the ledger never loses a row.
        db.execute("delete from tb_accounts where id = ?", [key])
        db.execute("delete from tb_pin_failures where account_id = ?", [key])
        db.execute("delete from tb_balances where account_id = ?", [key])
        return
    row = {name: data.get(name) for name in ACCOUNT_FIELDS}
    for name in LIST_FIELDS:
        row[name] = json.dumps(row[name] or [], ensure_ascii=False)
    for name in ("phone", "email", "postcode", "availability", "hub_id", "registered_by"):
        row[name] = row[name] or ""
    row["allow_negative"] = 1 if row["allow_negative"] else 0
    row["origin"] = "server"
    row["updated_at"] = now_iso()
    # Numbers are made offline: if this device gave the council's number to another
    # member of its own, the council refused that registration (number_taken). The
    # council's member keeps the number; ours is set aside until staff register again.
    db.execute("update tb_accounts set number = 'clash:' || id where number = ? and id <> ?",
               [row["number"], row["id"]])
    found = list(db.query("select * from tb_accounts where id = ?", [row["id"]]))
    if found:
        from kiosk.timebank.member_admin import OP_SET_STATUS, OP_UPDATE, PROFILE_FIELDS

        stored = found[0]
        row["origin"] = stored["origin"]  # remember it was made here
        waiting = {r[0] for r in db.execute(
            "select op_type from outbox where record_key = ? and state in ('queued', 'in_flight')",
            [account_record_key(row["id"])]).fetchall()}
        # A change made here is on its way; older news from the council must not undo it.
        kept: list[str] = []
        if OP_SET_PIN in waiting:
            kept.append("pin_hash")
        if OP_UPDATE in waiting:
            kept += PROFILE_FIELDS
        if OP_SET_STATUS in waiting:
            kept.append("status")
        for name in kept:
            row[name] = stored[name]  # already sealed as stored; seal_row leaves encrypted values alone
    try:
        sealed = privacy.seal_row(db, row)
    except TimeBankError:
        # No safe place for the data key: this device keeps no members' details
        # (docs/SECURITY.md), and the pull must go on rather than jam.
        log.warning("no data key: member %s not kept on this device", row["id"])
        return
    db["tb_accounts"].upsert(sealed, pk="id")


def _exchange(db: Database, data: dict[str, Any]) -> None:
    existing = db.execute("select state from tb_exchanges where id = ?", [data["id"]]).fetchone()
    if existing is None:
        row = {name: data.get(name) for name in EXCHANGE_FIELDS}
        row["description"] = row["description"] or ""
        row["reason"] = row["reason"] or ""
        row["device_id"] = row["device_id"] or ""
        row["hub_id"] = row["hub_id"] or ""
        row["flagged"] = 1 if row["flagged"] else 0
        row["origin"] = "server"
        db["tb_exchanges"].insert(row)
        db["tb_entries"].insert_all(
            [{"id": e["id"], "exchange_id": data["id"], "account_id": e["account_id"], "minutes": e["minutes"],
              "created_at": data["recorded_at"]} for e in data["entries"]])
        return
    if existing[0] != "pending":
        return  # a settled exchange never changes
    updates = {name: data.get(name) for name in _STATE_COLUMNS}
    updates["flagged"] = 1 if updates["flagged"] else 0
    assignments = ", ".join(f"{name} = ?" for name in updates)
    db.execute(f"update tb_exchanges set {assignments} where id = ? and state = 'pending'",
               [*updates.values(), data["id"]])
