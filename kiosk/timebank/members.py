"""Members and organisation accounts on the device.

Registration writes the account and its outbox operation in one ``db.atomic()``.
Self-service registrations wait (``pending``) until a broker approves them;
a volunteer-assisted registration is active at once. Members need no e-mail.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Iterable

from sqlite_utils import Database

from kiosk import audit, outbox
from kiosk.i18n import LANGUAGES, N_, _, current_language
from kiosk.settings import Settings
from kiosk.timebank import numbers, pins, privacy
from kiosk.timebank.amounts import today_london
from kiosk.timebank.errors import TimeBankError
from kiosk.timeutil import from_iso, now_iso, utcnow

OP_REGISTER = "timebank.member.register"
OP_APPROVE = "timebank.member.approve"
OP_SET_PIN = "timebank.member.set_pin"

ORG_TYPES = ("council_service", "community_group", "project", "partner")
BADGES = ("reference", "dbs_check", "id_seen", "induction", "first_aid")
# What each badge is called on screen (translated when shown).
BADGE_LABELS = {
    "reference": N_("References checked"),
    "dbs_check": N_("DBS check"),
    "id_seen": N_("ID seen"),
    "induction": N_("Induction done"),
    "first_aid": N_("First aid"),
}
LIST_FIELDS = ("languages", "skills", "interests", "badges")
PIN_LOCK_MINUTES = 15
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")

# Fields of an account that travel in a registration operation (never the PIN itself).
ACCOUNT_FIELDS = (
    "id", "number", "kind", "org_type", "name", "phone", "email", "postcode", "languages", "skills",
    "interests", "availability", "consent_wording", "consent_language", "consent_given_at", "consent_date",
    "badges", "pin_hash", "status", "allow_negative", "hub_id", "registered_by", "registered_at",
    "approved_by", "approved_at",
)


# The consent statement shown at registration (translated when shown; the text
# actually shown is stored with the member).
CONSENT_WORDING = N_(
    "The time bank keeps your name, contact details, languages, skills, interests and availability, "
    "and the hours you give and receive, to match you with people who need help and to run the time bank. "
    "Reports to funders never name you. You can see, correct or remove your details at any time by "
    "asking at a hub.")


@dataclass(frozen=True)
class Consent:
    """What the member agreed to, exactly as it was shown, and in which language."""
    wording: str
    language: str

    @classmethod
    def as_shown_now(cls) -> "Consent":
        """The standard statement in the current language (what the screen shows)."""
        return cls(_(CONSENT_WORDING), current_language())


def account_record_key(account_id: str) -> str:
    return f"timebank.account:{account_id}"


def decode(db: Database, row: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored account as the program uses it: lists decoded, personal details decrypted."""
    if row is None:
        return None
    out = privacy.open_row(db, row)
    for name in LIST_FIELDS:
        if isinstance(out.get(name), str):
            out[name] = json.loads(out[name])
    return out


def _clean_list(values: Iterable[str] | None) -> list[str]:
    seen: list[str] = []
    for value in values or ():
        text = " ".join(str(value).split())
        if text and text.lower() not in (s.lower() for s in seen):
            seen.append(text[:80])
    return seen


def _unique_number(db: Database) -> str:
    for _attempt in range(20):  # 10^9 numbers: a clash is rare; 20 in a row is impossible in practice
        number = numbers.new_number()
        if not db.execute("select 1 from tb_accounts where number = ?", [number]).fetchone():
            return number
    raise RuntimeError("could not find a free member number")


def _device(db: Database) -> tuple[str, str]:
    settings = Settings(db)
    return settings["device_id"], settings["hub_id"]


