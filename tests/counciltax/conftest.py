"""Council-tax tests inspect the answers their operations carry, so they run in the
explicitly named unsealed test mode (``kiosk.sealing.UNSEALED_TEST_ENV``).

Sealing itself (a device with the council's key queues only ciphertext, the
council opens it) is tested in tests/security/test_sealing.py.
"""

from __future__ import annotations

import pytest

from kiosk.sealing import UNSEALED_TEST_ENV


@pytest.fixture(autouse=True)
def _unsealed_test_mode(monkeypatch):
    monkeypatch.setenv(UNSEALED_TEST_ENV, "1")
