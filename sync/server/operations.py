"""Applying pushed operations: the registry of operation types and the push loop.

A feature adds an operation type in its own module with one decorator::

    # sync/server/ops_counciltax.py
    from sync.server.operations import Rejected, operation

    @operation("counciltax.direct_debit", schema_versions=(1,))
    def direct_debit(conn, device, payload):
        ...              # validate, write domain rows, db.publish(...) if devices must see it
        return {"reference": "..."}

and one line in ``OPERATION_MODULES`` below. A handler runs inside the
transaction that also stores the operation record; raising ``Rejected`` rolls
back whatever it wrote and stores the rejection instead.
"""

from __future__ import annotations

import importlib
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk.timeutil import now_iso
from sync import protocol
from sync.server import db

log = logging.getLogger(__name__)

# Modules that register operation types (imported once, on first use).
OPERATION_MODULES = [
    "sync.server.ops_feedback",
    "sync.server.ops_timebank",
    "sync.server.ops_timebank_admin",  # a broker's member management: profile, suspension, flags (+ tables)
    "sync.server.ops_opportunities",  # the offers and requests board, opportunities, shortlists
    "sync.server.ops_counciltax",
    "sync.server.ops_audit",
    "sync.server.ops_directory",  # directory.report, signposting.usage (+ directory tables)
    "sync.server.ops_outreach",  # outreach.visit (sealed), outreach.checkin (+ outreach tables)
    "sync.server.staff",  # no operation types: imported so its table is created with the others
    "sync.server.catalogues",  # no operation types: corrected translation catalogues (table)
]


@dataclass(frozen=True)
class Device:
    """The authenticated device an operation came from."""

    id: str
    hub_id: str
    mode: str


class Rejected(Exception):
    """The operation cannot be applied; stored and returned as ``rejected``."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def reason(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


Handler = Callable[[Connection, Device, dict[str, Any]], dict[str, Any]]
# Opens a sealed payload: (op_type, schema_version, sealed payload) -> payload; raises Unsealable.
Opener = Callable[[str, int, dict[str, Any]], dict[str, Any]]
REASON_UNSEALABLE = protocol.REASON_UNSEALABLE


@dataclass(frozen=True)
class OperationType:
    name: str
    handler: Handler
    schema_versions: tuple[int, ...]


_registry: dict[str, OperationType] = {}
_loaded = False


def operation(name: str, schema_versions: Iterable[int] = (1,)) -> Callable[[Handler], Handler]:
    """Register ``handler`` for operation type ``name``."""

    def register(handler: Handler) -> Handler:
        if name in _registry and _registry[name].handler is not handler:
            raise ValueError(f"operation type {name!r} registered twice")
        _registry[name] = OperationType(name, handler, tuple(schema_versions))
        return handler

    return register


def load_modules() -> None:
    """Import every operation module (their handlers and any tables they add to ``db.metadata``)."""
    global _loaded
    if not _loaded:
        for module in OPERATION_MODULES:
            importlib.import_module(module)
        _loaded = True


def registry() -> dict[str, OperationType]:
    load_modules()
    return _registry


# --- the push loop -----------------------------------------------------------


@dataclass
class _Stored:
    op_id: str
    payload_hash: str
    status: str
    result: dict[str, Any] | None
    reason: dict[str, str] | None


def _outcome(stored: Any, duplicate: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"op_id": stored.op_id, "status": stored.status, "duplicate": duplicate}
    if stored.status == protocol.STATUS_APPLIED:
        out["result"] = stored.result if stored.result is not None else {}
    else:
        out["reason"] = stored.reason
    return out


def _conflict(op_id: str) -> dict[str, Any]:
    return {
        "op_id": op_id,
        "status": protocol.STATUS_CONFLICT,
        "duplicate": False,
        "reason": {
            "code": protocol.REASON_OP_ID_REUSED,
            "message": "This operation id was already used for different content.",
        },
    }


def _check(op: dict[str, Any]) -> OperationType:
    op_type = registry().get(op["op_type"])
    if op_type is None:
        raise Rejected(protocol.REASON_UNKNOWN_OP_TYPE, f"Unknown operation type {op['op_type']!r}.")
    if op["schema_version"] not in op_type.schema_versions:
        raise Rejected(
            protocol.REASON_UNSUPPORTED_SCHEMA,
            f"Schema version {op['schema_version']} of {op_type.name!r} is not supported "
            f"(supported: {', '.join(map(str, op_type.schema_versions))}).",
        )
    size = len(protocol.canonical_json(op["payload"]).encode("utf-8"))
    if size > protocol.MAX_PAYLOAD_BYTES:
        raise Rejected(
            protocol.REASON_PAYLOAD_TOO_LARGE,
            f"The payload is {size} bytes; at most {protocol.MAX_PAYLOAD_BYTES} are accepted.",
        )
    return op_type


def _open(op: dict[str, Any], opener: Opener | None) -> dict[str, Any]:
    """The payload the handler sees: a sealed one is opened with the council's private key first."""
    from kiosk import sealing

    payload = op["payload"]
    if not sealing.is_sealed(payload):
        return payload
    if opener is None:
        raise Rejected(REASON_UNSEALABLE, "This service has no key to open sealed payloads.")
    try:
        return opener(op["op_type"], op["schema_version"], payload)
    except sealing.Unsealable as exc:
        raise Rejected(REASON_UNSEALABLE, f"The sealed payload cannot be opened: {exc}.") from None


