"""The data layer stays portable: its schema compiles for PostgreSQL (no server needed)."""

from __future__ import annotations

import sqlalchemy as sa

from sync.server import db

CORE_TABLES = [
    db.meta, db.hubs, db.devices, db.enrolment_codes, db.operations, db.change_log,
    db.counciltax_charges, db.timebank_categories, db.timebank_rewards,
    db.feedback_ratings,
]


def test_schema_compiles_for_postgresql():
    statements: list[str] = []
    engine = sa.create_mock_engine(
        "postgresql+psycopg://", lambda sql, *a, **k: statements.append(str(sql.compile(dialect=engine.dialect)))
    )
    db.metadata.create_all(engine, tables=CORE_TABLES, checkfirst=False)
    ddl = "\n".join(statements)
    assert ddl.count("CREATE TABLE") == len(CORE_TABLES)
    # The change log's sequence is a real 64-bit sequence there, not SQLite's rowid.
    change_log_ddl = next(s for s in statements if "CREATE TABLE change_log" in s)
    assert "seq BIGSERIAL" in change_log_ddl
    assert "AUTOINCREMENT" not in ddl
