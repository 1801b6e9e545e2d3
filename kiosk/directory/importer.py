"""Import an ORUK feed file into the device database (outreach without the council).

One transaction per batch of services; a second import of the same feed updates the
services in place. The report says what was imported, updated and skipped (with
reasons and examples) and is kept in ``directory_import``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from sqlite_utils import Database

from kiosk.directory import geo, search, store
from kiosk.directory.oruk import FeedError, ImportReport, normalise_feed
from kiosk.i18n import N_
from kiosk.timeutil import now_iso

BATCH_SIZE = 500


class ImportFailed(Exception):
    """The file could not be read at all; the message is N_-marked for the caller to translate."""

    def __init__(self, message: str, **details: Any):
        super().__init__(message)
        self.message = message
        self.details = details


def read_feed(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(N_("There is no file {path}."), path=str(path)) from None
    except OSError as exc:
        raise ImportFailed(N_("The file {path} could not be read: {reason}"), path=str(path),
                           reason=exc.strerror or str(exc)) from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFailed(N_("The file {path} is not UTF-8 text."), path=str(path)) from None
    except json.JSONDecodeError as exc:
        raise ImportFailed(N_("The file {path} is not valid JSON (line {line}, column {column})."), path=str(path),
                           line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise ImportFailed(N_("The file {path} is nested too deeply to be a feed."), path=str(path)) from None


def import_document(db: Database, document: Any, feed: str, *, source: str | None = None,
                    prune: bool = False, batch_size: int = BATCH_SIZE) -> ImportReport:
    """Import a parsed feed document; raises ``ImportFailed`` only if it is not a feed at all."""
    try:
        services, report = normalise_feed(document, feed)
    except FeedError as exc:
        raise ImportFailed(str(exc)) from None
    geo.ensure_districts(db)
    started = now_iso()
    cache: dict = {}
    for batch in _batches(services, batch_size):
        with db.atomic():
            for record in batch:
                _service_id, created = store.upsert_service(db, feed, record, now=started, cache=cache)
                if created:
                    report.imported += 1
                else:
                    report.updated += 1
    with db.atomic():
        if prune:
            keep = {record["id"] for record in services}
            for _service_id, oruk_id in list(store.service_ids(db, feed)):
                if oruk_id not in keep:
                    store.delete_service(db, feed, oruk_id)
                    report.removed += 1
        store.record_feed(db, feed, report.version, source)
        search.rebuild_vocabulary(db)
        db["directory_import"].insert({"feed": feed, "file": source, "started_at": started,
                                       "finished_at": now_iso(), "report": json.dumps(report.to_dict())})
    return report


def import_file(db: Database, path: Path, feed: str | None = None, *, prune: bool = False) -> ImportReport:
    document = read_feed(path)
    return import_document(db, document, feed or path.stem, source=path.name, prune=prune)


def _batches(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def load_demo(db: Database) -> ImportReport:
    """Import the shipped demo directory (feed ``demo``); for ``kiosk demo`` and screen tests."""
    from kiosk.paths import resources_dir

    return import_file(db, resources_dir() / "demo" / "directory.json", "demo")
