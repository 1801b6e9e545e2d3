"""The council service's HTTP API (FastAPI): enrolment, push, pull, heartbeat, health.

Every request and response has a pydantic model, so ``/openapi.json`` describes
the protocol of docs/SYNC.md. Every error a device can cause is answered with
``{"error", "message"}`` and a 4xx status; a 5xx only ever means the service
itself is unwell.
"""

from __future__ import annotations

import importlib
import logging
import uuid
from pathlib import Path
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk import __version__
from kiosk.timeutil import from_iso, now_iso, utcnow
from sync import protocol
from sync.server import db
from sync.server.operations import Device, apply_batch

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A request-level error answered as ``{"error", "message"}``."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


# --- models ------------------------------------------------------------------

Uuid = uuid.UUID
ShortText = Annotated[str, Field(max_length=200)]


class ErrorBody(BaseModel):
    error: str = Field(description="machine-readable code, e.g. device_revoked")
    message: str = Field(description="English text for logs and staff")


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    protocol_version: int
    council_name: str
    database: str


class EnrolRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    code: Annotated[str, Field(min_length=1, max_length=64, description="one-time code from `kiosk council enrol`")]
    device_id: Uuid = Field(description="UUID made on the device; kept across re-enrolment")
    app_version: Annotated[str, Field(max_length=64)] | None = None


class HubRef(BaseModel):
    id: str
    name: str


class EnrolResponse(BaseModel):
    device_id: str
    device_token: str = Field(description="bearer token; the service keeps only its sha256")
    hub: HubRef
    mode: Literal["kiosk", "assisted", "outreach"]
    council_name: str
    council_public_key: str | None = Field(
        None, description="base64 X25519 key the device seals personal data to (kiosk.sealing)")


class PushOperation(BaseModel):
    op_id: Uuid
    seq: int = Field(ge=0, le=2**63 - 1, description="the device's own sequence, strictly increasing (fits SQLite INTEGER)")
    op_type: Annotated[str, Field(min_length=1, max_length=100)]
    record_key: ShortText | None = None
    schema_version: int = Field(ge=1, le=10_000)
    payload: dict[str, Any]
    created_at: Annotated[str, Field(max_length=40)] | None = None


class PushRequest(BaseModel):
    device_id: Uuid
    operations: list[PushOperation] = Field(description=f"at most {protocol.MAX_PUSH_BATCH}")


class Reason(BaseModel):
    code: str
    message: str


class OperationResult(BaseModel):
    op_id: str
    status: Literal["applied", "rejected", "conflict"]
    duplicate: bool = Field(description="true when this answers a resend of a stored operation")
    result: dict[str, Any] | None = Field(None, description="present when applied")
    reason: Reason | None = Field(None, description="present when rejected or in conflict")


class PushResponse(BaseModel):
    results: list[OperationResult]


class Change(BaseModel):
    seq: int
    entity: str
    key: str
    op: Literal["upsert", "delete"]
    data: Any = Field(description="the record for an upsert; null for a delete (tombstone)")


class PullResponse(BaseModel):
    changes: list[Change]
    cursor: str = Field(description="opaque; send it back to get the next page")
    has_more: bool


class HeartbeatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    app_version: Annotated[str, Field(max_length=64)] | None = None
    waiting: int | None = Field(None, ge=0, le=2**63 - 1)
    quarantined: int | None = Field(None, ge=0, le=2**63 - 1)
    last_sync_at: Annotated[str, Field(max_length=40)] | None = None
    device_time: Annotated[str, Field(max_length=40)] | None = None
    free_disk_bytes: int | None = Field(None, ge=0, le=2**63 - 1)


class HeartbeatResponse(BaseModel):
    server_time: str
    clock_drift_seconds: float | None = Field(description="device time minus server time")
    current_version: str | None = Field(
        None, description="the kiosk version the council wants devices to run (`kiosk council set-current-version`)")


class FeedbackCount(BaseModel):
    hub_id: str
    hub_name: str
    task_family: str
    ratings: int
    average: float


ERRORS = {
    401: {"model": ErrorBody, "description": "unauthorised or device_revoked"},
    422: {"model": ErrorBody, "description": "invalid_request"},
}


# Modules exposing ``router`` (a FastAPI APIRouter) for a feature's own
# endpoints; one line each. They may use ``AuthDevice``, ``ApiError``,
# ``ErrorBody`` and ``ERRORS`` from this module.
ROUTER_MODULES = [
    "sync.server.revenues_api",  # POST /api/v1/counciltax/account-lookup
    "sync.server.directory_api",  # ORUK 3.0 /services, /taxonomies; /open-data/*.csv
]


# --- authentication -----------------------------------------------------------

