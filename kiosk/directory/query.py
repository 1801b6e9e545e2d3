"""The read path of the directory: search, browse by need, filters, a service's details.

Callers (UI, CLI, sync) read listings only through these functions. Locations are read
only from the ``directory_public_location`` view, which nulls every address field,
name and map position of a confidential service (refuges) in SQL, so no caller can
get a refuge's address from here, whatever it asks for.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlite_utils import Database

from kiosk.directory import geo, schedules
from kiosk.directory import search as search_plan
from kiosk.directory.needs import NEEDS, NEEDS_BY_ID
from kiosk.directory.store import FTS_TABLE
from kiosk.i18n import N_
from kiosk.timeutil import LONDON

CANDIDATES = 120  # ranked matches considered before filters that need Python (open now, distance)
RANK_LIMIT = 150  # at most this many matches are scored with bm25 per query
BROAD_ESTIMATE = 4 * RANK_LIMIT  # above this vocabulary estimate a query is taken as broad without counting
DEFAULT_LIMIT = 50
STALE_AFTER_DAYS = 365


@dataclass
class Filters:
    """What narrows a list of services. Every field is optional."""

    need: str | None = None
    open_now: bool = False
    open_at: datetime | None = None  # "open on a chosen day and time" (aware; naive = UTC)
    free: bool = False
    age: int | None = None
    language: str | None = None  # code ('pt') or name ('Portuguese')
    step_free: bool = False
    origin: tuple[float, float] | None = None  # this access point
    postcode: str | None = None  # or a postcode / district given by the resident
    max_distance_km: float | None = None


@dataclass
class Results:
    items: list[dict[str, Any]]
    broadened: bool = False  # no service matched every word; these match some of them
    corrections: dict[str, list[str]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)  # N_-marked; show with _() and .format(**message_args)
    message_args: dict[str, Any] = field(default_factory=dict)
    total: int = 0  # matches there are to page through; ``items`` is the page from ``offset``
    offset: int = 0
    capped: bool = False  # a search matched more than CANDIDATES: ``total`` counts only the best of them

    @property
    def nothing_found(self) -> bool:
        return not self.total and not self.items

    @property
    def more(self) -> bool:
        """True when pages follow this one."""
        return self.offset + len(self.items) < self.total

    def to_dict(self) -> dict[str, Any]:
        return {"items": self.items, "broadened": self.broadened, "corrections": self.corrections,
                "nothing_found": self.nothing_found, "total": self.total, "offset": self.offset,
                "capped": self.capped}


# --- filters --------------------------------------------------------------------------------------

def _filter_sql(filters: Filters, when: datetime | None) -> tuple[str, dict[str, Any]]:
    clauses = ["s.status not in ('inactive', 'defunct')"]
    params: dict[str, Any] = {}
    if filters.need:
        clauses.append("exists (select 1 from directory_service_need n where n.service_id = s.id and n.need = :need)")
        params["need"] = filters.need
    if filters.free:
        clauses.append("s.is_free = 1")
    if filters.age is not None:
        clauses.append("(s.minimum_age is null or s.minimum_age <= :age) and (s.maximum_age is null or s.maximum_age >= :age)")
        params["age"] = int(filters.age)
    if filters.language:
        clauses.append("exists (select 1 from directory_language l where l.service_id = s.id "
                       "and (lower(l.code) = :language or lower(l.name) = :language))")
        params["language"] = filters.language.strip().lower()
    if filters.step_free:
        clauses.append("s.step_free = 1")
    if when is not None:
        # A cheap superset in SQL (right weekday, or a day-of-month rule); exact check in Python.
        local = when.astimezone(LONDON)
        clauses.append("exists (select 1 from directory_schedule sc where sc.service_id = s.id "
                       "and (sc.weekday in (:weekday, :previous_weekday) or sc.monthday is not null))")
        params["weekday"] = local.weekday()
        params["previous_weekday"] = (local.weekday() - 1) % 7
    return " and ".join(clauses), params


def _when(filters: Filters, now: datetime | None) -> datetime | None:
    if filters.open_at is not None:
        return filters.open_at if filters.open_at.tzinfo else filters.open_at.replace(tzinfo=timezone.utc)
    if filters.open_now:
        return now or datetime.now(timezone.utc)
    return None


def _origin(db: Database, filters: Filters, results: Results) -> tuple[float, float] | None:
    if filters.postcode:
        centre = geo.district_centroid(db, filters.postcode)
        if centre is None:
            results.messages.append(N_("We could not place the postcode {postcode}, so results are not sorted by distance."))
            results.message_args["postcode"] = filters.postcode
        return centre or filters.origin
    return filters.origin


def _schedules_by_service(db: Database, ids: list[int]) -> dict[int, dict[str, list[dict[str, Any]]]]:
    found: dict[int, dict[str, list[dict[str, Any]]]] = {i: {"schedules": [], "closures": []} for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in _rows(db, f"select * from directory_schedule where service_id in ({marks})", chunk):
            found[row["service_id"]]["schedules"].append(row)
        for row in _rows(db, f"select * from directory_closure where service_id in ({marks})", chunk):
            found[row["service_id"]]["closures"].append(row)
    return found


def _apply_python_filters(db: Database, rows: list[dict[str, Any]], filters: Filters, when: datetime | None,
                          origin: tuple[float, float] | None) -> list[dict[str, Any]]:
    if when is not None and rows:
        timetable = _schedules_by_service(db, [r["id"] for r in rows])
        rows = [r for r in rows if schedules.is_open_at(timetable[r["id"]], when)]
    for row in rows:
        row["distance_km"] = (round(geo.haversine_km(origin[0], origin[1], row["latitude"], row["longitude"]), 2)
                              if origin and row.get("latitude") is not None else None)
    if filters.max_distance_km is not None and origin:
        rows = [r for r in rows if r["distance_km"] is not None and r["distance_km"] <= filters.max_distance_km]
    return rows


# --- search and browse ------------------------------------------------------------------------

_LIST_COLUMNS = """s.id, s.feed, s.oruk_id, s.name, s.description, s.is_free, s.confidential, s.latitude,
    s.longitude, s.postcode_district, s.assured_date, s.status, o.name as organisation"""
_LIST_FROM = "directory_service s left join directory_organisation o on o.id = s.organisation_id"


def _rows(db: Database, sql: str, params: Any) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _list_items(db: Database, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [r["id"] for r in rows]
    places: dict[int, tuple] = {}
    if ids:
        marks = ",".join("?" * len(ids))
        for service_id, *place in db.execute(
                f"select service_id, address_1, city, postcode from directory_public_location "
                f"where service_id in ({marks}) order by position desc", ids):
            places[service_id] = tuple(place)  # position 0 is read last and wins
    items = []
    for row in rows:
        summary = (row.get("description") or "").split("\n")[0]
        if len(summary) > 160:
            summary = summary[:157].rsplit(" ", 1)[0] + "…"
        place = places.get(row["id"])
        items.append({
            "id": row["id"],
            "feed": row["feed"],
            "oruk_id": row["oruk_id"],
            "name": row["name"],
            "organisation": row.get("organisation"),
            "summary": summary or None,
            "is_free": None if row.get("is_free") is None else bool(row["is_free"]),
            "address_withheld": bool(row["confidential"]),
            "place": None if row["confidential"] or not place else ", ".join(filter(None, place)) or None,
            "postcode_district": row.get("postcode_district"),
            "distance_km": row.get("distance_km"),
            "status": row.get("status"),
        })
    return items


def _has_sql_filters(filters: Filters, when: datetime | None) -> bool:
    return bool(filters.need or filters.free or filters.age is not None or filters.language or filters.step_free
                or when is not None)


def _ranked(db: Database, match: str, filters: Filters, when: datetime | None,
            origin: tuple[float, float] | None, estimate: int | None) -> tuple[list[dict[str, Any]], bool]:
    """The best CANDIDATES matching services with a ``score`` (lower is better), best first, and
    whether more matched than that (then the rest are not looked at).

    bm25 costs about ten microseconds a document, so it is only ever computed for at
    most RANK_LIMIT matches (read unordered, ranked here). A broader query is narrowed
    to matches in the name, taxonomy or organisation; if even those are more than
    RANK_LIMIT, they are all equally relevant for a resident and the nearest win.
    """
    if _has_sql_filters(filters, when):
        where, params = _filter_sql(filters, when)
    else:
        where, params = "1", {}

    def run(expression: str, limit: int, columns: str) -> list[tuple]:
        if where == "1" and columns in ("rowid", "rowid, rank"):
            # No filter: FTS5 alone, no join.
            return db.execute(f"select {columns} from {FTS_TABLE} where {FTS_TABLE} match ? limit {limit}",
                              [expression]).fetchall()
        columns = columns.replace("rowid", "s.id").replace("rank", f"{FTS_TABLE}.rank")
        return db.execute(f"select {columns} from {FTS_TABLE} join directory_service s on s.id = {FTS_TABLE}.rowid "
                          f"where {FTS_TABLE} match :match and {where} limit {limit}",
                          {**params, "match": expression}).fetchall()

    # Scoring is what costs, so decide first what to score: from the vocabulary when the
    # answer is clear, else by a capped count (cheap: no scoring).
    if estimate is not None and estimate <= RANK_LIMIT:
        broad = False
    elif estimate is not None and estimate > BROAD_ESTIMATE:
        broad = True
    else:
        broad = len(run(match, RANK_LIMIT + 1, "rowid")) > RANK_LIMIT
    if not broad:
        hits = run(match, RANK_LIMIT, "rowid, rank")
    else:
        strong = f"{{name taxonomy organisation}} : ({match})"
        if origin is not None and len(run(strong, RANK_LIMIT + 1, "rowid")) > RANK_LIMIT:
            # Equally relevant: the nearest win. Flat-earth distance is plenty to pick them in SQL.
            squash = math.cos(math.radians(origin[0]))
            nearest = db.execute(
                f"select s.id from {FTS_TABLE} join directory_service s on s.id = {FTS_TABLE}.rowid "
                f"where {FTS_TABLE} match :match and {where} and s.latitude is not null "
                f"order by (s.latitude - :lat) * (s.latitude - :lat) + "
                f"(s.longitude - :lon) * (s.longitude - :lon) * :squash limit {CANDIDATES}",
                {**params, "match": strong, "lat": origin[0], "lon": origin[1], "squash": squash * squash}).fetchall()
            hits = [(row[0], -1.0) for row in nearest]
        else:
            hits = run(strong, RANK_LIMIT, "rowid, rank") or run(match, RANK_LIMIT, "rowid, rank")
    capped = broad or len(hits) > CANDIDATES  # broad: more than RANK_LIMIT matched
    hits = sorted(hits, key=lambda hit: hit[1])[:CANDIDATES]
    if not hits:
        return [], False
    score = dict(hits)
    marks = ",".join("?" * len(score))
    rows = _rows(db, f"select {_LIST_COLUMNS} from {_LIST_FROM} where s.id in ({marks}) "
                     f"and s.status not in ('inactive', 'defunct')", list(score))
    for row in rows:
        row["score"] = score[row["id"]]
    rows.sort(key=lambda r: r["score"])
    return rows, capped


def _page(limit: int, offset: int) -> tuple[int, int]:
    return max(0, int(limit)), max(0, int(offset))


def search(db: Database, text: str | None, filters: Filters | None = None, *, limit: int = DEFAULT_LIMIT,
           offset: int = 0, now: datetime | None = None) -> Results:
    """Services matching ``text``, best first (relevance, then distance). Never raises on odd input.

    ``limit`` and ``offset`` page through the ranked list: the same query, filters and ``now``
    give the same order on every page (ties broken by id), and ``total`` says how many there
    are. Ranking needs the bounded candidate set anyway (at most CANDIDATES, see ``_ranked``),
    so a page only saves the work of building the items it does not show; when more than
    that matched, ``capped`` says so and ``total`` counts the best CANDIDATES.
    """
    filters = filters or Filters()
    limit, offset = _page(limit, offset)
    results = Results([], offset=offset)
    query_plan = search_plan.plan(db, text)
    if query_plan is None:
        return browse(db, filters, limit=limit, offset=offset, now=now) if filters.need else results
    results.corrections = query_plan.corrections
    when = _when(filters, now)
    origin = _origin(db, filters, results)
    rows, capped = _ranked(db, query_plan.all_of, filters, when, origin, search_plan.estimate_matches(db, query_plan))
    if not rows and len(query_plan.concepts) > 1:
        rows, capped = _ranked(db, query_plan.any_of, filters, when, origin,
                               search_plan.estimate_matches(db, query_plan, any_of=True))
        results.broadened = bool(rows)
    results.capped = capped
    rows = _apply_python_filters(db, rows, filters, when, origin)
    if rows:
        best = min(r["score"] for r in rows) or -1.0

        def tier(row: dict[str, Any]) -> int:
            # Relevance in four bands relative to the best match; distance orders within a band.
            relative = row["score"] / best if best else 1.0
            return 0 if relative >= 0.75 else 1 if relative >= 0.5 else 2 if relative >= 0.25 else 3

        rows.sort(key=lambda r: (tier(r), r["distance_km"] if r["distance_km"] is not None else math.inf, r["score"],
                                 r["id"]))
    results.total = len(rows)
    results.items = _list_items(db, rows[offset:offset + limit])
    return results


def browse(db: Database, filters: Filters | None = None, *, limit: int = DEFAULT_LIMIT, offset: int = 0,
           now: datetime | None = None) -> Results:
    """Services of a need (``filters.need``) or all services, nearest first (else by name).

    ``limit`` and ``offset`` page through them in a stable order (ties broken by id);
    ``total`` says how many there are.
    """
    filters = filters or Filters()
    limit, offset = _page(limit, offset)
    results = Results([], offset=offset)
    if filters.need and filters.need not in NEEDS_BY_ID:
        return results
    when = _when(filters, now)
    origin = _origin(db, filters, results)
    where, params = _filter_sql(filters, when)
    order = "order by s.name collate nocase, s.id"
    if when is None and origin is None:
        # Nothing to check in Python: SQL reads just the page, and counts the rest.
        results.total = db.execute(f"select count(*) from directory_service s where {where}", params).fetchone()[0]
        rows = _rows(db, f"select {_LIST_COLUMNS} from {_LIST_FROM} where {where} {order} "
                         f"limit :page_limit offset :page_offset", {**params, "page_limit": limit, "page_offset": offset})
    else:
        rows = _rows(db, f"select {_LIST_COLUMNS} from {_LIST_FROM} where {where} {order}", params)
        rows = _apply_python_filters(db, rows, filters, when, origin)
        if origin:
            rows.sort(key=lambda r: (r["distance_km"] if r["distance_km"] is not None else math.inf,
                                     r["name"].lower(), r["id"]))
        results.total = len(rows)
        rows = rows[offset:offset + limit]
    results.items = _list_items(db, rows)
    return results


def needs_with_counts(db: Database) -> list[dict[str, Any]]:
    """Every need (N_ label, translate with _()) and how many listed services it has."""
    counts = dict(db.execute(
        "select n.need, count(*) from directory_service_need n join directory_service s on s.id = n.service_id "
        "where s.status not in ('inactive', 'defunct') group by n.need").fetchall())
    return [{"id": need.id, "label": need.label, "count": counts.get(need.id, 0)} for need in NEEDS]


def languages_spoken(db: Database) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        "select lower(coalesce(code, name)) as key, max(code) as code, max(name) as name, count(distinct service_id) as count "
        "from directory_language group by key order by count desc, key")]


# --- one service ------------------------------------------------------------------------------

def get_service(db: Database, service_id: int, *, today: date | None = None) -> dict[str, Any] | None:
    """Everything the detail screen shows about one service; None if there is no such service.

    The address fields of a confidential service are always None and
    ``address_withheld`` is True (read through ``directory_public_location``).
    """
    row = db.execute("select * from directory_service where id = ?", [service_id]).fetchone()
    if row is None:
        return None
    columns = [d[0] for d in db.execute("select * from directory_service limit 0").description]
    service = dict(zip(columns, row))
    confidential = bool(service["confidential"])
    if confidential:
        service["latitude"] = service["longitude"] = None  # district centroid is for sorting only
    organisation = None
    if service.get("organisation_id"):
        found = list(db.query("select oruk_id as id, name, description, email, url from directory_organisation "
                              "where id = ?", [service["organisation_id"]]))
        organisation = found[0] if found else None
    locations = []
    for location in db.query("select * from directory_public_location where service_id = ? order by position",
                             [service_id]):
        location = dict(location)
        location["accessibility"] = json.loads(location["accessibility"] or "[]")
        location["address_withheld"] = bool(location["address_withheld"])
        location["step_free"] = None if location["step_free"] is None else bool(location["step_free"])
        location.pop("service_id", None)
        locations.append(location)
    today = today or datetime.now(LONDON).date()
    assured = schedules._as_date(service.get("assured_date"))
    service.update({
        "confidential": confidential,
        "address_withheld": confidential,
        "is_free": None if service["is_free"] is None else bool(service["is_free"]),
        "step_free": None if service["step_free"] is None else bool(service["step_free"]),
        "organization": organisation,
        "locations": locations,
        "schedules": [dict(r) for r in db.query("select weekday, nth, monthday, interval, dtstart, valid_from, valid_to, "
                                                "opens, closes, description from directory_schedule where service_id = ? "
                                                "order by weekday, opens", [service_id])],
        "closures": [dict(r) for r in db.query("select start_date, end_date from directory_closure where service_id = ?",
                                               [service_id])],
        "phones": [dict(r) for r in db.query("select number, extension, type, description, contact_name "
                                             "from directory_phone where service_id = ?", [service_id])],
        "contacts": [dict(r) for r in db.query("select name, title, department from directory_contact "
                                               "where service_id = ?", [service_id])],
        "cost_options": [dict(r) for r in db.query("select option, amount_pence, currency, amount_description "
                                                   "from directory_cost where service_id = ?", [service_id])],
        "languages": [dict(r) for r in db.query("select code, name from directory_language where service_id = ?",
                                                [service_id])],
        "taxonomy_terms": [dict(r) for r in db.query(
            "select t.oruk_id as id, t.code, t.name, t.vocabulary from directory_service_taxonomy st "
            "join directory_taxonomy_term t on t.id = st.term_id where st.service_id = ?", [service_id])],
        "needs": [r[0] for r in db.execute("select need from directory_service_need where service_id = ?",
                                           [service_id])],
        "last_checked": service.get("assured_date"),
        "check_overdue": assured is None or (today - assured) > timedelta(days=STALE_AFTER_DAYS),
    })
    return service


def find_service(db: Database, feed: str, oruk_id: str) -> dict[str, Any] | None:
    row = db.execute("select id from directory_service where feed = ? and oruk_id = ?", [feed, oruk_id]).fetchone()
    return get_service(db, row[0]) if row else None
