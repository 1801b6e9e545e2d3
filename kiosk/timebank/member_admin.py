"""A time broker's member management on a device: profile changes, suspending and reinstating, and
resolving flagged overspends.

Each change is written with its outbox operation in one ``db.atomic()`` (and an
audit entry with the broker's staff id); the council applies it with the same
rules (``sync.server.ops_timebank_admin``) and publishes the result, which the
mirror brings back (``kiosk.timebank.mirror``). Personal data (contact details,
skills, a reason for a suspension, a note on a flag) leaves the device only
sealed to the council's key, and is encrypted at rest here.

- ``update_profile(db, account_id, by=, phone=, email=, …, badges=, reason=)``: contact
  details, languages, skills, interests, availability, and the badges for references and
  checks (``members.BADGES``) a broker has seen (only what is given changes). Taking a badge
  away needs a reason, as suspending does; the council keeps who changed badges, when, and why.
- ``set_status(db, account_id, "suspended" | "active", by=, reason=)``: suspend
  an active (or pending) member, reinstate a suspended one; always with a reason.
- ``open_flags(db)``: flagged exchanges no broker has resolved yet (spends the
  council refused for lack of credits, reversals that took a member below zero,
  and this device's exchanges whose operation the council refused).
- ``resolve_flag(db, exchange_id, action, by=, note=)``: ``accept`` (nothing
  moves; the broker's note says why) or ``charge_again`` (a refused transfer or
  donation is recorded again, agreed by the broker, and settled against the
  payer's balance now: the helper gets their credits once the payer has them).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlite_utils import Database

from kiosk import audit
from kiosk.i18n import _
from kiosk.timebank import ledger, members, privacy, recording
from kiosk.timebank.errors import TimeBankError
from kiosk.timebank.members import _EMAIL, _PHONE, _clean_list, account_record_key
from kiosk.timeutil import now_iso

OP_UPDATE = "timebank.member.update"
OP_SET_STATUS = "timebank.member.set_status"
OP_RESOLVE_FLAG = "timebank.flag.resolve"
PROFILE_FIELDS = ("phone", "email", "postcode", "languages", "skills", "interests", "availability", "badges")
LIST_PROFILE_FIELDS = ("languages", "skills", "interests", "badges")
STATUSES = ("active", "suspended")
ACTIONS = ("accept", "charge_again")
REASON_MAX = 500
STATUS_TABLE = "tb_status_changes"
FLAG_TABLE = "tb_flag_resolutions"


def _text(value: str | None, what: str, *, required: bool) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise TimeBankError(f"{what}_missing", _("Write a reason.") if what == "reason" else _("Write a note."))
    if len(text) > REASON_MAX:
        raise TimeBankError(f"{what}_too_long", _("Keep it under {count} characters.").format(count=REASON_MAX))
    return text


def _staff(by: str) -> str:
    by = (by or "").strip()
    if not by:
        raise TimeBankError("broker_missing", _("Only a time broker signed in at Staff can do this."))
    return by


def _person(db: Database, account_id: str) -> dict[str, Any]:
    account = members.require_account(db, account_id)
    if account["kind"] != "person":
        raise TimeBankError("not_person", _("{name} is an organisation, not a member.").format(name=account["name"]))
    return account


def _enqueue_sealed(db: Database, op_type: str, payload: dict[str, Any], record_key: str) -> None:
    members._enqueue_sealed(db, op_type, payload, record_key)


# --- profile -----------------------------------------------------------------------------


def clean_profile(account: dict[str, Any], **given: Any) -> dict[str, Any]:
    """The fields in ``given`` (not None) checked and tidied; only those that differ from ``account``."""
    unknown = set(given) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    changes: dict[str, Any] = {}
    for name, value in given.items():
        if value is None:
            continue
        if name in LIST_PROFILE_FIELDS:
            items = value.split(",") if isinstance(value, str) else value
            value = _clean_list(items)
            if name == "badges":
                unknown = [badge for badge in value if badge not in members.BADGES]
                if unknown:
                    raise TimeBankError("unknown_badge", _("Unknown badge: {badge}").format(badge=", ".join(unknown)))
            if len(value) > 30 or any(len(item) > 80 for item in value):
                raise TimeBankError("list_too_long", _("Keep the list short: at most 30 items of 80 letters."))
        elif name == "email":
            value = value.strip()
            if value and not _EMAIL.match(value):
                raise TimeBankError("email_format", _("\"{email}\" does not look like an e-mail address. "
                                                      "You can leave it empty.").format(email=value))
        elif name == "phone":
            value = value.strip()
            if value and not _PHONE.match(value):
                raise TimeBankError("phone_format", _("\"{phone}\" does not look like a phone number.").format(
                    phone=value))
        elif name == "postcode":
            value = " ".join(value.upper().split())
            if len(value) > 16:
                raise TimeBankError("postcode_format", _("\"{postcode}\" does not look like a postcode.").format(
                    postcode=value))
        else:  # availability
            value = " ".join(value.split())[:500]
        if value != (account.get(name) or ([] if name in LIST_PROFILE_FIELDS else "")):
            changes[name] = value
    return changes


def removed_badges(account: dict[str, Any], changes: dict[str, Any]) -> list[str]:
    """The badges ``changes`` would take away from ``account``."""
    if "badges" not in changes:
        return []
    return [badge for badge in account.get("badges") or [] if badge not in changes["badges"]]


def update_profile(db: Database, account_id: str, *, by: str, reason: str = "", **given: Any) -> dict[str, Any]:
    """Change a member's contact details, languages, skills, interests, availability or badges; returns the
    account. ``reason`` is needed (and sent) only when a badge is taken away."""
    by = _staff(by)
    account = _person(db, account_id)
    changes = clean_profile(account, **given)
    if not changes:
        raise TimeBankError("no_change", _("Nothing was changed."))
    reason = _text(reason, "reason", required=True) if removed_badges(account, changes) else ""
    now = now_iso()
    stored = {name: json.dumps(value, ensure_ascii=False) if name in LIST_PROFILE_FIELDS else value
              for name, value in changes.items()}
    sealed = privacy.seal_row(db, {"id": account_id, "kind": "person", **stored})
    assignments = ", ".join(f"{name} = ?" for name in stored)
    with db.atomic():
        db.execute(f"update tb_accounts set {assignments}, updated_at = ? where id = ?",
                   [*(sealed[name] for name in stored), now, account_id])
        payload = {"account_id": account_id, "changes": changes, "by": by, "at": now}
        if reason:
            payload["reason"] = reason
        _enqueue_sealed(db, OP_UPDATE, payload, account_record_key(account_id))
        audit.record(db, by, OP_UPDATE, account_id)
        if "badges" in changes:  # references and checks vouch for a person: an entry of their own
            audit.record(db, by, f"{OP_UPDATE}.badges", account_id)
    return members.require_account(db, account_id)


# --- suspending and reinstating ------------------------------------------------------------


def set_status(db: Database, account_id: str, status: str, *, by: str, reason: str) -> dict[str, Any]:
    """Suspend a member (they cannot exchange or spend) or reinstate them; a reason is always recorded."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}")
    by = _staff(by)
    account = _person(db, account_id)
    reason = _text(reason, "reason", required=True)
    if status == "suspended" and account["status"] == "suspended":
        raise TimeBankError("already_suspended", _("{name} is already suspended.").format(name=account["name"]))
    if status == "active" and account["status"] != "suspended":
        raise TimeBankError("not_suspended", _("{name} is not suspended.").format(name=account["name"]))
    now = now_iso()
    change_id = str(uuid.uuid4())
    with db.atomic():
        db.execute("update tb_accounts set status = ?, updated_at = ? where id = ?", [status, now, account_id])
        _store_status_change(db, {"id": change_id, "account_id": account_id, "status": status, "reason": reason,
                                  "by": by, "at": now}, origin="device")
        _enqueue_sealed(db, OP_SET_STATUS, {"id": change_id, "account_id": account_id, "status": status,
                                            "reason": reason, "by": by, "at": now}, account_record_key(account_id))
        audit.record(db, by, f"{OP_SET_STATUS}.{status}", account_id)
    return members.require_account(db, account_id)


