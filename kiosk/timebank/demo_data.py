"""Demo time bank for the council service: the rewards menu's terms, members, and a year of exchanges.

Everything is made from a seed (the same seed and end date give the same
data) and is plainly illustrative: organisations end in "(demo)", members have
made-up names (a first name and a nature word), no contact details. Loaded into
the council's authoritative ledger and published, so devices pull it like
anything else.

- ``load_menu(engine)``: the terms of each reward (kind, rate, cap, eligibility,
  stock or capacity) and one reward council.json does not list (the Youth
  Privilege Card offer). Called by ``sync.server.demo.load`` (every ``--demo``).
- ``load(engine)``: about 320 members, 8 organisations and a year of
  exchanges at the four demo hubs. Called by ``kiosk council serve --demo-timebank``
  (and ``kiosk council demo-timebank``); idempotent (a meta key records it).

This module is council-side data, so it imports SQLAlchemy only inside the loaders.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from kiosk.timebank import numbers

DEMO_SEED = 20260401
META_LOADED = "demo_timebank"
DEMO_HUBS = ("demo-hub-sunflower", "demo-hub-riverside", "demo-hub-northfield", "demo-hub-elm")

# The menu's terms by reward id (the rest of each item is in resources/demo/council.json).
MENU_TERMS: dict[str, dict[str, Any]] = {
    "council-tax-reduction": {"reward_kind": "council_tax_reduction", "pence_per_hour": 250,
                              "cap_pence_per_year": 10000},
    "leisure-discount": {"reward_kind": "discount", "partner": "Council leisure centres (demo)"},
    "local-currency": {"reward_kind": "local_currency", "local_pence_per_hour": 500,
                       "currency": "Local Pound (demo)", "issuer": "Example Local Currency CIC (demo)"},
    "skills-exchange": {"reward_kind": "skills"},
    "cultural-activity": {"reward_kind": "discount", "partner": "Example Playhouse and cinema (demo)",
                          "stock": 40},
    "room-or-vehicle": {"reward_kind": "booking", "resource": "Community room or the minibus",
                        "capacity_per_date": 2, "booking_days_ahead": 60},
    "employment-support": {"reward_kind": "employment_support", "unemployed_only": True},
    "youth-privilege": {"reward_kind": "youth_offer", "min_age": 13, "max_age": 19, "stock": 100},
}
# Rewards only this module publishes (not in council.json).
EXTRA_REWARDS: tuple[dict[str, Any], ...] = (
    {"id": "youth-privilege", "name": "Youth Privilege Card offer", "kind": "non_financial", "cost_minutes": 60,
     "requires_online": False,
     "description": "For members aged 13 to 19: a Youth Privilege Card activity (climbing, music studio, cinema)."},
)

ORGANISATIONS: tuple[tuple[str, str, str], ...] = (
    # name, org_type, the categories it mostly credits
    ("Sunflower stay-and-play (demo)", "community_group", "events"),
    ("Riverside community garden (demo)", "project", "gardening"),
    ("Elm Estate lunch club (demo)", "community_group", "befriending"),
    ("Northfield repair cafe (demo)", "project", "repairs"),
    ("Council libraries (demo)", "council_service", "digital"),
    ("Council parks volunteers (demo)", "council_service", "gardening"),
    ("Example youth theatre (demo)", "partner", "teaching"),
    ("Homework club (demo)", "project", "teaching"),
)
FIRST_NAMES = (
    "Amara", "Bola", "Chen", "Dara", "Eilidh", "Farah", "Gustavo", "Hana", "Ifeoma", "Jonas", "Kemi", "Luis",
    "Maryam", "Nikos", "Olu", "Priya", "Quinn", "Rosa", "Samir", "Tomasz", "Uma", "Vera", "Wale", "Xin",
    "Yusuf", "Zainab", "Abena", "Bruno", "Carmen", "Dev", "Esi", "Finn", "Grace", "Hamza", "Ines", "Jade",
)
WORD_SURNAMES = (
    "Ash", "Birch", "Brook", "Cedar", "Clay", "Dale", "Fern", "Field", "Flint", "Glen", "Hazel", "Heath",
    "Holly", "Lark", "Marsh", "Meadow", "Moss", "Oak", "Reed", "Rowan", "Sage", "Stone", "Thorn", "Willow",
)
CATEGORIES = ("befriending", "gardening", "errands", "repairs", "teaching", "digital", "translation", "events")
CATEGORY_WEIGHTS = (16, 12, 18, 9, 12, 14, 7, 12)
SKILLS = {"befriending": "listening", "gardening": "gardening", "errands": "driving", "repairs": "DIY",
          "teaching": "maths tutoring", "digital": "computers", "translation": "Portuguese", "events": "cooking"}
LANGUAGES = ("en", "en", "en", "pt", "es", "pl", "so", "yo", "tw", "fr", "bn", "ar")
DESCRIPTIONS = {
    "befriending": ("Weekly phone call", "Visit and a cup of tea", "Walk in the park"),
    "gardening": ("Weeding the front garden", "Planting at the estate beds", "Cutting the hedge"),
    "errands": ("Shopping run", "Collected a prescription", "Went with them to an appointment"),
    "repairs": ("Put up shelves", "Fixed a bike puncture", "Mended a chair"),
    "teaching": ("Homework help", "English conversation practice", "Guitar lesson"),
    "digital": ("Set up a smartphone", "Helped with an online form", "Video call with family"),
    "translation": ("Interpreted at a GP appointment", "Translated a letter", "Helped at the housing office"),
    "events": ("Stay-and-play session", "Litter pick", "Set up the summer fair"),
}
DOCUMENTED_PIN = "2580"  # the tour's members (DOCUMENTED_MEMBERS) have this PIN


@dataclass
class DemoTimeBank:
    accounts: list[dict[str, Any]] = field(default_factory=list)
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _stamp(day: date, rng: random.Random) -> str:
    moment = datetime.combine(day, time(9, 0), tzinfo=timezone.utc) + timedelta(minutes=rng.randrange(0, 600))
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def _pin_hash(rng: random.Random) -> str:
    """A real scrypt hash of DOCUMENTED_PIN with a salt from the seed (deterministic)."""
    from kiosk.timebank import pins

    salt = rng.getrandbits(128).to_bytes(16, "big")
    digest = pins._derive(DOCUMENTED_PIN, salt, pins.SCRYPT_N, pins.SCRYPT_R, pins.SCRYPT_P)
    return f"scrypt${pins.SCRYPT_N}${pins.SCRYPT_R}${pins.SCRYPT_P}${salt.hex()}${digest.hex()}"


def generate(seed: int = DEMO_SEED, *, end: date | None = None, members: int = 320,
             documented: int = 2) -> DemoTimeBank:
    """Members, organisations and a year of exchanges ending ``end`` (default yesterday)."""
    from kiosk.timebank.members import CONSENT_WORDING

    rng = random.Random(seed)
    end = end or (date.today() - timedelta(days=1))
    start = end - timedelta(days=364)
    bank = DemoTimeBank()
    numbers_used: set[str] = set()

    def number() -> str:
        while True:
            body = str(rng.randrange(10 ** 8, 10 ** 9))
            candidate = body + numbers.check_digits(body)
            if candidate not in numbers_used:
                numbers_used.add(candidate)
                return candidate

    registered = _stamp(start - timedelta(days=30), rng)
    orgs = []
    for name, org_type, category in ORGANISATIONS:
        account = _account(rng, number(), "organisation", name, registered, org_type=org_type)
        orgs.append((account, category))
        bank.accounts.append(account)
    people = []
    for i in range(members):
        hub = DEMO_HUBS[rng.choices(range(4), weights=(35, 25, 20, 20))[0]]
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(WORD_SURNAMES)}"
        skills = rng.sample(CATEGORIES, rng.randrange(1, 4))
        account = _account(rng, number(), "person", name, registered, hub_id=hub,
                           skills=[SKILLS[c] for c in skills], languages=sorted({"en", rng.choice(LANGUAGES)}),
                           consent_wording=CONSENT_WORDING, pin_hash=_pin_hash(rng) if i < documented else None)
        account["_skills"] = skills
        account["_activity"] = rng.lognormvariate(0, 0.9)  # a few very active members, many occasional ones
        people.append(account)
        bank.accounts.append(account)
    balance = {a["id"]: 0 for a in bank.accounts}
    weights = [p["_activity"] for p in people]
    days = [start + timedelta(days=d) for d in range(365)]
    for day in days:
        if day.weekday() == 6 and rng.random() < 0.7:
            continue  # quieter on Sundays
        busy = rng.choices((6, 9, 12, 15), weights=(2, 4, 3, 1))[0]
        for _ in range(max(1, round(busy * members / 320))):  # about 10 exchanges a member a year
            giver = rng.choices(people, weights=weights)[0]
            category = rng.choice(giver["_skills"]) if rng.random() < 0.7 else rng.choices(
                CATEGORIES, weights=CATEGORY_WEIGHTS)[0]
            minutes = rng.choice((30, 45, 60, 60, 60, 90, 120, 120, 180))
            roll = rng.random()
            if roll < 0.3:  # an organisation credits a volunteer
                org, org_category = rng.choice(orgs)
                payer, category = org, (org_category if rng.random() < 0.6 else category)
            elif roll < 0.36:  # a member helps an organisation's project with their credits
                payer = rng.choice(people)
                if payer is giver:
                    continue
                giver = rng.choice(orgs)[0]
            else:
                payer = rng.choices(people, weights=weights)[0]
            if payer is giver:
                continue
            recent = (end - day).days < 10
            state = "pending" if recent and rng.random() < 0.3 else "confirmed"
            if payer["kind"] == "person" and state == "confirmed" and balance[payer["id"]] < minutes:
                payer, category = rng.choice(orgs)[0], category  # not enough credits yet: an organisation pays
                if giver["kind"] == "organisation":
                    continue
            _exchange(bank, rng, "transfer", payer, giver, minutes, category, day, state,
                      rng.choice(DESCRIPTIONS[category]))
            if state == "confirmed":
                balance[payer["id"]] -= minutes
                balance[giver["id"]] += minutes
        if rng.random() < 0.08:  # now and then a gift to a friend
            donor, friend = rng.sample(people, 2)
            if balance[donor["id"]] >= 60:
                _exchange(bank, rng, "donation", donor, friend, 60, "gift", day, "confirmed", "A gift")
                balance[donor["id"]] -= 60
                balance[friend["id"]] += 60
    for account in bank.accounts:
        account.pop("_skills", None)
        account.pop("_activity", None)
    return bank


def _account(rng: random.Random, number: str, kind: str, name: str, registered: str, *, org_type: str | None = None,
             hub_id: str = "", skills: list[str] | None = None, languages: list[str] | None = None,
             consent_wording: str | None = None, pin_hash: str | None = None) -> dict[str, Any]:
    return {
        "id": _uuid(rng), "number": number, "kind": kind, "org_type": org_type, "name": name, "phone": "",
        "email": "", "postcode": "", "languages": languages or [], "skills": skills or [], "interests": [],
        "availability": "", "consent_wording": consent_wording, "consent_language": "en" if consent_wording else None,
        "consent_given_at": registered if consent_wording else None,
        "consent_date": registered[:10] if consent_wording else None, "badges": [], "pin_hash": pin_hash,
        "status": "active", "allow_negative": kind == "organisation", "hub_id": hub_id, "registered_by": "demo",
        "registered_at": registered, "approved_by": "demo", "approved_at": registered, "device_id": None,
        "updated_at": registered,
    }


def _exchange(bank: DemoTimeBank, rng: random.Random, kind: str, payer: dict[str, Any], payee: dict[str, Any],
              minutes: int, category: str, day: date, state: str, description: str) -> None:
    recorded = _stamp(day, rng)
    hub = next((a["hub_id"] for a in (payee, payer) if a["kind"] == "person"), "")
    exchange_id = _uuid(rng)
    bank.exchanges.append({
        "id": exchange_id, "kind": kind, "payer_id": payer["id"], "payee_id": payee["id"], "minutes": minutes,
        "category": category, "description": description, "service_date": day.isoformat(), "recorded_at": recorded,
        "recorded_by": "demo volunteer", "device_id": "demo", "hub_id": hub, "state": state,
        "authorised_by": "demo broker" if state == "confirmed" else None,
        "authorised_method": "broker" if state == "confirmed" else None,
        "authorised_at": recorded if state == "confirmed" else None,
        "approved_by": "demo broker" if state == "confirmed" else None,
        "approved_at": recorded if state == "confirmed" else None, "rejection_code": None, "rejection_reason": None,
        "flagged": False, "reverses_id": None, "reason": "", "group_id": None, "reward_id": None, "source": "demo",
        "received_at": recorded,
    })
    bank.entries += [
        {"id": _uuid(rng), "exchange_id": exchange_id, "account_id": payer["id"], "minutes": -minutes,
         "created_at": recorded},
        {"id": _uuid(rng), "exchange_id": exchange_id, "account_id": payee["id"], "minutes": minutes,
         "created_at": recorded},
    ]


# --- loading into the council service -------------------------------------------------


def load_menu(engine: Any) -> int:
    """The rewards menu's terms (and the extra rewards), published; returns how many items changed."""
    import sqlalchemy as sa

    from sync.server import db
    from sync.server.ops_timebank_rewards import menu_item, timebank_reward_terms
    from kiosk.timeutil import now_iso

    changed = 0
    with db.writing(engine) as conn:
        for extra in EXTRA_REWARDS:
            if conn.execute(sa.select(db.timebank_rewards.c.id).where(db.timebank_rewards.c.id == extra["id"])).first() is None:
                conn.execute(db.timebank_rewards.insert().values(**extra, active=True, updated_at=now_iso()))
        for reward_id, terms in MENU_TERMS.items():
            reward = conn.execute(sa.select(db.timebank_rewards).where(db.timebank_rewards.c.id == reward_id)).first()
            if reward is None:
                continue
            row = conn.execute(sa.select(timebank_reward_terms).where(
                timebank_reward_terms.c.reward_id == reward_id)).first()
            if row is None:
                conn.execute(timebank_reward_terms.insert().values(reward_id=reward_id, terms=terms,
                                                                   updated_at=now_iso()))
            elif dict(row.terms) != terms:
                conn.execute(timebank_reward_terms.update().where(timebank_reward_terms.c.reward_id == reward_id)
                             .values(terms=terms, updated_at=now_iso()))
            data = menu_item(conn, reward)
            last = conn.execute(sa.select(db.change_log.c.data).where(
                db.change_log.c.entity == "timebank.reward", db.change_log.c.key == reward_id)
                .order_by(db.change_log.c.seq.desc()).limit(1)).first()
            if last is None or last.data != data:
                db.publish(conn, "timebank.reward", reward_id, data)
                changed += 1
    return changed


