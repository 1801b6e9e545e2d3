"""Balance and bill look-up from the device: one online question to the council service.

``AccountLookup.find(reference, postcode, surname)`` asks
``POST /api/v1/counciltax/account-lookup`` with the device's token and returns a
``LookupResult``: the account, "no match", "too many tries", or "needs a
connection". It never raises for network trouble and never writes anything to
the device database: what comes back lives only in the screen that asked, until
the resident's session ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from sync import backoff
from sync import protocol as p
from sync.transport import RequestsTransport, Transport, TransportError

PATH_ACCOUNT_LOOKUP = f"{p.API_PREFIX}/counciltax/account-lookup"
ERR_ACCOUNT_NOT_FOUND = "account_not_found"
ERR_TOO_MANY_ATTEMPTS = "too_many_attempts"

FOUND, NOT_FOUND, TOO_MANY, OFFLINE, UNAVAILABLE = "found", "not_found", "too_many", "offline", "unavailable"
# A look-up waits at most this long: a resident is standing at the kiosk.
LOOKUP_TIMEOUT = (4.0, 10.0)


@dataclass(frozen=True)
class LookupResult:
    outcome: str                        # FOUND, NOT_FOUND, TOO_MANY, OFFLINE or UNAVAILABLE
    account: dict[str, Any] | None = field(default=None, repr=False)  # personal data: never logged
    detail: str = ""                    # for staff logs only, never personal data

    @property
    def found(self) -> bool:
        return self.outcome == FOUND


class AccountLookup:
    """One device's look-ups; ``transport``/``credentials`` are the same kinds the sync client uses."""

    def __init__(self, db: Database | None, council_url: str, transport: Transport | None = None,
                 credentials: Any = None):
        self.db = db
        self.council_url = council_url
        self.transport = transport
        self.credentials = credentials

    @property
    def configured(self) -> bool:
        """Whether this device has a council to ask at all (enrolled, not paused by a revocation)."""
        if not (self.transport or self.council_url) or self.credentials is None:
            return False
        if self.db is not None and backoff.state(self.db)["paused"]:
            return False
        return True

    def find(self, account_reference: str, postcode: str, surname: str) -> LookupResult:
        token = self.token()
        if isinstance(token, LookupResult):
            return token
        return self.ask(token, account_reference, postcode, surname)

    def token(self) -> str | LookupResult:
        """The device token, or why there is none (reads the device database: call on its thread)."""
        if not self.configured:
            return LookupResult(OFFLINE, detail="not enrolled or paused")
        try:
            token = self.credentials.get_token()
        except Exception:  # noqa: BLE001 - no secure keyring: the same as not enrolled
            return LookupResult(OFFLINE, detail="no credentials")
        if not token:
            return LookupResult(OFFLINE, detail="no token")
        return token

    def ask(self, token: str, account_reference: str, postcode: str, surname: str) -> LookupResult:
        """The HTTP question alone (no database), so a screen can ask from a worker thread."""
        transport = self.transport or RequestsTransport(self.council_url, timeout=LOOKUP_TIMEOUT)
        body = {"account_reference": account_reference, "postcode": postcode, "surname": surname}
        try:
            resp = transport.request("POST", PATH_ACCOUNT_LOOKUP, json=body, token=token)
        except TransportError as exc:
            return LookupResult(OFFLINE, detail=f"network: {type(exc).__name__}")
        finally:
            if self.transport is None:
                transport.close()  # type: ignore[attr-defined]
        if resp.status == 200:
            try:
                account = resp.json()["account"]
            except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                return LookupResult(UNAVAILABLE, detail="unreadable answer")
            if not isinstance(account, dict):
                return LookupResult(UNAVAILABLE, detail="unreadable answer")
            return LookupResult(FOUND, account)
        code, _message = resp.error()
        if resp.status == 404 and code == ERR_ACCOUNT_NOT_FOUND:
            return LookupResult(NOT_FOUND)
        if resp.status == 429:
            return LookupResult(TOO_MANY)
        if resp.status in (401, 403):
            return LookupResult(OFFLINE, detail=f"http {resp.status} {code}")
        return LookupResult(UNAVAILABLE, detail=f"http {resp.status} {code}")


def lookup_for(data_dir: Path, db: Database) -> AccountLookup:
    """The look-up client of a device folder, with the sync client's keyring credentials."""
    from kiosk.settings import Settings
    from sync.credentials import CredentialsUnavailable
    from sync.enrolment import credentials_for

    settings = Settings(db)
    try:
        credentials = credentials_for(data_dir, db)
    except CredentialsUnavailable:
        credentials = None
    return AccountLookup(db, settings["council_url"], credentials=credentials)
