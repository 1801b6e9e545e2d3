"""``POST /api/v1/counciltax/account-lookup``: a resident's balance, through the revenues adapter.

Only enrolled devices may ask (the same bearer token as sync). All three of
account reference, postcode and surname must match; a miss is one answer, 404
``account_not_found``, whichever did not match. A device that misses too often
in a short time gets 429 ``too_many_attempts``, so the endpoint cannot be used
to guess names and postcodes. Nothing looked up is stored by the service either.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from sync.counciltax_lookup import ERR_ACCOUNT_NOT_FOUND, ERR_TOO_MANY_ATTEMPTS, PATH_ACCOUNT_LOOKUP
from sync.server.app import ERRORS, ApiError, AuthDevice, ErrorBody
from sync.server import db
from sync.server.revenues import RevenuesAdapter, default_adapter, lookup

MAX_MISSES = 10
MISS_WINDOW_SECONDS = 15 * 60

router = APIRouter(tags=["council tax"])


class LookupRequest(BaseModel):
    account_reference: Annotated[str, Field(min_length=1, max_length=24)]
    postcode: Annotated[str, Field(min_length=1, max_length=12)]
    surname: Annotated[str, Field(min_length=1, max_length=80)]


class NextInstalment(BaseModel):
    due: str
    amount_pence: int


class PaymentOut(BaseModel):
    date: str
    amount_pence: int
    method: str


class AccountOut(BaseModel):
    reference: str
    holder: str
    address: str
    band: str
    year: int
    annual_pence: int
    paid_pence: int
    balance_pence: int
    overdue_pence: int
    next_instalment: NextInstalment | None
    payment_method: str
    recent_payments: list[PaymentOut]


class LookupResponse(BaseModel):
    account: AccountOut


class _Misses:
    """Recent misses per device, in memory (a restart forgets them, which is harmless)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_device: dict[str, deque[float]] = {}

    def blocked(self, device_id: str, now: float) -> bool:
        with self.lock:
            misses = self.by_device.get(device_id)
            while misses and now - misses[0] > MISS_WINDOW_SECONDS:
                misses.popleft()
            return bool(misses) and len(misses) >= MAX_MISSES

    def record(self, device_id: str, now: float) -> None:
        with self.lock:
            self.by_device.setdefault(device_id, deque(maxlen=MAX_MISSES)).append(now)


def _adapter(request: Request) -> RevenuesAdapter:
    return getattr(request.app.state, "revenues_adapter", None) or default_adapter()


def _misses(request: Request) -> _Misses:
    state = request.app.state
    if getattr(state, "counciltax_lookup_misses", None) is None:
        state.counciltax_lookup_misses = _Misses()
    return state.counciltax_lookup_misses


@router.post(
    PATH_ACCOUNT_LOOKUP,
    response_model=LookupResponse,
    responses={
        **ERRORS,
        404: {"model": ErrorBody, "description": ERR_ACCOUNT_NOT_FOUND},
        429: {"model": ErrorBody, "description": ERR_TOO_MANY_ATTEMPTS},
    },
)
def account_lookup(body: LookupRequest, device: AuthDevice, request: Request) -> Any:
    """Balance, next instalment and recent payments of one account, when reference, postcode and surname match."""
    misses = _misses(request)
    now = time.monotonic()
    if misses.blocked(device.id, now):
        raise ApiError(429, ERR_TOO_MANY_ATTEMPTS, "Too many look-ups that did not match; try again later.",
                       {"Retry-After": str(MISS_WINDOW_SECONDS)})
    with db.reading(request.app.state.engine) as conn:  # the demo adapter reads time-credit dividends here
        account = lookup(_adapter(request), conn, body.account_reference, body.postcode, body.surname)
    if account is None:
        misses.record(device.id, now)
        raise ApiError(404, ERR_ACCOUNT_NOT_FOUND, "No account matches these details.")
    return {"account": account.to_json()}
