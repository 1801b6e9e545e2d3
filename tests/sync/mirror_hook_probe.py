"""A domain hook for the mirror tests: keeps a derived count table, can be told to fail."""

from __future__ import annotations

FAIL_ON_KEY = "explode"
calls: list[str] = []


def apply_mirror_changes(db, changes):
    db.execute("create table if not exists probe_derived (key text primary key, entity text)")
    for change in changes:
        if change["key"] == FAIL_ON_KEY:
            raise RuntimeError("derived table refused the change")
        if change["op"] == "upsert":
            db.execute("insert or replace into probe_derived values (?, ?)", [change["key"], change["entity"]])
        else:
            db.execute("delete from probe_derived where key = ?", [change["key"]])
    calls.append("apply")


def clear_mirror(db):
    db.execute("delete from probe_derived")
    calls.append("clear")
