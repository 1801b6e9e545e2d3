"""Helpers for the council service tests: enrolled devices and operations."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from kiosk.timeutil import now_iso
from sync import protocol
from sync.server import db


@dataclass
class EnrolledDevice:
    id: str
    hub_id: str
    token: str
    client: TestClient

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def push(self, operations: list[dict[str, Any]]) -> Any:
        return self.client.post(
            protocol.PATH_PUSH, json={"device_id": self.id, "operations": operations}, headers=self.headers
        )

    def pull(self, cursor: str | None = None, limit: int | None = None) -> Any:
        params: dict[str, Any] = {}
        if cursor is not None:
            params["cursor"] = cursor
        if limit is not None:
            params["limit"] = limit
        return self.client.get(protocol.PATH_PULL, params=params, headers=self.headers)

    def pull_all(self, cursor: str | None = None, limit: int = 500, max_pages: int = 100) -> tuple[list[dict], str]:
        """Every page until has_more is false (bounded)."""
        changes: list[dict] = []
        for _ in range(max_pages):
            response = self.pull(cursor, limit)
            assert response.status_code == 200, response.text
            body = response.json()
            changes.extend(body["changes"])
            cursor = body["cursor"]
            if not body["has_more"]:
                return changes, cursor
        raise AssertionError("pull did not finish within max_pages")


def make_code(engine, hub_id: str = "demo-hub-elm", mode: str = "kiosk", expires_hours: float = 24) -> str:
    with db.writing(engine) as conn:
        code, _expires = db.new_enrolment_code(conn, hub_id, mode, expires_hours)
    return code


def enrol(client: TestClient, engine, hub_id: str = "demo-hub-elm", device_id: str | None = None) -> EnrolledDevice:
    device_id = device_id or str(uuid.uuid4())
    response = client.post(protocol.PATH_ENROL, json={"code": make_code(engine, hub_id), "device_id": device_id})
    assert response.status_code == 201, response.text
    return EnrolledDevice(device_id, hub_id, response.json()["device_token"], client)


def rating_op(seq: int, **payload_overrides: Any) -> dict[str, Any]:
    payload = {
        "rating_id": str(uuid.uuid4()),
        "task_family": "counciltax",
        "rating": 5,
        "reason": None,
        "rated_at": now_iso(),
    }
    payload.update(payload_overrides)
    return {
        "op_id": str(uuid.uuid4()),
        "seq": seq,
        "op_type": protocol.OP_FEEDBACK_RATING,
        "record_key": f"feedback:{payload['rating_id']}",
        "schema_version": 1,
        "payload": payload,
        "created_at": now_iso(),
    }