def register_member(
    db: Database,
    *,
    name: str,
    consent: Consent | None,
    registered_by: str,
    self_service: bool = False,
    phone: str = "",
    email: str = "",
    postcode: str = "",
    languages: Iterable[str] = (),
    skills: Iterable[str] = (),
    interests: Iterable[str] = (),
    availability: str = "",
    badges: Iterable[str] = (),
    pin: str | None = None,
) -> dict[str, Any]:
    """Register a person; returns the decoded account (with its new member number)."""
    name = " ".join((name or "").split())
    if not name:
        raise TimeBankError("name_missing", _("Enter the member's name."))
    if len(name) > 120:
        raise TimeBankError("name_too_long", _("The name is too long (at most 120 letters)."))
    if consent is None or not consent.wording.strip():
        raise TimeBankError("consent_missing", _(
            "We can only register a member who agrees to how their details are used."))
    email = (email or "").strip()
    if email and not _EMAIL.match(email):
        raise TimeBankError("email_format", _("\"{email}\" does not look like an e-mail address. "
                                              "You can leave it empty.").format(email=email))
    phone = (phone or "").strip()
    if phone and not _PHONE.match(phone):
        raise TimeBankError("phone_format", _("\"{phone}\" does not look like a phone number.").format(phone=phone))
    langs = _clean_list(languages)
    badge_list = _clean_list(badges)
    unknown = [b for b in badge_list if b not in BADGES]
    if unknown:
        raise TimeBankError("unknown_badge", _("Unknown badge: {badge}").format(badge=", ".join(unknown)))
    if self_service and badge_list:
        raise TimeBankError("badge_needs_staff", _("Only staff can add references and checks."))
    pin_hash = pins.hash_pin(pin) if pin else None
    if self_service and not pin_hash:
        raise TimeBankError("pin_missing", _("Choose a PIN to protect your time credits."))
    device_id, hub_id = _device(db)
    now = now_iso()
    account = {
        "id": str(uuid.uuid4()),
        "number": _unique_number(db),
        "kind": "person",
        "org_type": None,
        "name": name,
        "phone": phone,
        "email": email,
        "postcode": " ".join((postcode or "").upper().split()),
        "languages": json.dumps(langs),
        "skills": json.dumps(_clean_list(skills)),
        "interests": json.dumps(_clean_list(interests)),
        "availability": (availability or "").strip()[:500],
        "consent_wording": consent.wording,
        "consent_language": consent.language if consent.language in LANGUAGES else "en",
        "consent_given_at": now,
        "consent_date": today_london().isoformat(),
        "badges": json.dumps(badge_list),
        "pin_hash": pin_hash,
        "status": "pending" if self_service else "active",
        "allow_negative": 0,
        "hub_id": hub_id,
        "registered_by": "self" if self_service else registered_by,
        "registered_at": now,
        "approved_by": None if self_service else registered_by,
        "approved_at": None if self_service else now,
        "origin": "device",
        "updated_at": now,
    }
    _insert_account(db, account, device_id)
    return get_account(db, account["id"])


def register_organisation(
    db: Database, *, name: str, org_type: str, registered_by: str, phone: str = "", email: str = "",
) -> dict[str, Any]:
    """An organisation account (council service, community group, project): may pay out credits."""
    name = " ".join((name or "").split())
    if not name:
        raise TimeBankError("name_missing", _("Enter the organisation's name."))
    if org_type not in ORG_TYPES:
        raise TimeBankError("org_type", _("Choose what kind of organisation this is."))
    device_id, hub_id = _device(db)
    now = now_iso()
    account = {
        "id": str(uuid.uuid4()), "number": _unique_number(db), "kind": "organisation", "org_type": org_type,
        "name": name, "phone": (phone or "").strip(), "email": (email or "").strip(), "postcode": "",
        "languages": "[]", "skills": "[]", "interests": "[]", "availability": "",
        "consent_wording": None, "consent_language": None, "consent_given_at": None, "consent_date": None,
        "badges": "[]", "pin_hash": None,
        # Organisations issue credits for help given to them, so they may go below zero.
        "status": "active", "allow_negative": 1, "hub_id": hub_id,
        "registered_by": registered_by, "registered_at": now, "approved_by": registered_by, "approved_at": now,
        "origin": "device", "updated_at": now,
    }
    _insert_account(db, account, device_id)
    return get_account(db, account["id"])


def account_payload(account: dict[str, Any]) -> dict[str, Any]:
    payload = {name: account.get(name) for name in ACCOUNT_FIELDS}
    for name in LIST_FIELDS:
        if isinstance(payload[name], str):
            payload[name] = json.loads(payload[name])
    return payload


def _enqueue_sealed(db: Database, op_type: str, payload: dict[str, Any], record_key: str) -> None:
    """Personal data leaves the device only sealed to the council's key (kiosk.sealing)."""
    from kiosk import sealing  # cryptography loads only when something is sealed, not at start-up

    try:
        sealing.enqueue_sealed(db, op_type, payload, record_key=record_key)
    except sealing.SealingUnavailable as exc:
        raise TimeBankError("sealing_unavailable", str(exc)) from None


def _insert_account(db: Database, account: dict[str, Any], device_id: str) -> None:
    with db.atomic():
        db["tb_accounts"].insert(privacy.seal_row(db, account))
        payload = account_payload(account)
        payload["device_id"] = device_id
        _enqueue_sealed(db, OP_REGISTER, payload, account_record_key(account["id"]))


def approve_member(db: Database, account_id: str, *, broker: str) -> dict[str, Any]:
    account = require_account(db, account_id)
    if account["status"] != "pending":
        raise TimeBankError("not_pending", _("{name} is not waiting for approval.").format(name=account["name"]))
    now = now_iso()
    with db.atomic():
        db.execute("update tb_accounts set status = 'active', approved_by = ?, approved_at = ?, updated_at = ? "
                   "where id = ? and status = 'pending'", [broker, now, now, account_id])
        outbox.enqueue(db, OP_APPROVE, {"account_id": account_id, "approved_by": broker, "approved_at": now},
                       record_key=account_record_key(account_id))
        audit.record(db, broker, OP_APPROVE, account_id)
    return get_account(db, account_id)


def pending_members(db: Database) -> list[dict[str, Any]]:
    return [decode(db, r) for r in db.query(
        "select * from tb_accounts where status = 'pending' order by registered_at")]


