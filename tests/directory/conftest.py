"""Fixtures for the directory tests: databases with the demo feed and with dirty feeds."""

from __future__ import annotations

import json

import pytest

from kiosk.directory import importer
from kiosk.directory.demo_feed import output_path
from kiosk.store import open_memory_db


@pytest.fixture(scope="module")
def demo_db():
    """A device database with the shipped demo directory (read-only use in tests)."""
    db = open_memory_db()
    importer.import_document(db, json.loads(output_path().read_text(encoding="utf-8")), "demo")
    return db


@pytest.fixture
def db():
    return open_memory_db()
