"""Council-service directory tests: a council on a throwaway folder, enrolled devices, device databases."""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kiosk import mirror
from kiosk.store import open_memory_db
from kiosk.timeutil import now_iso
from sync import protocol
from sync.server import db
from sync.server.app import create_app

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


@pytest.fixture(scope="session")
def council_template(tmp_path_factory):
    """A council database without demo data (a plain council), made once and copied per test."""
    path = tmp_path_factory.mktemp("council-dir-template")
    create_app(path).state.engine.dispose()
    return path


@pytest.fixture
def council_dir(tmp_path, council_template):
    path = tmp_path / "council"
    shutil.copytree(council_template, path)
    engine = db.open_engine(path)
    with db.writing(engine) as conn:
        db.upsert_hub(conn, HUB, "Elm Children's Centre")
        db.upsert_hub(conn, "demo-hub-oak", "=Oak Library")  # a name a spreadsheet would run as a formula
    engine.dispose()
    return path


@pytest.fixture
def app(council_dir):
    app = create_app(council_dir)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def engine(app):
    return app.state.engine


@pytest.fixture
def client(app):
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def enrol(client: TestClient, engine: Any, hub_id: str = HUB) -> Device:
    with db.writing(engine) as conn:
        code, _expires = db.new_enrolment_code(conn, hub_id, "kiosk")
    device_id = str(uuid.uuid4())
    response = client.post(protocol.PATH_ENROL, json={"code": code, "device_id": device_id})
    assert response.status_code == 201, response.text
    return Device(device_id, response.json()["device_token"], client)


@pytest.fixture
def device(client, engine) -> Device:
    return enrol(client, engine)


@pytest.fixture
def device_db():
    return open_memory_db()