def _store_status_change(db: Database, change: dict[str, Any], *, origin: str) -> None:
    reason = privacy.cipher(db).encrypt(STATUS_TABLE, "reason", change["id"], change["reason"])
    db[STATUS_TABLE].upsert({**change, "reason": reason, "origin": origin}, pk="id")


def status_history(db: Database, account_id: str) -> list[dict[str, Any]]:
    """Suspensions and reinstatements of a member, newest first, with their reasons."""
    rows = db.query(f"select * from {STATUS_TABLE} where account_id = ? order by at desc", [account_id])
    return [{**row, "reason": _open(db, STATUS_TABLE, "reason", row["id"], row["reason"])} for row in rows]


def _open(db: Database, table: str, column: str, row_id: str, value: str) -> str:
    from kiosk import crypto

    if not crypto.is_encrypted(value):
        return value
    try:
        return privacy.cipher(db).decrypt(table, column, row_id, value)
    except (crypto.FieldDecryptError, TimeBankError):
        return ""  # another device's key, or no key: show nothing rather than fail


# --- flagged overspends --------------------------------------------------------------------


def _resolution(db: Database, exchange_id: str) -> dict[str, Any] | None:
    rows = list(db.query(f"select * from {FLAG_TABLE} where exchange_id = ?", [exchange_id]))
    if not rows:
        return None
    row = rows[0]
    return {**row, "note": _open(db, FLAG_TABLE, "note", row["exchange_id"], row["note"])}


