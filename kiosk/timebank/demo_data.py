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
# The offers and requests board (kiosk.timebank.opportunities): organisations' opportunities (for the
# whole borough) and members' offers and requests (at their hub). Titles are plainly made up.
META_BOARD_LOADED = "demo_timebank_board"
OPPORTUNITIES: tuple[dict[str, Any], ...] = (
    # organisation (by name), what, when: every week on some days, or once in ``days_ahead`` days
    {"organisation": "Sunflower stay-and-play (demo)", "title": "Help at the children's centre stay-and-play",
     "category": "events", "skills": ["cooking", "listening"], "repeat_days": ["tue", "thu"],
     "start_time": "10:00", "end_time": "12:00", "place": "Sunflower Children's Centre (demo)", "places": 4,
     "min_age": 16, "accessibility": "Step-free; a quiet room is available.",
     "description": "Set out toys, make tea and chat with parents. Training on your first morning."},
    {"organisation": "Riverside community garden (demo)", "title": "Saturday gardeners for the community garden",
     "category": "gardening", "skills": ["gardening"], "repeat_days": ["sat"], "start_time": "10:00",
     "end_time": "13:00", "place": "Riverside community garden (demo)", "places": 8,
     "description": "Weeding, planting and watering. Gloves and tools provided; all abilities welcome."},
    {"organisation": "Elm Estate lunch club (demo)", "title": "Serve lunch and chat at the lunch club",
     "category": "befriending", "skills": ["cooking", "listening"], "repeat_days": ["wed"],
     "start_time": "11:30", "end_time": "14:00", "place": "Elm Estate Community Hub (demo)", "places": 3,
     "languages": ["en", "pt"], "description": "Older neighbours come for a hot meal: serve, clear and talk."},
    {"organisation": "Northfield repair cafe (demo)", "title": "Fixers for the repair cafe",
     "category": "repairs", "skills": ["DIY"], "days_ahead": 12, "start_time": "13:00", "end_time": "16:00",
     "place": "Northfield Neighbourhood Forum (demo)", "places": 5,
     "description": "Bring your know-how: bikes, lamps, clothes and small electricals."},
    {"organisation": "Council libraries (demo)", "title": "Digital buddies at the library",
     "category": "digital", "skills": ["computers"], "repeat_days": ["mon", "fri"], "start_time": "14:00",
     "end_time": "16:00", "place": "Library (demo)", "places": 6,
     "description": "Help people set up a phone, use e-mail or fill in a form online."},
    {"organisation": "Council parks volunteers (demo)", "title": "Park clean-up morning",
     "category": "gardening", "skills": ["gardening"], "days_ahead": 5, "start_time": "09:30", "end_time": "12:00",
     "place": "Riverside park gates (demo)", "places": 20,
     "description": "Litter pick and bulb planting. Children welcome with an adult."},
    {"organisation": "Homework club (demo)", "title": "Maths and reading helpers at homework club",
     "category": "teaching", "skills": ["maths tutoring"], "repeat_days": ["tue", "wed", "thu"],
     "start_time": "15:30", "end_time": "17:00", "place": "Elm Estate Community Hub (demo)", "places": 4,
     "min_age": 18, "description": "Sit with pupils aged 8 to 14 while they do their homework."},
    {"organisation": "Example youth theatre (demo)", "title": "Backstage help for the youth theatre show",
     "category": "events", "skills": ["DIY", "cooking"], "days_ahead": 20, "start_time": "17:00",
     "end_time": "21:00", "place": "Example Playhouse (demo)", "places": 6, "min_age": 14,
     "description": "Scenery, costumes and the interval cafe for a show by young people."},
)
# By category: (what a member offers, what a member asks for)
OFFERS_AND_REQUESTS = {
    "befriending": ("A weekly phone call or a walk", "Someone to visit my mum for a cup of tea"),
    "gardening": ("Help with weeding and planting", "Help cutting back my front hedge"),
    "errands": ("Shopping runs and collecting prescriptions", "A lift to a hospital appointment"),
    "repairs": ("Putting up shelves and small repairs", "Fixing a dripping tap"),
    "teaching": ("Maths homework help", "English conversation practice"),
    "digital": ("Setting up phones and tablets", "Help with an online form"),
    "translation": ("Interpreting Portuguese and English", "Someone to translate a letter"),
    "events": ("Cooking for community events", "Help to set up a street party"),
}

