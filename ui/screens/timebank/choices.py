"""What the time-bank flows ask about: members by card, organisations, categories, rewards, PINs."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from kiosk.i18n import _
from kiosk.timebank import categories, members, numbers, recording
from kiosk.timebank.amounts import format_minutes
from kiosk.timebank.errors import TimeBankError
from ui.govuk.question import Choice


def short_reference(exchange_id: str) -> str:
    """The first 8 characters of an exchange's id: enough for a broker to find it, short to write down."""
    return exchange_id.replace("-", "")[:8].upper()


def other_member(db: Database, raw: str, me: dict[str, Any]) -> dict[str, Any]:
    """Another member, from their scanned card or typed number."""
    account = members.find_by_card(db, raw)
    if account["kind"] != "person":
        raise TimeBankError("not_a_member", _("This number belongs to an organisation, not a member."))
    if account["id"] == me["id"]:
        raise TimeBankError("same_account", _("This is your own number. Enter the other member's number."))
    return account


def member_text(account: dict[str, Any]) -> str:
    return _("{name} (member {number})").format(name=account["name"], number=numbers.format_number(account["number"]))


def organisations(db: Database) -> list[dict[str, Any]]:
    return [a for a in members.all_accounts(db, kind="organisation")
            if a["status"] == "active" and a["id"] != recording.REWARDS_ACCOUNT_ID]


def category_choices(db: Database) -> tuple[Choice, ...]:
    """The council's categories (else the defaults), as message ids so they translate when shown."""
    rows = list(db.query("select code, label from tb_categories where active = 1"))
    pairs = [(r["code"], r["label"]) for r in rows] or list(categories.DEFAULT_CATEGORIES.items())
    return tuple(Choice(code, label) for code, label in pairs)


def rewards(db: Database) -> list[dict[str, Any]]:
    found = []
    for row in db.query("select * from tb_rewards where active = 1 order by cost_minutes, name"):
        data = json.loads(row.get("data") or "{}")
        found.append({**row, "description": data.get("description", "")})
    return found


def reward_label(reward: dict[str, Any]) -> str:
    text = _("{reward}: {cost}").format(reward=reward["name"], cost=format_minutes(reward["cost_minutes"]))
    if reward["requires_server"]:
        text += " " + _("(needs a connection to the council)")
    return text


def pin_authorisation(db: Database, member_id: str, pin: str | None):
    """The member's agreement by PIN; an empty box is not a wrong PIN (it does not count towards the lock)."""
    if not (pin or "").strip():
        raise TimeBankError("pin_format", _("Enter your PIN to agree."))
    return recording.authorise_with_pin(db, member_id, pin.strip())
