"""The device's one SQLite file, opened the same way everywhere.

WAL with ``synchronous=FULL``: a committed write survives a power cut. Each
feature declares its own sqlite-utils ``Migrations`` set in its own module;
``open_db`` applies them all, in the order of ``MIGRATION_MODULES``.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

# Modules that define a module-level ``migrations = Migrations("...")``.
MIGRATION_MODULES = [
    "kiosk.schema",
    "kiosk.outbox",
    "kiosk.mirror",
    "kiosk.timebank.schema",
    "kiosk.timebank.rewards",
    "kiosk.timebank.opportunities",
    "kiosk.directory.store",
    "kiosk.counciltax.schema",
    "kiosk.audit",
    "kiosk.staff",
    "kiosk.outreach",
    "kiosk.published_catalogues",  # the council's corrected translations (i18n.catalogue)
]


def migration_sets() -> list[Migrations]:
    return [importlib.import_module(name).migrations for name in MIGRATION_MODULES]


def configure(db: Database) -> Database:
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    # Several processes (kiosk UI, `kiosk sync`, a crash drill) share one file.
    db.execute("PRAGMA busy_timeout=10000")
    return db


def open_db(path: str | Path, *, migrate: bool = True) -> Database:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # execute_plugins=False: sqlite-utils would otherwise scan every installed
    # package's entry points on each start (tens of ms on a kiosk's cold start).
    db = configure(Database(path, execute_plugins=False))
    if migrate:
        # Backs the file up first when there is something to migrate; restores it on failure.
        from kiosk.backup import migrate_safely

        migrate_safely(db, path, apply_migrations)
    return db


def apply_migrations(db: Database) -> None:
    for migrations in migration_sets():
        migrations.apply(db)


def open_memory_db() -> Database:
    """For unit tests of pure core logic; WAL does not apply in memory."""
    db = Database(memory=True, execute_plugins=False)
    db.execute("PRAGMA foreign_keys=ON")
    for migrations in migration_sets():
        migrations.apply(db)
    return db