_bearer = HTTPBearer(auto_error=False, description="device token from enrolment")


def current_device(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Device:
    """The device whose token this is; 401 ``unauthorised`` or ``device_revoked`` otherwise."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise ApiError(401, protocol.ERR_UNAUTHORISED, "A device token is needed.", {"WWW-Authenticate": "Bearer"})
    with db.reading(request.app.state.engine) as conn:
        row = db.device_by_token_hash(conn, protocol.token_hash(credentials.credentials))
    if row is None:
        raise ApiError(401, protocol.ERR_UNAUTHORISED, "This device token is not known.", {"WWW-Authenticate": "Bearer"})
    if row.revoked_at is not None:
        raise ApiError(401, protocol.ERR_DEVICE_REVOKED, "This device was revoked; enrol it again.")
    return Device(row.id, row.hub_id, row.mode)


AuthDevice = Annotated[Device, Depends(current_device)]


# --- the app -----------------------------------------------------------------


def create_app(
    data_dir: Path | str | None = None,
    *,
    database_url: str | None = None,
    demo: bool = False,
    engine: Engine | None = None,
) -> FastAPI:
    """The council service for a data folder (SQLite) or a database URL."""
    if engine is None:
        engine = db.open_engine(data_dir, database_url)
    if demo:
        from sync.server import demo as demo_data

        demo_data.load(engine)
    from sync.server import sealing_keys

    sealing_key = sealing_keys.load_or_create(data_dir)
    sealing_keys.publish_public_key(engine, sealing_key)
    opener = sealing_keys.Opener(sealing_key)

    app = FastAPI(
        title="Co-op Kiosk council service",
        version=__version__,
        description="Enrolment, sync (push/pull), heartbeat and health for Co-op Kiosk devices. "
        "See docs/SYNC.md for the protocol.",
    )
    app.state.engine = engine
    app.state.sealing_opener = opener
    _install_error_handlers(app)

    @app.middleware("http")
    async def limit_body_size(request: Request, call_next: Any) -> Any:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > protocol.MAX_REQUEST_BYTES):
            return JSONResponse(
                protocol.error_body(protocol.ERR_REQUEST_TOO_LARGE, f"A request body may have at most {protocol.MAX_REQUEST_BYTES} bytes."),
                status_code=413,
            )
        return await call_next(request)

    @app.get("/health", response_model=Health, tags=["service"], responses={503: {"model": ErrorBody}})
    def health() -> Any:
        try:
            with db.reading(engine) as conn:
                council_name = db.get_meta(conn, db.META_COUNCIL_NAME) or db.DEFAULT_COUNCIL_NAME
        except sa.exc.SQLAlchemyError:
            log.exception("health check: database unavailable")
            raise ApiError(503, protocol.ERR_SERVICE_UNAVAILABLE, "The database is not available.", {"Retry-After": "30"})
        return Health(
            status="ok",
            version=__version__,
            protocol_version=protocol.PROTOCOL_VERSION,
            council_name=council_name,
            database=engine.dialect.name,
        )

    @app.post(
        protocol.PATH_ENROL,
        status_code=201,
        response_model=EnrolResponse,
        tags=["devices"],
        responses={
            404: {"model": ErrorBody, "description": "invalid_code"},
            409: {"model": ErrorBody, "description": "code_used"},
            410: {"model": ErrorBody, "description": "code_expired"},
            422: ERRORS[422],
        },
    )
    def enrol(body: EnrolRequest) -> Any:
        """Exchange a one-time enrolment code for a device token."""
        status = {protocol.ERR_INVALID_CODE: 404, protocol.ERR_CODE_USED: 409, protocol.ERR_CODE_EXPIRED: 410}
        try:
            with db.writing(engine) as conn:
                answer = db.redeem_code(conn, body.code, str(body.device_id), body.app_version)
            return {**answer, "council_public_key": opener.public_key_text}
        except db.EnrolmentError as exc:
            raise ApiError(status[exc.code], exc.code, exc.message) from None

    @app.post(
        protocol.PATH_PUSH,
        response_model=PushResponse,
        response_model_exclude_none=True,
        tags=["sync"],
        responses={
            **ERRORS,
            403: {"model": ErrorBody, "description": "wrong_device"},
            413: {"model": ErrorBody, "description": "batch_too_large"},
        },
    )
    def push(body: PushRequest, device: AuthDevice) -> Any:
        """Apply a batch of device operations, each exactly once."""
        if str(body.device_id) != device.id:
            raise ApiError(403, protocol.ERR_WRONG_DEVICE, "device_id is not the device of this token.")
        if len(body.operations) > protocol.MAX_PUSH_BATCH:
            raise ApiError(
                413,
                protocol.ERR_BATCH_TOO_LARGE,
                f"At most {protocol.MAX_PUSH_BATCH} operations per request; got {len(body.operations)}.",
            )
        ops = [
            {
                "op_id": str(op.op_id),
                "seq": op.seq,
                "op_type": op.op_type,
                "record_key": op.record_key,
                "schema_version": op.schema_version,
                "payload": op.payload,
                "created_at": op.created_at,
            }
            for op in body.operations
        ]
        # The outcomes are built by the push loop in the shape of PushResponse
        # (never a None field); answered as they are instead of being validated
        # again, 500 at a time. PushResponse still documents them in /openapi.json.
        return JSONResponse({"results": apply_batch(engine, device, ops, opener)})

    @app.get(
        protocol.PATH_PULL,
        response_model=PullResponse,
        tags=["sync"],
        responses={**ERRORS, 410: {"model": ErrorBody, "description": "cursor_expired: resync from no cursor"}},
    )
    def pull(
        device: AuthDevice,
        cursor: Annotated[str | None, Query(max_length=200, description="from the previous page; none = from the beginning")] = None,
        limit: Annotated[int, Query(ge=1, description=f"page size, default {protocol.DEFAULT_PULL_LIMIT}, larger than {protocol.MAX_PULL_LIMIT} is clamped")] = protocol.DEFAULT_PULL_LIMIT,
    ) -> Any:
        """Changes this device may see (scope all, its hub, itself) after the cursor."""
        limit = min(limit, protocol.MAX_PULL_LIMIT)
        try:
            with db.reading(engine) as conn:
                page = db.pull(conn, db.scopes_for(device.id, device.hub_id), cursor, limit)
        except db.CursorExpired as exc:
            raise ApiError(410, protocol.ERR_CURSOR_EXPIRED, f"{exc}; clear the mirror and pull from no cursor.") from None
        return {"changes": page.changes, "cursor": page.cursor, "has_more": page.has_more}

    @app.post(
        protocol.PATH_HEARTBEAT,
        response_model=HeartbeatResponse,
        tags=["devices"],
        responses=ERRORS,
    )
    def heartbeat(body: HeartbeatRequest, device: AuthDevice) -> Any:
        """Record the device's health; answer the server time and the clock drift."""
        server_now = utcnow()
        drift = None
        if body.device_time:
            try:
                drift = round((from_iso(body.device_time) - server_now).total_seconds(), 3)
            except ValueError:
                raise ApiError(422, protocol.ERR_INVALID_REQUEST, "device_time is not an ISO 8601 time.") from None
        values = body.model_dump(exclude={"device_time"}, exclude_none=True)
        if drift is not None:
            values["clock_drift_seconds"] = drift
        with db.writing(engine) as conn:
            db.record_heartbeat(conn, device.id, values)
            current_version = db.get_meta(conn, db.META_CURRENT_VERSION) or None
        return {"server_time": now_iso(), "clock_drift_seconds": drift, "current_version": current_version}

    @app.get("/api/v1/open-data/feedback", response_model=list[FeedbackCount], tags=["open data"])
    def feedback_open_data() -> Any:
        """Satisfaction ratings counted by hub and task family (no personal data)."""
        with db.reading(engine) as conn:
            return db.feedback_counts(conn)

    # Feature routers, imported here because they import this module.
    for module_name in ROUTER_MODULES:
        app.include_router(importlib.import_module(module_name).router)
    return app


def _validation_message(errors: list[Any]) -> str:
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ())) or "body"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    more = len(errors) - 5
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(protocol.error_body(exc.code, exc.message), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            protocol.error_body(protocol.ERR_INVALID_REQUEST, _validation_message(list(exc.errors()))),
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: protocol.ERR_NOT_FOUND, 405: protocol.ERR_METHOD_NOT_ALLOWED}
        code = codes.get(exc.status_code, f"http_{exc.status_code}")
        return JSONResponse(
            protocol.error_body(code, str(exc.detail)), status_code=exc.status_code, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(sa.exc.OperationalError)
    async def database_busy(_request: Request, exc: sa.exc.OperationalError) -> JSONResponse:
        # Locked past the busy timeout, disk full, server gone: nothing was
        # committed for this request; the device retries later.
        log.error("database unavailable: %s", exc)
        return JSONResponse(
            protocol.error_body(protocol.ERR_SERVICE_UNAVAILABLE, "The council database is busy or unavailable; try again later."),
            status_code=503,
            headers={"Retry-After": "30"},
        )

    @app.exception_handler(Exception)
    async def internal_error(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return JSONResponse(
            protocol.error_body(protocol.ERR_INTERNAL, "The council service failed; try again later."),
            status_code=500,
        )
