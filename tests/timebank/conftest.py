"""Time-bank test fixtures: a device database with a hub, and a loopback council."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from tb_helpers import memory_db  # noqa: E402


@pytest.fixture(autouse=True)
def _unsealed_unless_enrolled(monkeypatch):
    """Devices made without enrolment have no council key: let them queue unsealed (named test mode).

    Devices enrolled with the loopback council get its key and seal for real
    (a stored key always wins over the test mode)."""
    from kiosk.sealing import UNSEALED_TEST_ENV

    monkeypatch.setenv(UNSEALED_TEST_ENV, "1")
    # Device files keep their data key in the named plain-text test keyring in their own folder.
    monkeypatch.setenv("KIOSK_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")


@pytest.fixture
def tb():
    """A fully migrated device database at a demo hub (in memory: the file set-up is tested in tests/core)."""
    return memory_db()


@pytest.fixture
def council(tmp_path):
    from fastapi.testclient import TestClient

    from sync.server.app import create_app

    app = create_app(tmp_path / "council", demo=True)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield app, client
    app.state.engine.dispose()