DOCUMENTED_PIN = "2580"  # the tour's members (the first ``documented`` people) have this PIN
# Where the tour's members belong: the hub `kiosk demo` enrols its device at (the first demo hub by name),
# so the device mirrors them with their year of exchanges and the tour can sign one in.
TOUR_HUB = "demo-hub-elm"
REGISTERED_BY = "demo"  # who registered every demo account (how a device tells them from its own)


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
        hub = TOUR_HUB if i < documented else hub  # drawn anyway: the rest of the bank stays the same
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
    _overspends(bank, rng, people, balance, end)
    for account in bank.accounts:
        account.pop("_skills", None)
        account.pop("_activity", None)
    return bank


def _overspends(bank: DemoTimeBank, rng: random.Random, people: list[dict[str, Any]], balance: dict[str, int],
                end: date) -> None:
    """At each hub, one spend the council refused for lack of credits (two offline devices both allowed
    it) and flagged for a broker: what the broker's "Flagged overspends" list is for."""
    for hub in DEMO_HUBS:
        neighbours = [p for p in people if p["hub_id"] == hub]
        short = [p for p in neighbours if balance[p["id"]] < 600]  # an overspend of a few hours, not a day's
        if len(neighbours) < 2 or not short:
            continue
        payer = rng.choice(short)
        payee = rng.choice([p for p in neighbours if p is not payer])
        minutes = max(balance[payer["id"]], 0) + 60
        category = rng.choice(payee["_skills"])
        day = end - timedelta(days=rng.randrange(1, 6))
        _exchange(bank, rng, "transfer", payer, payee, minutes, category, day, "rejected",
                  rng.choice(DESCRIPTIONS[category]))
        bank.exchanges[-1].update(
            authorised_by=payer["id"], authorised_method="pin", authorised_at=bank.exchanges[-1]["recorded_at"],
            approved_at=bank.exchanges[-1]["recorded_at"], rejection_code="insufficient_balance", flagged=True,
            rejection_reason=f"The payer's confirmed balance ({balance[payer['id']]} minutes) does not cover "
                             f"{minutes} minutes.")


