"""Device tables of the time bank (sqlite-utils Migrations, listed in kiosk.store).

- ``tb_accounts``: members (people) and organisations; mutable profile data.
- ``tb_exchanges``: one row per exchange; only ``pending`` rows may change, and
  then only their state and approval columns (pending -> confirmed | rejected).
- ``tb_entries``: the movements; insert-only. At most two per exchange and the
  second must cancel the first, so every exchange sums to zero.
- ``tb_balances``: the council's balance snapshot per account (a mirror, may be cleared).
- ``tb_categories``, ``tb_rewards``: mirrored catalogues.
- ``tb_pin_failures``: wrong-PIN counter per account (this device only).

The append-only rules are SQLite triggers that ``RAISE(ABORT)``, so no code path
(including a stray ``sqlite3`` shell) can edit the posted ledger.
"""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

migrations = Migrations("kiosk.timebank")

# Columns of an exchange fixed once it is written.
EXCHANGE_FIXED_COLUMNS = (
    "id", "kind", "payer_id", "payee_id", "minutes", "category", "description", "service_date",
    "recorded_at", "recorded_by", "device_id", "hub_id", "reverses_id", "reason", "group_id",
    "reward_id", "source", "import_key", "origin",
)


@migrations()
def m001_timebank(db):
    db.execute("""
        create table tb_accounts (
            id text primary key,
            number text not null unique,
            kind text not null check (kind in ('person', 'organisation')),
            org_type text check (org_type is null or org_type in
                ('council_service', 'community_group', 'project', 'partner', 'system')),
            name text not null check (length(trim(name)) > 0),
            phone text not null default '',
            email text not null default '',
            postcode text not null default '',
            languages text not null default '[]',
            skills text not null default '[]',
            interests text not null default '[]',
            availability text not null default '',
            consent_wording text,
            consent_language text,
            consent_given_at text,
            consent_date text,
            badges text not null default '[]',
            pin_hash text,
            status text not null default 'pending' check (status in ('pending', 'active', 'suspended')),
            allow_negative integer not null default 0 check (allow_negative in (0, 1)),
            hub_id text not null default '',
            registered_by text not null default '',
            registered_at text not null,
            approved_by text,
            approved_at text,
            origin text not null default 'device' check (origin in ('device', 'server')),
            updated_at text not null
        )""")
    db.execute("create index tb_accounts_name on tb_accounts(name collate nocase)")
    db.execute("""
        create table tb_exchanges (
            id text primary key,
            kind text not null check (kind in ('transfer', 'donation', 'redemption', 'reversal')),
            payer_id text not null,
            payee_id text not null check (payee_id <> payer_id),
            minutes integer not null check (minutes > 0),
            category text not null check (length(category) > 0),
            description text not null default '',
            service_date text not null,
            recorded_at text not null,
            recorded_by text not null,
            device_id text not null default '',
            hub_id text not null default '',
            state text not null default 'pending' check (state in ('pending', 'confirmed', 'rejected')),
            authorised_by text,
            authorised_method text check (authorised_method is null or authorised_method in
                ('pin', 'broker', 'organisation')),
            authorised_at text,
            approved_by text,
            approved_at text,
            rejection_code text,
            rejection_reason text,
            flagged integer not null default 0,
            reverses_id text references tb_exchanges(id),
            reason text not null default '',
            group_id text,
            reward_id text,
            source text not null default 'assisted',
            import_key text,
            origin text not null default 'device' check (origin in ('device', 'server')),
            check (kind <> 'reversal' or (reverses_id is not null and length(trim(reason)) > 0))
        )""")
    db.execute("create index tb_exchanges_payer on tb_exchanges(payer_id, state)")
    db.execute("create index tb_exchanges_payee on tb_exchanges(payee_id, state)")
    db.execute("create unique index tb_exchanges_import_key on tb_exchanges(import_key) where import_key is not null")
    db.execute("create unique index tb_exchanges_one_reversal on tb_exchanges(reverses_id) where reverses_id is not null")
    db.execute("""
        create table tb_entries (
            id text primary key,
            exchange_id text not null references tb_exchanges(id),
            account_id text not null,
            minutes integer not null check (minutes <> 0),
            created_at text not null
        )""")
    db.execute("create index tb_entries_account on tb_entries(account_id)")
    db.execute("create index tb_entries_exchange on tb_entries(exchange_id)")
    fixed_changed = " or ".join(f"new.{c} is not old.{c}" for c in EXCHANGE_FIXED_COLUMNS)
    triggers = [
        """create trigger tb_entries_no_update before update on tb_entries
        begin select raise(abort, 'time-bank entries are never changed; record a reversal'); end""",
        """create trigger tb_entries_no_delete before delete on tb_entries
        begin select raise(abort, 'time-bank entries are never deleted; record a reversal'); end""",
        """create trigger tb_entries_double_entry before insert on tb_entries
        when (select count(*) from tb_entries where exchange_id = new.exchange_id) >= 2
          or (select count(*) from tb_entries where exchange_id = new.exchange_id) = 1
             and (select sum(minutes) from tb_entries where exchange_id = new.exchange_id) <> -new.minutes
          or abs(new.minutes) <> (select minutes from tb_exchanges where id = new.exchange_id)
        begin select raise(abort, 'an exchange has two entries that sum to zero'); end""",
        """create trigger tb_exchanges_no_delete before delete on tb_exchanges
        begin select raise(abort, 'time-bank exchanges are never deleted; record a reversal'); end""",
        f"""create trigger tb_exchanges_only_pending_changes before update on tb_exchanges
        when old.state <> 'pending' or {fixed_changed}
        begin select raise(abort, 'only a pending exchange changes, and only its state and approval'); end""",
    ]
    for statement in triggers:
        db.execute(statement)
    db.execute("""
        create table tb_balances (
            account_id text primary key,
            confirmed_minutes integer not null,
            as_of text not null
        )""")
    db.execute("""
        create table tb_categories (
            code text primary key,
            label text not null,
            active integer not null default 1
        )""")
    db.execute("""
        create table tb_rewards (
            id text primary key,
            name text not null,
            kind text not null,
            cost_minutes integer not null check (cost_minutes > 0),
            requires_server integer not null default 0,
            active integer not null default 1,
            data text not null default '{}'
        )""")
    db.execute("""
        create table tb_pin_failures (
            account_id text primary key,
            failures integer not null,
            last_failure_at text not null
        )""")


