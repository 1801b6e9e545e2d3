"""Outreach cases on the device: residents to visit, checked out to one worker for a set time.

The council checks a case out to an outreach worker (staff id) on one device
and publishes it as entity ``outreach.case`` in that device's scope only
(``device:<id>``), with ``expires_at``. When the case expires or is checked in,
the council publishes a tombstone; but a laptop may be offline for days, so
**the device purges an expired case by itself**, from its own clock:
``purge_expired(db, now)`` runs when the database is opened by the UI, on a
timer, and before any list of cases is read (``cases_for``).

Where the data lives:

* ``outreach_cases``: one row per case, ``name``, ``address`` and ``needs``
  encrypted per field with the device's data key (``kiosk.crypto``). With no
  data key (no secure keyring) a pulled case is *not stored* at all.
* The generic ``mirror`` table would keep the pulled JSON in clear, so the
  mirror hook (``apply_mirror_changes``) removes the case's mirror row in the
  same transaction as the page that brought it: the clear JSON is never
  committed.
* Every delete of case data runs with ``PRAGMA secure_delete=ON`` (left on for
  the connection): SQLite then overwrites the deleted cells with zeros instead
  of leaving them in free space of the page, so no VACUUM is needed for the
  bytes to be gone from the file once the WAL is checkpointed.

Visit notes go to the council sealed (``outreach.visit``, ``kiosk.sealing``):
the device keeps only the visit id, case id, outcome code and time. Checking a
case in early queues ``outreach.checkin`` (ids only) and deletes the case here
at once. Both are audited (``outreach.visit`` with the visit id, ``outreach.checkin``
with the case id).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk import audit, crypto, outbox
from kiosk.i18n import N_, _, ngettext
from kiosk.staff import CHECK_OUT_CASES, StaffSession
from kiosk.timeutil import from_iso, to_iso, utcnow

log = logging.getLogger(__name__)

migrations = Migrations("kiosk.outreach")

ENTITY = "outreach.case"
OP_VISIT = "outreach.visit"
OP_CHECKIN = "outreach.checkin"
TABLE = "outreach_cases"
PERSONAL_COLUMNS = ("name", "address", "needs")
NOTES_MAX = 2000

# Outcome codes of a visit (stored and sent as codes; labels translated at display time).
OUTCOMES: dict[str, str] = {
    "visited": N_("Visited and talked"),
    "not_home": N_("Nobody at home"),
    "declined": N_("Did not want a visit"),
    "referred": N_("Referred to another service"),
}


@migrations()
def m001_cases(db: Database) -> None:
    db.execute(
        """
        create table outreach_cases (
            id text primary key,
            staff_id text not null,
            hub_id text,
            name text not null,
            address text,
            needs text,
            checked_out_at text,
            expires_at text not null
        )
        """
    )
    db.execute("create index outreach_cases_expires on outreach_cases (expires_at)")
    db.execute(
        """
        create table outreach_visits (
            id text primary key,
            case_id text not null,
            staff_id text not null,
            outcome text not null,
            recorded_at text not null
        )
        """
    )


class OutreachError(Exception):
    """Refused or bad input; ``message`` is translated for the worker."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Case:
    id: str
    staff_id: str
    name: str
    address: str
    needs: str
    checked_out_at: datetime | None
    expires_at: datetime
    visits: int

    def seconds_left(self, now: datetime) -> int:
        return max(0, int((self.expires_at - now).total_seconds()))


def secure_delete_on(db: Database) -> None:
    """Deleted rows are overwritten with zeros (this connection, from now on)."""
    db.execute("PRAGMA secure_delete=ON")


# --- pulled from the council ----------------------------------------------------------


def apply_mirror_changes(db: Database, changes: list[dict[str, Any]]) -> None:
    """Mirror hook for ``outreach.``: keep cases encrypted in ``outreach_cases``, never in the mirror."""
    secure_delete_on(db)
    cipher: crypto.FieldCipher | None = None
    for change in changes:
        if change["entity"] != ENTITY:
            continue
        key = str(change["key"])
        data = change.get("data")
        if change["op"] != "upsert" or not isinstance(data, dict):
            _delete_cases(db, [key])
            continue
        if cipher is None:
            try:
                cipher = crypto.cipher_for(db)
            except crypto.KeyUnavailable as exc:
                # Refuse to keep personal data in clear; the case is simply not on this device.
                log.warning("outreach case %s not stored: %s", key, exc)
                _delete_cases(db, [key])
                continue
        row = {
            "id": key,
            "staff_id": str(data.get("staff_id") or ""),
            "hub_id": data.get("hub_id"),
            "name": str(data.get("name") or ""),
            "address": str(data.get("address") or ""),
            "needs": str(data.get("needs") or ""),
            "checked_out_at": data.get("checked_out_at"),
            "expires_at": str(data.get("expires_at") or ""),
        }
        try:
            expires_at = from_iso(row["expires_at"])
        except (TypeError, ValueError):
            log.warning("outreach case %s has no valid expires_at; not stored", key)
            _delete_cases(db, [key])
            continue
        if expires_at <= utcnow():  # pulled late (offline for days): already expired, never written
            _delete_cases(db, [key])
            continue
        db.execute("delete from outreach_cases where id = ?", [key])
        db[TABLE].insert(cipher.encrypt_row(TABLE, row, PERSONAL_COLUMNS))
    # The generic mirror stored the clear JSON a moment ago in this transaction: remove it
    # (zeroed by secure_delete) before the page commits.
    db.execute("delete from mirror where entity = ?", [ENTITY])


