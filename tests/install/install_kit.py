"""Helpers for the install tests: an in-process council and a device enrolled with it."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

from kiosk import logs
from kiosk.timeutil import now_iso
from sync.server import db as council_db
from testclient_transport import ClientTransport  # noqa: F401  (the install tests import it from here)

ROOT = Path(__file__).resolve().parents[2]


def new_code(engine, hub_id: str = "demo-hub-elm", mode: str = "kiosk") -> str:
    with council_db.writing(engine) as conn:
        code, _expires = council_db.new_enrolment_code(conn, hub_id, mode, 24)
    return code


def rating_payload(rating: int = 4) -> dict[str, Any]:
    """A valid ``feedback.rating`` payload (a real operation type the council applies)."""
    return {"rating_id": str(uuid.uuid4()), "task_family": "findhelp", "rating": rating,
            "reason": None, "rated_at": now_iso()}


def log_text(data_dir: Path) -> str:
    """Everything in the device's log files (flushed first)."""
    for handler in logging.getLogger().handlers:
        handler.flush()
    return "\n".join(p.read_text(encoding="utf-8") for p in logs.log_files(data_dir))