@migrations()
def m002_reversals_from_other_devices(db):
    # Two offline devices may both reverse one exchange; the council accepts one
    # and the device must still mirror it next to its own refused one. The
    # once-only rule lives in the code and on the council.
    db.execute("drop index tb_exchanges_one_reversal")
    db.execute("create index tb_exchanges_reverses on tb_exchanges(reverses_id) where reverses_id is not null")


@migrations()
def m003_names_are_encrypted(db):
    # Members' names are ciphertext now (kiosk.timebank.privacy): an index on them finds nothing.
    db.execute("drop index if exists tb_accounts_name")


@migrations()
def m004_member_admin(db):
    # A broker's member management (kiosk.timebank.member_admin): suspensions and reinstatements with
    # their reasons, and what a broker did about a flagged exchange (the exchange itself never changes).
    # Reasons and notes are encrypted (kiosk.timebank.privacy's key, bound to the row).
    db.execute("""
        create table tb_status_changes (
            id text primary key,
            account_id text not null,
            status text not null check (status in ('active', 'suspended')),
            reason text not null,
            by text not null,
            at text not null,
            origin text not null default 'device' check (origin in ('device', 'server'))
        )""")
    db.execute("create index tb_status_changes_account on tb_status_changes(account_id, at)")
    db.execute("""
        create table tb_flag_resolutions (
            exchange_id text primary key,
            action text not null check (action in ('accept', 'charge_again')),
            note text not null default '',
            by text not null,
            at text not null,
            new_exchange_id text,
            origin text not null default 'device' check (origin in ('device', 'server'))
        )""")
