""""How did we do?": a resident's one-tap rating, queued for the council as ``feedback.rating``.

The payload is exactly what docs/SYNC.md allows (``rating_id``, ``task_family``,
``rating``, ``reason``, ``rated_at``) and nothing else: no free text, nothing
personal, so it is not sealed. The council counts ratings by hub and task
family and publishes them as open data.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlite_utils import Database

from kiosk import outbox
from kiosk.i18n import N_
from kiosk.timeutil import to_iso, utcnow

OP_TYPE = "feedback.rating"
TASK_FAMILIES = ("counciltax", "timebank", "findhelp", "other")
# (code, words a resident taps) in the order shown; the codes are the council's.
REASONS: tuple[tuple[str, str], ...] = (
    ("hard_to_use", N_("It was hard to use")),
    ("took_too_long", N_("It took too long")),
    ("could_not_find", N_("I could not find what I needed")),
    ("language", N_("The language was a problem")),
    ("not_what_i_needed", N_("It was not what I needed")),
    ("technical_problem", N_("Something did not work")),
    ("other", N_("Another reason")),
)
REASON_CODES = tuple(code for code, _words in REASONS)


def record_rating(db: Database, task_family: str, rating: int, reason: str | None = None,
                  *, now: datetime | None = None) -> str:
    """Queue one rating; returns its ``rating_id``. Bad values are programming errors."""
    if task_family not in TASK_FAMILIES:
        raise ValueError(f"unknown task family {task_family!r}")
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValueError(f"a rating is 1 to 5, not {rating!r}")
    if reason is not None and reason not in REASON_CODES:
        raise ValueError(f"unknown reason {reason!r}")
    rating_id = str(uuid.uuid4())
    payload = {
        "rating_id": rating_id,
        "task_family": task_family,
        "rating": rating,
        "reason": reason,
        "rated_at": to_iso(now or utcnow()),
    }
    with db.atomic():
        outbox.enqueue(db, OP_TYPE, payload, record_key=f"feedback:{rating_id}")
    return rating_id
