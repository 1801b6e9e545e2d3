"""The council's authoritative time-bank ledger tables (SQLAlchemy Core, on ``db.metadata``).

Categories and the rewards menu are the council-service tables
``timebank_categories`` and ``timebank_rewards`` in ``sync.server.db``; these
add accounts, exchanges and entries.

``db.init_db`` creates them (``operations.load_modules`` imports this module
through ``ops_timebank`` before ``create_all``), with their triggers, also in an
existing council database that predates them.

Append-only is enforced by the database. On SQLite, triggers created with the
tables (DDL events) ``RAISE(ABORT)`` on any UPDATE or DELETE of an entry, any
DELETE of an exchange, and any UPDATE of an exchange that is not pending or
that touches anything but its state and approval columns. PostgreSQL needs the
same in PL/pgSQL (see docs/TIME_BANK.md): a ``BEFORE UPDATE OR DELETE`` trigger
function raising an exception, plus ``REVOKE UPDATE, DELETE`` on the entries
from the service's role.
"""

from __future__ import annotations

import sqlalchemy as sa

from sync.server.db import Id, Json, Time, metadata

timebank_accounts = sa.Table(
    "timebank_accounts",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("number", sa.String(16), nullable=False, unique=True),
    sa.Column("kind", sa.String(16), nullable=False),  # person | organisation
    sa.Column("org_type", sa.String(32)),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("phone", sa.String(32), nullable=False, server_default=""),
    sa.Column("email", sa.String(200), nullable=False, server_default=""),
    sa.Column("postcode", sa.String(16), nullable=False, server_default=""),
    sa.Column("languages", Json),
    sa.Column("skills", Json),
    sa.Column("interests", Json),
    sa.Column("availability", sa.Text, nullable=False, server_default=""),
    sa.Column("consent_wording", sa.Text),
    sa.Column("consent_language", sa.String(8)),
    sa.Column("consent_given_at", Time),
    sa.Column("consent_date", sa.String(10)),
    sa.Column("badges", Json),
    sa.Column("pin_hash", sa.String(200)),
    sa.Column("status", sa.String(16), nullable=False),  # pending | active | suspended
    sa.Column("allow_negative", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("hub_id", sa.String(64), nullable=False, server_default=""),
    sa.Column("registered_by", sa.String(200), nullable=False, server_default=""),
    sa.Column("registered_at", Time, nullable=False),
    sa.Column("approved_by", sa.String(200)),
    sa.Column("approved_at", Time),
    sa.Column("device_id", Id),
    sa.Column("updated_at", Time, nullable=False),
    sa.CheckConstraint("kind in ('person', 'organisation')", name="tb_account_kind"),
    sa.CheckConstraint("status in ('pending', 'active', 'suspended')", name="tb_account_status"),
)

timebank_exchanges = sa.Table(
    "timebank_exchanges",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("payer_id", Id, sa.ForeignKey("timebank_accounts.id"), nullable=False),
    sa.Column("payee_id", Id, sa.ForeignKey("timebank_accounts.id"), nullable=False),
    sa.Column("minutes", sa.Integer, nullable=False),
    sa.Column("category", sa.String(64), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("service_date", sa.String(10), nullable=False),  # local (Europe/London) date
    sa.Column("recorded_at", Time, nullable=False),  # UTC, on the device
    sa.Column("recorded_by", sa.String(200), nullable=False),
    sa.Column("device_id", sa.String(64), nullable=False, server_default=""),
    sa.Column("hub_id", sa.String(64), nullable=False, server_default=""),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("authorised_by", sa.String(200)),
    sa.Column("authorised_method", sa.String(16)),
    sa.Column("authorised_at", Time),
    sa.Column("approved_by", sa.String(200)),
    sa.Column("approved_at", Time),
    sa.Column("rejection_code", sa.String(64)),
    sa.Column("rejection_reason", sa.Text),
    sa.Column("flagged", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("reverses_id", Id, sa.ForeignKey("timebank_exchanges.id"), unique=True),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("group_id", Id),
    sa.Column("reward_id", Id),
    sa.Column("source", sa.String(32), nullable=False, server_default=""),
    sa.Column("received_at", Time, nullable=False),
    sa.CheckConstraint("minutes > 0", name="tb_exchange_minutes"),
    sa.CheckConstraint("payer_id <> payee_id", name="tb_exchange_parties"),
    sa.CheckConstraint("state in ('pending', 'confirmed', 'rejected')", name="tb_exchange_state"),
    sa.CheckConstraint("kind in ('transfer', 'donation', 'redemption', 'reversal')", name="tb_exchange_kind"),
)
sa.Index("timebank_exchanges_payer", timebank_exchanges.c.payer_id, timebank_exchanges.c.state)
sa.Index("timebank_exchanges_payee", timebank_exchanges.c.payee_id, timebank_exchanges.c.state)

timebank_entries = sa.Table(
    "timebank_entries",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("exchange_id", Id, sa.ForeignKey("timebank_exchanges.id"), nullable=False),
    sa.Column("account_id", Id, sa.ForeignKey("timebank_accounts.id"), nullable=False),
    sa.Column("minutes", sa.Integer, nullable=False),
    sa.Column("created_at", Time, nullable=False),
    sa.CheckConstraint("minutes <> 0", name="tb_entry_minutes"),
)
sa.Index("timebank_entries_account", timebank_entries.c.account_id)
sa.Index("timebank_entries_exchange", timebank_entries.c.exchange_id)

LEDGER_TABLES = (timebank_accounts, timebank_exchanges, timebank_entries)

# Columns fixed once an exchange is written (only state and approval may change, once).
_FIXED = ("id", "kind", "payer_id", "payee_id", "minutes", "category", "description", "service_date",
          "recorded_at", "recorded_by", "device_id", "hub_id", "reverses_id", "reason", "group_id",
          "reward_id", "source", "received_at")

_SQLITE_TRIGGERS = {
    timebank_entries: [
        "create trigger if not exists timebank_entries_no_update before update on timebank_entries "
        "begin select raise(abort, 'time-bank entries are never changed; record a reversal'); end",
        "create trigger if not exists timebank_entries_no_delete before delete on timebank_entries "
        "begin select raise(abort, 'time-bank entries are never deleted; record a reversal'); end",
    ],
    timebank_exchanges: [
        "create trigger if not exists timebank_exchanges_no_delete before delete on timebank_exchanges "
        "begin select raise(abort, 'time-bank exchanges are never deleted; record a reversal'); end",
        "create trigger if not exists timebank_exchanges_only_pending before update on timebank_exchanges "
        "when old.state <> 'pending' or " + " or ".join(f"new.{c} is not old.{c}" for c in _FIXED) + " "
        "begin select raise(abort, 'only a pending exchange changes, and only its state and approval'); end",
    ],
}

for _table, _statements in _SQLITE_TRIGGERS.items():
    for _statement in _statements:
        sa.event.listen(_table, "after_create", sa.DDL(_statement).execute_if(dialect="sqlite"))

