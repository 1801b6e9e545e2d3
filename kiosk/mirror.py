"""The device's mirror of what the council publishes (the pull side of sync).

Every change pulled from the council's change log lands in one table,
``mirror(entity, key, data, seq)``: an ``upsert`` replaces the row, a ``delete``
(tombstone) removes it. A page of changes and the cursor after it are saved in
one transaction (``apply_page``), so after a crash the device resumes from the
last saved page and no page is ever half applied (PouchDB's checkpoint rule).

Domain modules that keep derived tables (directory search index, council-tax
charges, time-bank rewards) register a hook by entity prefix in ``MIRROR_HOOKS``
as a module path string, like ``MIGRATION_MODULES`` in ``kiosk.store``. The
module defines::

    def apply_mirror_changes(db, changes: list[dict]) -> None   # required
    def clear_mirror(db) -> None                                 # optional

``apply_mirror_changes`` gets this page's changes for its prefix, in ``seq``
order (each ``{"seq", "entity", "key", "op", "data"}``; ``data`` is ``None``
for a tombstone), and runs inside the same transaction as the page and its
cursor, so derived tables can never disagree with the mirror. ``clear_mirror``
runs (in the same transaction) when the council says the cursor expired and
everything is pulled again from the start.
"""

from __future__ import annotations

import importlib
import json
from typing import Any, Callable, Iterable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk.timeutil import now_iso

migrations = Migrations("kiosk.mirror")

# Entity prefix -> module path. Domain modules add one line each, e.g.
# "directory.": "kiosk.directory.mirror_hooks".
MIRROR_HOOKS: dict[str, str] = {
    "timebank.": "kiosk.timebank.mirror",
    "timebank.board.": "kiosk.timebank.opportunities",
    "counciltax.": "kiosk.counciltax.mirror_hooks",
    "directory.": "kiosk.directory.mirror_hooks",
    "council.": "kiosk.sealing",  # council.public_key -> the key personal data is sealed to
    "outreach.": "kiosk.outreach",  # outreach.case -> encrypted outreach_cases, never kept in the mirror
    "i18n.": "kiosk.published_catalogues",  # i18n.catalogue -> corrected translations (kiosk.i18n)
}

# Cursor history kept for staff diagnostics and the crash drill (last N saves).
CURSOR_LOG_KEEP = 200

Change = dict[str, Any]


@migrations()
def m001_mirror(db):
    db.execute(
        """
        create table mirror (
            entity text not null,
            key text not null,
            data text not null,
            seq integer not null,
            primary key (entity, key)
        )
        """
    )
    # Single row: the pull cursor, saved only together with the data it covers.
    db.execute(
        """
        create table mirror_state (
            id integer primary key check (id = 1),
            cursor text,
            last_pull_at text,
            resyncs integer not null default 0
        )
        """
    )
    db.execute("insert into mirror_state (id, resyncs) values (1, 0)")
    db.execute(
        """
        create table mirror_cursor_log (
            id integer primary key autoincrement,
            cursor text,
            changes integer not null,
            saved_at text not null,
            event text not null default 'page'
        )
        """
    )


def _hooks_for(entity: str) -> list[str]:
    return [module for prefix, module in MIRROR_HOOKS.items() if entity.startswith(prefix)]


def _hook(module_name: str, name: str) -> Callable[..., Any] | None:
    return getattr(importlib.import_module(module_name), name, None)


def cursor(db: Database) -> str | None:
    row = db.execute("select cursor from mirror_state where id = 1").fetchone()
    return row[0] if row else None


def _log_cursor(db: Database, new_cursor: str | None, changes: int, event: str) -> None:
    db.execute(
        "insert into mirror_cursor_log (cursor, changes, saved_at, event) values (?, ?, ?, ?)",
        [new_cursor, changes, now_iso(), event],
    )
    db.execute(
        "delete from mirror_cursor_log where id <= (select max(id) from mirror_cursor_log) - ?",
        [CURSOR_LOG_KEEP],
    )


