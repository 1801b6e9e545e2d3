"""Time-bank test fixtures: a device database with a hub, and a loopback council."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from tb_helpers import device_db  # noqa: E402


@pytest.fixture
def tb(tmp_path):
    """A device database at a demo hub."""
    return device_db(tmp_path / "device")


@pytest.fixture
def council(tmp_path):
    from fastapi.testclient import TestClient

    from sync.server.app import create_app

    app = create_app(tmp_path / "council", demo=True)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield app, client
    app.state.engine.dispose()