def load(engine: Any, seed: int = DEMO_SEED, *, end: date | None = None, members: int = 320) -> dict[str, int]:
    """The demo time bank into the council's ledger, published to the hubs; nothing if already loaded."""
    import sqlalchemy as sa

    from sync import protocol
    from sync.server import db
    from sync.server.ops_timebank import (
        ENTITY_ACCOUNT,
        ENTITY_BALANCE,
        ENTITY_EXCHANGE,
        account_data,
        ensure_rewards_account,
    )
    from sync.server.timebank_tables import timebank_accounts, timebank_entries, timebank_exchanges
    from kiosk.timeutil import now_iso

    with db.writing(engine) as conn:
        done = conn.execute(sa.select(db.meta.c.value).where(db.meta.c.key == META_LOADED)).first()
        if done is not None:
            return {"accounts": 0, "exchanges": 0}
        bank = generate(seed, end=end, members=members)
        ensure_rewards_account(conn)
        conn.execute(timebank_accounts.insert(), bank.accounts)
        conn.execute(timebank_exchanges.insert(), bank.exchanges)
        conn.execute(timebank_entries.insert(), bank.entries)
        by_id = {a["id"]: a for a in bank.accounts}

        def scopes(account: dict[str, Any]) -> list[str]:
            return [protocol.hub_scope(account["hub_id"])] if account["kind"] == "person" else [protocol.SCOPE_ALL]

        published: dict[tuple[str, str], list[tuple[str, Any]]] = {}
        for row in conn.execute(sa.select(timebank_accounts).where(
                timebank_accounts.c.id.in_(list(by_id)))).all():
            for scope in scopes(by_id[row.id]):
                published.setdefault((ENTITY_ACCOUNT, scope), []).append((row.id, account_data(row)))
        entries_of: dict[str, list[dict[str, Any]]] = {}
        for entry in bank.entries:
            entries_of.setdefault(entry["exchange_id"], []).append(
                {"id": entry["id"], "account_id": entry["account_id"], "minutes": entry["minutes"]})
        for exchange in bank.exchanges:
            data = {k: exchange[k] for k in exchange if k != "received_at"}
            data["flagged"] = 0
            data["entries"] = sorted(entries_of[exchange["id"]], key=lambda e: e["minutes"])
            hubs = {protocol.hub_scope(by_id[exchange[k]]["hub_id"]) for k in ("payer_id", "payee_id")
                    if by_id[exchange[k]]["kind"] == "person"}
            for scope in hubs:
                published.setdefault((ENTITY_EXCHANGE, scope), []).append((exchange["id"], data))
        totals: dict[str, int] = {a["id"]: 0 for a in bank.accounts}
        for exchange in bank.exchanges:
            if exchange["state"] == "confirmed":
                totals[exchange["payer_id"]] -= exchange["minutes"]
                totals[exchange["payee_id"]] += exchange["minutes"]
        now = now_iso()
        for account_id, minutes in totals.items():
            for scope in scopes(by_id[account_id]):
                published.setdefault((ENTITY_BALANCE, scope), []).append(
                    (account_id, {"account_id": account_id, "confirmed_minutes": minutes, "as_of": now}))
        for (entity, scope), items in published.items():
            db.publish_many(conn, entity, items, scope)
        db.set_meta(conn, META_LOADED, f"seed {seed}, {len(bank.exchanges)} exchanges, loaded {now}")
    return {"accounts": len(bank.accounts), "exchanges": len(bank.exchanges)}


def documented_members(engine: Any) -> list[dict[str, str]]:
    """The demo members with a PIN (for the tour): name, number, hub."""
    import sqlalchemy as sa

    from sync.server import db
    from sync.server.timebank_tables import timebank_accounts

    with db.reading(engine) as conn:
        rows = conn.execute(sa.select(timebank_accounts.c.name, timebank_accounts.c.number, timebank_accounts.c.hub_id)
                            .where(timebank_accounts.c.registered_by == "demo",
                                   timebank_accounts.c.pin_hash.is_not(None))).all()
    return [{"name": r.name, "number": numbers.format_number(r.number), "hub": r.hub_id, "pin": DOCUMENTED_PIN}
            for r in rows]
