"""Time-bank benchmarks: balance and statement of a member with 10,000 entries, device and council.

The device figures use ``kiosk.timebank.ledger`` on a real device file (WAL,
``synchronous=FULL``, the append-only triggers in place); the council figure
uses ``sync.server.ops_timebank.confirmed_balance`` on a real council
database. The floor is the bare SQL over the same file (a sum, or a fetch of
the member's entries), measured in the same run; ratios say what the ledger's
joins and state rules cost on top. Medians of 5 runs.

Not yet measured: the time audit over 1,000,000 entries (the audit is not built yet).
Run standalone: ``.venv/bin/python -m tests.bench.bench_timebank``.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any, Callable

ENTRIES = 10_000
RUNS = 5


def _median_ms(fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 3)


def _device(folder: Path) -> dict[str, Any]:
    from kiosk.paths import device_db_path
    from kiosk.store import open_db
    from kiosk.timebank import ledger, members

    db = open_db(device_db_path(folder))
    consent = members.Consent("bench", "en")
    member = members.register_member(db, name="Bench Member", consent=consent, registered_by="bench")
    org = members.register_organisation(db, name="Bench Org", org_type="project", registered_by="bench")
    seed_started = time.perf_counter()
    with db.atomic():
        for i in range(ENTRIES):
            payer, payee = (org["id"], member["id"]) if i % 2 == 0 else (member["id"], org["id"])
            exchange = ledger.post(db, kind="transfer", payer_id=payer, payee_id=payee, minutes=30 + i % 60,
                                   category="events", service_date=date(2026, 1 + i % 12, 1 + i % 28),
                                   recorded_by="bench", device_id="bench", hub_id="bench")
            if i % 10:
                db.execute("update tb_exchanges set state = 'confirmed' where id = ?", [exchange["id"]])
    seed_seconds = time.perf_counter() - seed_started
    account = member["id"]
    balance_ms = _median_ms(lambda: ledger.balance(db, account))
    statement_ms = _median_ms(lambda: ledger.statement(db, account, limit=ENTRIES))
    floor_sum_ms = _median_ms(lambda: db.execute(
        "select sum(minutes) from tb_entries where account_id = ?", [account]).fetchone())
    floor_fetch_ms = _median_ms(lambda: db.execute(
        "select * from tb_entries where account_id = ?", [account]).fetchall())
    assert len(ledger.statement(db, account, limit=ENTRIES)) == ENTRIES
    return {
        "device_seed_seconds": round(seed_seconds, 2),
        "device_balance_ms": balance_ms,
        "device_balance_floor_ms": floor_sum_ms,
        "device_balance_ratio": round(balance_ms / max(floor_sum_ms, 1e-6), 1),
        "device_statement_ms": statement_ms,
        "device_statement_floor_ms": floor_fetch_ms,
        "device_statement_ratio": round(statement_ms / max(floor_fetch_ms, 1e-6), 1),
    }


def _council(folder: Path) -> dict[str, Any]:
    import sqlalchemy as sa

    from kiosk.timeutil import now_iso
    from sync.server import db as council_db
    from sync.server import ops_timebank
    from sync.server.timebank_tables import timebank_accounts, timebank_entries, timebank_exchanges

    engine = council_db.open_engine(folder)
    now = now_iso()
    member, org = str(uuid.uuid4()), str(uuid.uuid4())
    with council_db.writing(engine) as conn:
        for account_id, number, kind in ((member, "100000001", "person"), (org, "100000002", "organisation")):
            conn.execute(timebank_accounts.insert().values(
                id=account_id, number=number, kind=kind, name=kind, status="active", registered_at=now,
                updated_at=now, allow_negative=kind == "organisation"))
        exchanges, entries = [], []
        for i in range(ENTRIES):
            payer, payee = (org, member) if i % 2 == 0 else (member, org)
            exchange_id = str(uuid.uuid4())
            exchanges.append({"id": exchange_id, "kind": "transfer", "payer_id": payer, "payee_id": payee,
                              "minutes": 30, "category": "events", "service_date": "2026-01-01",
                              "recorded_at": now, "recorded_by": "bench", "received_at": now,
                              "state": "confirmed" if i % 10 else "pending"})
            entries += [{"id": str(uuid.uuid4()), "exchange_id": exchange_id, "account_id": payer, "minutes": -30,
                         "created_at": now},
                        {"id": str(uuid.uuid4()), "exchange_id": exchange_id, "account_id": payee, "minutes": 30,
                         "created_at": now}]
        conn.execute(timebank_exchanges.insert(), exchanges)
        conn.execute(timebank_entries.insert(), entries)

    def balance() -> int:
        with council_db.reading(engine) as conn:
            return ops_timebank.confirmed_balance(conn, member)

    def floor() -> int:
        with council_db.reading(engine) as conn:
            return conn.execute(sa.select(sa.func.sum(timebank_entries.c.minutes))
                                .where(timebank_entries.c.account_id == member)).scalar()

    result_ms, floor_ms = _median_ms(balance), _median_ms(floor)
    engine.dispose()
    return {"council_balance_ms": result_ms, "council_balance_floor_ms": floor_ms,
            "council_balance_ratio": round(result_ms / max(floor_ms, 1e-6), 1)}


def run() -> dict[str, Any]:
    # A throwaway device: its data key in the named test keyring of its own folder, and no
    # council to seal registrations to (both explicitly named test modes; never on a device).
    os.environ.setdefault("KIOSK_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    os.environ.setdefault("KIOSK_UNSEALED_TEST_MODE", "1")
    with tempfile.TemporaryDirectory() as tmp:
        result = {"entries": ENTRIES}
        result.update(_device(Path(tmp) / "device"))
        result.update(_council(Path(tmp) / "council"))
    return result


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