def _account(rng: random.Random, number: str, kind: str, name: str, registered: str, *, org_type: str | None = None,
             hub_id: str = "", skills: list[str] | None = None, languages: list[str] | None = None,
             consent_wording: str | None = None, pin_hash: str | None = None) -> dict[str, Any]:
    return {
        "id": _uuid(rng), "number": number, "kind": kind, "org_type": org_type, "name": name, "phone": "",
        "email": "", "postcode": "", "languages": languages or [], "skills": skills or [], "interests": [],
        "availability": "", "consent_wording": consent_wording, "consent_language": "en" if consent_wording else None,
        "consent_given_at": registered if consent_wording else None,
        "consent_date": registered[:10] if consent_wording else None, "badges": [], "pin_hash": pin_hash,
        "status": "active", "allow_negative": kind == "organisation", "hub_id": hub_id, "registered_by": REGISTERED_BY,
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


def board_items(accounts: list[dict[str, Any]], seed: int = DEMO_SEED, *, today: date | None = None,
                per_hub: int = 4) -> list[dict[str, Any]]:
    """Board entries for the demo accounts: every opportunity in ``OPPORTUNITIES`` whose organisation is
    there, and ``per_hub`` offers and ``per_hub`` requests by members of each demo hub."""
    from kiosk.timebank.opportunities import ITEM_FIELDS, first_name

    rng = random.Random(seed + 1)
    today = today or date.today()
    posted = datetime.combine(today - timedelta(days=3), time(9, 0), tzinfo=timezone.utc)
    items: list[dict[str, Any]] = []

    def item(kind: str, poster: dict[str, Any], **fields: Any) -> dict[str, Any]:
        at = posted + timedelta(minutes=37 * len(items))
        person = poster["kind"] == "person"
        data = {name: None for name in ITEM_FIELDS}
        data.update({"id": _uuid(rng), "kind": kind, "description": "", "skills": [], "languages": [],
                     "availability": "", "repeat_days": [], "place": "", "accessibility": "",
                     "hub_id": poster["hub_id"] if person else "",
                     "poster_id": poster["id"], "poster_name": first_name(poster["name"]) if person else poster["name"],
                     "poster_number": poster["number"], "posted_by": "member" if person else "demo broker",
                     "posted_at": at.strftime("%Y-%m-%dT%H:%M:%S.000000Z"), "status": "open", "device_id": "demo"})
        data.update(fields)
        return data

    by_name = {a["name"]: a for a in accounts if a["kind"] == "organisation"}
    for spec in OPPORTUNITIES:
        org = by_name.get(spec["organisation"])
        if org is None:
            continue
        when: dict[str, Any] = {"repeat_days": spec.get("repeat_days", []), "start_time": spec["start_time"],
                                "end_time": spec["end_time"]}
        if "days_ahead" in spec:  # once: London time on that day, stored UTC
            from kiosk.timeutil import LONDON

            day = today + timedelta(days=spec["days_ahead"])
            starts, ends = (datetime.combine(day, time.fromisoformat(t), tzinfo=LONDON).astimezone(timezone.utc)
                            for t in (spec["start_time"], spec["end_time"]))
            when = {"starts_at": starts.strftime("%Y-%m-%dT%H:%M:%SZ"), "ends_at": ends.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "repeat_days": [], "start_time": None, "end_time": None}
        items.append(item("opportunity", org, title=spec["title"], description=spec["description"],
                          category=spec["category"], skills=spec["skills"], languages=spec.get("languages", []),
                          place=spec["place"], places_available=spec["places"], min_age=spec.get("min_age"),
                          max_age=spec.get("max_age"), accessibility=spec.get("accessibility", ""), **when))
    people = sorted((a for a in accounts if a["kind"] == "person" and a["status"] == "active"),
                    key=lambda a: a["number"])
    for hub in DEMO_HUBS:
        neighbours = [a for a in people if a["hub_id"] == hub]
        for index, poster in enumerate(rng.sample(neighbours, min(2 * per_hub, len(neighbours)))):
            kind = "offer" if index % 2 == 0 else "request"
            category = rng.choice(CATEGORIES)
            title = OFFERS_AND_REQUESTS[category][0 if kind == "offer" else 1]
            items.append(item(kind, poster, title=title, category=category,
                              availability=rng.choice(("Weekday mornings", "Saturdays", "Evenings after 6",
                                                       "Any time at weekends")),
                              languages=sorted(set(poster.get("languages") or ["en"]))))
    return items


def load(engine: Any, seed: int = DEMO_SEED, *, end: date | None = None, members: int = 320) -> dict[str, int]:
    """The demo time bank into the council's ledger, published to the hubs; nothing if already loaded.
    Then the board's demo entries (also once, also for a council loaded before the board had any)."""
    counts = _load_bank(engine, seed, end=end, members=members)
    load_board(engine, seed)
    return counts


def _load_bank(engine: Any, seed: int, *, end: date | None, members: int) -> dict[str, int]:
    import sqlalchemy as sa

    from sync.server import db
    from sync.server.ops_timebank import ensure_rewards_account
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
        published = publications(bank, now_iso())
        for (entity, scope), items in published.items():
            db.publish_many(conn, entity, items, scope)
        db.set_meta(conn, META_LOADED, f"seed {seed}, {len(bank.exchanges)} exchanges, loaded {now_iso()}")
    return {"accounts": len(bank.accounts), "exchanges": len(bank.exchanges)}


def load_board(engine: Any, seed: int = DEMO_SEED, *, today: date | None = None) -> int:
    """The board's demo entries for the demo accounts on the council, published; once. Returns how many."""
    import sqlalchemy as sa

    from kiosk.timeutil import now_iso
    from sync.server import db
    from sync.server.opportunities_tables import timebank_board
    from sync.server.timebank_tables import timebank_accounts

    with db.writing(engine) as conn:
        if conn.execute(sa.select(db.meta.c.value).where(db.meta.c.key == META_BOARD_LOADED)).first() is not None:
            return 0
        accounts = [dict(row._mapping) for row in conn.execute(sa.select(timebank_accounts).where(
            timebank_accounts.c.registered_by == REGISTERED_BY)).all()]
        if not accounts:
            return 0  # the demo time bank is not loaded (yet): nobody to post
        items = board_items(accounts, seed, today=today)
        received = now_iso()
        conn.execute(timebank_board.insert(), [{**item, "received_at": received} for item in items])
        for (entity, scope), entries in publications(DemoTimeBank(), received, items).items():
            db.publish_many(conn, entity, entries, scope)
        db.set_meta(conn, META_BOARD_LOADED, f"seed {seed}, {len(items)} entries, loaded {received}")
    return len(items)


def publications(bank: DemoTimeBank, as_of: str, board: list[dict[str, Any]] = ()
                 ) -> dict[tuple[str, str], list[tuple[str, dict[str, Any]]]]:
    """What the council publishes for the bank: ``{(entity, scope): [(key, data)]}``, as its own operations
    would (a person to their hub, an organisation to all; an exchange to each person party's hub; balances)."""
    from kiosk.timebank.members import ACCOUNT_FIELDS

    by_id = {a["id"]: a for a in bank.accounts}

    def scopes(account: dict[str, Any]) -> list[str]:
        return [f"hub:{account['hub_id']}"] if account["kind"] == "person" else ["all"]

    published: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
    for account in bank.accounts:
        data = {name: account[name] for name in ACCOUNT_FIELDS}
        data["allow_negative"] = 1 if account["allow_negative"] else 0
        for scope in scopes(account):
            published.setdefault(("timebank.account", scope), []).append((account["id"], data))
    entries_of: dict[str, list[dict[str, Any]]] = {}
    for entry in bank.entries:
        entries_of.setdefault(entry["exchange_id"], []).append(
            {"id": entry["id"], "account_id": entry["account_id"], "minutes": entry["minutes"]})
    totals: dict[str, int] = {a["id"]: 0 for a in bank.accounts}
    for exchange in bank.exchanges:
        data = {k: exchange[k] for k in exchange if k != "received_at"}
        data["flagged"] = 1 if exchange["flagged"] else 0
        data["entries"] = sorted(entries_of[exchange["id"]], key=lambda e: e["minutes"])
        hubs = {f"hub:{by_id[exchange[k]]['hub_id']}" for k in ("payer_id", "payee_id")
                if by_id[exchange[k]]["kind"] == "person"}
        for scope in sorted(hubs):
            published.setdefault(("timebank.exchange", scope), []).append((exchange["id"], data))
        if exchange["state"] == "confirmed":
            totals[exchange["payer_id"]] -= exchange["minutes"]
            totals[exchange["payee_id"]] += exchange["minutes"]
    for account_id, minutes in totals.items():
        for scope in scopes(by_id[account_id]):
            published.setdefault(("timebank.balance", scope), []).append(
                (account_id, {"account_id": account_id, "confirmed_minutes": minutes, "as_of": as_of}))
    for entry in board:  # opportunities for everyone; offers and requests stay at the poster's hub
        scope = "all" if entry["kind"] == "opportunity" else f"hub:{entry['hub_id']}"
        published.setdefault(("timebank.board.item", scope), []).append((entry["id"], entry))
    return published


def documented_members(engine: Any) -> list[dict[str, str]]:
    """The demo members with a PIN (for the tour): name, number, hub."""
    import sqlalchemy as sa

    from sync.server import db
    from sync.server.timebank_tables import timebank_accounts

    with db.reading(engine) as conn:
        rows = conn.execute(sa.select(timebank_accounts.c.name, timebank_accounts.c.number, timebank_accounts.c.hub_id)
                            .where(timebank_accounts.c.registered_by == REGISTERED_BY,
                                   timebank_accounts.c.pin_hash.is_not(None))).all()
    return [{"name": r.name, "number": numbers.format_number(r.number), "hub": r.hub_id, "pin": DOCUMENTED_PIN}
            for r in rows]
