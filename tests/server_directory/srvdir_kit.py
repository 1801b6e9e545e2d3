"""Helpers for the council-service directory tests: enrolled devices that push and pull."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from kiosk import mirror
from kiosk.timeutil import now_iso
from sync import protocol
from sync.server import db

HUB = "demo-hub-elm"


@dataclass
class Device:
    id: str
    token: str
    client: TestClient
    cursor: str | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def push(self, op_type: str, payload: dict[str, Any], seq: int) -> dict[str, Any]:
        op = {"op_id": str(uuid.uuid4()), "seq": seq, "op_type": op_type, "schema_version": 1,
              "payload": payload, "created_at": now_iso()}
        response = self.client.post(protocol.PATH_PUSH, json={"device_id": self.id, "operations": [op]},
                                    headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()["results"][0]

    def sync_into(self, device_db: Any, max_pages: int = 50) -> int:
        """Pull every page into a device database through the device's own mirror (bounded)."""
        pulled = 0
        for _ in range(max_pages):
            params = {"limit": 200} | ({"cursor": self.cursor} if self.cursor else {})
            response = self.client.get(protocol.PATH_PULL, params=params, headers=self.headers)
            assert response.status_code == 200, response.text
            body = response.json()
            assert mirror.apply_page(device_db, body["changes"], body["cursor"])
            self.cursor = body["cursor"]
            pulled += len(body["changes"])
            if not body["has_more"]:
                return pulled
        raise AssertionError("pull did not finish")

def enrol(client: TestClient, engine: Any, hub_id: str = HUB) -> Device:
    with db.writing(engine) as conn:
        code, _expires = db.new_enrolment_code(conn, hub_id, "kiosk")
    device_id = str(uuid.uuid4())
    response = client.post(protocol.PATH_ENROL, json={"code": code, "device_id": device_id})
    assert response.status_code == 201, response.text
    return Device(device_id, response.json()["device_token"], client)
