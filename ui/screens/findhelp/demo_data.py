"""The demo directory for ``kiosk demo``: only on the demo's own device, only if it has no listings.

A real council device gets its listings through the sync pull; nothing here runs
there (``kiosk gui`` and the Find help screens never call it). The demo council
publishes the same directory (feed ``demo``), so after the demo's first sync the
device already has it and this does nothing; it covers a demo whose sync did not
get through. Same feed and ids as the council's, so a later pull updates the same
rows instead of adding copies.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database


def load_demo_directory(db: Database) -> bool:
    """Import the demo directory if the device has no listings at all; True if it did now."""
    from kiosk.directory import importer

    if db.execute("select count(*) from directory_service").fetchone()[0]:
        return False
    importer.load_demo(db)
    return True


def ensure_demo_directory(data_dir: Path) -> bool:
    """``kiosk demo``: the same, on the device database in ``data_dir``."""
    from kiosk.paths import device_db_path
    from kiosk.store import open_db

    db = open_db(device_db_path(data_dir))
    try:
        return load_demo_directory(db)
    finally:
        db.close()
