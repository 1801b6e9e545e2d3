"""Offers, requests and opportunities: fixtures (reusing the time-bank test helpers)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "timebank"))


@pytest.fixture(autouse=True)
def _test_keys(monkeypatch):
    """Devices without enrolment may queue unsealed (named test mode); data keys in a plain test keyring."""
    from kiosk.sealing import UNSEALED_TEST_ENV

    monkeypatch.setenv(UNSEALED_TEST_ENV, "1")
    monkeypatch.setenv("KIOSK_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")


@pytest.fixture
def tb():
    from tb_helpers import memory_db

    return memory_db()


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    """One council per test module (each test makes its own devices and members)."""
    from fastapi.testclient import TestClient

    from sync.server.app import create_app

    app = create_app(tmp_path_factory.mktemp("council"), demo=True)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield app, client
    app.state.engine.dispose()