def clear_mirror(db: Database) -> None:
    """The council asked for a full resync: cases still checked out come again."""
    secure_delete_on(db)
    db.execute("delete from outreach_visits")
    db.execute("delete from outreach_cases")


def _delete_cases(db: Database, ids: Iterable[str]) -> None:
    ids = list(ids)
    if not ids:
        return
    marks = ", ".join("?" for _i in ids)
    db.execute(f"delete from outreach_visits where case_id in ({marks})", ids)
    db.execute(f"delete from outreach_cases where id in ({marks})", ids)
    db.execute(f"delete from mirror where entity = ? and key in ({marks})", [ENTITY, *ids])


# --- expiry -----------------------------------------------------------------------------


def purge_expired(db: Database, now: datetime) -> int:
    """Delete every case whose time is up (online or not); returns how many went."""
    secure_delete_on(db)
    with db.atomic():
        ids = [r[0] for r in db.execute("select id from outreach_cases where expires_at <= ?", [to_iso(now)])]
        _delete_cases(db, ids)
        # A stray mirror row (from a build before this hook existed) is personal data too.
        db.execute("delete from mirror where entity = ?", [ENTITY])
    if ids:
        log.info("purged %d expired outreach case(s)", len(ids))
    return len(ids)


def next_expiry(db: Database) -> datetime | None:
    row = db.execute("select min(expires_at) from outreach_cases").fetchone()
    return from_iso(row[0]) if row and row[0] else None


def expires_in_text(seconds: int) -> str:
    """"Expires in 3 hours 12 minutes" (days when more than two days are left)."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return _("Expires in less than a minute")
    minutes_total = seconds // 60
    days, rest = divmod(minutes_total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts: list[str] = []
    if days:
        parts.append(ngettext("{n} day", "{n} days", days).format(n=days))
    if hours:
        parts.append(ngettext("{n} hour", "{n} hours", hours).format(n=hours))
    if minutes and not days:
        parts.append(ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes))
    return _("Expires in {time}").format(time=" ".join(parts))


# --- what the worker sees and does ---------------------------------------------------------


def _require(session: StaffSession | None) -> StaffSession:
    if session is None or not session.can(CHECK_OUT_CASES):
        raise OutreachError(_("Only a signed-in outreach worker can see outreach cases."))
    return session


def cases_for(db: Database, session: StaffSession | None, now: datetime) -> list[Case]:
    """The signed-in worker's cases, soonest expiry first; expired ones are purged first."""
    session = _require(session)
    purge_expired(db, now)
    rows = list(db.query(
        "select c.*, (select count(*) from outreach_visits v where v.case_id = c.id) as visits "
        "from outreach_cases c where c.staff_id = ? order by c.expires_at, c.id",
        [session.staff_id]))
    if not rows:
        return []
    try:
        cipher = crypto.cipher_for(db)
    except crypto.KeyUnavailable as exc:
        raise OutreachError(str(exc)) from None
    out = []
    for row in rows:
        try:
            clear = cipher.decrypt_row(TABLE, row, PERSONAL_COLUMNS)
        except crypto.FieldDecryptError:
            log.warning("outreach case %s does not decrypt; skipped", row["id"])
            continue
        out.append(Case(
            id=clear["id"], staff_id=clear["staff_id"], name=clear["name"], address=clear["address"] or "",
            needs=clear["needs"] or "",
            checked_out_at=from_iso(clear["checked_out_at"]) if clear["checked_out_at"] else None,
            expires_at=from_iso(clear["expires_at"]), visits=int(row["visits"])))
    return out


def get_case(db: Database, session: StaffSession | None, case_id: str, now: datetime) -> Case:
    for case in cases_for(db, session, now):
        if case.id == case_id:
            return case
    raise OutreachError(_("This case is no longer on this device: its time ran out or it was checked in."))


def record_visit(db: Database, session: StaffSession | None, case_id: str, outcome: str, notes: str,
                 now: datetime) -> str:
    """Queue the visit sealed to the council; returns the visit id. Raises ``OutreachError``
    (bad input, case gone) or ``sealing.SealingUnavailable`` (no council key yet)."""
    from kiosk import sealing  # cryptography loads only when something is sealed

    case = get_case(db, session, case_id, now)
    if outcome not in OUTCOMES:
        raise OutreachError(_("Choose what happened at the visit."))
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX:
        raise OutreachError(_("Notes must be {max} characters or fewer; you have {count}.").format(
            max=NOTES_MAX, count=len(notes)))
    visit_id = str(uuid.uuid4())
    payload = {"visit_id": visit_id, "case_id": case.id, "staff_id": case.staff_id, "outcome": outcome,
               "notes": notes, "visited_at": to_iso(now)}
    with db.atomic():
        sealing.enqueue_sealed(db, OP_VISIT, payload, record_key=f"outreach.visit:{visit_id}")
        db["outreach_visits"].insert({"id": visit_id, "case_id": case.id, "staff_id": case.staff_id,
                                      "outcome": outcome, "recorded_at": to_iso(now)})
        audit.record(db, case.staff_id, OP_VISIT, visit_id, at=now)  # ids only, never the resident
    return visit_id


def check_in(db: Database, session: StaffSession | None, case_id: str, now: datetime) -> None:
    """Hand a case back early: gone from this device now, the council is told at the next sync."""
    case = get_case(db, session, case_id, now)
    secure_delete_on(db)
    with db.atomic():
        outbox.enqueue(db, OP_CHECKIN, {"case_id": case.id, "staff_id": case.staff_id,
                                        "checked_in_at": to_iso(now)},
                       record_key=f"outreach.checkin:{case.id}")
        _delete_cases(db, [case.id])
        audit.record(db, case.staff_id, OP_CHECKIN, case.id, at=now)
