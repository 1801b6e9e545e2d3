"""The menu of rewards: kinds, terms, eligibility, voucher codes, and redeeming on a device.

The council service publishes the menu (entity ``timebank.reward``, mirrored in
``tb_rewards``; each item's ``terms`` are in its ``data``). The rules here are
shared by the device (a first check, so a member hears "no" at once) and the
council (``sync.server.ops_timebank_rewards``, which decides: eligibility,
stock or capacity, the yearly council-tax cap, and the confirmed balance).

A voucher's code is made from the redemption's exchange id, so the device can
show it at once and the council issues the same code: 8 characters from an
alphabet without look-alikes (no 0/O, 1/I) and a check character (Luhn mod 32),
shown as ``ABCD-EFGH-J``. It is valid once the council has issued it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk.i18n import N_, _
from kiosk.timebank.errors import TimeBankError

migrations = Migrations("kiosk.timebank.rewards")

COUNCIL_TAX = "council_tax_reduction"
DISCOUNT = "discount"
LOCAL_CURRENCY = "local_currency"
BOOKING = "booking"
YOUTH = "youth_offer"
SKILLS = "skills"
EMPLOYMENT = "employment_support"

KIND_LABELS: dict[str, str] = {
    COUNCIL_TAX: N_("Council tax reduction"),
    DISCOUNT: N_("Discount"),
    LOCAL_CURRENCY: N_("Local currency"),
    BOOKING: N_("Room or vehicle booking"),
    YOUTH: N_("Youth offer"),
    SKILLS: N_("Someone else's skills"),
    EMPLOYMENT: N_("Employment support and mentoring"),
}
KINDS = tuple(KIND_LABELS)
# Kinds that need the council to answer at once (it changes a council-tax bill,
# issues money, or holds a room on a date).
ONLINE_KINDS = (COUNCIL_TAX, LOCAL_CURRENCY, BOOKING)

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 characters, no 0/O/1/I
CODE_LENGTH = 8
QR_PREFIX = "CKTBV:"


# --- terms -------------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    reward_kind: str
    hubs: tuple[str, ...] = ()              # members of these hubs only; empty: every hub
    min_age: int | None = None
    max_age: int | None = None
    unemployed_only: bool = False
    stock: int | None = None                # vouchers in all; None: no limit
    capacity_per_date: int | None = None    # bookings a day
    booking_days_ahead: int = 60
    resource: str = ""                      # what is booked (a room, the minibus)
    partner: str = ""                       # who honours a discount
    pence_per_hour: int = 0                 # council-tax reduction
    cap_pence_per_year: int = 0             # council-tax reduction, per member per financial year
    local_pence_per_hour: int = 0           # local currency
    currency: str = ""
    issuer: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "Terms":
        """The terms of a published menu item (older items without terms are plain discounts)."""
        raw = dict(data.get("terms") or {})
        kind = raw.pop("reward_kind", None) or DISCOUNT
        known = {f for f in cls.__dataclass_fields__ if f not in ("reward_kind", "extra")}
        values = {k: raw.pop(k) for k in list(raw) if k in known}
        if "hubs" in values:
            values["hubs"] = tuple(values["hubs"] or ())
        return cls(reward_kind=kind if kind in KINDS else DISCOUNT, extra=raw, **values)

    def value_pence(self, minutes: int) -> int:
        """Pounds (as pence) that ``minutes`` of credits buy: council tax or local currency. Rounded half up."""
        rate = self.pence_per_hour if self.reward_kind == COUNCIL_TAX else self.local_pence_per_hour
        return (minutes * rate * 2 + 60) // 120


def reward_terms(reward: dict[str, Any]) -> Terms:
    """Terms of a ``tb_rewards`` row (``data`` is JSON text) or of published data (a dict)."""
    data = reward.get("data", reward)
    if isinstance(data, str):
        data = json.loads(data or "{}")
    return Terms.from_data(data or {})


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _parse_date(text: Any, code: str, message: str) -> date:
    try:
        return date.fromisoformat(str(text).strip())
    except (TypeError, ValueError):
        raise TimeBankError(code, message) from None


def clean_details(terms: Terms, details: dict[str, Any] | None, *, today: date) -> dict[str, Any]:
    """What the member must tell us for this kind of reward, checked and normalised."""
    details = dict(details or {})
    out: dict[str, Any] = {}
    if terms.reward_kind == COUNCIL_TAX:
        for key, message in (("counciltax_reference", N_("Enter the council tax account reference.")),
                             ("postcode", N_("Enter the postcode of the council tax account.")),
                             ("surname", N_("Enter the surname of the council tax account holder."))):
            value = str(details.get(key) or "").strip()
            if not value:
                raise TimeBankError("details_missing", _(message))
            out[key] = value[:80]
    if terms.reward_kind == BOOKING:
        day = _parse_date(details.get("booking_date"), "booking_date", _("Choose a date for the booking."))
        if day < today or day > today + timedelta(days=terms.booking_days_ahead):
            raise TimeBankError("booking_date", _(
                "Bookings can be made from today up to {days} days ahead.").format(days=terms.booking_days_ahead))
        out["booking_date"] = day.isoformat()
    if terms.min_age is not None or terms.max_age is not None:
        born = _parse_date(details.get("date_of_birth"), "date_of_birth",
                           _("Enter the member's date of birth (for the age limit)."))
        out["date_of_birth"] = born.isoformat()
    if terms.unemployed_only:
        out["unemployed"] = bool(details.get("unemployed"))
    if terms.reward_kind == EMPLOYMENT:
        out["choice"] = EMPLOYMENT  # recorded as the member's own choice instead of other rewards
    return out


def check_eligibility(terms: Terms, *, member_hub: str, details: dict[str, Any], today: date) -> None:
    """Raise TimeBankError (translated message) when this member may not have this reward."""
    if terms.hubs and member_hub not in terms.hubs:
        raise TimeBankError("not_eligible_hub", _("This reward is only for members of certain hubs."))
    if "date_of_birth" in details:
        age = age_on(date.fromisoformat(details["date_of_birth"]), today)
        if terms.min_age is not None and age < terms.min_age or terms.max_age is not None and age > terms.max_age:
            raise TimeBankError("not_eligible_age", _("This reward is for people aged {low} to {high}.").format(
                low=terms.min_age if terms.min_age is not None else 0,
                high=terms.max_age if terms.max_age is not None else 120))
    if terms.unemployed_only and not details.get("unemployed"):
        raise TimeBankError("not_eligible_unemployed", _("This reward is for members who are looking for work."))


def check_availability(terms: Terms, *, issued: int, booked_that_day: int = 0) -> None:
    """Stock and capacity: ``issued`` vouchers so far, ``booked_that_day`` bookings on the chosen date."""
    if terms.stock is not None and issued >= terms.stock:
        raise TimeBankError("out_of_stock", _("Sorry, this reward has run out."))
    if terms.reward_kind == BOOKING and terms.capacity_per_date is not None \
            and booked_that_day >= terms.capacity_per_date:
        raise TimeBankError("fully_booked", _("Sorry, there is no space left on that date; choose another day."))


def check_yearly_cap(terms: Terms, *, credited_this_year: int, value: int) -> None:
    if terms.cap_pence_per_year and credited_this_year + value > terms.cap_pence_per_year:
        left = max(terms.cap_pence_per_year - credited_this_year, 0)
        raise TimeBankError("yearly_cap", _(
            "A member can take at most {cap} off their council tax each year; {left} is left this year.").format(
            cap=_pounds(terms.cap_pence_per_year), left=_pounds(left)))


def _pounds(pence: int) -> str:
    return "\u00a3{pounds}.{pence:02d}".format(pounds=pence // 100, pence=pence % 100)


# --- voucher codes -------------------------------------------------------------


def _check_char(body: str) -> str:
    """Luhn mod 32: catches every single wrong character and most swaps of neighbours."""
    n = len(ALPHABET)
    total, factor = 0, 2
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


def voucher_code_for(exchange_id: str) -> str:
    """The voucher code of a redemption (the same on the device and the council)."""
    digest = int.from_bytes(hashlib.sha256(("voucher:" + exchange_id).encode()).digest()[:8], "big")
    body = "".join(ALPHABET[(digest >> (5 * i)) & 31] for i in range(CODE_LENGTH))
    return body + _check_char(body)


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def parse_voucher_code(text: str) -> str:
    """A typed or scanned code (dashes, spaces, lower case, the QR prefix) -> the bare code; else TimeBankError."""
    raw = (text or "").strip().upper()
    if raw.startswith(QR_PREFIX):
        raw = raw[len(QR_PREFIX):]
    raw = raw.replace("-", "").replace(" ", "").replace("O", "0").replace("I", "1")
    if len(raw) != CODE_LENGTH + 1 or any(c not in ALPHABET for c in raw):
        raise TimeBankError("voucher_code", _("A voucher code has 9 letters and numbers, like ABCD-EFGH-J."))
    if _check_char(raw[:-1]) != raw[-1]:
        raise TimeBankError("voucher_check", _("This voucher code is not right; check each character."))
    return raw


def qr_payload(code: str) -> str:
    """The text of the voucher's QR code (no personal data); the UI renders it."""
    return QR_PREFIX + code


