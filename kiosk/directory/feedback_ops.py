"""What the Find help screens send the council: problem reports and anonymous usage counts.

Both are queued in the outbox (``kiosk.outbox.enqueue``) in their own ``db.atomic()``.
Neither holds anything about the resident: a report names the listing and the kind
of problem; a usage count names an event, a need id or a service key and the local
day. So neither is sealed. Typed search text is never counted (it could be anything
a person wrote). Usage is sent as one op per event (``count`` 1): aggregating per day
on the device would need a flush step the sync client does not have; the council
service sums them.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Mapping

from sqlite_utils import Database

from kiosk import outbox
from kiosk.timeutil import LONDON, to_iso, utcnow

REPORT_OP = "directory.report"
USAGE_OP = "signposting.usage"
REPORT_KINDS = ("closed", "wrong_details", "other")
USAGE_EVENTS = ("need_search", "service_view", "takeaway_qr", "takeaway_print", "shortlist")


def service_key(service: Mapping[str, Any]) -> str:
    """``<feed>:<id>``: how the council names a listing (ids alone repeat across feeds)."""
    return f"{service['feed']}:{service['oruk_id']}"


def report_problem(db: Database, key: str, kind: str, *, now: datetime | None = None) -> str:
    """Queue a problem report about the listing ``key``; returns its ``report_id``."""
    if kind not in REPORT_KINDS:
        raise ValueError(f"unknown problem kind {kind!r}")
    if ":" not in key:
        raise ValueError(f"a service key is '<feed>:<id>', not {key!r}")
    report_id = str(uuid.uuid4())
    payload = {"report_id": report_id, "service_key": key, "kind": kind, "reported_at": to_iso(now or utcnow())}
    with db.atomic():
        outbox.enqueue(db, REPORT_OP, payload, record_key=f"directory_report:{report_id}")
    return report_id


def count_usage(db: Database, event: str, subject: str, *, count: int = 1, now: datetime | None = None) -> str:
    """Queue one anonymous usage count; returns the op id.

    ``subject`` is a need id for ``need_search`` (sent as ``need``), else a service key (sent
    as ``service_key``) — the council service's payload (docs/COUNCIL_SERVICE.md, which takes
    no other field: the op id already makes a resend count once).
    """
    if event not in USAGE_EVENTS:
        raise ValueError(f"unknown usage event {event!r}")
    if not subject:
        raise ValueError("a usage count needs a subject")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"a usage count is a whole number of at least 1, not {count!r}")
    op_id = str(uuid.uuid4())
    day = (now or utcnow()).astimezone(LONDON).date().isoformat()  # the hub's day, not UTC's
    payload = {"event": event, "need" if event == "need_search" else "service_key": subject,
               "day": day, "count": count}
    with db.atomic():
        outbox.enqueue(db, USAGE_OP, payload, record_key=f"usage:{op_id}", op_id=op_id)
    return op_id
