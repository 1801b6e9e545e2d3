"""Safe upgrades: a copy of the device database before migrations, put back if they fail.

``kiosk.store.open_db`` calls ``migrate_safely``. When a new version brings
schema migrations, the database is first copied with SQLite's online backup
API to ``<data-dir>/backups/device-<UTC time>.sqlite3`` (the last ``KEEP``
copies are kept, none older than ``MAX_AGE_DAYS``). If a migration fails the copy is put back, so the device
is exactly as the old version left it — outbox included — and
``UpgradeFailed`` tells staff, in their language, what happened.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from sqlite_utils import Database

from kiosk.i18n import _

log = logging.getLogger(__name__)

BACKUP_DIR_NAME = "backups"
KEEP = 3
# A copy holds what the database held (sealed payloads stay sealed, encrypted
# fields encrypted), including queued work the council has since acknowledged.
# It is only for going back right after an upgrade, so it does not stay long.
MAX_AGE_DAYS = 30


class UpgradeFailed(RuntimeError):
    """A migration failed; the database was put back as it was. ``str()`` is the translated message."""

    def __init__(self, backup: Path, restored: bool):
        self.backup = backup
        self.restored = restored
        if restored:
            message = _("This kiosk could not upgrade its data to the new version, so it put back the copy "
                        "made just before ({backup}). Nothing waiting to be sent was lost. Please tell the "
                        "council helpdesk, and go back to the previous version until it is fixed.")
        else:
            message = _("This kiosk could not upgrade its data to the new version and could not put back the "
                        "copy made just before. The copy is safe in {backup}. Please call the council "
                        "helpdesk before using this kiosk.")
        super().__init__(message.format(backup=backup))


def backup_dir(data_dir: Path) -> Path:
    return Path(data_dir) / BACKUP_DIR_NAME


def pending(db: Database) -> list[str]:
    """``set:migration`` names not yet applied to ``db``."""
    from kiosk.store import migration_sets

    return [f"{ms.name}:{m.name}" for ms in migration_sets() for m in ms.pending(db)]


def backup(db: Database, data_dir: Path, *, keep: int = KEEP) -> Path:
    """Copy the live database (consistent even while other processes write) and prune old copies."""
    folder = backup_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    target = folder / f"device-{stamp}.sqlite3"
    dest = sqlite3.connect(target)
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    for old in backups(data_dir)[:-keep]:
        old.unlink(missing_ok=True)
    return target


def prune_old(data_dir: Path, max_age_days: float = MAX_AGE_DAYS) -> int:
    """Delete copies older than ``max_age_days``; returns how many."""
    cutoff = time.time() - max_age_days * 86400
    old = [p for p in backups(data_dir) if p.stat().st_mtime < cutoff]
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)


def backups(data_dir: Path) -> list[Path]:
    """Backup copies, oldest first (the names sort by time)."""
    folder = backup_dir(data_dir)
    return sorted(folder.glob("device-*.sqlite3")) if folder.is_dir() else []


def restore(db: Database, copy: Path) -> None:
    """Overwrite the live database with ``copy`` (online backup API, in place)."""
    if db.conn.in_transaction:
        db.conn.rollback()
    src = sqlite3.connect(copy)
    try:
        src.backup(db.conn)
    finally:
        src.close()


def _is_new(db: Database) -> bool:
    return not [t for t in db.table_names() if t != "_sqlite_migrations"]


def migrate_safely(db: Database, path: Path, apply_all: Callable[[Database], None]) -> Path | None:
    """Apply every pending migration; back up first, restore on failure. Returns the copy made, if any."""
    if backup_dir(Path(path).parent).is_dir():
        prune_old(Path(path).parent)
    names = pending(db)
    if not names:
        return None
    if _is_new(db):
        apply_all(db)  # a new device: nothing to keep
        return None
    copy = backup(db, Path(path).parent)
    log.info("upgrading device database: %d migrations pending; backup %s", len(names), copy.name)
    try:
        apply_all(db)
    except Exception as exc:
        if not pending(db):
            # Another process (the kiosk and `kiosk sync` start together) finished them first.
            log.info("migrations were applied by another process")
            return copy
        log.exception("migration failed (%s); restoring %s", type(exc).__name__, copy.name)
        try:
            restore(db, copy)
        except Exception:  # noqa: BLE001 - report the original failure, with the copy's place
            log.exception("restoring the backup failed")
            raise UpgradeFailed(copy, restored=False) from exc
        raise UpgradeFailed(copy, restored=True) from exc
    log.info("device database upgraded")
    return copy
