"""The time audit over 1,000,000 ledger entries (500,000 exchanges) on a council database.

The ledger is generated with ``executemany`` into a temporary council SQLite
file made by ``sync.server.db.open_engine`` (the real tables, indexes and
triggers): 2,000 members at four hubs, 20 organisations, a year of service
dates, 8 categories, 1% reversals, 2% pending and 1% rejected. Measured:
``kiosk.timebank.audit_report.council_report`` (every figure: category,
organisation, hub, month, direction, active members, given/received, gifts and
rewards) against the floor, a bare
``SELECT category, sum(minutes) FROM timebank_exchanges GROUP BY category`` over
the same file in the same run. Medians of 3 runs.

Run standalone: ``.venv/bin/python -m tests.bench.bench_timebank_audit``.
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable

ENTRIES = 1_000_000
RUNS = 3
MEMBERS = 2_000
ORGANISATIONS = 20
HUBS = ("demo-hub-sunflower", "demo-hub-riverside", "demo-hub-northfield", "demo-hub-elm")
CATEGORIES = ("befriending", "gardening", "errands", "repairs", "teaching", "digital", "translation", "events")


def _median_ms(fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def _generate(path: Path, rng: random.Random) -> int:
    """Accounts, exchanges and entries straight into the council's tables (executemany); returns exchanges."""
    now = "2026-01-01T00:00:00.000000Z"
    conn = sqlite3.connect(path)
    # Only for generating: nothing here needs to survive a crash, and a big cache avoids re-reading pages.
    conn.execute("pragma synchronous=off")
    conn.execute("pragma cache_size=-1000000")
    people = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(MEMBERS)]
    orgs = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(ORGANISATIONS)]
    accounts = [(a, f"{10_000_000 + i:011d}", "person", None, f"Member {i}", "active", 0, HUBS[i % 4], "bench",
                 now, now) for i, a in enumerate(people)]
    accounts += [(a, f"{20_000_000 + i:011d}", "organisation", "project", f"Organisation {i}", "active", 1, "",
                  "bench", now, now) for i, a in enumerate(orgs)]
    conn.executemany("insert into timebank_accounts (id, number, kind, org_type, name, status, allow_negative, "
                     "hub_id, registered_by, registered_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?)", accounts)
    start = date(2025, 4, 1)
    exchanges, entries = [], []
    confirmed_transfers: list[tuple[str, str, str, int, str, str, str]] = []
    count = ENTRIES // 2
    for n in range(count):
        exchange_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        minutes = rng.choice((30, 60, 60, 90, 120))
        day = (start + timedelta(days=rng.randrange(365))).isoformat()
        category = rng.choice(CATEGORIES)
        roll = rng.random()
        payee = rng.choice(people)
        payer = rng.choice(orgs) if roll < 0.3 else rng.choice(people)
        if payer == payee:
            payer = orgs[0]
        kind, state, reverses, reason = "transfer", "confirmed", None, ""
        if roll > 0.99 and confirmed_transfers:
            original = confirmed_transfers.pop()
            kind, reverses, reason = "reversal", original[0], "bench"
            payer, payee, minutes, category, day = original[2], original[1], original[3], original[4], original[5]
        elif roll > 0.97:
            state = "pending"
        elif roll > 0.96:
            state = "rejected"
        elif roll > 0.95:
            kind, category = "donation", "gift"
        hub = HUBS[n % 4]
        exchanges.append((exchange_id, kind, payer, payee, minutes, category, day, now, "bench", hub, state,
                          reverses, reason, now))
        if kind == "transfer" and state == "confirmed":
            confirmed_transfers.append((exchange_id, payer, payee, minutes, category, day, hub))
        entries.append((str(uuid.UUID(int=rng.getrandbits(128), version=4)), exchange_id, payer, -minutes, now))
        entries.append((str(uuid.UUID(int=rng.getrandbits(128), version=4)), exchange_id, payee, minutes, now))
    exchanges.sort()  # in primary-key order: the table's B-tree is appended to, not split at random
    entries.sort()
    conn.executemany("insert into timebank_exchanges (id, kind, payer_id, payee_id, minutes, category, service_date, "
                     "recorded_at, recorded_by, hub_id, state, reverses_id, reason, received_at) "
                     "values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", exchanges)
    conn.executemany("insert into timebank_entries (id, exchange_id, account_id, minutes, created_at) "
                     "values (?,?,?,?,?)", entries)
    conn.commit()
    conn.execute("analyze")
    conn.close()
    return count


def run() -> dict[str, Any]:
    import sqlalchemy as sa

    from kiosk.timebank import audit_report
    from sync.server import db

    with tempfile.TemporaryDirectory() as folder:
        engine = db.open_engine(Path(folder))
        path = Path(folder) / db.DB_FILENAME
        started = time.perf_counter()
        exchanges = _generate(path, random.Random(20260401))
        generate_s = round(time.perf_counter() - started, 1)
        report: list[audit_report.AuditReport] = []

        def audit() -> None:
            with db.reading(engine) as conn:
                report.append(audit_report.council_report(conn))

        def floor() -> None:
            with db.reading(engine) as conn:
                conn.execute(sa.text("select category, sum(minutes) from timebank_exchanges "
                                     "group by category")).all()

        floor()  # warm the page cache for both
        floor_ms = _median_ms(floor)
        audit_ms = _median_ms(audit)
        engine.dispose()
    last = report[-1]
    return {
        "entries": ENTRIES, "exchanges": exchanges, "generate_s": generate_s,
        "audit_ms": audit_ms, "floor_group_by_ms": floor_ms,
        "ratio": round(audit_ms / floor_ms, 2) if floor_ms else None,
        "check_help_hours": round(last.help_minutes / 60), "check_active_members": last.active_members,
        "note": "council_report (every figure) vs one bare GROUP BY over the same 500,000 exchanges",
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