def cursor_log(db: Database) -> list[dict[str, Any]]:
    return list(db.query("select cursor, changes, saved_at, event from mirror_cursor_log order by id"))


class _CursorMoved(Exception):
    pass


def apply_page(db: Database, changes: list[Change], new_cursor: str, *, after: str | None | object = ...) -> bool:
    """Save one pulled page and the cursor after it in one transaction.

    With ``after`` (the cursor the page was asked for), the page is saved only if
    the stored cursor is still that one; otherwise another sync of this device
    (the UI and ``kiosk sync`` at once) got there first, nothing is written and
    the answer is False. So the saved cursor never goes backwards.
    """
    try:
        with db.atomic():
            # The write comes first, so it takes the write lock before anything is read.
            if after is ...:
                db.execute("update mirror_state set cursor = ?, last_pull_at = ? where id = 1",
                           [new_cursor, now_iso()])
            else:
                cur = db.execute(
                    "update mirror_state set cursor = ?, last_pull_at = ? where id = 1 and cursor is ?",
                    [new_cursor, now_iso(), after],
                )
                if cur.rowcount != 1:
                    raise _CursorMoved
            _apply_changes(db, changes)
            _log_cursor(db, new_cursor, len(changes), "page")
    except _CursorMoved:
        return False
    return True


def _apply_changes(db: Database, changes: list[Change]) -> None:
    # Within a page the last change of a key decides its state, so collapsing
    # to that change keeps seq order semantics while writing in bulk.
    last: dict[tuple[str, str], Change] = {}
    for change in changes:
        last[(change["entity"], change["key"])] = change
    upserts = [
        (entity, key, json.dumps(c["data"], separators=(",", ":"), ensure_ascii=False), c["seq"])
        for (entity, key), c in last.items()
        if c["op"] == "upsert"
    ]
    deletes = [(entity, key) for (entity, key), c in last.items() if c["op"] != "upsert"]
    if upserts:
        db.conn.executemany(
            "insert or replace into mirror (entity, key, data, seq) values (?, ?, ?, ?)", upserts
        )
    if deletes:
        db.conn.executemany("delete from mirror where entity = ? and key = ?", deletes)
    if MIRROR_HOOKS:
        by_module: dict[str, list[Change]] = {}
        for change in changes:
            for module in _hooks_for(change["entity"]):
                by_module.setdefault(module, []).append(change)
        for module, module_changes in by_module.items():
            hook = _hook(module, "apply_mirror_changes")
            if hook is None:
                raise RuntimeError(f"{module} is registered in MIRROR_HOOKS but has no apply_mirror_changes")
            hook(db, module_changes)


def reset(db: Database) -> None:
    """Forget everything mirrored (cursor expired); the outbox is never touched."""
    with db.atomic():
        db.execute("delete from mirror")
        for module in dict.fromkeys(MIRROR_HOOKS.values()):
            hook = _hook(module, "clear_mirror")
            if hook is not None:
                hook(db)
        db.execute("update mirror_state set cursor = null, resyncs = resyncs + 1 where id = 1")
        _log_cursor(db, None, 0, "reset")


def get(db: Database, entity: str, key: str) -> Any | None:
    row = db.execute("select data from mirror where entity = ? and key = ?", [entity, key]).fetchone()
    return json.loads(row[0]) if row else None


def all(db: Database, entity: str) -> list[Any]:  # noqa: A001 - the API name the brief asks for
    """Every live record of ``entity`` in the order the council last changed them."""
    return [json.loads(r[0]) for r in db.execute("select data from mirror where entity = ? order by seq", [entity])]


def keys(db: Database, entity: str) -> list[str]:
    return [r[0] for r in db.execute("select key from mirror where entity = ? order by key", [entity])]


def count(db: Database, entity: str | None = None) -> int:
    if entity is None:
        return db.execute("select count(*) from mirror").fetchone()[0]
    return db.execute("select count(*) from mirror where entity = ?", [entity]).fetchone()[0]


def entities(db: Database) -> Iterable[str]:
    return [r[0] for r in db.execute("select distinct entity from mirror order by entity")]
