"""Retry timing for the sync client, kept in the device database.

Delays are exponential with full jitter, computed by ``tenacity``'s
``wait_random_exponential`` (1 s window doubling up to 15 min; a uniformly
random point in the window, so a fleet of kiosks coming back after an outage
does not knock on the council's door in step). The attempt count and the time
of the next attempt live in the ``sync_state`` row (``kiosk.outbox`` migration),
so a restart does not reset the backoff and a 401 pause survives a reboot.
A ``Retry-After`` header (seconds or an HTTP date) overrides the jitter.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Callable

import tenacity
from sqlite_utils import Database

from kiosk.timeutil import from_iso, to_iso

BASE_SECONDS = 1.0
MAX_SECONDS = 15 * 60.0
# A Retry-After beyond this is treated as this (a broken header must not park a device for a week).
MAX_RETRY_AFTER_SECONDS = 6 * 3600.0

_WAIT = tenacity.wait_random_exponential(multiplier=BASE_SECONDS, max=MAX_SECONDS)


def backoff_seconds(attempt: int, rng: Callable[[float, float], float] | None = None) -> float:
    """Delay before retry number ``attempt`` (1 = first failure)."""
    state = tenacity.RetryCallState(retry_object=None, fn=None, args=(), kwargs={})  # type: ignore[arg-type]
    state.attempt_number = max(1, attempt)
    if rng is None:
        return _WAIT(state)
    high = tenacity.wait_exponential(multiplier=BASE_SECONDS, max=MAX_SECONDS)(state)
    return rng(0.0, high)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header, or ``None`` if absent/unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - now).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)


def state(db: Database) -> dict[str, Any]:
    return dict(next(db.query("select * from sync_state where id = 1")))


def record_attempt(db: Database, now: datetime) -> None:
    with db.atomic():
        db.execute("update sync_state set last_attempt_at = ? where id = 1", [to_iso(now)])


def record_failure(db: Database, now: datetime, error: str, retry_after: float | None = None,
                   rng: Callable[[float, float], float] | None = None) -> datetime:
    """Count a failed attempt and arm the retry timer; returns when to try next."""
    with db.atomic():
        attempts = state(db)["attempts"] + 1
        delay = retry_after if retry_after is not None else backoff_seconds(attempts, rng)
        next_at = now + timedelta(seconds=delay)
        db.execute(
            "update sync_state set attempts = ?, next_attempt_at = ?, last_attempt_at = ?, last_error = ? where id = 1",
            [attempts, to_iso(next_at), to_iso(now), error],
        )
    return next_at


def record_success(db: Database, now: datetime) -> None:
    with db.atomic():
        db.execute(
            "update sync_state set attempts = 0, next_attempt_at = null, last_error = null, "
            "last_attempt_at = ?, last_sync_at = ? where id = 1",
            [to_iso(now), to_iso(now)],
        )


def pause(db: Database, reason: str) -> None:
    with db.atomic():
        db.execute("update sync_state set paused = ? where id = 1", [reason])


def resume(db: Database) -> None:
    """After re-enrolment: no pause, no backoff, try at once."""
    with db.atomic():
        db.execute(
            "update sync_state set paused = null, attempts = 0, next_attempt_at = null, last_error = null where id = 1"
        )


def next_attempt_at(db: Database) -> datetime | None:
    value = state(db)["next_attempt_at"]
    return from_iso(value) if value else None

