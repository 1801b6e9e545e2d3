"""The council's offers and requests board and members' shortlists (SQLAlchemy Core, on ``db.metadata``).

Created by ``db.init_db`` like the other feature tables (``operations.load_modules``
imports this module through ``ops_opportunities`` before ``create_all``). Only
public fields are kept: a person is a first name and a member number here.
"""

from __future__ import annotations

import sqlalchemy as sa

from sync.server.db import Id, Json, Time, metadata

timebank_board = sa.Table(
    "timebank_board",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),  # offer | request | opportunity
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("category", sa.String(64), nullable=False),
    sa.Column("skills", Json),
    sa.Column("languages", Json),
    sa.Column("availability", sa.Text, nullable=False, server_default=""),
    sa.Column("starts_at", Time),
    sa.Column("ends_at", Time),
    sa.Column("repeat_days", Json),
    sa.Column("start_time", sa.String(5)),
    sa.Column("end_time", sa.String(5)),
    sa.Column("place", sa.String(200), nullable=False, server_default=""),
    sa.Column("hub_id", sa.String(200), nullable=False, server_default=""),
    sa.Column("places_available", sa.Integer),
    sa.Column("min_age", sa.Integer),
    sa.Column("max_age", sa.Integer),
    sa.Column("accessibility", sa.Text, nullable=False, server_default=""),
    sa.Column("poster_id", Id, nullable=False, index=True),
    sa.Column("poster_name", sa.String(200), nullable=False),
    sa.Column("poster_number", sa.String(16), nullable=False),
    sa.Column("posted_by", sa.String(200), nullable=False),
    sa.Column("posted_at", Time, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="open"),
    sa.Column("withdrawn_at", Time),
    sa.Column("withdrawn_by", sa.String(200)),
    sa.Column("device_id", Id, nullable=False, server_default=""),
    sa.Column("received_at", Time, nullable=False),
)

timebank_shortlist = sa.Table(
    "timebank_shortlist",
    metadata,
    sa.Column("member_id", Id, primary_key=True),
    sa.Column("item_id", Id, primary_key=True),
    sa.Column("added_at", Time, nullable=False),
)
