"""The Open Referral UK (ORUK / HSDS 3.0) read API and the signposting open data.

No authentication: this is public open data. Every answer, errors included,
carries ``Access-Control-Allow-Origin: *`` (a route class on this router, so the
app's shared middleware is untouched), and a browser's preflight ``OPTIONS`` is
answered too.

- ``GET /`` — the ORUK API root (version, OpenAPI address);
- ``GET /services`` — a 3.0 page (``contents``, ``total_items``, ``total_pages``,
  ``page_number``, ``size``, ``first_page``, ``last_page``, ``empty``) filtered by
  ``search`` (or 1.0 ``text``), ``taxonomy_id``/``taxonomy_term_id`` and
  ``modified_after``; ``page`` from 1, ``per_page`` up to 1000;
- ``GET /services/{id}`` — one full service by ORUK id or by ``<feed>:<id>``;
- ``GET /taxonomies``, ``GET /taxonomy_terms`` — the vocabularies and terms in use;
- ``GET /open-data/signposting.csv`` and ``GET /open-data/feedback.csv``.

What is served is exactly what was published to devices (``to_oruk3`` of the
normalised record), so a confidential service's address never appears.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import datetime, timezone
from typing import Annotated, Any, Callable, Coroutine

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from kiosk.timeutil import to_iso
from sync import protocol
from sync.server import db
from sync.server.directory_tables import (
    directory_oruk_services,
    directory_service_terms,
    directory_taxonomy_terms,
)

CORS_HEADERS = {"Access-Control-Allow-Origin": "*"}
PREFLIGHT_HEADERS = {**CORS_HEADERS, "Access-Control-Allow-Methods": "GET, OPTIONS",
                     "Access-Control-Allow-Headers": "*", "Access-Control-Max-Age": "86400"}
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
MAX_SEARCH_WORDS = 10


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(protocol.error_body(code, message), status_code=status, headers=CORS_HEADERS)


class OpenDataRoute(APIRoute):
    """Adds the CORS header to every answer of this router, errors included."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def with_cors(request: Request) -> Response:
            from sync.server.app import ApiError

            try:
                response = await handler(request)
            except ApiError as exc:
                response = _error(exc.status, exc.code, exc.message)
            except RequestValidationError as exc:
                parts = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}"
                         for e in list(exc.errors())[:5]]
                response = _error(422, protocol.ERR_INVALID_REQUEST, "; ".join(parts))
            response.headers.update(CORS_HEADERS)
            return response

        return with_cors


router = APIRouter(route_class=OpenDataRoute, tags=["open referral (directory)"])


class ErrorBody(BaseModel):
    error: str
    message: str


class ApiRoot(BaseModel):
    version: str = Field(description="ORUK / HSDS version of this API")
    profile: str
    openapi_url: str


class ServicePage(BaseModel):
    total_items: int
    total_pages: int
    page_number: int
    size: int = Field(description="items on this page")
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict[str, Any]] = Field(description="ORUK 3.0 service objects")


class Taxonomy(BaseModel):
    id: str
    name: str
    description: str | None = None
    uri: str | None = None
    version: str | None = None


class TaxonomyPage(ServicePage):
    contents: list[Taxonomy]  # type: ignore[assignment]


class TaxonomyTerm(BaseModel):
    id: str
    code: str | None = None
    name: str | None = None
    description: str | None = None
    parent_id: str | None = None
    taxonomy: str | None = None
    taxonomy_id: str | None = None


class TaxonomyTermPage(ServicePage):
    contents: list[TaxonomyTerm]  # type: ignore[assignment]


_NOT_FOUND = {404: {"model": ErrorBody, "description": "not_found"}}
_INVALID = {422: {"model": ErrorBody, "description": "invalid_request"}}


def _engine(request: Request) -> Any:
    return request.app.state.engine


def _page(total: int, page: int, per_page: int, contents: list[Any]) -> dict[str, Any]:
    total_pages = max(1, math.ceil(total / per_page))
    return {"total_items": total, "total_pages": total_pages, "page_number": page, "size": len(contents),
            "first_page": page == 1, "last_page": page >= total_pages, "empty": not contents,
            "contents": contents}


