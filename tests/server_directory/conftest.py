"""Council-service directory tests: a council on a throwaway folder, enrolled devices, device databases."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient
from srvdir_kit import HUB, Device, enrol

from kiosk.store import open_memory_db
from sync.server import db
from sync.server.app import create_app


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


@pytest.fixture
def device(client, engine) -> Device:
    return enrol(client, engine)


@pytest.fixture
def device_db():
    return open_memory_db()
