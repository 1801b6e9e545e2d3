"""A small hand-built ledger for the time-audit tests, written to a device (as the mirror does) or a council.

Help flows from the payee (who gave the help) to the payer (who received it):

| id | kind       | payer -> payee   | min | category  | date       | hub | state     |
|----|------------|------------------|-----|-----------|------------|-----|-----------|
| t1 | transfer   | Ben -> Ada       |  60 | gardening | 2026-01-10 | A   | confirmed |
| t2 | transfer   | Garden -> Cy     | 120 | gardening | 2026-01-20 | B   | confirmed |
| t3 | transfer   | Ada -> Library   |  30 | digital   | 2026-02-05 | A   | confirmed |
| t4 | transfer   | Cy -> Ben        |  90 | teaching  | 2026-02-14 | B   | confirmed |
| t5 | transfer   | Ben -> Ada       |  45 | gardening | 2026-02-20 | A   | pending   |
| t6 | transfer   | Ada -> Cy        |  60 | errands   | 2026-02-21 | A   | rejected  |
| t7 | reversal   | Ben -> Cy (t4)   |  90 | teaching  | 2026-03-02 | A   | confirmed |
| d1 | donation   | Ada -> Dee       |  30 | gift      | 2026-03-05 | A   | confirmed |
| r1 | redemption | Cy -> rewards    |  60 | reward    | 2026-03-10 | B   | confirmed |
| t8 | transfer   | Library -> Dee   |  60 | events    | 2026-04-01 | B   | confirmed |
"""

from __future__ import annotations

import uuid
from typing import Any

from kiosk.timebank.recording import REWARDS_ACCOUNT_ID

HUB_A, HUB_B = "demo-hub-sunflower", "demo-hub-riverside"


def _id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "audit-test:" + name))


ACCOUNTS = {
    "ada": ("person", "Ada", HUB_A), "ben": ("person", "Ben", HUB_A), "cy": ("person", "Cy", HUB_B),
    "dee": ("person", "Dee", HUB_B), "garden": ("organisation", "Garden project", ""),
    "library": ("organisation", "Library", ""),
}
EXCHANGES = [
    ("t1", "transfer", "ben", "ada", 60, "gardening", "2026-01-10", HUB_A, "confirmed", None),
    ("t2", "transfer", "garden", "cy", 120, "gardening", "2026-01-20", HUB_B, "confirmed", None),
    ("t3", "transfer", "ada", "library", 30, "digital", "2026-02-05", HUB_A, "confirmed", None),
    ("t4", "transfer", "cy", "ben", 90, "teaching", "2026-02-14", HUB_B, "confirmed", None),
    ("t5", "transfer", "ben", "ada", 45, "gardening", "2026-02-20", HUB_A, "pending", None),
    ("t6", "transfer", "ada", "cy", 60, "errands", "2026-02-21", HUB_A, "rejected", None),
    ("t7", "reversal", "ben", "cy", 90, "teaching", "2026-03-02", HUB_A, "confirmed", "t4"),
    ("d1", "donation", "ada", "dee", 30, "gift", "2026-03-05", HUB_A, "confirmed", None),
    ("r1", "redemption", "cy", "rewards", 60, "reward", "2026-03-10", HUB_B, "confirmed", None),
    ("t8", "transfer", "library", "dee", 60, "events", "2026-04-01", HUB_B, "confirmed", None),
]


def account_rows() -> list[dict[str, Any]]:
    rows = []
    for key, (kind, name, hub) in ACCOUNTS.items():
        rows.append({
            "id": _id(key), "number": "", "kind": kind, "org_type": "community_group" if kind == "organisation" else None,
            "name": name, "phone": "", "email": "", "postcode": "", "languages": [], "skills": [], "interests": [],
            "availability": "", "consent_wording": "ok" if kind == "person" else None, "consent_language": "en",
            "consent_given_at": "2026-01-01T00:00:00Z", "consent_date": "2026-01-01", "badges": [],
            "pin_hash": None, "status": "active", "allow_negative": 1 if kind == "organisation" else 0,
            "hub_id": hub, "registered_by": "test", "registered_at": "2026-01-01T00:00:00Z",
            "approved_by": "test", "approved_at": "2026-01-01T00:00:00Z"})
    from kiosk.timebank import numbers
    for i, row in enumerate(rows):
        body = str(100000100 + i)
        row["number"] = body + numbers.check_digits(body)
    return rows


def account_id(key: str) -> str:
    return REWARDS_ACCOUNT_ID if key == "rewards" else _id(key)


def exchange_rows() -> list[dict[str, Any]]:
    rows = []
    for key, kind, payer, payee, minutes, category, day, hub, state, reverses in EXCHANGES:
        settled = state != "pending"
        rows.append({
            "id": _id(key), "kind": kind, "payer_id": account_id(payer), "payee_id": account_id(payee),
            "minutes": minutes, "category": category, "description": key, "service_date": day,
            "recorded_at": day + "T12:00:00.000000Z", "recorded_by": "test", "device_id": "test", "hub_id": hub,
            "state": state, "authorised_by": "broker" if settled else None,
            "authorised_method": "broker" if settled else None, "authorised_at": None,
            "approved_by": "broker" if settled else None, "approved_at": None,
            "rejection_code": "rejected_by_broker" if state == "rejected" else None, "rejection_reason": None,
            "flagged": 0, "reverses_id": _id(reverses) if reverses else None,
            "reason": "mistake" if reverses else "", "group_id": None, "reward_id": "skills-exchange" if kind == "redemption" else None,
            "source": "test",
            "entries": [{"id": _id(key + ":payer"), "account_id": account_id(payer), "minutes": -minutes},
                        {"id": _id(key + ":payee"), "account_id": account_id(payee), "minutes": minutes}]})
    return rows


def write_to_device(db: Any) -> None:
    """As the device's mirror would write what it pulled."""
    from kiosk.timebank.mirror import apply_mirror_changes

    rewards_account = {**account_rows()[4], "id": REWARDS_ACCOUNT_ID, "name": "Council rewards", "number": "10000000049"}
    changes = [{"entity": "timebank.account", "key": a["id"], "data": a} for a in account_rows() + [rewards_account]]
    changes += [{"entity": "timebank.exchange", "key": x["id"], "data": x} for x in exchange_rows()]
    with db.atomic():
        apply_mirror_changes(db, changes)


def write_to_council(engine: Any) -> None:
    from sync.server import db
    from sync.server.ops_timebank import ensure_rewards_account
    from sync.server.timebank_tables import timebank_accounts, timebank_entries, timebank_exchanges

    with db.writing(engine) as conn:
        ensure_rewards_account(conn)
        conn.execute(timebank_accounts.insert(), [{**a, "updated_at": a["registered_at"]} for a in account_rows()])
        exchanges = exchange_rows()
        conn.execute(timebank_exchanges.insert(), [
            {k: v for k, v in x.items() if k != "entries"} | {"received_at": x["recorded_at"], "flagged": False}
            for x in exchanges])
        conn.execute(timebank_entries.insert(), [{**e, "exchange_id": x["id"], "created_at": x["recorded_at"]}
                                                 for x in exchanges for e in x["entries"]])
