"""Demo data for ``kiosk council serve --demo`` (resources/demo/council.json).

Loading is idempotent: a record is written and published to the change log only
when it is new or changed, so restarting the demo does not make devices pull
everything again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk.paths import resources_dir
from kiosk.timeutil import now_iso
from sync import protocol
from kiosk.timebank import demo_data as demo_timebank
from sync.server import db
from sync.server import directory_demo


def demo_file() -> Path:
    return resources_dir() / "demo" / "council.json"


def _upsert(
    conn: Connection, table: sa.Table, key_column: str, values: dict[str, Any], entity: str, data: dict[str, Any]
) -> bool:
    """Insert or update one row and publish ``data``; False when nothing changed."""
    key = values[key_column]
    existing = conn.execute(sa.select(table).where(table.c[key_column] == key)).first()
    if existing is not None and all(existing._mapping[k] == v for k, v in values.items()):
        return False
    stamped = {**values, "updated_at": now_iso()}
    if existing is None:
        conn.execute(table.insert().values(**stamped))
    else:
        conn.execute(table.update().where(table.c[key_column] == key).values(**stamped))
    db.publish(conn, entity, str(key), data)
    return True


def load(engine: Engine, path: Path | None = None) -> dict[str, int]:
    """Write the demo data; returns how many records of each kind changed."""
    data = json.loads((path or demo_file()).read_text(encoding="utf-8"))
    changed = {"hubs": 0, "counciltax_charges": 0, "timebank_categories": 0, "timebank_rewards": 0}
    with db.writing(engine) as conn:
        if data.get("council_name"):
            db.set_meta(conn, db.META_COUNCIL_NAME, data["council_name"])
        for hub in data["hubs"]:
            changed["hubs"] += db.upsert_hub(conn, hub["id"], hub["name"], hub.get("kind", ""), hub.get("address", ""))
        for charges in data["counciltax_charges"]:
            changed["counciltax_charges"] += _upsert(
                conn,
                db.counciltax_charges,
                "year",
                {"year": charges["year"], "authority": charges["authority"], "data": charges},
                protocol.ENTITY_COUNCILTAX_CHARGES,
                charges,
            )
        for category in data["timebank_categories"]:
            changed["timebank_categories"] += _upsert(
                conn, db.timebank_categories, "id", category, protocol.ENTITY_TIMEBANK_CATEGORY, category
            )
        for reward in data["timebank_rewards"]:
            changed["timebank_rewards"] += _upsert(
                conn, db.timebank_rewards, "id", {**reward, "active": True}, protocol.ENTITY_TIMEBANK_REWARD, reward
            )
        changed.update(directory_demo.load(conn))
    changed["timebank_rewards"] += demo_timebank.load_menu(engine)  # the rewards' terms (kiosk.timebank.demo_data)
    return changed
