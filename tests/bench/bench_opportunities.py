"""Board matching: "Matched for you" for one member over 2,000 open opportunities and requests.

The floor is reading the same open entries from the device file (``opportunities.board``,
the query the screen makes anyway), measured in the same run; the ratio says what
scoring (normalising words, rapidfuzz for typing slips, availability) costs on
top. Medians of 5 runs. Run standalone: ``.venv/bin/python -m tests.bench.bench_opportunities``.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ENTRIES = 2_000
RUNS = 5
WORDS = ("gardening", "children", "laptop", "shopping", "befriending", "cooking", "lifts", "forms", "music",
         "painting", "walking", "repairs", "reading", "football", "translation", "sewing")


def _median_ms(fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 3)


def run() -> dict[str, Any]:
    os.environ.setdefault("KIOSK_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    os.environ.setdefault("KIOSK_UNSEALED_TEST_MODE", "1")
    from kiosk.paths import device_db_path
    from kiosk.settings import Settings
    from kiosk.store import open_db
    from kiosk.timebank import matching, members
    from kiosk.timebank import opportunities as op
    from kiosk.timebank.members import Consent

    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(device_db_path(Path(tmp)))
        Settings(db)["hub_id"] = "bench-hub"
        consent = Consent("bench", "en")
        poster = members.register_member(db, name="Ben Ode", consent=consent, registered_by="bench")
        member = members.register_member(db, name="Ada Obi", consent=consent, registered_by="bench",
                                         skills=["gardening", "IT"], interests=["kids", "music"],
                                         languages=["pt"], availability="weekday mornings")
        for index in range(ENTRIES):
            words = rng.sample(WORDS, 3)
            op.post_request(db, poster["id"], title=f"Help with {words[0]} {index}",
                            description=f"Some {words[1]} and {words[2]}", category="other",
                            availability=rng.choice(("Saturday", "weekday evenings", "Tuesday morning", "")))
        floor = _median_ms(lambda: op.board(db, "request", limit=ENTRIES))
        matched = _median_ms(lambda: matching.matches_for(db, member))
        found = len(matching.matches_for(db, member, limit=ENTRIES))
        db.conn.close()
    return {"entries": ENTRIES, "matches": found, "board_read_ms": floor, "matched_for_you_ms": matched,
            "ratio_to_floor": round(matched / floor, 2) if floor else None}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
