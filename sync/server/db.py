"""The council service's data layer: every table and query, in SQLAlchemy Core.

SQLite by default (``<data dir>/council.sqlite3``, WAL, ``synchronous=FULL``),
any SQLAlchemy URL with ``--database-url`` (PostgreSQL for a council with many
hubs). Queries are portable Core expressions; nothing here is SQLite-only
except the connection pragmas and the write-lock mode, which are applied only
when the dialect is SQLite.

Times are stored as ISO 8601 UTC text with ``Z`` and microseconds (the same
format as the devices), so they sort as text on every database.

The change log is the only thing devices pull. Domain writes publish to it in
the *same* transaction (``publish`` / ``tombstone``), so a device never sees a
change whose data was rolled back, nor misses one that was committed.
"""

from __future__ import annotations

import json
import secrets
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Iterable, Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk.timeutil import now_iso, to_iso, utcnow
from sync import protocol

DB_FILENAME = "council.sqlite3"

metadata = sa.MetaData()

# JSON columns: SQL NULL for Python None (a tombstone has no data, not the JSON text "null").
Json = sa.JSON(none_as_null=True)
Time = sa.String(32)  # ISO 8601 UTC text
Id = sa.String(64)

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

hubs = sa.Table(
    "hubs",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("kind", sa.String(64), nullable=False, server_default=""),
    sa.Column("address", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", Time, nullable=False),
)

devices = sa.Table(
    "devices",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("hub_id", Id, sa.ForeignKey("hubs.id"), nullable=False),
    sa.Column("mode", sa.String(16), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("enrolled_at", Time, nullable=False),
    sa.Column("revoked_at", Time),
    # Last heartbeat.
    sa.Column("app_version", sa.String(64)),
    sa.Column("waiting", sa.Integer),
    sa.Column("quarantined", sa.Integer),
    sa.Column("last_sync_at", Time),
    sa.Column("clock_drift_seconds", sa.Float),
    sa.Column("free_disk_bytes", sa.BigInteger),
    sa.Column("last_heartbeat_at", Time),
    sa.Column("last_seen_at", Time),
)

enrolment_codes = sa.Table(
    "enrolment_codes",
    metadata,
    sa.Column("code_hash", sa.String(64), primary_key=True),
    sa.Column("hub_id", Id, sa.ForeignKey("hubs.id"), nullable=False),
    sa.Column("mode", sa.String(16), nullable=False),
    sa.Column("created_at", Time, nullable=False),
    sa.Column("expires_at", Time, nullable=False),
    sa.Column("used_at", Time),
    sa.Column("used_by", Id),
)

operations = sa.Table(
    "operations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("device_id", Id, sa.ForeignKey("devices.id"), nullable=False),
    sa.Column("op_id", Id, nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("op_type", sa.String(100), nullable=False),
    sa.Column("schema_version", sa.Integer, nullable=False),
    sa.Column("record_key", sa.String(200)),
    sa.Column("payload_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("result", Json),
    sa.Column("reason", Json),
    sa.Column("created_at", Time),  # on the device
    sa.Column("received_at", Time, nullable=False),
    sa.UniqueConstraint("device_id", "op_id", name="operations_device_op"),
)
sa.Index("operations_device_seq", operations.c.device_id, operations.c.seq)

change_log = sa.Table(
    "change_log",
    metadata,
    # Monotonic and never reused (SQLite AUTOINCREMENT; a sequence elsewhere).
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("entity", sa.String(100), nullable=False),
    sa.Column("key", sa.String(200), nullable=False),
    sa.Column("op", sa.String(8), nullable=False),
    sa.Column("data", Json),
    sa.Column("scope", sa.String(100), nullable=False),
    sa.Column("created_at", Time, nullable=False),
    sqlite_autoincrement=True,
)
sa.Index("change_log_scope_seq", change_log.c.scope, change_log.c.seq)
sa.Index("change_log_record", change_log.c.entity, change_log.c.key, change_log.c.scope, change_log.c.seq)

# Domain tables (demo-sized; the feature issues grow them).
counciltax_charges = sa.Table(
    "counciltax_charges",
    metadata,
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("authority", sa.String(200), nullable=False),
    sa.Column("data", Json, nullable=False),
    sa.Column("updated_at", Time, nullable=False),
)

timebank_categories = sa.Table(
    "timebank_categories",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("updated_at", Time, nullable=False),
)

timebank_rewards = sa.Table(
    "timebank_rewards",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),  # financial | non_financial | currency
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("cost_minutes", sa.Integer, nullable=False),
    sa.Column("requires_online", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("updated_at", Time, nullable=False),
)

feedback_ratings = sa.Table(
    "feedback_ratings",
    metadata,
    sa.Column("rating_id", Id, primary_key=True),
    sa.Column("device_id", Id, sa.ForeignKey("devices.id"), nullable=False),
    sa.Column("hub_id", Id, sa.ForeignKey("hubs.id"), nullable=False),
    sa.Column("task_family", sa.String(32), nullable=False),
    sa.Column("rating", sa.Integer, nullable=False),
    sa.Column("reason", sa.String(64)),
    sa.Column("rated_at", Time, nullable=False),
    sa.Column("received_at", Time, nullable=False),
)
sa.Index("feedback_hub_family", feedback_ratings.c.hub_id, feedback_ratings.c.task_family)

META_EPOCH = "epoch"
META_HORIZON = "compaction_horizon"
META_COUNCIL_NAME = "council_name"
META_CURRENT_VERSION = "current_version"  # the kiosk version devices should run (heartbeat answer)
META_LOG_WRITER = "log_writer"  # a row every publisher locks: change-log seqs commit in order
DEFAULT_COUNCIL_NAME = "Co-operative Council (demo)"


# --- engine and transactions -------------------------------------------------


def database_url_for(data_dir: Path | str) -> str:
    return f"sqlite:///{Path(data_dir) / DB_FILENAME}"


def create_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get WAL, FULL sync, foreign keys, a busy timeout."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _configure_sqlite(engine)
    else:
        engine = sa.create_engine(url, pool_pre_ping=True)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (pysqlite's implicit transactions do not
        # cover SELECTs, and we want BEGIN IMMEDIATE for writers).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")  # durability is the point: an answer is never lost data
        # A bulk import or a big push can grow the WAL file; after a checkpoint it
        # is cut back to this instead of staying at its largest size for ever.
        cur.execute("PRAGMA journal_size_limit=67108864")
        cur.execute("PRAGMA temp_store=MEMORY")  # sorts/grouping (compaction, counts) off the disk
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock at BEGIN, so two writers queue on the busy
        # timeout instead of failing on a read-to-write lock upgrade.
        if conn.get_execution_options().get("council_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: commits on success, rolls back on any exception."""
    with engine.connect() as conn:
        conn.execution_options(council_write=True)
        with conn.begin():
            yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """One read transaction (a consistent snapshot on SQLite WAL and PostgreSQL)."""
    with engine.connect() as conn:
        with conn.begin():
            yield conn


def open_engine(data_dir: Path | str | None = None, database_url: str | None = None) -> Engine:
    """Create (if needed) and open the council database."""
    if database_url is None:
        if data_dir is None:
            raise ValueError("give a data folder or a database URL")
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        database_url = database_url_for(data_dir)
    engine = create_engine(database_url)
    init_db(engine)
    return engine


def init_db(engine: Engine) -> None:
    """Create missing tables and the service's epoch; safe to run on every start."""
    # Operation modules may add tables to ``metadata``; import them first.
    from sync.server import operations

    operations.load_modules()
    # One write transaction: two processes opening a new database at once
    # (the service and an officer's command) queue instead of racing.
    with writing(engine) as conn:
        metadata.create_all(conn)
        existing = {row.key for row in conn.execute(sa.select(meta.c.key))}
        defaults = {
            META_EPOCH: uuid.uuid4().hex,
            META_HORIZON: "0",
            META_COUNCIL_NAME: DEFAULT_COUNCIL_NAME,
            META_LOG_WRITER: "0",
        }
        for key, value in defaults.items():
            if key not in existing:
                conn.execute(meta.insert().values(key=key, value=value))


def get_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(sa.select(meta.c.value).where(meta.c.key == key)).scalar_one_or_none()


def set_meta(conn: Connection, key: str, value: str) -> None:
    if conn.execute(meta.update().where(meta.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(meta.insert().values(key=key, value=value))


def epoch(conn: Connection) -> str:
    value = get_meta(conn, META_EPOCH)
    assert value is not None, "init_db not run"
    return value


def horizon(conn: Connection) -> int:
    return int(get_meta(conn, META_HORIZON) or 0)


# --- the change log ----------------------------------------------------------


_LOCK_LOG = meta.update().where(meta.c.key == META_LOG_WRITER).values(value=meta.c.value)
_INSERT_CHANGE = change_log.insert()


def _lock_log(conn: Connection) -> None:
    """Serialise publishers until commit, so seqs become visible in seq order.

    SQLite writers are serialised already; on PostgreSQL this row lock stops a
    later seq from committing before an earlier one (which a puller would skip).
    """
    conn.execute(_LOCK_LOG)


def publish(
    conn: Connection, entity: str, key: str, data: Any, scope: str = protocol.SCOPE_ALL
) -> int:
    """Record an upsert for devices to pull; call inside the domain write's transaction."""
    return _append(conn, entity, key, protocol.CHANGE_UPSERT, data, scope)


def tombstone(conn: Connection, entity: str, key: str, scope: str = protocol.SCOPE_ALL) -> int:
    """Record a deletion (or a record leaving ``scope``)."""
    return _append(conn, entity, key, protocol.CHANGE_DELETE, None, scope)


def move_scope(
    conn: Connection, entity: str, key: str, data: Any, old_scope: str, new_scope: str
) -> int:
    """A record changes scope: a tombstone in the old scope, an upsert in the new."""
    if old_scope != new_scope:
        tombstone(conn, entity, key, old_scope)
    return publish(conn, entity, key, data, new_scope)


def publish_many(conn: Connection, entity: str, items: Iterable[tuple[str, Any]], scope: str = protocol.SCOPE_ALL) -> int:
    """Bulk form of ``publish``/``tombstone`` (data None) for imports; returns the count."""
    if not conn.in_transaction():
        raise RuntimeError("publish inside the transaction of the write it covers")
    now = now_iso()
    rows = [
        {
            "entity": entity,
            "key": str(key),
            "op": protocol.CHANGE_DELETE if data is None else protocol.CHANGE_UPSERT,
            "data": data,
            "scope": scope,
            "created_at": now,
        }
        for key, data in items
    ]
    if rows:
        _lock_log(conn)
        conn.execute(_INSERT_CHANGE, rows)
    return len(rows)


def _append(conn: Connection, entity: str, key: str, op: str, data: Any, scope: str) -> int:
    if not conn.in_transaction():
        raise RuntimeError("publish inside the transaction of the write it covers")
    _lock_log(conn)
    result = conn.execute(
        _INSERT_CHANGE,
        {"entity": entity, "key": str(key), "op": op, "data": data, "scope": scope, "created_at": now_iso()},
    )
    return int(result.inserted_primary_key[0])


def log_head(conn: Connection) -> int:
    """The newest seq ever handed out that a cursor may point at."""
    top = conn.execute(sa.select(sa.func.max(change_log.c.seq))).scalar() or 0
    return max(int(top), horizon(conn))


@dataclass(frozen=True)
class PullPage:
    changes: list[dict[str, Any]]
    cursor: str
    has_more: bool


class CursorExpired(Exception):
    """The device must clear its mirror and pull again from no cursor."""


def scopes_for(device_id: str, hub_id: str) -> list[str]:
    return [protocol.SCOPE_ALL, protocol.hub_scope(hub_id), protocol.device_scope(device_id)]


def pull(conn: Connection, scopes: list[str], cursor: str | None, limit: int) -> PullPage:
    """Changes visible in ``scopes`` after ``cursor``; raises CursorExpired."""
    current_epoch = epoch(conn)
    head = log_head(conn)
    if cursor is None:
        after = 0
    else:
        try:
            parsed = protocol.decode_cursor(cursor)
        except protocol.CursorError as exc:
            raise CursorExpired(str(exc)) from exc
        if parsed.epoch != current_epoch:
            raise CursorExpired("cursor is from another epoch of the service")
        if parsed.seq > head:
            raise CursorExpired("cursor is ahead of the change log")
        if parsed.seq < horizon(conn):
            raise CursorExpired("cursor is behind the compaction horizon")
        after = parsed.seq
    rows = conn.execute(
        sa.select(change_log.c.seq, change_log.c.entity, change_log.c.key, change_log.c.op, change_log.c.data)
        .where(change_log.c.seq > after, change_log.c.seq <= head, change_log.c.scope.in_(scopes))
        .order_by(change_log.c.seq)
        .limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    changes = [
        {"seq": r.seq, "entity": r.entity, "key": r.key, "op": r.op, "data": r.data} for r in rows
    ]
    # With nothing more to see, the cursor jumps to the head: entries of other
    # scopes are never scanned again.
    last = rows[-1].seq if has_more else head
    return PullPage(changes, protocol.encode_cursor(current_epoch, last), has_more)


def compact(conn: Connection, up_to: int | None = None) -> dict[str, int]:
    """Drop superseded change-log entries at or below ``up_to`` (default: the head).

    Keeps the newest entry of each (entity, key, scope); a newest entry that is a
    tombstone is dropped too (a device starting from nothing does not need it).
    Moves the horizon, so older cursors get 410 ``cursor_expired``.
    """
    head = log_head(conn)
    up_to = head if up_to is None else min(up_to, head)
    newer = change_log.alias("newer")
    superseded = sa.exists().where(
        newer.c.entity == change_log.c.entity,
        newer.c.key == change_log.c.key,
        newer.c.scope == change_log.c.scope,
        newer.c.seq > change_log.c.seq,
    )
    removed = conn.execute(
        change_log.delete().where(change_log.c.seq <= up_to, superseded)
    ).rowcount
    removed += conn.execute(
        change_log.delete().where(
            change_log.c.seq <= up_to, change_log.c.op == protocol.CHANGE_DELETE
        )
    ).rowcount
    new_horizon = max(horizon(conn), up_to)
    set_meta(conn, META_HORIZON, str(new_horizon))
    return {"removed": removed, "horizon": new_horizon}


# --- hubs, devices, enrolment -----------------------------------------------


def hub_record(row: Any) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "kind": row.kind, "address": row.address}


def upsert_hub(conn: Connection, hub_id: str, name: str, kind: str = "", address: str = "") -> bool:
    """Create or update a hub and publish it; returns False when nothing changed."""
    existing = conn.execute(sa.select(hubs).where(hubs.c.id == hub_id)).first()
    values = {"name": name, "kind": kind, "address": address}
    if existing is None:
        conn.execute(hubs.insert().values(id=hub_id, created_at=now_iso(), **values))
    elif hub_record(existing) == {"id": hub_id, **values}:
        return False
    else:
        conn.execute(hubs.update().where(hubs.c.id == hub_id).values(**values))
    publish(conn, protocol.ENTITY_HUB, hub_id, {"id": hub_id, **values})
    return True


def find_hub(conn: Connection, name_or_id: str) -> Any | None:
    row = conn.execute(sa.select(hubs).where(hubs.c.id == name_or_id)).first()
    if row is None:
        row = conn.execute(
            sa.select(hubs).where(sa.func.lower(hubs.c.name) == name_or_id.strip().lower())
        ).first()
    return row


def list_hubs(conn: Connection) -> list[dict[str, Any]]:
    device_count = (
        sa.select(sa.func.count())
        .where(devices.c.hub_id == hubs.c.id, devices.c.revoked_at.is_(None))
        .scalar_subquery()
    )
    rows = conn.execute(sa.select(hubs, device_count.label("devices")).order_by(hubs.c.name)).all()
    return [{**hub_record(r), "devices": r.devices} for r in rows]


def list_devices(conn: Connection) -> list[dict[str, Any]]:
    applied = (
        sa.select(sa.func.count())
        .where(operations.c.device_id == devices.c.id, operations.c.status == protocol.STATUS_APPLIED)
        .scalar_subquery()
    )
    last_seq = (
        sa.select(sa.func.max(operations.c.seq))
        .where(operations.c.device_id == devices.c.id)
        .scalar_subquery()
    )
    query = (
        sa.select(
            devices.c.id,
            devices.c.hub_id,
            hubs.c.name.label("hub_name"),
            devices.c.mode,
            devices.c.enrolled_at,
            devices.c.revoked_at,
            devices.c.app_version,
            devices.c.waiting,
            devices.c.quarantined,
            devices.c.last_sync_at,
            devices.c.clock_drift_seconds,
            devices.c.free_disk_bytes,
            devices.c.last_heartbeat_at,
            devices.c.last_seen_at,
            applied.label("applied_operations"),
            last_seq.label("last_seq"),
        )
        .join(hubs, hubs.c.id == devices.c.hub_id)
        .order_by(hubs.c.name, devices.c.enrolled_at)
    )
    return [dict(r._mapping) for r in conn.execute(query)]


def revoke_device(conn: Connection, device_id: str) -> bool:
    result = conn.execute(
        devices.update()
        .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
        .values(revoked_at=now_iso())
    )
    return result.rowcount == 1


def device_by_token_hash(conn: Connection, digest: str) -> Any | None:
    return conn.execute(sa.select(devices).where(devices.c.token_hash == digest)).first()


def dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


# --- enrolment ---------------------------------------------------------------

# Codes are typed by hand when there is no camera: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_enrolment_code(
    conn: Connection, hub_id: str, mode: str, expires_hours: float = protocol.ENROLMENT_CODE_HOURS
) -> tuple[str, str]:
    """A one-time code for ``hub_id``; returns (code shown to the officer, expires_at)."""
    if mode not in protocol.MODES:
        raise ValueError(f"unknown mode {mode!r}")
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    code = "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))
    expires_at = to_iso(utcnow() + timedelta(hours=expires_hours))
    conn.execute(
        enrolment_codes.insert().values(
            code_hash=protocol.token_hash(normalise_code(code)),
            hub_id=hub_id,
            mode=mode,
            created_at=now_iso(),
            expires_at=expires_at,
        )
    )
    return code, expires_at


class EnrolmentError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def redeem_code(conn: Connection, code: str, device_id: str, app_version: str | None) -> dict[str, Any]:
    """Use a one-time code: (re-)register the device and hand out a new token."""
    digest = protocol.token_hash(normalise_code(code))
    row = conn.execute(sa.select(enrolment_codes).where(enrolment_codes.c.code_hash == digest)).first()
    if row is None:
        raise EnrolmentError(protocol.ERR_INVALID_CODE, "This enrolment code is not known.")
    if row.used_at is not None:
        raise EnrolmentError(protocol.ERR_CODE_USED, "This enrolment code has already been used.")
    now = now_iso()
    if row.expires_at <= now:
        raise EnrolmentError(protocol.ERR_CODE_EXPIRED, "This enrolment code has expired.")
    claimed = conn.execute(
        enrolment_codes.update()
        .where(enrolment_codes.c.code_hash == digest, enrolment_codes.c.used_at.is_(None))
        .values(used_at=now, used_by=device_id)
    ).rowcount
    if claimed != 1:  # another request took it first
        raise EnrolmentError(protocol.ERR_CODE_USED, "This enrolment code has already been used.")
    token = secrets.token_urlsafe(32)
    values = {
        "hub_id": row.hub_id,
        "mode": row.mode,
        "token_hash": protocol.token_hash(token),
        "enrolled_at": now,
        "revoked_at": None,
        "app_version": app_version,
        "last_seen_at": now,
    }
    # A device that enrols again keeps its id and its operation history.
    if conn.execute(devices.update().where(devices.c.id == device_id).values(**values)).rowcount == 0:
        conn.execute(devices.insert().values(id=device_id, **values))
    hub = conn.execute(sa.select(hubs).where(hubs.c.id == row.hub_id)).one()
    return {
        "device_id": device_id,
        "device_token": token,
        "hub": {"id": hub.id, "name": hub.name},
        "mode": row.mode,
        "council_name": get_meta(conn, META_COUNCIL_NAME) or DEFAULT_COUNCIL_NAME,
    }


def record_heartbeat(conn: Connection, device_id: str, values: dict[str, Any]) -> None:
    now = now_iso()
    conn.execute(
        devices.update()
        .where(devices.c.id == device_id)
        .values(last_heartbeat_at=now, last_seen_at=now, **values)
    )


def touch_device(conn: Connection, device_id: str) -> None:
    conn.execute(devices.update().where(devices.c.id == device_id).values(last_seen_at=now_iso()))


# --- operations --------------------------------------------------------------


def find_operation(conn: Connection, device_id: str, op_id: str) -> Any | None:
    return conn.execute(
        sa.select(operations).where(operations.c.device_id == device_id, operations.c.op_id == op_id)
    ).first()


def find_operations(conn: Connection, device_id: str, op_ids: list[str]) -> dict[str, Any]:
    """Stored operations of ``device_id`` among ``op_ids``, by op_id."""
    found: dict[str, Any] = {}
    unique = sorted(set(op_ids))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        query = sa.select(operations).where(operations.c.device_id == device_id, operations.c.op_id.in_(chunk))
        found.update({row.op_id: row for row in conn.execute(query)})
    return found


_INSERT_OPERATION = operations.insert()


def store_operation(conn: Connection, **values: Any) -> None:
    # One Insert object reused with parameters apart (hot path): its cache key
    # is computed once and the compiled statement comes from the engine's cache.
    if "received_at" not in values:
        values["received_at"] = now_iso()
    conn.execute(_INSERT_OPERATION, values)


def operation_counts(conn: Connection, device_id: str | None = None) -> dict[str, int]:
    query = sa.select(operations.c.status, sa.func.count()).group_by(operations.c.status)
    if device_id is not None:
        query = query.where(operations.c.device_id == device_id)
    return {status: n for status, n in conn.execute(query)}


def feedback_counts(conn: Connection) -> list[dict[str, Any]]:
    """Ratings counted by hub and task family (the open-data view)."""
    query = (
        sa.select(
            hubs.c.id.label("hub_id"),
            hubs.c.name.label("hub_name"),
            feedback_ratings.c.task_family,
            sa.func.count().label("ratings"),
            sa.func.avg(feedback_ratings.c.rating).label("average"),
        )
        .join(hubs, hubs.c.id == feedback_ratings.c.hub_id)
        .group_by(hubs.c.id, hubs.c.name, feedback_ratings.c.task_family)
        .order_by(hubs.c.name, feedback_ratings.c.task_family)
    )
    return [
        {**dict(r._mapping), "average": round(float(r.average), 2)} for r in conn.execute(query)
    ]
