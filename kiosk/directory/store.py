"""Device tables of the directory and the writes into them.

Every feed record is keyed on ``(feed, id)``: real feeds repeat ids across (and
within) publishers. A service row keeps its integer ``id`` when the feed is imported
again (updated in place), so the full-text index row (same rowid) follows it.
Children (locations, schedules, phones...) belong to one service and are replaced
with it.

Only normalised records (``kiosk.directory.oruk``) are written here, so nothing a
feed sent that must not be kept (editors' e-mail addresses, a refuge's address) can
reach this database. Reads go through ``kiosk.directory.query``.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk.directory.needs import needs_for
from kiosk.timeutil import now_iso

migrations = Migrations("kiosk.directory")

FTS_TABLE = "directory_fts"
# bm25 weights of the FTS columns, in order.
FTS_COLUMNS = ("name", "organisation", "taxonomy", "description", "place")
FTS_WEIGHTS = (10.0, 3.0, 4.0, 1.0, 2.0)
CHILD_TABLES = ("directory_location", "directory_schedule", "directory_closure", "directory_phone",
                "directory_contact", "directory_cost", "directory_language", "directory_service_taxonomy",
                "directory_service_need")


@migrations()
def m001_directory(db: Database) -> None:
    db.executescript(
        """
        create table directory_feed (
            name text primary key,
            version text,
            last_imported_at text,
            source text
        );
        create table directory_organisation (
            id integer primary key,
            feed text not null,
            oruk_id text not null,
            name text,
            description text,
            email text,
            url text,
            unique (feed, oruk_id)
        );
        create table directory_service (
            id integer primary key,
            feed text not null,
            oruk_id text not null,
            organisation_id integer references directory_organisation(id) on delete set null,
            name text not null,
            alternate_name text,
            description text,
            url text,
            email text,
            status text not null default 'active',
            fees_description text,
            eligibility_description text,
            application_process text,
            alert text,
            minimum_age integer,
            maximum_age integer,
            is_free integer,
            assured_date text,
            last_modified text,
            confidential integer not null default 0,
            step_free integer,
            latitude real,
            longitude real,
            postcode_district text,
            schedule_notes text,
            imported_at text not null,
            unique (feed, oruk_id)
        );
        create index directory_service_status on directory_service(status);
        create table directory_location (
            id integer primary key,
            service_id integer not null references directory_service(id) on delete cascade,
            oruk_id text,
            name text,
            description text,
            address_1 text,
            address_2 text,
            city text,
            region text,
            postcode text,
            country text,
            latitude real,
            longitude real,
            postcode_district text,
            step_free integer,
            accessibility text not null default '[]',
            position integer not null default 0
        );
        create index directory_location_service on directory_location(service_id);
        create table directory_schedule (
            id integer primary key,
            service_id integer not null references directory_service(id) on delete cascade,
            location_oruk_id text,
            weekday integer,
            nth integer not null default 0,
            monthday integer,
            interval integer not null default 1,
            dtstart text,
            valid_from text,
            valid_to text,
            opens text not null,
            closes text not null,
            description text
        );
        create index directory_schedule_service on directory_schedule(service_id);
        create table directory_closure (
            service_id integer not null references directory_service(id) on delete cascade,
            start_date text not null,
            end_date text not null
        );
        create index directory_closure_service on directory_closure(service_id);
        create table directory_phone (
            service_id integer not null references directory_service(id) on delete cascade,
            number text not null,
            extension text,
            type text,
            description text,
            contact_name text
        );
        create index directory_phone_service on directory_phone(service_id);
        create table directory_contact (
            service_id integer not null references directory_service(id) on delete cascade,
            name text,
            title text,
            department text
        );
        create index directory_contact_service on directory_contact(service_id);
        create table directory_cost (
            service_id integer not null references directory_service(id) on delete cascade,
            option text,
            amount_pence integer,
            currency text,
            amount_description text
        );
        create index directory_cost_service on directory_cost(service_id);
        create table directory_language (
            service_id integer not null references directory_service(id) on delete cascade,
            code text,
            name text
        );
        create index directory_language_service on directory_language(service_id);
        create index directory_language_code on directory_language(code);
        create table directory_taxonomy_term (
            id integer primary key,
            feed text not null,
            oruk_id text not null,
            code text,
            name text,
            vocabulary text,
            parent_oruk_id text,
            unique (feed, oruk_id)
        );
        create table directory_service_taxonomy (
            service_id integer not null references directory_service(id) on delete cascade,
            term_id integer not null references directory_taxonomy_term(id) on delete cascade,
            primary key (service_id, term_id)
        ) without rowid;
        create table directory_service_need (
            need text not null,
            service_id integer not null references directory_service(id) on delete cascade,
            primary key (need, service_id)
        ) without rowid;
        create index directory_service_need_service on directory_service_need(service_id);
        create table directory_import (
            id integer primary key,
            feed text not null,
            file text,
            started_at text not null,
            finished_at text,
            report text
        );
        create table directory_postcode_district (
            district text primary key,
            latitude real not null,
            longitude real not null,
            source text
        );
        -- Search: the full-text index (rowid = directory_service.id) and the vocabulary
        -- of the typo finder (kiosk.directory.search).
        create virtual table directory_fts using fts5(
            name, organisation, taxonomy, description, place,
            tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
        );
        create virtual table directory_fts_vocab using fts5vocab(directory_fts, 'row');
        create table directory_term (
            term text primary key,
            docs integer not null
        ) without rowid;
        create table directory_spell (
            variant text not null,
            term text not null,
            primary key (variant, term)
        ) without rowid;
        """
    )


# Confidentiality in SQL: every read of a location goes through this view (kiosk.directory.query).
@migrations()
def m002_public_location_view(db: Database) -> None:
    db.execute(
        """
        create view directory_public_location as
        select l.id, l.service_id, l.position, l.postcode_district, l.step_free, l.accessibility,
               s.confidential as address_withheld,
               case when s.confidential then null else l.name end as name,
               case when s.confidential then null else l.description end as description,
               case when s.confidential then null else l.address_1 end as address_1,
               case when s.confidential then null else l.address_2 end as address_2,
               case when s.confidential then null else l.city end as city,
               case when s.confidential then null else l.region end as region,
               case when s.confidential then null else l.postcode end as postcode,
               case when s.confidential then null else l.country end as country,
               case when s.confidential then null else l.latitude end as latitude,
               case when s.confidential then null else l.longitude end as longitude
        from directory_location l join directory_service s on s.id = l.service_id
        """
    )


# --- writes ----------------------------------------------------------------------------------

def _upsert_returning_id(db: Database, table: str, row: dict[str, Any], cache: dict | None) -> int:
    """Insert or update a (feed, oruk_id)-keyed row; a known key keeps its values unless given anew."""
    key = (table, row["feed"], row["oruk_id"])
    if cache is not None and key in cache:
        return cache[key]
    columns = list(row)
    updates = ", ".join(f"{c} = coalesce(excluded.{c}, {c})" for c in columns if c not in ("feed", "oruk_id"))
    found = db.execute(
        f"insert into {table} ({', '.join(columns)}) values ({', '.join('?' * len(columns))}) "
        f"on conflict (feed, oruk_id) do update set {updates} returning id",
        [row[c] for c in columns]).fetchone()
    if cache is not None:
        cache[key] = found[0]
    return found[0]


def _org_id(db: Database, feed: str, organisation: Mapping[str, Any] | None, cache: dict | None) -> int | None:
    if not organisation or not organisation.get("id"):
        return None
    # A list-level record names only the organisation id: coalesce keeps what a full record told us.
    return _upsert_returning_id(db, "directory_organisation", {
        "feed": feed, "oruk_id": organisation["id"], "name": organisation.get("name"),
        "description": organisation.get("description"), "email": organisation.get("email"),
        "url": organisation.get("url"),
    }, cache)


def _term_id(db: Database, feed: str, term: Mapping[str, Any], cache: dict | None) -> int | None:
    oruk_id = term.get("id") or term.get("name")
    if not oruk_id:
        return None
    return _upsert_returning_id(db, "directory_taxonomy_term", {
        "feed": feed, "oruk_id": oruk_id, "code": term.get("code"), "name": term.get("name"),
        "vocabulary": term.get("vocabulary"), "parent_oruk_id": term.get("parent_id"),
    }, cache)


def _bool(value: Any) -> int | None:
    return None if value is None else int(bool(value))


def _primary_position(record: Mapping[str, Any]) -> tuple[float | None, float | None, str | None]:
    for location in record.get("locations") or []:
        if location.get("latitude") is not None and location.get("longitude") is not None:
            return location["latitude"], location["longitude"], location.get("postcode_district")
    for location in record.get("locations") or []:
        if location.get("postcode_district"):
            return None, None, location["postcode_district"]
    return None, None, None


def _centroid(db: Database, district: str | None) -> tuple[float | None, float | None]:
    if not district:
        return None, None
    row = db.execute("select latitude, longitude from directory_postcode_district where district = ?",
                     [district]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def upsert_service(db: Database, feed: str, record: Mapping[str, Any], *, now: str | None = None,
                   cache: dict | None = None) -> tuple[int, bool]:
    """Write one normalised service; returns (service id, created). Call inside ``db.atomic()``.

    ``cache`` (a dict kept for one import) saves looking up the same organisation and
    taxonomy terms again for every service.
    """
    if record.get("confidential"):
        # Belt and braces: the normaliser already withheld it, a sync payload might not have.
        from kiosk.directory.oruk import withhold_address

        record = {**record, "locations": [withhold_address(l) for l in record.get("locations") or []]}
    latitude, longitude, district = _primary_position(record)
    if latitude is None:
        latitude, longitude = _centroid(db, district)
    locations = record.get("locations") or []
    step_free_values = [l.get("step_free") for l in locations if l.get("step_free") is not None]
    row = {
        "feed": feed,
        "oruk_id": record["id"],
        "organisation_id": _org_id(db, feed, record.get("organization"), cache),
        "name": record["name"],
        "alternate_name": record.get("alternate_name"),
        "description": record.get("description"),
        "url": record.get("url"),
        "email": record.get("email"),
        "status": record.get("status") or "active",
        "fees_description": record.get("fees_description"),
        "eligibility_description": record.get("eligibility_description"),
        "application_process": record.get("application_process"),
        "alert": record.get("alert"),
        "minimum_age": record.get("minimum_age"),
        "maximum_age": record.get("maximum_age"),
        "is_free": _bool(record.get("is_free")),
        "assured_date": record.get("assured_date"),
        "last_modified": record.get("last_modified"),
        "confidential": int(bool(record.get("confidential"))),
        "step_free": (1 if any(step_free_values) else 0) if step_free_values else None,
        "latitude": latitude,
        "longitude": longitude,
        "postcode_district": district,
        "schedule_notes": "\n".join(record.get("schedule_notes") or []) or None,
        "imported_at": now or now_iso(),
    }
    existing = db.execute("select id from directory_service where feed = ? and oruk_id = ?",
                          [feed, record["id"]]).fetchone()
    if existing:
        service_id = existing[0]
        db.execute(f"update directory_service set {', '.join(f'{c} = ?' for c in row)} where id = ?",
                   [*row.values(), service_id])
        for table in CHILD_TABLES:
            db.execute(f"delete from {table} where service_id = ?", [service_id])
        db.execute(f"delete from {FTS_TABLE} where rowid = ?", [service_id])
        created = False
    else:
        service_id = db.execute(f"insert into directory_service ({', '.join(row)}) values ({', '.join('?' * len(row))})",
                                list(row.values())).lastrowid
        created = True
    _write_children(db, feed, service_id, record, cache)
    _index(db, service_id, record)
    return service_id, created


def _write_children(db: Database, feed: str, service_id: int, record: Mapping[str, Any], cache: dict | None) -> None:
    locations = [{
        "service_id": service_id, "oruk_id": l.get("id"), "name": l.get("name"), "description": l.get("description"),
        "address_1": l.get("address_1"), "address_2": l.get("address_2"), "city": l.get("city"),
        "region": l.get("region"), "postcode": l.get("postcode"), "country": l.get("country"),
        "latitude": l.get("latitude"), "longitude": l.get("longitude"),
        "postcode_district": l.get("postcode_district"), "step_free": _bool(l.get("step_free")),
        "accessibility": json.dumps(l.get("accessibility") or []), "position": position,
    } for position, l in enumerate(record.get("locations") or [])]
    _insert(db, "directory_location", locations)
    _insert(db, "directory_schedule", [{
        "service_id": service_id, "location_oruk_id": p.get("location_id"), "weekday": p.get("weekday"),
        "nth": p.get("nth") or 0, "monthday": p.get("monthday"), "interval": p.get("interval") or 1,
        "dtstart": p.get("dtstart"), "valid_from": p.get("valid_from"), "valid_to": p.get("valid_to"),
        "opens": p["opens"], "closes": p["closes"], "description": p.get("description"),
    } for p in record.get("schedules") or [] if p.get("opens") and p.get("closes")])
    _insert(db, "directory_closure", [{"service_id": service_id, **c} for c in record.get("closures") or []])
    phones = [{"service_id": service_id, **p, "contact_name": None} for p in record.get("phones") or []]
    for contact in record.get("contacts") or []:
        phones += [{"service_id": service_id, **p, "contact_name": contact.get("name") or contact.get("title")}
                   for p in contact.get("phones") or []]
    _insert(db, "directory_phone", phones)
    _insert(db, "directory_contact", [{"service_id": service_id, "name": c.get("name"), "title": c.get("title"),
                                       "department": c.get("department")} for c in record.get("contacts") or []])
    _insert(db, "directory_cost", [{"service_id": service_id, **c} for c in record.get("cost_options") or []])
    _insert(db, "directory_language", [{"service_id": service_id, "code": l.get("code"), "name": l.get("name")}
                                       for l in record.get("languages") or []])
    term_ids = {tid for tid in (_term_id(db, feed, t, cache) for t in record.get("taxonomy_terms") or []) if tid}
    _insert(db, "directory_service_taxonomy", [{"service_id": service_id, "term_id": t} for t in sorted(term_ids)])
    _insert(db, "directory_service_need", [{"need": n, "service_id": service_id} for n in sorted(needs_for(record))])


def _insert(db: Database, table: str, rows: list[dict[str, Any]]) -> None:
    # Plain executemany: sqlite-utils' insert_all re-reads the schema on every call, which
    # costs more than the insert for a service's two or three rows.
    if rows:
        columns = list(rows[0])
        db.conn.executemany(f"insert into {table} ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
                            [[r.get(c) for c in columns] for r in rows])


def _index(db: Database, service_id: int, record: Mapping[str, Any]) -> None:
    organisation = record.get("organization") or {}
    terms = " ".join(filter(None, (t.get("name") for t in record.get("taxonomy_terms") or [])))
    languages = " ".join(filter(None, (l.get("name") for l in record.get("languages") or [])))
    places = []
    if not record.get("confidential"):
        # A refuge must not be findable by its street either.
        for l in record.get("locations") or []:
            places += [l.get("name"), l.get("address_1"), l.get("address_2"), l.get("city"), l.get("postcode")]
    for l in record.get("locations") or []:
        places.append(l.get("postcode_district"))
    description = " ".join(filter(None, (record.get("description"), record.get("eligibility_description"),
                                         record.get("fees_description"), languages)))
    db.execute(
        f"insert into {FTS_TABLE} (rowid, name, organisation, taxonomy, description, place) values (?, ?, ?, ?, ?, ?)",
        [service_id, " ".join(filter(None, (record.get("name"), record.get("alternate_name")))),
         organisation.get("name") or "", terms, description, " ".join(filter(None, places))],
    )


def delete_service(db: Database, feed: str, oruk_id: str) -> bool:
    """Remove one service (a tombstone from sync, or a prune after import)."""
    row = db.execute("select id from directory_service where feed = ? and oruk_id = ?", [feed, oruk_id]).fetchone()
    if not row:
        return False
    db.execute(f"delete from {FTS_TABLE} where rowid = ?", [row[0]])
    db.execute("delete from directory_service where id = ?", [row[0]])
    return True


def record_feed(db: Database, feed: str, version: str, source: str | None) -> None:
    db["directory_feed"].upsert({"name": feed, "version": version, "last_imported_at": now_iso(), "source": source},
                                pk="name")


def clear_directory(db: Database) -> None:
    """Forget every listing (the sync cursor expired); keeps the postcode table. Call inside a transaction."""
    db.execute(f"delete from {FTS_TABLE}")
    for table in ("directory_service", "directory_organisation", "directory_taxonomy_term",
                  "directory_feed", "directory_term", "directory_spell"):
        db.execute(f"delete from {table}")


def service_ids(db: Database, feed: str) -> Iterable[tuple[int, str]]:
    return db.execute("select id, oruk_id from directory_service where feed = ?", [feed]).fetchall()


@migrations()
def m003_rank_weights(db: Database) -> None:
    # ``order by rank`` then uses these column weights (name counts most), with no per-query cost.
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    db.execute(f"insert into {FTS_TABLE} ({FTS_TABLE}, rank) values ('rank', 'bm25({weights})')")
