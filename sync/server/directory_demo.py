"""The demo directory for ``kiosk council serve --demo`` (and ``import-oruk --demo``).

Imports ``resources/demo/directory.json`` (67 services, ORUK 3.0) as feed ``demo``
(the feed name a device uses for its own demo import, so both land on the same
rows) and publishes the Lambeth postcode-district table. Idempotent: only what
changed is written and published.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.engine import Connection

from kiosk.directory.oruk import normalise_feed
from kiosk.paths import resources_dir
from sync.server.directory_import import apply_import, publish_districts

DEMO_FEED = "demo"


def directory_file() -> Path:
    return resources_dir() / "demo" / "directory.json"


def districts_file() -> Path:
    return resources_dir() / "demo" / "directory_postcode_districts.json"


def load_districts(path: Path | None = None) -> dict[str, tuple[float, float]]:
    data = json.loads((path or districts_file()).read_text(encoding="utf-8"))
    return {district: (float(lat), float(lon)) for district, (lat, lon) in data["districts"].items()}


def load(conn: Connection) -> dict[str, int]:
    """Write the demo directory inside the caller's transaction; counts of changes published."""
    services, report = normalise_feed(json.loads(directory_file().read_text(encoding="utf-8")), DEMO_FEED)
    outcome = apply_import(conn, DEMO_FEED, services, report, source="resources/demo/directory.json", prune=True)
    districts = publish_districts(conn, load_districts(), "demo (illustrative)")
    return {
        "directory_services": outcome.published + outcome.tombstoned,
        "postcode_districts": districts,
    }