def _plain(conn: Connection, sql: str) -> None:
    """Run a statement without parameters on the driver's own cursor.

    The savepoint around each operation is two statements per operation; through
    SQLAlchemy (``begin_nested()`` compiles a new SAVEPOINT clause every time)
    they cost more than the rest of a feedback rating. Driver errors are wrapped
    as SQLAlchemy's, as on every other path (``OperationalError`` -> 503).
    """
    dbapi = conn.dialect.loaded_dbapi
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
    except dbapi.Error as exc:
        raise sa.exc.DBAPIError.instance(sql, None, exc, dbapi.Error, dialect=conn.dialect) from exc
    finally:
        cursor.close()


@contextmanager
def _savepoint(conn: Connection) -> Iterator[None]:
    """A savepoint in plain SQL (the same on SQLite and PostgreSQL); rolled back on any exception."""
    _plain(conn, "SAVEPOINT council_op")
    try:
        yield
    except BaseException:
        # The rare path goes through SQLAlchemy as usual.
        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT council_op")
        conn.exec_driver_sql("RELEASE SAVEPOINT council_op")
        raise
    _plain(conn, "RELEASE SAVEPOINT council_op")


def apply_one(
    conn: Connection,
    device: Device,
    op: dict[str, Any],
    known: dict[str, Any],
    opener: Opener | None = None,
    received_at: str | None = None,
) -> dict[str, Any]:
    """Apply one operation atomically with its record (a savepoint in the batch's transaction).

    ``known`` maps op_id to what is already stored for this device; it is
    updated, so a repeat of an op_id later in the same batch is a duplicate too.
    The payload hash is of what the device sent (sealed or not), so a resend of
    a sealed operation is recognised without opening it again.
    """
    op_id = op["op_id"]
    digest = protocol.payload_hash(op["op_type"], op["schema_version"], op["payload"])
    if op_id in known:
        stored = known[op_id]
        return _outcome(stored, duplicate=True) if stored.payload_hash == digest else _conflict(op_id)
    record = {
        "device_id": device.id,
        "op_id": op_id,
        "seq": op["seq"],
        "op_type": op["op_type"],
        "schema_version": op["schema_version"],
        "record_key": op.get("record_key"),
        "payload_hash": digest,
        "created_at": op.get("created_at"),
        "received_at": received_at or now_iso(),
    }
    status, result, reason = protocol.STATUS_APPLIED, None, None
    try:
        # The effect and the operation record commit together or not at all.
        with _savepoint(conn):
            op_type = _check(op)
            result = op_type.handler(conn, device, _open(op, opener)) or {}
            db.store_operation(conn, status=status, result=result, reason=None, **record)
    except Rejected as rejected:
        status, result, reason = protocol.STATUS_REJECTED, None, rejected.reason()
        with _savepoint(conn):
            db.store_operation(conn, status=status, result=None, reason=reason, **record)
    except sa.exc.OperationalError:
        # The database itself is failing (locked, disk full, gone): abandon the
        # whole batch (nothing of it commits); the app answers 503 Retry-After.
        raise
    except Exception:
        # A fault of the service, not of the device: nothing is stored, so the
        # device may send it again once the service is fixed.
        log.exception("operation %s (%s) failed inside the service", op_id, op.get("op_type"))
        return {
            "op_id": op_id,
            "status": protocol.STATUS_REJECTED,
            "duplicate": False,
            "reason": {
                "code": protocol.ERR_INTERNAL,
                "message": "The council service failed on this operation; send it again later.",
            },
        }
    known[op_id] = _Stored(op_id, digest, status, result, reason)
    return _outcome(known[op_id], duplicate=False)


def apply_batch(
    engine: Engine, device: Device, ops: list[dict[str, Any]], opener: Opener | None = None
) -> list[dict[str, Any]]:
    """Apply a push batch in ``seq`` order; answers in the order the device sent them.

    Each operation is atomic with its record (a savepoint); the batch commits
    once before the answer is sent, so an answer never reports an outcome that
    is not durable, and a lost answer is repaired by an idempotent resend.
    """
    outcomes: dict[int, dict[str, Any]] = {}
    with db.writing(engine) as conn:
        known: dict[str, Any] = dict(db.find_operations(conn, device.id, [op["op_id"] for op in ops]))
        received_at = now_iso()  # one arrival time for the batch: it arrived as one request
        for index in sorted(range(len(ops)), key=lambda i: ops[i]["seq"]):
            outcomes[index] = apply_one(conn, device, ops[index], known, opener, received_at)
        db.touch_device(conn, device.id)
    return [outcomes[i] for i in range(len(ops))]
