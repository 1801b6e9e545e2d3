"""Helpers for the security tests (imported by name; conftest modules are not importable reliably)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sync import protocol
from sync.server import db as council_db


def new_code(engine, hub_id: str = "demo-hub-elm", mode: str = "kiosk") -> str:
    with council_db.writing(engine) as conn:
        code, _expires = council_db.new_enrolment_code(conn, hub_id, mode, 24)
    return code


def push_raw(client: TestClient, device_id: str, token: str, ops: list[dict]) -> list[dict]:
    response = client.post(protocol.PATH_PUSH, json={"device_id": device_id, "operations": ops},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return response.json()["results"]