# --- device tables --------------------------------------------------------------


@migrations()
def m001_vouchers(db):
    # A voucher per redemption: made pending on the device, replaced by the council's issued one.
    db.execute("""
        create table tb_vouchers (
            code text primary key,
            exchange_id text not null unique,
            reward_id text not null,
            member_id text not null,
            reward_kind text not null,
            value_pence integer,
            details text not null default '{}',
            issued_at text,
            origin text not null default 'device' check (origin in ('device', 'server'))
        )""")
    db.execute("create index tb_vouchers_member on tb_vouchers(member_id)")


def apply_voucher(db: Database, data: dict[str, Any]) -> None:
    """Mirror: the council issued a voucher (replaces the device's pending one)."""
    db["tb_vouchers"].upsert({
        "code": data["code"], "exchange_id": data["exchange_id"], "reward_id": data["reward_id"],
        "member_id": data["member_id"], "reward_kind": data["reward_kind"], "value_pence": data.get("value_pence"),
        "details": json.dumps(data.get("details") or {}, ensure_ascii=False), "issued_at": data["issued_at"],
        "origin": "server"}, pk="code")


# --- device: the menu and redeeming ------------------------------------------------


def menu(db: Database, member: dict[str, Any] | None = None, *, today: date | None = None) -> list[dict[str, Any]]:
    """Active rewards for the screens: name, kind label, cost, online-only, and whether ``member`` may have it.

    ``eligible``/``reason`` use what the device knows (hub; age and work status
    are asked when redeeming); the council checks again with stock and capacity.
    """
    from kiosk.timebank.amounts import today_london

    day = today or today_london()
    items = []
    for row in db.query("select * from tb_rewards where active = 1 order by cost_minutes, name"):
        terms = reward_terms(row)
        data = json.loads(row["data"] or "{}")
        reason = ""
        if member is not None and terms.hubs and member.get("hub_id") not in terms.hubs:
            reason = _("This reward is only for members of certain hubs.")
        items.append({
            "id": row["id"], "name": row["name"], "description": data.get("description", ""),
            "reward_kind": terms.reward_kind, "kind_label": _(KIND_LABELS[terms.reward_kind]),
            "cost_minutes": row["cost_minutes"], "requires_online": bool(row["requires_server"]),
            "value_pence": terms.value_pence(row["cost_minutes"]) if terms.reward_kind in (
                COUNCIL_TAX, LOCAL_CURRENCY) else None,
            "asks": _asks(terms), "eligible": not reason, "reason": reason,
            "stock_left": data.get("stock_left"), "booked": data.get("booked", {}),
            "capacity_per_date": terms.capacity_per_date, "booking_days_ahead": terms.booking_days_ahead,
            "today": day.isoformat(),
        })
    return items


