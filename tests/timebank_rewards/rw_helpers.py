"""Helpers for the rewards tests: a device enrolled with a loopback council, a member with credits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from kiosk.timebank import recording, rewards
from sync.server import db as council_db
from tb_helpers import LoopbackDevice, enrol_device, organisation, person  # noqa: F401

PIN = "4826"
OKAFOR = {"counciltax_reference": "40000001", "postcode": "SW2 1RW", "surname": "Okafor"}


def ready_device(app: Any, client: Any, folder: Path, *, hub_id: str = "demo-hub-sunflower") -> LoopbackDevice:
    device = enrol_device(client, app.state.engine, folder, hub_id=hub_id)
    device.sync()  # the menu
    return device


def member_with_credits(device: LoopbackDevice, name: str, *minutes: int) -> dict[str, Any]:
    """A member whose confirmed balance on the council is ``sum(minutes)`` (credited by an organisation)."""
    member = person(device.db, name, pin=PIN)
    org = organisation(device.db, name=f"Garden of {name}")
    device.sync()
    for amount in minutes:  # at most a day's minutes per exchange
        recording.record_group_session(device.db, organisation_id=org["id"], attendee_ids=[member["id"]],
                                       minutes=amount, category="events", recorded_by="vol-1")
    results = device.sync()
    assert {r["result"]["state"] for r in results} == {"confirmed"}
    return member


def redeem(device: LoopbackDevice, member: dict[str, Any], reward_id: str, details: dict[str, Any] | None = None,
           *, online: bool = True) -> dict[str, Any]:
    auth = recording.authorise_with_pin(device.db, member["id"], PIN)
    return rewards.redeem(device.db, member_id=member["id"], reward_id=reward_id, details=details,
                          authorisation=auth, recorded_by="vol-1", online=online)


def set_terms(app: Any, reward_id: str, **changes: Any) -> None:
    """The council changes a reward's terms and republishes it."""
    from sync.server.ops_timebank_rewards import publish_reward, timebank_reward_terms

    with council_db.writing(app.state.engine) as conn:
        row = conn.execute(sa.select(timebank_reward_terms).where(
            timebank_reward_terms.c.reward_id == reward_id)).first()
        conn.execute(timebank_reward_terms.update().where(timebank_reward_terms.c.reward_id == reward_id)
                     .values(terms={**row.terms, **changes}))
        publish_reward(conn, reward_id)


def lookup(client: Any, device: LoopbackDevice, details: dict[str, str] = OKAFOR) -> dict[str, Any]:
    response = client.post("/api/v1/counciltax/account-lookup", headers=device.headers, json={
        "account_reference": details["counciltax_reference"], "postcode": details["postcode"],
        "surname": details["surname"]})
    assert response.status_code == 200, response.text
    return response.json()["account"]
