"""Staff sign-in on the device: offline against mirrored verifiers, with lock-out and audit.

Staff accounts are managed on the council service (``kiosk council staff add|disable``)
and reach the devices of their hub as the pulled entity ``staff.account``
(``{id, name, role, hub_id, verifier, active}``; a disabled account arrives
with ``active: false`` and no verifier). They live in the generic mirror table;
this module only reads them, so signing in needs no network.

Lock-out (persisted in ``staff_signin_guard``, so a restart does not reset it):
``MAX_FAILURES`` wrong PINs for one member of staff lock that account on this
device for ``LOCK_SECONDS``; ``DEVICE_MAX_FAILURES`` failures of any names lock
every sign-in on this device for as long (someone cycling through names).
Attempts made while locked are refused *without* checking the PIN and counted
(``refused_while_locked``), so a brute-force run learns nothing and is visible.

The UI owns the session's life: it keeps the ``StaffSession`` this returns,
calls ``touch(now)`` on every staff interaction, checks ``expired(now)`` on a
timer and calls ``sign_out`` (by hand or ``reason="inactivity"``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk import audit, mirror
from kiosk.i18n import _, ngettext
from kiosk.staff_pins import PIN_MAX, check_pin, make_verifier, new_pin
from kiosk.timeutil import from_iso, to_iso

migrations = Migrations("kiosk.staff")

ENTITY = "staff.account"
MAX_FAILURES = 5
DEVICE_MAX_FAILURES = 20
LOCK_SECONDS = 5 * 60
DEVICE_KEY = "*device*"  # the guard row counting failures of every name on this device

# Roles (residents never sign in).
VOLUNTEER, BROKER, OUTREACH, HUB_ADMIN = "volunteer", "broker", "outreach", "hub_admin"
ROLES = (VOLUNTEER, BROKER, OUTREACH, HUB_ADMIN)

# Permissions the UI and the features ask about with ``can(role, permission)``.
ACT_FOR_RESIDENT = "act_for_resident"          # assisted mode: work on a resident's behalf, with consent
REGISTER_MEMBER = "register_member"            # time bank
RECORD_EXCHANGE = "record_exchange"            # time bank
APPROVE_MEMBER = "approve_member"              # time bank broker
APPROVE_EXCHANGE = "approve_exchange"          # time bank broker
EXPORT_REPORTS = "export_reports"
CHECK_OUT_CASES = "check_out_cases"            # outreach case list
VIEW_QUARANTINE = "view_quarantine"            # sync problems shown to staff
DISCARD_QUARANTINED = "discard_quarantined"
LEAVE_KIOSK_MODE = "leave_kiosk_mode"          # the hidden staff exit
CHANGE_DEVICE_MODE = "change_device_mode"
CHANGE_SETTINGS = "change_settings"

_VOLUNTEER = frozenset({ACT_FOR_RESIDENT, REGISTER_MEMBER, RECORD_EXCHANGE, VIEW_QUARANTINE})
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    VOLUNTEER: _VOLUNTEER,
    BROKER: _VOLUNTEER | {APPROVE_MEMBER, APPROVE_EXCHANGE, EXPORT_REPORTS},
    OUTREACH: _VOLUNTEER | {CHECK_OUT_CASES},
    HUB_ADMIN: _VOLUNTEER | {APPROVE_MEMBER, APPROVE_EXCHANGE, EXPORT_REPORTS, CHECK_OUT_CASES,
                             DISCARD_QUARANTINED, LEAVE_KIOSK_MODE, CHANGE_DEVICE_MODE, CHANGE_SETTINGS},
}
PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())


def can(role: str, permission: str) -> bool:
    """Whether ``role`` may do ``permission``; an unknown permission is a programming error."""
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


@migrations()
def m001_signin_guard(db: Database) -> None:
    db.execute(
        """
        create table staff_signin_guard (
            staff_key text primary key,
            failures integer not null default 0,
            last_failure_at text,
            locked_until text,
            refused_while_locked integer not null default 0
        )
        """
    )


class SignInRefused(Exception):
    """Sign-in refused; ``code`` for the UI, ``message`` translated for the person at the screen."""

    def __init__(self, code: str, message: str, *, locked_until: datetime | None = None):
        super().__init__(message)
        self.code = code  # unknown_or_wrong_pin | ambiguous | disabled | locked | device_locked
        self.message = message
        self.locked_until = locked_until


@dataclass
class StaffSession:
    staff_id: str
    name: str
    role: str
    signed_in_at: datetime
    last_activity_at: datetime
    idle_timeout_seconds: int
    signed_out_at: datetime | None = None

    def can(self, permission: str) -> bool:
        return self.signed_out_at is None and can(self.role, permission)

    def touch(self, now: datetime) -> None:
        """Staff did something: the inactivity countdown starts again."""
        if now > self.last_activity_at:
            self.last_activity_at = now

    def seconds_left(self, now: datetime) -> float:
        return self.idle_timeout_seconds - (now - self.last_activity_at).total_seconds()

    def expired(self, now: datetime) -> bool:
        return self.signed_out_at is not None or self.seconds_left(now) <= 0


# --- the mirrored accounts -----------------------------------------------------------


def accounts(db: Database) -> list[dict[str, Any]]:
    """Every staff account this device knows (its hub's), active or disabled."""
    return [a for a in mirror.all(db, ENTITY) if isinstance(a, dict) and a.get("id")]


def _find(db: Database, who: str) -> dict[str, Any] | None:
    who = " ".join((who or "").split())
    if not who:
        return None
    by_id = mirror.get(db, ENTITY, who)
    if isinstance(by_id, dict):
        return by_id
    named = [a for a in accounts(db) if str(a.get("name", "")).casefold() == who.casefold()]
    active = [a for a in named if a.get("active")]
    if len(active) > 1:
        raise SignInRefused("ambiguous", _("More than one member of staff has that name; use your staff ID."))
    return (active or named or [None])[0]


# --- lock-out ------------------------------------------------------------------------


def _guard(db: Database, key: str) -> dict[str, Any]:
    row = db.execute(
        "select failures, last_failure_at, locked_until, refused_while_locked from staff_signin_guard "
        "where staff_key = ?", [key]).fetchone()
    if row is None:
        return {"staff_key": key, "failures": 0, "last_failure_at": None, "locked_until": None,
                "refused_while_locked": 0}
    return {"staff_key": key, "failures": row[0], "last_failure_at": row[1], "locked_until": row[2],
            "refused_while_locked": row[3]}


def locked_until(db: Database, staff_id: str | None, now: datetime) -> datetime | None:
    """When sign-in for ``staff_id`` (or for anyone, when the device is locked) opens again."""
    for key in (DEVICE_KEY, staff_id):
        if key is None:
            continue
        until = _guard(db, key)["locked_until"]
        if until and now < from_iso(until):
            return from_iso(until)
    return None


def lockout_state(db: Database, staff_id: str) -> dict[str, Any]:
    """The persisted counters of one account (for staff screens and tests)."""
    return _guard(db, staff_id)


def _save(db: Database, guard: dict[str, Any]) -> None:
    db["staff_signin_guard"].upsert(guard, pk="staff_key")


def _fail(db: Database, key: str, limit: int, now: datetime) -> bool:
    """Count one failure; True when this failure locks ``key``."""
    guard = _guard(db, key)
    if guard["locked_until"] and now >= from_iso(guard["locked_until"]):
        guard["failures"], guard["locked_until"] = 0, None  # a served lock-out starts the count again
    guard["failures"] += 1
    guard["last_failure_at"] = to_iso(now)
    locks = guard["failures"] >= limit
    if locks:
        guard["locked_until"] = to_iso(now + timedelta(seconds=LOCK_SECONDS))
        guard["refused_while_locked"] = 0  # counts the attempts of this lock-out
    _save(db, guard)
    return locks


def _refuse_locked(db: Database, key: str, actor: str, until: datetime, now: datetime) -> SignInRefused:
    guard = _guard(db, key)
    guard["refused_while_locked"] += 1
    with db.atomic():
        _save(db, guard)
        if guard["refused_while_locked"] == 1:  # audit the first refusal of a lock-out, count the rest
            audit.record(db, actor, "staff.sign_in_refused_locked", key, at=now)
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    if key == DEVICE_KEY:
        return SignInRefused("device_locked", ngettext(
            "Too many wrong sign-ins on this device. Sign-in opens again in {minutes} minute.",
            "Too many wrong sign-ins on this device. Sign-in opens again in {minutes} minutes.",
            minutes).format(minutes=minutes), locked_until=until)
    return SignInRefused("locked", ngettext(
        "Too many wrong PINs for this account. Try again in {minutes} minute or ask your hub admin.",
        "Too many wrong PINs for this account. Try again in {minutes} minutes or ask your hub admin.",
        minutes).format(minutes=minutes), locked_until=until)


# --- sign in and out -------------------------------------------------------------------

_dummy: list[str] = []


def _dummy_verifier() -> str:
    if not _dummy:
        _dummy.append(make_verifier(new_pin(PIN_MAX)))
    return _dummy[0]



def sign_in(db: Database, who: str, pin: str, now: datetime) -> StaffSession:
    """Check ``pin`` for the staff member named or numbered ``who``; raises ``SignInRefused``."""
    from kiosk.settings import Settings

    if now.tzinfo is None:
        raise ValueError("naive datetime: pass an aware UTC time")
    device_until = locked_until(db, None, now)
    if device_until is not None:
        raise _refuse_locked(db, DEVICE_KEY, "unknown", device_until, now)
    account = _find(db, who)
    staff_id = account["id"] if account else None
    if staff_id is not None:
        until = locked_until(db, staff_id, now)
        if until is not None:
            raise _refuse_locked(db, staff_id, staff_id, until, now)
    if account is not None and not account.get("active"):
        with db.atomic():
            audit.record(db, staff_id, "staff.sign_in_refused_disabled", staff_id, at=now)
        raise SignInRefused("disabled", _(
            "This staff account has been disabled by the council. Ask your hub admin."))
    # An unknown name costs the same slow check as a wrong PIN, so timing does not reveal who exists.
    verifier = account.get("verifier") if account is not None else _dummy_verifier()
    if not check_pin(pin, verifier) or account is None:
        with db.atomic():
            actor = staff_id or "unknown"
            # Never what was typed as the subject: it may be a resident's name or a PIN in the wrong box.
            audit.record(db, actor, "staff.sign_in_failed", staff_id or "unknown", at=now)
            locked = staff_id is not None and _fail(db, staff_id, MAX_FAILURES, now)
            device_locked = _fail(db, DEVICE_KEY, DEVICE_MAX_FAILURES, now)
            if locked:
                audit.record(db, actor, "staff.locked_out", staff_id, at=now)
            if device_locked:
                audit.record(db, actor, "staff.device_locked_out", DEVICE_KEY, at=now)
        # The same answer for an unknown name and a wrong PIN: it tells a guesser nothing.
        raise SignInRefused("unknown_or_wrong_pin", _("That staff name or PIN is not right."))
    with db.atomic():
        db.execute("delete from staff_signin_guard where staff_key in (?, ?)", [staff_id, DEVICE_KEY])
        audit.record(db, staff_id, "staff.sign_in", account.get("role", ""), at=now)
    return StaffSession(
        staff_id=staff_id,
        name=str(account.get("name", "")),
        role=str(account.get("role", "")),
        signed_in_at=now,
        last_activity_at=now,
        idle_timeout_seconds=Settings(db)["staff_idle_timeout_seconds"],
    )


def sign_out(db: Database, session: StaffSession, now: datetime, *, reason: str = "by_hand") -> None:
    """End the session (by hand, or ``reason="inactivity"`` when ``expired`` said so)."""
    if session.signed_out_at is not None:
        return
    session.signed_out_at = now
    audit.record(db, session.staff_id, "staff.sign_out", reason, at=now)


def still_active(db: Database, session: StaffSession) -> bool:
    """False once a sync brought the account's disabling; the UI then signs the session out."""
    account = mirror.get(db, ENTITY, session.staff_id)
    return isinstance(account, dict) and bool(account.get("active"))


def act_for_resident(db: Database, session: StaffSession, subject: str, *, consent: bool, now: datetime) -> dict[str, Any]:
    """Record that ``session`` acts for a resident (``subject``: a reference, never a name)."""
    if not consent:
        raise SignInRefused("no_consent", _("Ask the resident first: we need their consent to help on their behalf."))
    if session.expired(now) or not session.can(ACT_FOR_RESIDENT):
        raise SignInRefused("not_allowed", _("Your role cannot do this, or your session has ended."))
    session.touch(now)
    return audit.record(db, session.staff_id, "resident.act_for", subject, at=now)
