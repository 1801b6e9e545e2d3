"""Helpers for the outreach tests (imported by name)."""

from __future__ import annotations

from datetime import datetime, timezone

from kiosk.staff import StaffSession
from sync.server import db as council_db

# The checkout starts "now" (the council checks expiry against its real clock); the device clock is injected.
T0 = datetime.now(timezone.utc).replace(second=0, microsecond=0)
NAME = "Philomena Quarrington"
ADDRESS = "14 Wickham Court, Elm Estate"
NEEDS = "Cold flat, boiler broken; wants help with the warm home grant"
PIN = "40271895"


def new_code(engine, hub_id: str = "demo-hub-elm", mode: str = "outreach") -> str:
    with council_db.writing(engine) as conn:
        code, _expires = council_db.new_enrolment_code(conn, hub_id, mode, 24)
    return code


def session_for(staff_id: str, role: str = "outreach", at: datetime = T0) -> StaffSession:
    """A signed-in session as ``kiosk.staff.sign_in`` returns it (sign-in itself is tested in tests/security)."""
    return StaffSession(staff_id=staff_id, name="Worker", role=role, signed_in_at=at, last_activity_at=at,
                        idle_timeout_seconds=600)
