"""``kiosk support-bundle OUT.zip``: what the council helpdesk needs, and nothing personal.

The zip holds the log files (redacted once more on the way in), versions
(app, Python, packages — read from package metadata, so Qt is never
started), the sync status, the settings without secrets, the row count of
every table, the database's schema state and the backups present. It holds
no table contents, no outbox payloads, no tokens or keys.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sys
import zipfile
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.i18n import _

PACKAGES = ("PySide6", "shiboken6", "sqlite-utils", "requests", "keyring", "qrcode", "Babel", "platformdirs",
            "cryptography", "fastapi", "uvicorn", "SQLAlchemy", "pydantic", "zxing-cpp")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help=_("the zip file to write, e.g. support.zip"))


def versions() -> dict[str, Any]:
    packages = {}
    for name in PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    return {
        "app": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "bundled": bool(getattr(sys, "frozen", False)),
        "packages": packages,
    }


def table_counts(db: Any) -> dict[str, int]:
    counts = {}
    for name in db.table_names():
        try:
            counts[name] = db.execute(f'select count(*) from "{name}"').fetchone()[0]
        except Exception:  # noqa: BLE001 - a virtual table whose module is missing still gets listed
            counts[name] = -1
    return counts


def database_state(db: Any, db_path: Path) -> dict[str, Any]:
    from kiosk import backup

    return {
        "size_bytes": db_path.stat().st_size if db_path.exists() else None,
        "quick_check": db.execute("pragma quick_check").fetchone()[0],
        "pending_migrations": backup.pending(db),
        "table_rows": table_counts(db),
        "backups": [{"name": p.name, "size_bytes": p.stat().st_size} for p in backup.backups(db_path.parent)],
    }


def sync_state(db: Any) -> dict[str, Any]:
    try:
        from sync.client import status

        return status(db)
    except Exception as exc:  # noqa: BLE001 - a support bundle is made especially when things are broken
        return {"error": type(exc).__name__}


def collect(data_dir: Path) -> dict[str, Any]:
    """Everything except the logs, as JSON-ready dicts (one file each in the zip)."""
    from kiosk import updates
    from kiosk.config_cli import locations, visible_settings
    from kiosk.paths import device_db_path
    from kiosk.settings import Settings
    from kiosk.store import open_db

    db_path = device_db_path(data_dir)
    db = open_db(db_path)
    try:
        try:
            free = shutil.disk_usage(data_dir).free
        except OSError:
            free = None
        return {
            "versions.json": versions(),
            "settings.json": visible_settings(Settings(db)),
            "sync-status.json": sync_state(db),
            "database.json": database_state(db, db_path),
            "updates.json": updates.status(db),
            "device.json": {"locations": locations(data_dir), "free_disk_bytes": free,
                            "made_at": datetime.now(timezone.utc).isoformat(timespec="seconds")},
        }
    finally:
        db.close()


def write_bundle(data_dir: Path, out: Path) -> list[str]:
    """Write the zip; returns the names inside it."""
    from kiosk.logs import log_files, redact

    parts = collect(data_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    names = []
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, value in parts.items():
            # The status texts (last_error, paused_message) pass the same filter as the logs.
            zf.writestr(name, redact(json.dumps(value, indent=2, sort_keys=True, default=str)))
            names.append(name)
        for path in log_files(data_dir):
            text = path.read_text(encoding="utf-8", errors="replace")
            zf.writestr(f"logs/{path.name}", redact(text))
            names.append(f"logs/{path.name}")
    tmp.replace(out)
    return names


def run(args: argparse.Namespace) -> int:
    import logging

    try:
        names = write_bundle(args.data_dir, args.out)
    except OSError as exc:
        print(_("Could not write {path}: {error}").format(path=args.out, error=exc.strerror or exc))
        return 1
    logging.getLogger(__name__).info("support bundle written with %d files", len(names))
    print(_("Support bundle saved to {path} ({count} files). It holds no personal data; send it to the "
            "council helpdesk.").format(path=args.out, count=len(names)))
    return 0
