"""The device sync client: push the outbox, pull the council's changes, heartbeat.

Contract: docs/SYNC.md ("Device side" and "Device client"). In short:

- push: a batch of eligible outbox rows is marked ``in_flight`` and committed
  *before* it is sent; a row becomes ``applied`` or ``rejected`` only when its
  own result arrives. Rows left ``in_flight`` (answer lost, app killed) are
  simply sent again; the council answers a resend idempotently.
- a row is eligible when every earlier row on the same ``record_key`` is
  applied (or a quarantined one was discarded by staff): operations on one
  record stay in order, at most one per record per batch, and a record whose
  earlier operation is quarantined waits while independent work keeps flowing.
- an acknowledged row keeps id, type, hash and result; its payload (which may
  hold personal data) is replaced by JSON ``null`` (``payload_cleared_at``).
- pull: each page and its cursor are saved in one transaction (``kiosk.mirror``);
  410 ``cursor_expired`` clears the mirror (never the outbox) and starts again.
- any failure arms the retry timer (``sync.backoff``); 401/403 pause sync until
  re-enrolment and delete nothing.

Public methods never raise for network or server trouble: they return a summary.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable

from sqlite_utils import Database

from kiosk import __version__, mirror
from kiosk import outbox as ob
from kiosk.i18n import _, N_
from kiosk.timeutil import from_iso, to_iso, utcnow
from sync import backoff
from sync import protocol as p
from sync.transport import RequestsTransport, Response, Transport, TransportError

# Why sync is paused (stored in sync_state.paused); staff see the translated text.
PAUSE_MESSAGES = {
    p.ERR_DEVICE_REVOKED: N_("This device was revoked by the council. Ask a council officer for a new "
                             "enrolment code and enrol again; nothing waiting on this device is lost."),
    p.ERR_UNAUTHORISED: N_("The council did not accept this device's token. Enrol the device again; "
                           "nothing waiting on this device is lost."),
    p.ERR_WRONG_DEVICE: N_("The council says this token belongs to another device. Enrol the device again."),
    "not_enrolled": N_("This device is not enrolled with a council service yet."),
    "no_credentials": N_("This device has no secure place for its council token."),
}

_RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}
_RETRY_AFTER_STATUSES = {429, 503}
# Whole-request refusals (with a protocol error body) that one bad operation can cause.
_REFUSED_STATUSES = {400, 409, 422}


class _Stop(Exception):
    """Ends the current push/pull; the reason is already recorded."""


class _Failure(_Stop):
    def __init__(self, error: str, retry_after: float | None = None):
        super().__init__(error)
        self.error = error
        self.retry_after = retry_after


class _Paused(_Stop):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Summary:
    pushed: int = 0  # operations sent (a resend counts again)
    applied: int = 0
    duplicates: int = 0  # applied results the council had already stored
    rejected: int = 0
    conflicts: int = 0
    retry_later: int = 0  # the council failed on them itself (internal_error): still in flight
    pulled: int = 0
    resynced: bool = False
    cursor: str | None = None
    paused: str | None = None
    error: str | None = None
    next_attempt_at: str | None = None
    heartbeat: dict[str, Any] | None = None
    ok: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        data.update(self.extra)
        return data


def data_dir_of(db: Database) -> Path:
    row = db.execute("pragma database_list").fetchone()
    return Path(row[2]).parent if row and row[2] else Path.cwd()


class SyncClient:
    """One device's sync with its council service."""

    def __init__(
        self,
        db: Database,
        settings: Any = None,
        transport: Transport | None = None,
        credentials: Any = None,
        clock: Callable[[], datetime] = utcnow,
        *,
        push_batch: int = p.MAX_PUSH_BATCH,
        pull_limit: int = p.MAX_PULL_LIMIT,
        max_batches: int = 200,
        max_pages: int = 500,
        device_id: str | None = None,
        rng: Callable[[float, float], float] | None = None,
    ):
        if settings is None:
            from kiosk.settings import Settings

            settings = Settings(db)
        self.db = db
        self.settings = settings
        self.device_id = device_id or settings["device_id"]
        # Without a given transport, one follows the council_url setting (re-enrolment may change it).
        self._own_transport = transport is None
        self._transport_url = ""
        self.transport = transport
        self.credentials = credentials
        self.clock = clock
        self.push_batch = min(push_batch, p.MAX_PUSH_BATCH)
        self.pull_limit = min(pull_limit, p.MAX_PULL_LIMIT)
        self.max_batches = max_batches
        self.max_pages = max_pages
        self.rng = rng

    # -- public -----------------------------------------------------------------

    def push(self) -> dict[str, Any]:
        return self._run(push=True, pull=False, heartbeat=False).as_dict()

    def pull(self) -> dict[str, Any]:
        return self._run(push=False, pull=True, heartbeat=False).as_dict()

    def cycle(self) -> dict[str, Any]:
        """Push, then pull, then heartbeat: one full sync."""
        return self._run(push=True, pull=True, heartbeat=True).as_dict()

    def heartbeat(self) -> dict[str, Any]:
        summary = Summary()
        try:
            token = self._token()
            summary.heartbeat = self._heartbeat(token)
            summary.ok = True
        except _Paused as exc:
            summary.paused = exc.reason
        except _Failure as exc:
            summary.error = exc.error
        return summary.as_dict()

    # -- the cycle --------------------------------------------------------------

    def _run(self, *, push: bool, pull: bool, heartbeat: bool) -> Summary:
        summary = Summary(cursor=mirror.cursor(self.db))
        # Recorded even when paused or not enrolled, so a scheduler loop waits a
        # full interval before asking again instead of spinning.
        backoff.record_attempt(self.db, self.clock())
        try:
            token = self._token()
            if push:
                self._push(token, summary)
            if pull:
                try:
                    self._pull(token, summary)
                finally:
                    if summary.pulled or summary.resynced:
                        _install_catalogues(self.db)
            if summary.retry_later:
                # Arm the retry timer for what the council could not take this time.
                raise _Failure(f"the council failed on {summary.retry_later} operations; they will be sent again")
            backoff.record_success(self.db, self.clock())
            summary.ok = True
            if heartbeat:
                try:
                    summary.heartbeat = self._heartbeat(token)
                except _Failure as exc:
                    # Data is in sync; a lost heartbeat is simply sent again next cycle.
                    summary.heartbeat = {"error": exc.error}
        except _Paused as exc:
            summary.paused = exc.reason
        except _Failure as exc:
            summary.error = exc.error
            next_at = backoff.record_failure(self.db, self.clock(), exc.error, exc.retry_after, self.rng)
            summary.next_attempt_at = to_iso(next_at)
        summary.cursor = mirror.cursor(self.db)
        return summary

    def _token(self) -> str:
        paused = backoff.state(self.db)["paused"]
        if paused:
            raise _Paused(paused)
        if self._own_transport:
            url = self.settings["council_url"]
            if url != self._transport_url:
                self.transport = RequestsTransport(url) if url else None
                self._transport_url = url
        if self.transport is None or self.credentials is None:
            raise _Paused("not_enrolled")
        from sync.credentials import CredentialsUnavailable

        try:
            token = self.credentials.get_token()
        except CredentialsUnavailable:
            raise _Paused("no_credentials") from None
        if not token:
            raise _Paused("not_enrolled")
        return token

    def _send(self, method: str, path: str, token: str, **kwargs: Any) -> Response:
        try:
            resp = self.transport.request(method, path, token=token, **kwargs)  # type: ignore[union-attr]
        except TransportError as exc:
            raise _Failure(f"network: {exc}") from None
        if resp.status in (401, 403):
            code, _message = resp.error()
            if resp.status == 403 and code != p.ERR_WRONG_DEVICE:
                raise _Failure(f"http 403 {code}")
            reason = code if code in (p.ERR_DEVICE_REVOKED, p.ERR_WRONG_DEVICE) else p.ERR_UNAUTHORISED
            backoff.pause(self.db, reason)
            raise _Paused(reason)
        if resp.status in _RETRY_STATUSES or resp.status >= 500:
            retry_after = None
            if resp.status in _RETRY_AFTER_STATUSES:
                retry_after = backoff.parse_retry_after(resp.headers.get("Retry-After"), self.clock())
            raise _Failure(f"http {resp.status}", retry_after)
        return resp

    @staticmethod
    def _json(resp: Response) -> Any:
        try:
            return resp.json()
        except (ValueError, UnicodeDecodeError):
            raise _Failure("incomplete answer from the council service") from None

    # -- push -------------------------------------------------------------------

    def _push(self, token: str, summary: Summary) -> None:
        size = self.push_batch
        later: set[str] = set()  # not again in this cycle: the council failed on them
        for _batch in range(self.max_batches):
            rows = [r for r in eligible(self.db, size + len(later)) if r["op_id"] not in later][:size]
            if not rows:
                return
            mark_in_flight(self.db, rows, self.clock())
            body = {"device_id": self.device_id, "operations": [wire_operation(r) for r in rows]}
            summary.pushed += len(rows)
            resp = self._send("POST", p.PATH_PUSH, token, json=body)
            if resp.status == 200:
                results = self._json(resp)
                if not isinstance(results, dict) or not isinstance(results.get("results"), list):
                    raise _Failure("push answer without results")
                later |= self._record_results(rows, results["results"], summary)
                size = self.push_batch
                continue
            code, message = resp.error()
            if resp.status == 413:
                if size == 1:
                    raise _Failure("http 413 for a single operation")
                size = max(1, len(rows) // 2)
                continue
            if resp.status in _REFUSED_STATUSES and code:
                # The council refused the whole request. Narrow it down; a single
                # operation it refuses goes to quarantine so the rest keep flowing.
                if len(rows) > 1:
                    size = max(1, len(rows) // 2)
                    continue
                if not self._envelope_accepted(token):
                    raise _Failure(f"http {resp.status} {code}: the council refuses every push")
                quarantine_one(self.db, rows[0]["op_id"], "rejected",
                               {"code": code, "message": message}, self.clock())
                summary.rejected += 1
                size = self.push_batch
                continue
            raise _Failure(f"http {resp.status} {code}".strip())

    def _envelope_accepted(self, token: str) -> bool:
        """Does the council accept an empty push? If not, the fault is not in the operation."""
        resp = self._send("POST", p.PATH_PUSH, token, json={"device_id": self.device_id, "operations": []})
        return resp.status == 200

    def _record_results(self, rows: list[dict[str, Any]], results: list[Any], summary: Summary) -> set[str]:
        """Store each result with its row (one transaction); returns op_ids to retry later."""
        sent = {r["op_id"] for r in rows}
        later: set[str] = set()
        now = to_iso(self.clock())
        # Acknowledgements are written in runs with executemany (most of a batch);
        # a run is flushed before any other update, so results apply in answer order.
        acks: list[tuple[str, str, str, str]] = []

        def flush_acks() -> None:
            if acks:
                self.db.conn.executemany(_ACK_SQL, acks)
                acks.clear()

        with self.db.atomic():
            for result in results:
                if not isinstance(result, dict) or result.get("op_id") not in sent:
                    continue  # not ours: ignore; our row stays in flight and is resent
                status = result.get("status")
                op_id = result["op_id"]
                if status == p.STATUS_APPLIED:
                    acks.append((ob.canonical_json(result.get("result")), now, now, op_id))
                    summary.applied += 1
                    summary.duplicates += bool(result.get("duplicate"))
                elif status in (p.STATUS_REJECTED, p.STATUS_CONFLICT):
                    reason = result.get("reason") if isinstance(result.get("reason"), dict) else {}
                    if reason.get("code") == p.ERR_INTERNAL:
                        # Not stored by the council (its own fault): stays in flight, sent again later.
                        later.add(op_id)
                        summary.retry_later += 1
                        continue
                    flush_acks()
                    _quarantine(self.db, op_id, status, reason, now)
                    if status == p.STATUS_CONFLICT:
                        summary.conflicts += 1
                    else:
                        summary.rejected += 1
            flush_acks()
        return later

    # -- pull -------------------------------------------------------------------

    def _pull(self, token: str, summary: Summary) -> None:
        cursor = mirror.cursor(self.db)
        restarted = False
        for _page in range(self.max_pages):
            params: dict[str, Any] = {"limit": self.pull_limit}
            if cursor:
                params["cursor"] = cursor
            resp = self._send("GET", p.PATH_PULL, token, params=params)
            if resp.status == 410:
                code, _message = resp.error()
                if code != p.ERR_CURSOR_EXPIRED or restarted:
                    raise _Failure(f"http 410 {code}")
                mirror.reset(self.db)
                restarted = True
                summary.resynced = True
                cursor = None
                continue
            if resp.status != 200:
                code, _message = resp.error()
                raise _Failure(f"http {resp.status} {code}".strip())
            page = self._json(resp)
            changes, new_cursor, has_more = check_page(page)
            if not mirror.apply_page(self.db, changes, new_cursor, after=cursor):
                return  # another sync of this device is pulling; it carries on from here
            summary.pulled += len(changes)
            cursor = new_cursor
            if not has_more:
                return
        # Bounded: whatever is left comes next cycle.

    # -- heartbeat --------------------------------------------------------------

    def _heartbeat(self, token: str) -> dict[str, Any]:
        body = heartbeat_body(self.db, self.clock())
        resp = self._send("POST", p.PATH_HEARTBEAT, token, json=body)
        if resp.status != 200:
            raise _Failure(f"heartbeat http {resp.status}")
        answer = self._json(resp)
        drift = answer.get("clock_drift_seconds") if isinstance(answer, dict) else None
        if isinstance(drift, (int, float)):
            with self.db.atomic():
                self.db.execute("update sync_state set clock_drift_seconds = ? where id = 1", [float(drift)])
        from kiosk import updates  # the council's current version: staff see "update available"

        updates.record_heartbeat_answer(self.db, answer)
        return answer if isinstance(answer, dict) else {}

    # -- scheduling -------------------------------------------------------------

    def run_forever(self, stop: threading.Event, *, max_cycles: int | None = None,
                    max_seconds: float | None = None, idle_cap_seconds: float = 60.0,
                    on_cycle: Callable[[dict[str, Any]], None] | None = None) -> int:
        """Sync whenever ``due``; sleep until ``next_wakeup``. Returns cycles run.

        The retry timer re-arms itself: after a failure the wake-up is the
        backoff time stored in the database, not the next local write.
        """
        started = time.monotonic()
        cycles = 0
        while not stop.is_set():
            if max_cycles is not None and cycles >= max_cycles:
                break
            if max_seconds is not None and time.monotonic() - started >= max_seconds:
                break
            now = self.clock()
            if due(self.db, self.settings, now):
                result = self.cycle()
                cycles += 1
                if on_cycle:
                    on_cycle(result)
                continue
            wait = seconds_until_next(self.db, self.settings, self.clock())
            if wait is None:
                wait = idle_cap_seconds  # paused: look again later (re-enrolment resumes)
            if max_seconds is not None:
                wait = min(wait, max(0.0, max_seconds - (time.monotonic() - started)))
            stop.wait(min(max(wait, 0.01), idle_cap_seconds))
        return cycles


# -- outbox helpers (device side of docs/SYNC.md) -----------------------------

# An acknowledged row keeps its result; its payload is cleared (the council has it).
_ACK_SQL = (
    "update outbox set state = 'applied', result = ?, acked_at = ?, reason = null, "
    "payload = 'null', payload_cleared_at = ? where op_id = ? and state = 'in_flight'"
)

_ELIGIBLE_SQL = """
select op_id, seq, op_type, record_key, schema_version, payload, created_at, state
from outbox o
where o.state in ('queued', 'in_flight')
  and (o.record_key is null or not exists (
        select 1 from outbox e
        where e.record_key = o.record_key and e.seq < o.seq
          and (e.state in ('queued', 'in_flight') or (e.state = 'rejected' and e.discarded_at is null))))
order by o.seq
limit ?
"""


def _install_catalogues(db: Database) -> None:
    """Corrected translations pulled just now go live (kiosk.i18n tells the UI to redraw)."""
    from kiosk import published_catalogues

    try:
        published_catalogues.install(db)
    except Exception:  # never fails a sync: the shipped text stays until the next pull
        logging.getLogger(__name__).exception("published catalogues not installed")


def eligible(db: Database, limit: int) -> list[dict[str, Any]]:
    """The next operations that may be sent, lowest ``seq`` first."""
    return list(db.query(_ELIGIBLE_SQL, [limit]))


def mark_in_flight(db: Database, rows: Iterable[dict[str, Any]], now: datetime) -> None:
    with db.atomic():
        db.conn.executemany(
            "update outbox set state = 'in_flight', attempts = attempts + 1, last_attempt_at = ? where op_id = ?",
            [(to_iso(now), r["op_id"]) for r in rows],
        )


def wire_operation(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "op_id": row["op_id"],
        "seq": row["seq"],
        "op_type": row["op_type"],
        "record_key": row["record_key"],
        "schema_version": row["schema_version"],
        "payload": json.loads(row["payload"]),
        "created_at": row["created_at"],
    }


def _quarantine(db: Database, op_id: str, status: str, reason: dict[str, Any], now: str) -> None:
    body = {"status": status, "code": str(reason.get("code") or status), "message": str(reason.get("message") or "")}
    db.execute(
        "update outbox set state = 'rejected', reason = ?, acked_at = ? where op_id = ? and state = 'in_flight'",
        [ob.canonical_json(body), now, op_id],
    )


def quarantine_one(db: Database, op_id: str, status: str, reason: dict[str, Any], now: datetime) -> None:
    with db.atomic():
        _quarantine(db, op_id, status, reason, to_iso(now))


def quarantine(db: Database) -> list[dict[str, Any]]:
    """Quarantined operations for the staff screen, oldest first, with their reasons."""
    rows = []
    for row in db.query(
        "select op_id, seq, op_type, record_key, created_at, acked_at, reason from outbox "
        "where state = 'rejected' and discarded_at is null order by seq"
    ):
        reason = json.loads(row.pop("reason") or "{}")
        row.update(status=reason.get("status", "rejected"), code=reason.get("code", ""),
                   message=reason.get("message", ""))
        row["held"] = db.execute(
            "select count(*) from outbox where record_key = ? and seq > ? and state in ('queued', 'in_flight')",
            [row["record_key"], row["seq"]],
        ).fetchone()[0] if row["record_key"] else 0
        rows.append(row)
    return rows


def discard(db: Database, op_id: str) -> bool:
    """Staff give up on a quarantined operation: later operations on its record flow again.

    The row stays (with its reason) for the record; its payload is cleared.
    """
    with db.atomic():
        cur = db.execute(
            "update outbox set discarded_at = ?, payload = 'null', payload_cleared_at = ? "
            "where op_id = ? and state = 'rejected' and discarded_at is null",
            [to_iso(utcnow()), to_iso(utcnow()), op_id],
        )
        return cur.rowcount == 1


def check_page(page: Any) -> tuple[list[dict[str, Any]], str, bool]:
    """Validate a pull page before any of it is saved."""
    if not isinstance(page, dict) or not isinstance(page.get("changes"), list) or not isinstance(page.get("cursor"), str):
        raise _Failure("pull answer is not a page")
    for change in page["changes"]:
        if not (isinstance(change, dict) and isinstance(change.get("seq"), int)
                and isinstance(change.get("entity"), str) and isinstance(change.get("key"), str)
                and change.get("op") in (p.CHANGE_UPSERT, p.CHANGE_DELETE)):
            raise _Failure("pull answer has a malformed change")
    return page["changes"], page["cursor"], bool(page.get("has_more"))


def heartbeat_body(db: Database, now: datetime) -> dict[str, Any]:
    counts = ob.counts(db)
    try:
        free = shutil.disk_usage(data_dir_of(db)).free
    except OSError:
        free = None
    return {
        "app_version": __version__,
        "waiting": counts["waiting"],
        "quarantined": counts["quarantined"],
        "last_sync_at": backoff.state(db)["last_sync_at"],
        "device_time": to_iso(now),
        "free_disk_bytes": free,
    }


# -- scheduling for any event loop (the UI calls these from a QTimer) ----------


def next_wakeup(db: Database, settings: Any, now: datetime | None = None) -> datetime | None:
    """When the next sync cycle should run; ``None`` while paused or not enrolled."""
    state = backoff.state(db)
    if state["paused"] or not settings["council_url"]:
        return None
    now = now or utcnow()
    interval = timedelta(seconds=settings["sync_interval_seconds"])
    if state["next_attempt_at"]:  # a failure armed the retry timer
        # Clamped, so a clock that jumped back cannot park the device for days.
        return min(from_iso(state["next_attempt_at"]), now + timedelta(seconds=backoff.MAX_RETRY_AFTER_SECONDS))
    if not state["last_attempt_at"]:
        return now
    return min(from_iso(state["last_attempt_at"]) + interval, now + interval)


def due(db: Database, settings: Any, now: datetime | None = None) -> bool:
    now = now or utcnow()
    when = next_wakeup(db, settings, now)
    return when is not None and when <= now


def seconds_until_next(db: Database, settings: Any, now: datetime | None = None) -> float | None:
    now = now or utcnow()
    when = next_wakeup(db, settings, now)
    return None if when is None else max(0.0, (when - now).total_seconds())


def status(db: Database) -> dict[str, Any]:
    """What the status area and ``kiosk status`` show."""
    state = backoff.state(db)
    counts = ob.counts(db)
    paused = state["paused"]
    online = bool(state["last_sync_at"]) and not state["last_error"] and not paused
    return {
        "online": online,
        "last_sync_at": state["last_sync_at"],
        "last_attempt_at": state["last_attempt_at"],
        "next_attempt_at": state["next_attempt_at"],
        "last_error": state["last_error"],
        "attempts": state["attempts"],
        "waiting": counts["waiting"],
        "quarantined": counts["quarantined"],
        "applied": counts["applied"],
        "paused": paused,
        "paused_message": _(PAUSE_MESSAGES[paused]) if paused in PAUSE_MESSAGES else (paused or ""),
        "clock_drift_seconds": state["clock_drift_seconds"],
        "cursor": mirror.cursor(db),
    }