def _parse_modified_after(value: str) -> str:
    """An ISO 8601 date or date-time (naive = UTC) as the service's UTC text form."""
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        from sync.server.app import ApiError

        raise ApiError(422, protocol.ERR_INVALID_REQUEST,
                       "modified_after: expected an ISO 8601 date or date-time, e.g. 2026-11-01T00:00:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return to_iso(moment.astimezone(timezone.utc))


def _no_nul(value: str | None) -> str | None:
    # PostgreSQL refuses NUL in text parameters (a 5xx); no stored id or name contains one.
    return None if value is None else value.replace("\x00", "\ufffd")


def _search_words(text: str) -> list[str]:
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in text.lower()[:500]).split() if w]
    return [w[:50] for w in words[:MAX_SEARCH_WORDS]]


@router.get("/", response_model=ApiRoot, summary="ORUK API root")
def api_root() -> Any:
    return {"version": "3.0", "profile": "https://openreferraluk.org", "openapi_url": "/openapi.json"}


@router.get("/services", response_model=ServicePage, responses=_INVALID, summary="List services (ORUK 3.0 page)")
def list_services(
    request: Request,
    page: Annotated[int, Query(ge=1, le=1_000_000, description="page number, from 1")] = 1,
    per_page: Annotated[int, Query(ge=1, description=f"items per page (default {DEFAULT_PER_PAGE}, "
                                                    f"at most {MAX_PER_PAGE})")] = DEFAULT_PER_PAGE,
    search: Annotated[str | None, Query(max_length=1000, description="words in name, description, "
                                                                     "organisation or taxonomy")] = None,
    text: Annotated[str | None, Query(max_length=1000, description="ORUK 1.0 name of `search`")] = None,
    taxonomy_id: Annotated[str | None, Query(max_length=200, description="services with this taxonomy term")] = None,
    taxonomy_term_id: Annotated[str | None, Query(max_length=200, description="the same as taxonomy_id")] = None,
    modified_after: Annotated[str | None, Query(max_length=64, description="ISO 8601; services changed "
                                                                          "at the council after it")] = None,
) -> Any:
    per_page = min(per_page, MAX_PER_PAGE)
    table = directory_oruk_services
    conditions: list[Any] = []
    for word in _search_words(search or text or ""):
        conditions.append(table.c.search_text.contains(word, autoescape=True))
    term = _no_nul(taxonomy_id or taxonomy_term_id)
    if term:
        conditions.append(table.c.key.in_(
            sa.select(directory_service_terms.c.service_key).where(directory_service_terms.c.term_id == term)))
    if modified_after:
        conditions.append(table.c.modified_at > _parse_modified_after(modified_after))
    with db.reading(_engine(request)) as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(table).where(*conditions)).scalar() or 0
        rows = conn.execute(sa.select(table.c.data).where(*conditions).order_by(table.c.name, table.c.key)
                            .limit(per_page).offset((page - 1) * per_page)).all()
    return _page(total, page, per_page, [row.data for row in rows])


@router.get("/services/{service_id}", response_model=dict[str, Any], responses={**_NOT_FOUND, 409: {
    "model": ErrorBody, "description": "ambiguous_id: the id is used by several feeds; ask for <feed>:<id>"}},
    summary="One service (ORUK 3.0)")
def get_service(request: Request, service_id: str) -> Any:
    table = directory_oruk_services
    service_id = _no_nul(service_id) or "-"
    with db.reading(_engine(request)) as conn:
        row = conn.execute(sa.select(table.c.data).where(table.c.key == service_id)).first()
        if row is not None:
            return row.data
        rows = conn.execute(sa.select(table.c.key, table.c.data).where(table.c.oruk_id == service_id)
                            .order_by(table.c.key).limit(10)).all()
    if not rows:
        return _error(404, protocol.ERR_NOT_FOUND, f"No service with id {service_id[:200]!r}.")
    if len(rows) > 1:
        keys = ", ".join(r.key for r in rows)
        return _error(409, "ambiguous_id", f"Several feeds use this id; ask for one of: {keys}.")
    return rows[0].data