def can_charge_again(exchange: dict[str, Any]) -> bool:
    """A transfer or donation the council refused for lack of credits can be recorded again."""
    return (exchange["state"] == "rejected" and exchange.get("rejection_code") == "insufficient_balance"
            and exchange["kind"] in ("transfer", "donation"))


def open_flags(db: Database) -> list[dict[str, Any]]:
    """Flagged exchanges without a broker's resolution, newest first, with both parties' names."""
    out = []
    names: dict[str, str] = {}

    def name(account_id: str) -> str:
        if account_id not in names:
            account = members.get_account(db, account_id)
            names[account_id] = account["name"] if account else ""
        return names[account_id]

    for row in ledger.flagged(db):
        if _resolution(db, row["id"]) is not None:
            continue
        out.append({**row, "payer_name": name(row["payer_id"]), "payee_name": name(row["payee_id"]),
                    "can_charge_again": can_charge_again(row)})
    return out


def resolve_flag(db: Database, exchange_id: str, action: str, *, by: str, note: str) -> dict[str, Any]:
    """Settle a flagged exchange: ``accept`` with a note, or ``charge_again``. Returns the resolution."""
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {ACTIONS}")
    by = _staff(by)
    exchange = ledger.get_exchange(db, exchange_id)
    if exchange is None or not any(row["id"] == exchange_id for row in ledger.flagged(db)):
        raise TimeBankError("not_flagged", _("This exchange is not waiting for a broker."))
    if _resolution(db, exchange_id) is not None:
        raise TimeBankError("already_resolved", _("A broker has already dealt with this exchange."))
    note = _text(note, "note", required=action == "accept")
    now = now_iso()
    with db.atomic():
        new_id = None
        if action == "charge_again":
            if not can_charge_again(exchange):
                raise TimeBankError("cannot_charge_again", _(
                    "Only help or a gift refused for lack of credits can be charged again."))
            again = _charge_again(db, exchange, by, note)
            new_id = again["id"]
        resolution = {"exchange_id": exchange_id, "action": action, "note": note, "by": by, "at": now,
                      "new_exchange_id": new_id}
        _store_resolution(db, resolution, origin="device")
        if not _refused_here(db, exchange_id):  # the council never took it: nothing to tell it but the audit
            _enqueue_sealed(db, OP_RESOLVE_FLAG, resolution, ledger.exchange_record_key(exchange_id))
        audit.record(db, by, f"{OP_RESOLVE_FLAG}.{action}", exchange_id)
    return resolution


def _refused_here(db: Database, exchange_id: str) -> bool:
    """This device's exchange whose operation the council refused outright (it has no such exchange)."""
    return db.execute("select 1 from tb_exchanges x where x.id = ? and x.origin = 'device' and "
                      + ledger.REFUSED_SQL.format(x="x"), [exchange_id]).fetchone() is not None


def _charge_again(db: Database, exchange: dict[str, Any], by: str, note: str) -> dict[str, Any]:
    """The refused exchange recorded anew, agreed by the broker (the offline spending rules apply)."""
    auth = recording.broker_authorisation(by)
    description = exchange.get("description") or ""
    if exchange["kind"] == "donation":
        return recording.donate(db, from_id=exchange["payer_id"], to_id=exchange["payee_id"],
                                minutes=exchange["minutes"], authorisation=auth, recorded_by=by,
                                message=description)
    return recording.record_exchange(
        db, giver_id=exchange["payee_id"], receiver_id=exchange["payer_id"], minutes=exchange["minutes"],
        category=exchange["category"], recorded_by=by, service_date=_recent_date(exchange["service_date"]),
        description=description or note, authorisation=auth, source="broker")


def _recent_date(service_date: str) -> str:
    """The original service date, unless it is now too old to record (then today)."""
    from datetime import date, timedelta

    from kiosk.timebank.amounts import today_london

    day = date.fromisoformat(service_date)
    return service_date if day >= today_london() - timedelta(days=360) else today_london().isoformat()


def _store_resolution(db: Database, resolution: dict[str, Any], *, origin: str) -> None:
    note = resolution["note"]
    if note:
        note = privacy.cipher(db).encrypt(FLAG_TABLE, "note", resolution["exchange_id"], note)
    db[FLAG_TABLE].upsert({**resolution, "note": note, "origin": origin}, pk="exchange_id")


# --- from the council (kiosk.timebank.mirror) ------------------------------------------------


def apply_status_change(db: Database, data: dict[str, Any]) -> None:
    try:
        _store_status_change(db, {k: data[k] for k in ("id", "account_id", "status", "reason", "by", "at")},
                             origin="server")
    except TimeBankError:
        pass  # no data key: this device keeps no members' details (the pull goes on)


def apply_resolution(db: Database, data: dict[str, Any]) -> None:
    try:
        _store_resolution(db, {k: data.get(k) for k in ("exchange_id", "action", "note", "by", "at",
                                                         "new_exchange_id")}, origin="server")
    except TimeBankError:
        pass