def get_account(db: Database, account_id: str) -> dict[str, Any] | None:
    rows = list(db.query("select * from tb_accounts where id = ?", [account_id]))
    return decode(db, rows[0]) if rows else None


def require_account(db: Database, account_id: str) -> dict[str, Any]:
    account = get_account(db, account_id)
    if account is None:
        raise TimeBankError("unknown_account", _("We cannot find that member on this device."))
    return account


def get_by_number(db: Database, number: str) -> dict[str, Any] | None:
    rows = list(db.query("select * from tb_accounts where number = ?", [number]))
    return decode(db, rows[0]) if rows else None


def find_by_card(db: Database, text: str) -> dict[str, Any]:
    """The member whose number is in typed or scanned ``text`` (TimeBankError if none)."""
    number = numbers.parse_member_number(text)
    account = get_by_number(db, number)
    if account is None:
        raise TimeBankError("unknown_number", _(
            "No member with number {number} on this device. If they joined at another hub, "
            "try again after the next sync.").format(number=numbers.format_number(number)))
    return account


def find_members(db: Database, query: str, *, limit: int = 20, kind: str | None = None) -> list[dict[str, Any]]:
    """Find by name (every word must appear), member number, or scanned card text."""
    query = (query or "").strip()
    if not query:
        return []
    if any(ch.isdigit() for ch in query):
        try:
            account = get_by_number(db, numbers.parse_member_number(query))
        except TimeBankError:
            pass  # not a member number: perhaps a name with digits in it
        else:
            return [account] if account and (kind is None or account["kind"] == kind) else []
    words = [w.casefold() for w in query.split()[:6]]
    found = []
    for account in all_accounts(db, kind=kind):
        name = account["name"].casefold()
        if all(word in name for word in words):
            found.append(account)
    return found[:limit]


def all_accounts(db: Database, *, kind: str | None = None) -> list[dict[str, Any]]:
    """Every account on this device, decrypted, by name (names are ciphertext, so sorted here)."""
    where, params = ("where kind = ?", [kind]) if kind else ("", [])
    accounts = [decode(db, r) for r in db.query(f"select * from tb_accounts {where}", params)]
    return sorted(accounts, key=lambda a: (a["name"].casefold(), a["number"]))


def check_pin(db: Database, account_id: str, pin: str) -> None:
    """Raise TimeBankError unless ``pin`` is the member's; locks the card after repeated failures."""
    account = require_account(db, account_id)
    limit = Settings(db)["timebank_pin_attempts"]
    row = db.execute("select failures, last_failure_at from tb_pin_failures where account_id = ?",
                     [account_id]).fetchone()
    if row and row[0] >= limit and utcnow() - from_iso(row[1]) < timedelta(minutes=PIN_LOCK_MINUTES):
        raise TimeBankError("pin_locked", _(
            "Too many wrong PINs. Try again in {minutes} minutes or ask a member of staff.").format(
            minutes=PIN_LOCK_MINUTES))
    if not account.get("pin_hash"):
        raise TimeBankError("pin_not_set", _("This member has no PIN yet; ask a member of staff."))
    if pins.verify_pin(pin, account["pin_hash"]):
        with db.atomic():
            db.execute("delete from tb_pin_failures where account_id = ?", [account_id])
        return
    failures = (row[0] if row and row[0] < limit else 0) + 1
    with db.atomic():
        db["tb_pin_failures"].upsert({"account_id": account_id, "failures": failures,
                                      "last_failure_at": now_iso()}, pk="account_id")
    raise TimeBankError("pin_wrong", _("That PIN is not right."))


def card(account: dict[str, Any]) -> dict[str, str]:
    """What a printed membership card shows; the UI renders ``qr_text`` with ``qrcode``."""
    return {
        "name": account["name"],
        "number": numbers.format_number(account["number"]),
        "qr_text": numbers.card_payload(account["number"]),
    }


def set_pin(db: Database, account_id: str, new_pin: str, *, by: str, method: str) -> None:
    """A new PIN: the member after their old PIN was checked (``method="pin"``), or a broker's reset."""
    account = require_account(db, account_id)
    if account["kind"] != "person":
        raise TimeBankError("pin_people", _("Only members have PINs."))
    if method not in ("pin", "broker") or (method == "pin" and by != account_id) or not (by or "").strip():
        raise TimeBankError("pin_not_allowed", _("Only the member, or a time broker, can change this PIN."))
    pin_hash = pins.hash_pin(new_pin)
    now = now_iso()
    with db.atomic():
        db.execute("update tb_accounts set pin_hash = ?, updated_at = ? where id = ?", [pin_hash, now, account_id])
        db.execute("delete from tb_pin_failures where account_id = ?", [account_id])
        _enqueue_sealed(db, OP_SET_PIN, {"account_id": account_id, "pin_hash": pin_hash, "by": by.strip(),
                                         "method": method, "at": now}, account_record_key(account_id))
        if method == "broker":
            audit.record(db, by.strip(), "timebank.member.reset_pin", account_id)
