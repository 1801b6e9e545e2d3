"""Distances: postcode district centroids and great-circle distance.

The device keeps a table of postcode district centroids (``directory_postcode_district``).
The council service will publish the real one; until then the demo table for Lambeth
(``resources/demo/directory_postcode_districts.json``) is loaded on first use.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from sqlite_utils import Database

from kiosk.directory.oruk import postcode_district
from kiosk.paths import resources_dir

EARTH_RADIUS_KM = 6371.0088


def demo_table_path() -> Path:
    return resources_dir() / "demo" / "directory_postcode_districts.json"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def load_districts(db: Database, path: Path | None = None, *, source: str = "demo") -> int:
    """Replace the centroid table with the file's districts; returns how many."""
    data = json.loads((path or demo_table_path()).read_text(encoding="utf-8"))
    rows = [{"district": district.upper(), "latitude": float(lat), "longitude": float(lon), "source": source}
            for district, (lat, lon) in data["districts"].items()]
    with db.atomic():
        db.execute("delete from directory_postcode_district")
        db["directory_postcode_district"].insert_all(rows)
    return len(rows)


def ensure_districts(db: Database) -> None:
    if db.execute("select count(*) from directory_postcode_district").fetchone()[0] == 0:
        load_districts(db)


def district_centroid(db: Database, postcode_or_district: str) -> tuple[float, float] | None:
    """Centroid of the district of a full postcode ('SW9 8AB') or a district ('sw9'); None if unknown."""
    district = postcode_district(postcode_or_district or "")
    if district is None:
        return None
    ensure_districts(db)
    row = db.execute("select latitude, longitude from directory_postcode_district where district = ?",
                     [district]).fetchone()
    return (row[0], row[1]) if row else None
