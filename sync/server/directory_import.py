"""Importing ORUK feeds into the council service and publishing them to devices.

The feed is read by ``kiosk.directory.oruk`` (the same rules as on a device), and
each service is stored and published as ``to_oruk3(normalised record)`` only:
never raw vendor data, so no editor's e-mail address and no refuge's address can
reach a device or the open API. A service is published (entity
``directory.service``, key ``<feed>:<id>``, scope ``all``) only when its ORUK 3.0
form changed; with ``prune`` the services of the feed missing from this import are
deleted and tombstoned.

Sources: a file, or an http(s) URL whose pages are followed (``page=N``) up to a
bounded count, each request with timeouts and a size limit.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk.directory.oruk import ImportReport, normalise_feed, postcode_district, to_oruk3
from kiosk.timeutil import now_iso
from sync import protocol
from sync.server import db
from sync.server.directory_tables import (
    directory_feeds,
    directory_oruk_services,
    directory_postcode_districts,
    directory_service_terms,
    directory_taxonomy_terms,
)

SERVICE_ENTITY = protocol.ENTITY_DIRECTORY_SERVICE  # "directory.service"
DISTRICT_ENTITY = "directory.postcode_district"
DEFAULT_MAX_PAGES = 200
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
MAX_PAGE_BYTES = 64 * 1024 * 1024
_ENVELOPE_KEYS = ("contents", "content", "items", "services", "data")
_FEED_NAME_MAX = 100


class SourceError(Exception):
    """The file or URL could not be read as JSON (a clear English message)."""


@dataclass
class ImportOutcome:
    report: ImportReport
    unchanged: int = 0
    published: int = 0
    tombstoned: int = 0
    pages: int = 1
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {**self.report.to_dict(), "unchanged": self.unchanged, "published": self.published,
                "tombstoned": self.tombstoned, "pages": self.pages, "notes": list(self.notes)}


# --- reading a source ---------------------------------------------------------------------

def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def read_file(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"There is no file {path}.") from None
    except OSError as exc:
        raise SourceError(f"The file {path} could not be read: {exc.strerror or exc}.") from None
    return _parse(raw, str(path))


def _parse(raw: bytes, where: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SourceError(f"{where} is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise SourceError(f"{where} is not valid JSON (line {exc.lineno}, column {exc.colno}).") from None
    except RecursionError:
        raise SourceError(f"{where} is nested too deeply to be a feed.") from None


def _items_key(document: Any) -> str | None:
    if isinstance(document, dict):
        for key in _ENVELOPE_KEYS:
            if isinstance(document.get(key), list):
                return key
    return None


def _page_url(url: str, page: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    query.append(("page", str(page)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def _fetch(session: Any, url: str) -> Any:
    import requests

    try:
        with session.get(url, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT), stream=True,
                         headers={"Accept": "application/json"}) as response:
            if response.status_code != 200:
                raise SourceError(f"{url} answered HTTP {response.status_code}.")
            body = bytearray()
            for chunk in response.iter_content(chunk_size=65536):
                body += chunk
                if len(body) > MAX_PAGE_BYTES:
                    raise SourceError(f"{url} sent more than {MAX_PAGE_BYTES // (1024 * 1024)} MB in one page.")
    except requests.RequestException as exc:
        raise SourceError(f"{url} could not be fetched: {type(exc).__name__}.") from None
    return _parse(bytes(body), url)


def fetch_url(url: str, max_pages: int = DEFAULT_MAX_PAGES, session: Any = None) -> tuple[Any, int, list[str], bool]:
    """All pages of a paged ORUK endpoint merged into one document; (document, pages, notes, complete).

    The next page is asked for as ``page=<current page number + 1>`` (3.0
    ``page_number``, 1.0 ``number``, else our own count), until the last page
    (``last_page``/``last``/``total_pages``), an empty page, a page that repeats
    an earlier one, or ``max_pages``. ``complete`` is False when pages were left
    unread (the last two cases): such an import must not prune.
    """
    import requests

    own = session is None
    if session is None:
        session = requests.Session()
        # A council server may need its proxy settings for a feed on the internet, never for itself.
        session.trust_env = urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1")
    notes: list[str] = []
    try:
        first = _fetch(session, url)
        key = _items_key(first)
        if key is None:
            return first, 1, notes, True
        items = list(first[key])
        seen_pages = {_page_signature(first[key])}
        complete = True
        page_doc, pages, counter = first, 1, 1
        while pages < max_pages and not _is_last(page_doc, counter):
            current = _int(page_doc.get("page_number", page_doc.get("number")))
            counter += 1
            next_page = (current + 1) if current is not None else counter
            page_doc = _fetch(session, _page_url(url, next_page))
            page_items = page_doc.get(key) if isinstance(page_doc, dict) else None
            if not isinstance(page_items, list) or not page_items:
                break
            signature = _page_signature(page_items)
            if signature in seen_pages:
                notes.append(f"page {next_page} repeated an earlier page; stopped there")
                complete = False
                break
            seen_pages.add(signature)
            items += page_items
            pages += 1
        else:
            if pages >= max_pages and not _is_last(page_doc, counter):
                notes.append(f"stopped after {max_pages} pages (--max-pages)")
                complete = False
        merged = dict(first)
        merged[key] = items
        return merged, pages, notes, complete
    finally:
        if own:
            session.close()


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _is_last(document: dict[str, Any], counter: int) -> bool:
    for flag in ("last_page", "last"):
        if isinstance(document.get(flag), bool):
            return document[flag]
    total = _int(document.get("total_pages", document.get("totalPages")))
    return total is None or counter >= total


def _page_signature(items: list[Any]) -> str:
    return hashlib.sha256(json.dumps(items, sort_keys=True, default=str).encode()).hexdigest()


def read_source(source: str, max_pages: int = DEFAULT_MAX_PAGES) -> tuple[Any, int, list[str], bool]:
    if is_url(source):
        return fetch_url(source, max_pages)
    return read_file(Path(source)), 1, [], True


def default_feed_name(source: str) -> str:
    if is_url(source):
        return urlsplit(source).hostname or "feed"
    return Path(source).stem or "feed"


def check_feed_name(feed: str) -> str:
    feed = feed.strip()
    if not feed or ":" in feed or len(feed) > _FEED_NAME_MAX or any(ch.isspace() for ch in feed):
        raise SourceError("A feed name is 1 to 100 characters without spaces or ':' (it starts every service key).")
    return feed


# --- storing and publishing ---------------------------------------------------------------

def public_oruk3(record: dict[str, Any]) -> dict[str, Any]:
    """The ORUK 3.0 object for devices and the API; a confidential one keeps only postcode districts.

    ``to_oruk3`` already withholds the address (the normaliser dropped it); this is
    the second lock, so no later change to either can leak a refuge's address.
    """
    data = to_oruk3(record)
    if data.get("confidential"):
        for link in data.get("service_at_locations") or []:
            location = link.get("location") or {}
            districts = [postcode_district(a.get("postal_code") or "") for a in location.get("addresses") or []]
            location.update({"name": None, "description": None, "latitude": None, "longitude": None})
            location["addresses"] = [{"address_1": None, "address_2": None, "city": None, "region": None,
                                      "postal_code": d, "country": None, "address_type": "physical"}
                                     for d in districts if d]
    return data


def digest(data: Any) -> str:
    return hashlib.sha256(protocol.canonical_json(data).encode("utf-8")).hexdigest()


def _search_text(record: dict[str, Any]) -> str:
    organisation = record.get("organization") or {}
    parts = [record.get("name"), record.get("alternate_name"), record.get("description"), organisation.get("name")]
    parts += [t.get("name") for t in record.get("taxonomy_terms") or []]
    return " ".join(p for p in parts if p).lower()


# Statements built once: their compiled form is cached, and executemany writes in bulk.
_T = directory_oruk_services
_INSERT_SERVICE = _T.insert()
_UPDATE_SERVICE = _T.update().where(_T.c.feed == sa.bindparam("b_feed"), _T.c.oruk_id == sa.bindparam("b_id"))
_DELETE_SERVICE = _T.delete().where(_T.c.feed == sa.bindparam("b_feed"), _T.c.oruk_id == sa.bindparam("b_id"))
_DELETE_LINKS = directory_service_terms.delete().where(directory_service_terms.c.service_key == sa.bindparam("b_key"))
_INSERT_LINK = directory_service_terms.insert()
_TT = directory_taxonomy_terms
_INSERT_TERM = _TT.insert()
_UPDATE_TERM = _TT.update().where(_TT.c.feed == sa.bindparam("b_feed"), _TT.c.id == sa.bindparam("b_id"))
_TERM_FIELDS = ("code", "name", "vocabulary", "parent_id")


def apply_import(conn: Connection, feed: str, services: list[dict[str, Any]], report: ImportReport, *,
                 source: str = "", prune: bool = False) -> ImportOutcome:
    """Store a normalised feed and publish what changed; call inside ``db.writing``."""
    outcome = ImportOutcome(report)
    now = now_iso()
    existing = {row.oruk_id: row.digest for row in
                conn.execute(sa.select(_T.c.oruk_id, _T.c.digest).where(_T.c.feed == feed))}
    changes: list[tuple[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    changed_terms: dict[str, list[dict[str, Any]]] = {}
    for record in services:
        data = public_oruk3(record)
        key = f"{feed}:{record['id']}"
        new_digest = digest(data)
        old_digest = existing.get(record["id"])
        if old_digest == new_digest:
            outcome.unchanged += 1
            continue
        values = {"key": key, "name": record["name"][:500], "search_text": _search_text(record), "data": data,
                  "digest": new_digest, "confidential": bool(record.get("confidential")), "modified_at": now,
                  "imported_at": now}
        if old_digest is None:
            inserts.append({"feed": feed, "oruk_id": record["id"], **values})
            report.imported += 1
        else:
            updates.append({"b_feed": feed, "b_id": record["id"], **values})
            report.updated += 1
        changed_terms[key] = record.get("taxonomy_terms") or []
        changes.append((key, data))
    if inserts:
        conn.execute(_INSERT_SERVICE, inserts)
    if updates:
        conn.execute(_UPDATE_SERVICE, updates)
    _store_terms(conn, feed, changed_terms, fresh={row["key"] for row in inserts})
    if prune:
        keep = {record["id"] for record in services}
        gone = [oruk_id for oruk_id in existing if oruk_id not in keep]
        if gone:
            conn.execute(_DELETE_SERVICE, [{"b_feed": feed, "b_id": oruk_id} for oruk_id in gone])
            conn.execute(_DELETE_LINKS, [{"b_key": f"{feed}:{oruk_id}"} for oruk_id in gone])
        changes += [(f"{feed}:{oruk_id}", None) for oruk_id in gone]
        report.removed = outcome.tombstoned = len(gone)
    outcome.published = len(changes) - outcome.tombstoned
    db.publish_many(conn, SERVICE_ENTITY, changes)
    values = {"version": report.version, "source": source[:2000], "imported_at": now, "report": outcome.to_dict()}
    if conn.execute(directory_feeds.update().where(directory_feeds.c.name == feed).values(**values)).rowcount == 0:
        conn.execute(directory_feeds.insert().values(name=feed, **values))
    return outcome


def _store_terms(conn: Connection, feed: str, by_service: dict[str, list[dict[str, Any]]], fresh: set[str]) -> None:
    """Replace the term links of the changed services; add or update the terms they use."""
    if not by_service:
        return
    known = {row.id: tuple(getattr(row, k) for k in _TERM_FIELDS)
             for row in conn.execute(sa.select(_TT).where(_TT.c.feed == feed))}
    stale = [{"b_key": key} for key in by_service if key not in fresh]
    if stale:
        conn.execute(_DELETE_LINKS, stale)
    links: list[dict[str, Any]] = []
    new_terms: dict[str, dict[str, Any]] = {}
    changed: dict[str, dict[str, Any]] = {}
    for key, terms in by_service.items():
        ids: set[str] = set()
        for term in terms:
            term_id = term.get("id")
            if not term_id or term_id in ids:
                continue
            ids.add(term_id)
            links.append({"service_key": key, "term_id": term_id})
            values = {k: (term.get(k) or None) for k in _TERM_FIELDS}
            if term_id not in known:
                new_terms.setdefault(term_id, {"feed": feed, "id": term_id, **values})
            elif known[term_id] != tuple(values.values()):
                changed[term_id] = {"b_feed": feed, "b_id": term_id, **values}
    if new_terms:
        conn.execute(_INSERT_TERM, list(new_terms.values()))
    if changed:
        conn.execute(_UPDATE_TERM, list(changed.values()))
    if links:
        conn.execute(_INSERT_LINK, links)


def import_document(engine: Any, document: Any, feed: str, *, source: str = "", prune: bool = False,
                    pages: int = 1, notes: Iterable[str] = ()) -> ImportOutcome:
    """Normalise and store a parsed feed in one transaction; raises FeedError if it is not a feed."""
    services, report = normalise_feed(document, feed)
    with db.writing(engine) as conn:
        outcome = apply_import(conn, feed, services, report, source=source, prune=prune)
    outcome.pages = pages
    outcome.notes.extend(notes)
    return outcome


def import_source(engine: Any, source: str, feed: str | None = None, *, prune: bool = False,
                  max_pages: int = DEFAULT_MAX_PAGES) -> ImportOutcome:
    """Read a file or URL and import it; raises SourceError or FeedError (nothing written)."""
    feed = check_feed_name(feed if feed is not None else default_feed_name(source))
    document, pages, notes, complete = read_source(source, max_pages)
    if prune and not complete:
        # Services on the pages not read would be withdrawn from every device.
        notes.append("not pruned: the feed was not read to its last page")
        prune = False
    return import_document(engine, document, feed, source=source, prune=prune, pages=pages, notes=notes)


# --- postcode district centroids ------------------------------------------------------------

def publish_districts(conn: Connection, districts: dict[str, tuple[float, float]], source: str,
                      *, prune: bool = True) -> int:
    """Store district centroids and publish the changed ones (entity ``directory.postcode_district``).

    Key: the district in capitals ("SW9"); data ``{"district", "latitude", "longitude"}``.
    Returns how many changes were published (districts written plus tombstones).
    """
    table = directory_postcode_districts
    existing = {row.district: (row.latitude, row.longitude) for row in conn.execute(sa.select(table))}
    now = now_iso()
    changes: list[tuple[str, Any]] = []
    for raw_district, (lat, lon) in districts.items():
        district = raw_district.strip().upper()
        position = (round(float(lat), 6), round(float(lon), 6))
        if existing.get(district) == position:
            continue
        values = {"latitude": position[0], "longitude": position[1], "source": source, "updated_at": now}
        if district in existing:
            conn.execute(table.update().where(table.c.district == district).values(**values))
        else:
            conn.execute(table.insert().values(district=district, **values))
        changes.append((district, {"district": district, "latitude": position[0], "longitude": position[1]}))
    if prune:
        wanted = {d.strip().upper() for d in districts}
        for district in existing.keys() - wanted:
            conn.execute(table.delete().where(table.c.district == district))
            changes.append((district, None))
    db.publish_many(conn, DISTRICT_ENTITY, changes)
    return len(changes)
