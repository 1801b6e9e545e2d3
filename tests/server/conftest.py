"""Council service fixtures: an app on a throwaway data folder and enrolled devices."""

from __future__ import annotations

import pytest
from council_testkit import EnrolledDevice, enrol
from fastapi.testclient import TestClient

from sync.server.app import create_app


@pytest.fixture
def council_dir(tmp_path):
    path = tmp_path / "council"
    path.mkdir()
    return path


@pytest.fixture
def app(council_dir):
    app = create_app(council_dir, demo=True)
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
def device(client, engine) -> EnrolledDevice:
    return enrol(client, engine)