def _asks(terms: Terms) -> list[str]:
    """Which details the screen must ask for (keys of ``details`` in ``redeem``)."""
    asks = []
    if terms.reward_kind == COUNCIL_TAX:
        asks += ["counciltax_reference", "postcode", "surname"]
    if terms.reward_kind == BOOKING:
        asks.append("booking_date")
    if terms.min_age is not None or terms.max_age is not None:
        asks.append("date_of_birth")
    if terms.unemployed_only:
        asks.append("unemployed")
    return asks


def redeem(
    db: Database, *, member_id: str, reward_id: str, details: dict[str, Any] | None, authorisation: Any,
    recorded_by: str, online: bool,
) -> dict[str, Any]:
    """Redeem a reward: checks here, then a pending redemption and a pending voucher, queued for the council.

    Returns the voucher (``voucher(db, code)``). ``online`` says whether the
    council is reachable now (kinds in ``ONLINE_KINDS`` are refused without it).
    """
    from kiosk.timebank import members, recording
    from kiosk.timebank.amounts import today_london

    reward = recording.get_reward(db, reward_id)
    terms = reward_terms(reward)
    from kiosk.timebank import spending

    spending.check_reward_reachable({**reward, "requires_server": reward["requires_server"]
                                     or terms.reward_kind in ONLINE_KINDS}, online=online)
    member = members.require_account(db, member_id)
    day = today_london()
    clean = clean_details(terms, details, today=day)
    check_eligibility(terms, member_hub=member.get("hub_id") or "", details=clean, today=day)
    value = terms.value_pence(reward["cost_minutes"]) if terms.reward_kind in (COUNCIL_TAX, LOCAL_CURRENCY) else None
    with db.atomic():
        exchange = recording.redeem_reward(db, member_id=member_id, reward_id=reward_id,
                                           authorisation=authorisation, recorded_by=recorded_by, online=online,
                                           details=clean)
        code = voucher_code_for(exchange["id"])
        db["tb_vouchers"].insert({
            "code": code, "exchange_id": exchange["id"], "reward_id": reward_id, "member_id": member_id,
            "reward_kind": terms.reward_kind, "value_pence": value,
            "details": json.dumps(_public_details(clean), ensure_ascii=False), "issued_at": None,
            "origin": "device"})
    return voucher(db, code)


