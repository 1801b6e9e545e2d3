"""Council service fixtures: an app on a throwaway data folder and enrolled devices."""

from __future__ import annotations

import shutil

import pytest
from council_testkit import EnrolledDevice, enrol
from fastapi.testclient import TestClient

from sync.server.app import create_app


@pytest.fixture(scope="session")
def council_template(tmp_path_factory):
    """A council database with the demo data, made once and copied for each test."""
    path = tmp_path_factory.mktemp("council-template")
    create_app(path, demo=True).state.engine.dispose()  # closing checkpoints the WAL into the file
    return path


@pytest.fixture
def council_dir(tmp_path, council_template):
    path = tmp_path / "council"
    shutil.copytree(council_template, path)
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
def device(client, engine) -> EnrolledDevice:
    return enrol(client, engine)


