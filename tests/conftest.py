"""Shared test set-up: offscreen Qt, throwaway data folders, no real user data."""

from __future__ import annotations

import os

# Set before anything imports Qt; the tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Nothing a test does may land in the real per-user data folder.
os.environ.setdefault("KIOSK_DATA_DIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), "kiosk-test-default"))

import pytest  # noqa: E402

from kiosk import i18n  # noqa: E402


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "device"
    path.mkdir()
    return path


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English whatever the previous one switched to."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")
