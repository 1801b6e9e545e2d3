"""An in-memory council that speaks docs/SYNC.md, and a transport that injects faults.

The fake council is deliberately small but strict about what the tests assert:
each (device, op_id) is applied at most once, an identical resend gets the
stored outcome with ``duplicate: true``, a different payload under a used op_id
is a ``conflict``, and ``bad.op`` operations are rejected.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from kiosk.outbox import payload_hash
from kiosk.timeutil import now_iso
from sync import protocol as p
from sync.transport import Response, TransportError


class FakeClock:
    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def rating_payload(task_family: str = "findhelp", rating: int = 4) -> dict[str, Any]:
    """A valid ``feedback.rating`` payload (the council's real operation type)."""
    return {"rating_id": str(uuid.uuid4()), "task_family": task_family, "rating": rating,
            "reason": None, "rated_at": now_iso()}


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(status, json.dumps(body).encode(), headers or {})


@dataclass
class FakeCouncil:
    tokens: dict[str, str] = field(default_factory=dict)  # token -> device id
    revoked: set[str] = field(default_factory=set)
    ops: dict[tuple[str, str], tuple[str, dict[str, Any]]] = field(default_factory=dict)
    applied: list[tuple[str, str]] = field(default_factory=list)  # (device, op_id) in apply order
    changes: list[dict[str, Any]] = field(default_factory=list)
    epoch: str = "fake1"
    requests: list[tuple[str, str]] = field(default_factory=list)
    heartbeats: list[dict[str, Any]] = field(default_factory=list)
    fixed: bool = False  # until set, ``boom.op`` fails inside the council (internal_error)

    def publish(self, entity: str, key: str, data: Any) -> None:
        op = p.CHANGE_DELETE if data is None else p.CHANGE_UPSERT
        self.changes.append({"seq": len(self.changes) + 1, "entity": entity, "key": key, "op": op, "data": data})

    def request(self, method, path, *, json=None, params=None, token=None) -> Response:
        self.requests.append((method, path))
        device = self.tokens.get(token or "")
        if device is None:
            return _json(401, p.error_body(p.ERR_UNAUTHORISED, "no"))
        if device in self.revoked:
            return _json(401, p.error_body(p.ERR_DEVICE_REVOKED, "revoked"))
        if path == p.PATH_PUSH:
            return self._push(device, json)
        if path == p.PATH_PULL:
            return self._pull(params or {})
        if path == p.PATH_HEARTBEAT:
            self.heartbeats.append(json)
            return _json(200, {"server_time": "2026-11-22T10:00:00.000000Z", "clock_drift_seconds": 0.5})
        return _json(404, p.error_body(p.ERR_NOT_FOUND, path))

    def _push(self, device: str, body: dict[str, Any]) -> Response:
        if body.get("device_id") != device:
            return _json(403, p.error_body(p.ERR_WRONG_DEVICE, "wrong"))
        if len(body["operations"]) > p.MAX_PUSH_BATCH:
            return _json(413, p.error_body(p.ERR_BATCH_TOO_LARGE, "big"))
        results = []
        for op in sorted(body["operations"], key=lambda o: o["seq"]):
            h = payload_hash(op["op_type"], op["schema_version"], op["payload"])
            key = (device, op["op_id"])
            if key in self.ops:
                stored_hash, outcome = self.ops[key]
                if stored_hash != h:
                    results.append({"op_id": op["op_id"], "status": p.STATUS_CONFLICT,
                                    "reason": {"code": p.REASON_OP_ID_REUSED, "message": "reused"}})
                else:
                    results.append({**outcome, "duplicate": True})
                continue
            if op["op_type"] == "boom.op" and not self.fixed:
                results.append({"op_id": op["op_id"], "status": p.STATUS_REJECTED, "duplicate": False,
                                "reason": {"code": p.ERR_INTERNAL, "message": "send it again later"}})
                continue  # nothing stored: the council's own fault
            if op["op_type"] == "bad.op":
                outcome = {"op_id": op["op_id"], "status": p.STATUS_REJECTED,
                           "reason": {"code": p.REASON_INVALID_PAYLOAD, "message": "bad payload"}}
            else:
                outcome = {"op_id": op["op_id"], "status": p.STATUS_APPLIED, "result": {"n": len(self.applied)}}
                self.applied.append(key)
            self.ops[key] = (h, outcome)
            results.append({**outcome, "duplicate": False})
        return _json(200, {"results": results})

    def _pull(self, params: dict[str, Any]) -> Response:
        limit = int(params.get("limit", p.DEFAULT_PULL_LIMIT))
        after = 0
        if params.get("cursor"):
            try:
                cur = p.decode_cursor(params["cursor"])
            except p.CursorError:
                return _json(410, p.error_body(p.ERR_CURSOR_EXPIRED, "bad"))
            if cur.epoch != self.epoch or cur.seq > len(self.changes):
                return _json(410, p.error_body(p.ERR_CURSOR_EXPIRED, "expired"))
            after = cur.seq
        page = self.changes[after:after + limit]
        last = page[-1]["seq"] if page else after
        return _json(200, {"changes": page, "cursor": p.encode_cursor(self.epoch, last),
                           "has_more": last < len(self.changes)})


Fault = Callable[[Callable[[], Response]], Response]


def offline(call):
    raise TransportError("connection refused")


def lost(call):
    """The council acts on the request but the answer never arrives."""
    call()
    raise TransportError("connection reset after send")


def truncated(call):
    resp = call()
    return Response(resp.status, resp.body[: max(1, len(resp.body) // 2)], resp.headers)


def status(code: int, headers: dict[str, str] | None = None, error: str = "x") -> Fault:
    def fault(call):
        return _json(code, p.error_body(error, "injected"), headers)
    return fault


class FaultyTransport:
    """Passes requests to ``inner`` unless the next scripted fault says otherwise.

    ``faults`` maps a path to a list consumed one request at a time (``None``
    means pass through); ``always`` applies to every request when set.
    """

    def __init__(self, inner: Any, faults: dict[str, list[Fault | None]] | None = None,
                 always: Fault | None = None):
        self.inner = inner
        self.faults = faults or {}
        self.always = always
        self.calls: list[str] = []

    def request(self, method, path, **kwargs) -> Response:
        self.calls.append(path)
        call = lambda: self.inner.request(method, path, **kwargs)  # noqa: E731
        if self.always is not None:
            return self.always(call)
        queue = self.faults.get(path)
        fault = queue.pop(0) if queue else None
        return fault(call) if fault else call()
