"""Enrolling a device: a one-time code from a council officer becomes a device token.

The token goes to the keyring (``sync.credentials``) before anything else is
saved; the council's answer fills in the device's settings (council URL, hub,
mode). Enrolling again (after a revocation) keeps the device id, the outbox
and the mirror, and lifts the pause, so queued work then arrives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kiosk import __version__
from kiosk.i18n import _
from kiosk.settings import Settings
from sync import backoff
from sync import protocol as p
from sync.credentials import CredentialsUnavailable, KeyringCredentials
from sync.transport import RequestsTransport, Transport, TransportError


class EnrolmentError(Exception):
    """Enrolment failed; the message is for the person enrolling the device."""


def _error_message(status: int, code: str) -> str:
    if code == p.ERR_INVALID_CODE or status == 404:
        return _("The council does not know this enrolment code. Check it and try again.")
    if code == p.ERR_CODE_USED:
        return _("This enrolment code has already been used. Ask the council for a new one.")
    if code == p.ERR_CODE_EXPIRED:
        return _("This enrolment code has expired. Ask the council for a new one.")
    return _("The council service refused the enrolment (HTTP {status}). Try again later.").format(status=status)


def enrol(
    db: Database,
    council_url: str,
    code: str,
    credentials: Any,
    *,
    settings: Settings | None = None,
    transport: Transport | None = None,
) -> dict[str, Any]:
    """Exchange ``code`` for a device token; returns the council's answer (without the token)."""
    settings = settings or Settings(db)
    council_url = council_url.strip().rstrip("/")
    if not council_url.startswith(("http://", "https://")):
        raise EnrolmentError(_("The council address must start with http:// or https://"))
    code = code.strip()
    if not code:
        raise EnrolmentError(_("Enter the enrolment code the council gave you."))
    transport = transport or RequestsTransport(council_url)
    body = {"code": code, "device_id": settings["device_id"], "app_version": __version__}
    try:
        resp = transport.request("POST", p.PATH_ENROL, json=body)
    except TransportError:
        raise EnrolmentError(
            _("Could not reach the council service at {url}. Check the address and the network.").format(
                url=council_url)
        ) from None
    if resp.status not in (200, 201):
        code_, _message = resp.error()
        raise EnrolmentError(_error_message(resp.status, code_))
    try:
        answer = resp.json()
        token = answer["device_token"]
        hub = answer.get("hub") or {}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise EnrolmentError(_("The council service sent an answer this device cannot read.")) from None
    try:
        credentials.set_token(token)
    except CredentialsUnavailable as exc:
        raise EnrolmentError(str(exc)) from None
    settings["council_url"] = council_url
    if hub.get("id"):
        settings["hub_id"] = str(hub["id"])
    if hub.get("name"):
        settings["hub_name"] = str(hub["name"])
    if answer.get("mode") in p.MODES:
        settings["device_mode"] = answer["mode"]
    if isinstance(answer.get("council_public_key"), str):  # what personal data is sealed to (kiosk.sealing)
        from kiosk.sealing import store_public_key

        store_public_key(db, answer["council_public_key"])
    backoff.resume(db)
    return {k: v for k, v in answer.items() if k != "device_token"}


def credentials_for(data_dir: Path, db: Database) -> KeyringCredentials:
    """The keyring credentials of the device in ``data_dir`` (raises CredentialsUnavailable)."""
    return KeyringCredentials(Path(data_dir), Settings(db)["device_id"])


def client_for(data_dir: Path, db: Database, **kwargs: Any):
    """A ready ``SyncClient`` for a device folder; without secure credentials it reports a pause."""
    from sync.client import SyncClient

    settings = Settings(db)
    try:
        credentials = credentials_for(data_dir, db)
    except CredentialsUnavailable as exc:
        credentials = _Unavailable(exc)
    client = SyncClient(db, settings, credentials=credentials, **kwargs)
    return client


class _Unavailable:
    """Stands in for credentials that cannot be had, so sync pauses with ``no_credentials``."""

    def __init__(self, exc: CredentialsUnavailable):
        self.exc = exc

    def get_token(self) -> str | None:
        raise self.exc

    def set_token(self, token: str) -> None:
        raise self.exc


def demo_enrol(data_dir: Path, council_url: str, council_data_dir: Path, *, hub: str | None = None,
               mode: str = p.MODE_KIOSK) -> dict[str, Any]:
    """``kiosk demo``: join this device to the demo council service started next to it.

    Names the demo keyring backend for this process (``KIOSK_KEYRING_BACKEND``,
    plain text in the data folder, NOT secure — demo only), makes a one-time code
    in the demo council's database and enrols with it. A device the demo council
    already knows keeps its enrolment and only learns the new address.
    """
    import os

    from kiosk.paths import device_db_path
    from kiosk.store import open_db
    from sync.credentials import DEMO_BACKEND, ENV_BACKEND
    from sync.server import db as council_db

    os.environ.setdefault(ENV_BACKEND, DEMO_BACKEND)
    db = open_db(device_db_path(data_dir))
    settings = Settings(db)
    credentials = credentials_for(data_dir, db)
    engine = council_db.open_engine(council_data_dir)
    try:
        token = credentials.get_token()
        with council_db.writing(engine) as conn:
            known = token and council_db.device_by_token_hash(conn, p.token_hash(token))
            if known is not None and known and known.revoked_at is None:
                settings["council_url"] = council_url.rstrip("/")
                return {"device_id": settings["device_id"], "already_enrolled": True}
            hubs = council_db.list_hubs(conn)
            if not hubs:
                raise EnrolmentError(_("The demo council service has no hubs."))
            chosen = council_db.find_hub(conn, hub) if hub else None
            code, _expires = council_db.new_enrolment_code(conn, chosen.id if chosen else hubs[0]["id"], mode)
    finally:
        engine.dispose()
    return enrol(db, council_url, code, credentials, settings=settings)