def _public_details(details: dict[str, Any]) -> dict[str, Any]:
    """What a voucher shows: no postcode, surname or birth date; the account reference shortened."""
    out = {k: v for k, v in details.items() if k not in ("postcode", "surname", "date_of_birth",
                                                         "counciltax_reference")}
    if details.get("counciltax_reference"):
        out["counciltax_reference"] = "\u2022\u2022\u2022\u2022" + str(details["counciltax_reference"])[-4:]
    return out


def _voucher_sql() -> str:
    from kiosk.timebank.ledger import REFUSED_SQL

    # A redemption the council refused outright (quarantined operation) stays pending in the
    # ledger, but its voucher is refused.
    return """
        select v.*, r.name as reward_name, x.state as exchange_state, x.rejection_code, x.rejection_reason,
               x.minutes as cost_minutes, x.recorded_at, """ + REFUSED_SQL.format(x="x") + """ as refused_op
        from tb_vouchers v left join tb_exchanges x on x.id = v.exchange_id
        left join tb_rewards r on r.id = v.reward_id
    """


def _voucher_view(row: dict[str, Any]) -> dict[str, Any]:
    if row["origin"] == "server":
        status = "issued"
    elif row["exchange_state"] == "rejected" or row["refused_op"]:
        status = "refused"
    else:
        status = "pending"
    return {
        "code": row["code"], "display_code": format_code(row["code"]), "qr": qr_payload(row["code"]),
        "status": status, "reward_id": row["reward_id"], "reward_name": row["reward_name"] or row["reward_id"],
        "reward_kind": row["reward_kind"], "member_id": row["member_id"], "exchange_id": row["exchange_id"],
        "cost_minutes": row["cost_minutes"], "value_pence": row["value_pence"],
        "details": json.loads(row["details"] or "{}"), "issued_at": row["issued_at"],
        "recorded_at": row["recorded_at"],
        "refusal": (row["rejection_reason"] or _("The council could not accept this redemption; "
                                                 "a time broker will look at it.")) if status == "refused" else None,
        "refusal_code": row["rejection_code"] if status == "refused" else None,
    }


def voucher(db: Database, code: str) -> dict[str, Any]:
    """A voucher by its code (typed or scanned): status pending | issued | refused, display code, QR text."""
    bare = parse_voucher_code(code)
    rows = list(db.query(_voucher_sql() + " where v.code = ?", [bare]))
    if not rows:
        raise TimeBankError("unknown_voucher", _("We cannot find a voucher with this code on this device."))
    return _voucher_view(rows[0])


def vouchers(db: Database, member_id: str) -> list[dict[str, Any]]:
    """A member's vouchers, newest first."""
    rows = db.query(_voucher_sql() + " where v.member_id = ? order by coalesce(v.issued_at, x.recorded_at) desc",
                    [member_id])
    return [_voucher_view(r) for r in rows]
