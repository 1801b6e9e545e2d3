"""Corrected translation catalogues the council publishes, kept on the device and put in use.

The council publishes a checked catalogue as entity ``i18n.catalogue`` (key: the
language, scope ``all``; ``sync/server/catalogues.py``). The mirror hook below
keeps only the safe translations of msgids this version of the kiosk knows
(``kiosk.catalogue_check.usable_messages``) in ``published_catalogues``, one row
per language, and removes the copy the generic mirror made. A tombstone
(withdrawn) deletes the row: the shipped catalogue is used again.

``install(db)`` hands the stored corrections to ``kiosk.i18n`` (an override layer
on the shipped catalogue). Call it once the database is open at start-up; the
sync client calls it after every pull that brought changes, and ``kiosk.i18n``
then tells its listeners, so the screen redraws as on a language switch.

This module is listed in ``kiosk.store.MIGRATION_MODULES``, so it is imported on
every start: Babel and the checks are imported only when a catalogue arrives or
must be checked again.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk import i18n
from kiosk.timeutil import now_iso

log = logging.getLogger(__name__)

migrations = Migrations("kiosk.published_catalogues")

ENTITY = "i18n.catalogue"
TABLE = "published_catalogues"


@migrations()
def m001_published_catalogues(db: Database) -> None:
    db.execute(
        """
        create table published_catalogues (
            language text primary key,
            version integer not null,
            digest text not null,
            published_at text,
            messages text not null,      -- JSON {msgid: text}
            plurals text not null,       -- JSON {msgid: {"msgid_plural", "forms"}}
            dropped integer not null,    -- messages this device left out (unknown or unsafe)
            checked_by text not null,    -- the kiosk version that checked them
            received_at text not null
        )
        """
    )


def _app_version() -> str:
    from kiosk import __version__

    return __version__


def _checked(language: str, messages: Any, plurals: Any) -> tuple[dict[str, str], dict[str, Any], int]:
    from kiosk.catalogue_check import known_msgids, usable_messages

    return usable_messages(messages, plurals, known_msgids(language))


def _store(db: Database, language: str, data: dict[str, Any]) -> None:
    messages, plurals, dropped = _checked(language, data.get("messages"), data.get("plurals"))
    if dropped:
        log.warning("published %s catalogue v%s: %d messages left out (unknown to this kiosk or unsafe)",
                    language, data.get("version"), dropped)
    db[TABLE].upsert({
        "language": language,
        "version": int(data["version"]),
        "digest": str(data.get("digest") or ""),
        "published_at": data.get("published_at"),
        "messages": json.dumps(messages, ensure_ascii=False),
        "plurals": json.dumps(plurals, ensure_ascii=False),
        "dropped": dropped,
        "checked_by": _app_version(),
        "received_at": now_iso(),
    }, pk="language")


def _well_formed(key: str, data: Any) -> bool:
    return (isinstance(data, dict) and data.get("language") == key and key in i18n.LANGUAGES
            and key != i18n.SOURCE_LANGUAGE and isinstance(data.get("version"), int)
            and isinstance(data.get("messages"), dict))


def apply_mirror_changes(db: Database, changes: list[dict[str, Any]]) -> None:
    """Mirror hook for ``i18n.``: runs inside the pulled page's transaction."""
    for change in changes:
        if change["entity"] != ENTITY:
            continue
        key = str(change["key"])
        data = change.get("data")
        if change["op"] != "upsert":
            db.execute(f"delete from {TABLE} where language = ?", [key])
        elif _well_formed(key, data):
            _store(db, key, data)
        else:  # keep what the device had: a malformed publication never blanks a language
            log.warning("published catalogue %r is malformed; ignored", key)
    # One copy on the device is enough: the checked one above.
    db.execute("delete from mirror where entity = ?", [ENTITY])


def clear_mirror(db: Database) -> None:
    """A full resync: the catalogues still published come again with it."""
    db.execute(f"delete from {TABLE}")


def install(db: Database) -> bool:
    """Put the stored corrections in use (``kiosk.i18n.set_corrections``).

    Returns whether the current language's text changed (listeners were told).
    Never raises for a database without the table or with damaged rows: the
    shipped catalogues simply stay in use.
    """
    try:
        rows = list(db.query(f"select language, version, digest, checked_by from {TABLE}"))
    except Exception:  # noqa: BLE001 - not migrated yet, locked: keep what is in use
        log.exception("published catalogues could not be read")
        return False
    in_use = i18n.corrections()
    chosen: dict[str, i18n.Corrections] = {}
    for row in rows:
        language = row["language"]
        current = in_use.get(language)
        if current is not None and current.identity == (row["version"], row["digest"]) \
                and row["checked_by"] == _app_version():
            chosen[language] = current
            continue
        try:
            chosen[language] = _load(db, language)
        except Exception:  # noqa: BLE001 - a damaged row: that language keeps its shipped text
            log.exception("published %s catalogue could not be loaded", language)
    return i18n.set_corrections(chosen)


def _load(db: Database, language: str) -> i18n.Corrections:
    row = db.execute(f"select version, digest, messages, plurals, checked_by from {TABLE} where language = ?",
                     [language]).fetchone()
    version, digest, messages_json, plurals_json, checked_by = row
    messages, plurals = json.loads(messages_json), json.loads(plurals_json)
    if checked_by != _app_version():
        # Another version of the kiosk checked these: its msgids and rules may differ from ours.
        messages, plurals, dropped = _checked(language, messages, plurals)
        with db.atomic():
            db.execute(f"update {TABLE} set messages = ?, plurals = ?, dropped = dropped + ?, checked_by = ? "
                       "where language = ?",
                       [json.dumps(messages, ensure_ascii=False), json.dumps(plurals, ensure_ascii=False),
                        dropped, _app_version(), language])
    return i18n.Corrections(
        version=int(version),
        digest=str(digest),
        messages=messages,
        plurals={msgid: tuple(entry["forms"]) for msgid, entry in plurals.items()},
    )


def status(db: Database) -> list[dict[str, Any]]:
    """The published catalogues on this device (for staff and support)."""
    return list(db.query(
        f"select language, version, published_at, received_at, dropped, "
        f"(select count(*) from json_each(messages)) + (select count(*) from json_each(plurals)) as messages "
        f"from {TABLE} order by language"))
