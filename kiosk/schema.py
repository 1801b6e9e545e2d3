"""Core tables every device has: settings and device identity."""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

migrations = Migrations("kiosk.core")


@migrations()
def m001_settings(db):
    db["settings"].create({"key": str, "value": str, "updated_at": str}, pk="key")