def _vocabulary_id(name: str | None) -> str:
    return name or "uncategorised"


@router.get("/taxonomies", response_model=TaxonomyPage, responses=_INVALID, summary="Vocabularies in use")
def list_taxonomies(
    request: Request,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1)] = DEFAULT_PER_PAGE,
) -> Any:
    per_page = min(per_page, MAX_PER_PAGE)
    with db.reading(_engine(request)) as conn:
        names = sorted({_vocabulary_id(r.vocabulary) for r in
                        conn.execute(sa.select(directory_taxonomy_terms.c.vocabulary).distinct())})
    chosen = names[(page - 1) * per_page: page * per_page]
    return _page(len(names), page, per_page, [{"id": n, "name": n} for n in chosen])


@router.get("/taxonomy_terms", response_model=TaxonomyTermPage, responses=_INVALID, summary="Taxonomy terms in use")
def list_taxonomy_terms(
    request: Request,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1)] = DEFAULT_PER_PAGE,
    taxonomy_id: Annotated[str | None, Query(max_length=200, description="only terms of this vocabulary")] = None,
) -> Any:
    per_page = min(per_page, MAX_PER_PAGE)
    terms = directory_taxonomy_terms
    conditions = []
    if taxonomy_id:
        conditions.append(terms.c.vocabulary.is_(None) if taxonomy_id == _vocabulary_id(None)
                          else terms.c.vocabulary == _no_nul(taxonomy_id))
    with db.reading(_engine(request)) as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(terms).where(*conditions)).scalar() or 0
        rows = conn.execute(sa.select(terms).where(*conditions).order_by(terms.c.name, terms.c.feed, terms.c.id)
                            .limit(per_page).offset((page - 1) * per_page)).all()
    contents = [{"id": r.id, "code": r.code, "name": r.name, "parent_id": r.parent_id, "taxonomy": r.vocabulary,
                 "taxonomy_id": _vocabulary_id(r.vocabulary)} for r in rows]
    return _page(total, page, per_page, contents)


def _csv(rows: list[dict[str, Any]], columns: list[str], filename: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers={
        **CORS_HEADERS, "Content-Disposition": f'inline; filename="{filename}"'})


def _cell(value: Any) -> Any:
    # Spreadsheet formula injection: hub and service names come from officers and feeds.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@router.get("/open-data/signposting.csv", response_class=Response, summary="Signposting usage counts (CSV)",
            responses={200: {"content": {"text/csv": {}}, "description": "date, hub, event, subject, count"}})
def signposting_csv(request: Request) -> Any:
    """Anonymous counts by day, hub, event and need or service (no personal data).

    ``subject`` is a need id for ``need_search`` and a service key (``<feed>:<id>``)
    otherwise; views of confidential services are counted under ``confidential``.
    """
    from sync.server.ops_directory import usage_rows

    with db.reading(_engine(request)) as conn:
        rows = usage_rows(conn)
    return _csv([{**r, "date": r["day"]} for r in rows], ["date", "hub", "event", "subject", "count"],
                "signposting.csv")


@router.get("/open-data/feedback.csv", response_class=Response, summary="Feedback ratings counts (CSV)",
            responses={200: {"content": {"text/csv": {}}, "description": "date, hub, task_family, rating, count"}})
def feedback_csv(request: Request) -> Any:
    """Satisfaction ratings (1-5) counted by day, hub and task family (no personal data)."""
    from sync.server.ops_directory import feedback_rows

    with db.reading(_engine(request)) as conn:
        rows = feedback_rows(conn)
    return _csv([{**r, "date": r["day"]} for r in rows], ["date", "hub", "task_family", "rating", "count"],
                "feedback.csv")


def _preflight() -> Response:
    return Response(status_code=204, headers=PREFLIGHT_HEADERS)


for _path in ("/services", "/services/{service_id}", "/taxonomies", "/taxonomy_terms",
              "/open-data/signposting.csv", "/open-data/feedback.csv"):
    router.add_api_route(_path, _preflight, methods=["OPTIONS"], include_in_schema=False)
