"""Directory benchmark: 50,000 services — import time, database size, search latency.

Search latency (median, p95) of ``kiosk.directory.query.search`` over realistic
queries (related words, typos, prefixes) is compared with the bare FTS5 query on the
same index in the same run (``select rowid ... match ... order by rank limit 50``),
so the ratio says what the safety, related words, typo finder and ranking cost.
Target: p95 <= 30 ms on the project's 2-core machine.

Standalone: ``python -m tests.bench.bench_directory [--services N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

SERVICES = 50_000
ROUNDS = 15
TARGET_P95_MS = 30.0

QUERIES = [
    "food bank", "foodbank", "food parcel", "GP", "doctor", "english classes", "ESOL", "debt advice",
    "money advice", "fodbank", "counselign", "youth club brixton", "older people lunch", "housing",
    "mental health", "job", "stokwell", "free advice", "children's centre", "credit union", "repair cafe",
    "benefits", "domestic abuse", "volunteer", "stay and play", "homework club", "timebnak", "wheelchair",
    "portuguese advice", "night shelter", 'NEAR("food" bank) OR (', "a",
]

_PLACES = ["Brixton", "Stockwell", "Clapham", "Streatham", "Norwood", "Kennington", "Vauxhall", "Herne Hill",
           "Tulse Hill", "Waterloo", "Oval", "Loughborough", "Gipsy Hill", "Larkhall", "Myatts Fields"]
_KINDS = [
    ("Food bank", ["food-banks"], "Emergency food parcels and household essentials."),
    ("Lunch club", ["meals", "older-social"], "Hot lunches and company for older people."),
    ("Advice centre", ["benefits", "debt-advice"], "Free advice on benefits, debts and money problems."),
    ("Children's centre", ["childrens-centres"], "Stay and play sessions and support for families with young children."),
    ("Youth club", ["youth"], "Evening youth club with sport, music and homework help."),
    ("ESOL classes", ["esol"], "English classes for speakers of other languages."),
    ("Job club", ["employment"], "Help with CVs, applications and interviews."),
    ("Time bank", ["time-banks"], "Give an hour, get an hour: neighbours helping neighbours."),
    ("Peer support group", ["mental-health"], "Support for anyone feeling low, anxious or isolated."),
    ("Housing advice", ["housing-advice"], "Advice for tenants and people at risk of homelessness."),
    ("Credit union", ["credit-union"], "Savings accounts and affordable loans."),
    ("Repair café", ["environment"], "Fix broken things with volunteer repairers."),
    ("Digital help", ["digital"], "Free computers and help to get online."),
    ("Health drop-in", ["gp"], "Talk to a nurse or health visitor without an appointment."),
    ("Sports sessions", ["exercise"], "Football, netball and gym sessions."),
    ("Domestic abuse advice", ["domestic-abuse"], "Confidential advice from an independent adviser."),
    ("Volunteer centre", ["volunteering"], "Find a volunteering role that suits you."),
    ("SEND support", ["send"], "Advice for parents of disabled children."),
    ("Night shelter", ["homelessness"], "Emergency beds and a meal for people sleeping rough."),
    ("Community garden", ["environment", "volunteering"], "Grow food with neighbours."),
]
_FILLER = ("local residents welcome drop in appointment referral needed weekly sessions trained staff volunteers "
           "friendly relaxed confidential interpreters available accessible building crèche refreshments provided "
           "families carers young people adults everyone borough neighbourhood estate community hall library church "
           "mosque centre school college partnership charity trust project network forum co-operative").split()
_LANGS = ["en", "pt", "so", "es", "yo", "fr", "tw", "pl", "ar"]
_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _word(rng: random.Random) -> str:
    # Made-up surnames and street names give the index a realistically large vocabulary.
    syllables = ["bra", "ston", "well", "ham", "ley", "mor", "den", "ford", "wick", "ash", "by", "ton", "field",
                 "ing", "ter", "la", "ro", "mi", "ke", "sa", "dun", "gar", "hol", "pen"]
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()


def generate(count: int, seed: int = 7) -> dict[str, Any]:
    """An ORUK 3.0 page of ``count`` services (deterministic)."""
    from kiosk.directory.demo_feed import TERMS

    rng = random.Random(seed)
    contents = []
    for number in range(count):
        kind, terms, blurb = _KINDS[number % len(_KINDS)]
        place = rng.choice(_PLACES)
        org = f"{_word(rng)} {rng.choice(['Trust', 'Partnership', 'Project', 'Association', 'Network'])}"
        filler = " ".join(rng.choice(_FILLER) for _ in range(rng.randint(8, 30)))
        days = rng.sample(_DAYS, rng.randint(1, 5))
        opens = rng.choice(["09:00", "09:30", "10:00", "13:00", "17:30", "20:00"])
        closes = {"09:00": "12:30", "09:30": "17:00", "10:00": "16:00", "13:00": "15:30", "17:30": "21:00",
                  "20:00": "08:00"}[opens]
        schedules = [{"freq": "WEEKLY", "byday": ",".join(days), "opens_at": opens, "closes_at": closes}]
        if number % 9 == 0:
            schedules.append({"freq": "MONTHLY", "byday": f"{rng.choice([1, 2, -1])}{rng.choice(_DAYS)}",
                              "opens_at": "18:00", "closes_at": "20:00"})
        contents.append({
            "id": f"svc-{number}",
            "name": f"{place} {kind}" if number % 3 else f"{_word(rng)} {kind}",
            "description": f"<p>{blurb}</p> <p>{place}: {filler}. Run by {org}.</p>",
            "status": "active",
            "email": f"svc{number}@example.org",
            "organization": {"id": f"org-{number % 5000}", "name": org},
            "minimum_age": rng.choice([None, None, 0, 16, 18, 60]),
            "cost_options": [{"amount": rng.choice(["0", "0", "2.50"])}],
            "languages": [{"code": code} for code in rng.sample(_LANGS, rng.randint(1, 3))],
            "schedules": schedules,
            "attributes": [{"taxonomy_term": {"id": term, "name": TERMS[term][0]}} for term in terms],
            "service_at_locations": [{"location": {
                "id": f"loc-{number}", "name": f"{_word(rng)} Hall",
                "latitude": round(51.42 + rng.random() * 0.09, 5), "longitude": round(-0.15 + rng.random() * 0.06, 5),
                "addresses": [{"address_1": f"{rng.randint(1, 300)} {_word(rng)} Road", "city": "London",
                               "postal_code": rng.choice(["SW9 8AA", "SW2 1AA", "SE11 4AA", "SW16 2AA", "SE27 9AA"])}],
                "accessibility": [{"description": rng.choice(["Step-free entrance", "Stairs only", ""])}]}}],
        })
    return {"total_items": count, "total_pages": 1, "contents": contents}


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _bare_match(db, text: str) -> None:
    from kiosk.directory.synonyms import tokens

    words = tokens(text)[:12]
    if words:
        expression = " ".join(f'"{w}"' for w in words)
        db.execute("select rowid from directory_fts where directory_fts match ? order by rank limit 50",
                   [expression]).fetchall()


def run(services: int = SERVICES, rounds: int = ROUNDS) -> dict[str, Any]:
    from kiosk.directory import importer, query
    from kiosk.directory.query import Filters
    from kiosk.store import open_db

    with tempfile.TemporaryDirectory(prefix="bench-directory-") as folder:
        path = Path(folder) / "device.sqlite3"
        db = open_db(path)
        document = generate(services)
        started = time.perf_counter()
        report = importer.import_document(db, document, "bench")
        import_seconds = time.perf_counter() - started
        db.execute("pragma wal_checkpoint(truncate)")
        size = path.stat().st_size + sum(p.stat().st_size for p in Path(folder).glob("device.sqlite3-*"))

        now = datetime(2026, 11, 23, 11, 0, tzinfo=timezone.utc)
        for text in QUERIES:  # warm the page cache for both paths alike
            query.search(db, text, now=now)
            _bare_match(db, text)
        ours: list[float] = []
        bare: list[float] = []
        filtered: list[float] = []
        for _round in range(rounds):
            for text in QUERIES:
                t0 = time.perf_counter()
                query.search(db, text, now=now)
                t1 = time.perf_counter()
                _bare_match(db, text)
                t2 = time.perf_counter()
                query.search(db, text, Filters(open_now=True, free=True, postcode="SW9 8AB"), now=now)
                t3 = time.perf_counter()
                ours.append((t1 - t0) * 1000)
                bare.append((t2 - t1) * 1000)
                filtered.append((t3 - t2) * 1000)
        db.close()
    median, p95 = statistics.median(ours), _percentile(ours, 0.95)
    bare_median, bare_p95 = statistics.median(bare), _percentile(bare, 0.95)
    return {
        "services": services,
        "imported": report.imported,
        "import_seconds": round(import_seconds, 2),
        "import_services_per_second": round(report.imported / import_seconds, 1) if import_seconds else None,
        "db_megabytes": round(size / 1_000_000, 1),
        "queries": len(QUERIES),
        "rounds": rounds,
        "search_median_ms": round(median, 2),
        "search_p95_ms": round(p95, 2),
        "bare_fts_median_ms": round(bare_median, 3),
        "bare_fts_p95_ms": round(bare_p95, 3),
        "ratio_median": round(median / bare_median, 1) if bare_median else None,
        "ratio_p95": round(p95 / bare_p95, 1) if bare_p95 else None,
        "filtered_search_median_ms": round(statistics.median(filtered), 2),
        "filtered_search_p95_ms": round(_percentile(filtered, 0.95), 2),
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": p95 <= TARGET_P95_MS,
        "cpu_count": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=SERVICES)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.services, args.rounds), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
