"""The council ledger under random operations from several devices (Hypothesis, real data layer).

Operations arrive in any order and mix: help recorded with and without
agreement, confirmations, donations, broker reversals, resends, malformed
double entries. After every operation: the whole ledger sums to zero, every
exchange has two entries that cancel, every balance is the sum of its entries,
and no member's confirmed balance is below zero unless a flagged broker
reversal took it there.
"""

import uuid

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.timebank import numbers
from kiosk.timebank.amounts import today_london
from kiosk.timeutil import now_iso
from sync.server import db as council_db
from sync.server import operations, ops_timebank
from sync.server.operations import Device
from sync.server.timebank_tables import timebank_accounts, timebank_entries, timebank_exchanges

HUB = "demo-hub-sunflower"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = council_db.open_engine(tmp_path_factory.mktemp("council"))
    with council_db.writing(engine) as conn:
        council_db.upsert_hub(conn, HUB, "Sunflower")
        for i in range(3):
            conn.execute(council_db.devices.insert().values(id=f"dev-{i}", hub_id=HUB, mode="assisted",
                                                            token_hash=f"t{i}", enrolled_at=now_iso()))
    yield engine
    engine.dispose()


def _op(op_type, payload):
    return {"op_id": str(uuid.uuid4()), "seq": 0, "op_type": op_type, "record_key": None, "schema_version": 1,
            "payload": payload}


def _account(kind):
    now = now_iso()
    return {"id": str(uuid.uuid4()), "number": numbers.new_number(), "kind": kind,
            "org_type": "community_group" if kind == "organisation" else None, "name": kind, "languages": [],
            "skills": [], "interests": [], "badges": [], "consent_wording": "ok" if kind == "person" else None,
            "consent_given_at": now if kind == "person" else None, "status": "active", "registered_at": now}


def _exchange(kind, payer, payee, minutes, auth, reverses=None):
    return {"id": str(uuid.uuid4()), "kind": kind, "payer_id": payer, "payee_id": payee, "minutes": minutes,
            "category": "correction" if kind == "reversal" else "events", "service_date": today_london().isoformat(),
            "recorded_at": now_iso(), "recorded_by": "vol", "state": "pending",
            "authorised_method": auth[0] if auth else None, "authorised_by": auth[1] if auth else None,
            "reverses_id": reverses, "reason": "mistake" if reverses else "",
            "entries": [{"id": str(uuid.uuid4()), "account_id": payer, "minutes": -minutes},
                        {"id": str(uuid.uuid4()), "account_id": payee, "minutes": minutes}]}


steps = st.lists(st.tuples(st.sampled_from(["earn", "claim", "spend", "confirm", "donate", "reverse", "resend",
                                            "unbalanced"]),
                           st.integers(0, 2), st.integers(0, 2), st.integers(1, 300), st.integers(0, 2)),
                 min_size=1, max_size=20)


@settings(max_examples=30, deadline=None)
@given(script=steps)
def test_council_ledger_invariants(engine, script):
    org = _account("organisation")
    people = [_account("person") for _ in range(3)]
    sent = []
    for account in [org, *people]:
        outcome = apply(engine, Device("dev-0", HUB, "assisted"), _op("timebank.member.register", account))
        assert outcome["status"] == "applied", outcome
    ids = [p["id"] for p in people]
    claims: list[str] = []
    confirmed: list[str] = []
    for action, a, b, minutes, dev in script:
        device = Device(f"dev-{dev}", HUB, "assisted")
        op = None
        if action == "earn":
            op = _op("timebank.exchange.record", _exchange("transfer", org["id"], ids[a], minutes,
                                                           ("organisation", "vol")))
        elif action == "claim" and a != b:
            op = _op("timebank.exchange.record", _exchange("transfer", ids[a], ids[b], minutes, None))
        elif action == "spend" and a != b:
            op = _op("timebank.exchange.record", _exchange("transfer", ids[a], ids[b], minutes, ("pin", ids[a])))
        elif action == "donate" and a != b:
            op = _op("timebank.donate", {**_exchange("donation", ids[a], ids[b], minutes, ("pin", ids[a])),
                                         "category": "gift"})
        elif action == "confirm" and claims:
            claim = claims[a % len(claims)]
            payer = ops_timebank_payer(engine, claim)
            op = _op("timebank.exchange.confirm", {"exchange_id": claim, "method": "pin", "by": payer,
                                                   "at": now_iso()})
        elif action == "reverse" and confirmed:
            original = confirmed[a % len(confirmed)]
            row = exchange_row(engine, original)
            op = _op("timebank.exchange.reverse", _exchange("reversal", row.payee_id, row.payer_id, row.minutes,
                                                            ("broker", "ann"), reverses=original))
        elif action == "resend" and sent:
            op, device = sent[a % len(sent)]  # the same operation again, from the device that sent it
        elif action == "unbalanced":
            payload = _exchange("transfer", org["id"], ids[a], minutes, ("organisation", "vol"))
            payload["entries"][1]["minutes"] += 1
            op = _op("timebank.exchange.record", payload)
        if op is None:
            continue
        outcome = apply(engine, device, op)
        assert outcome["status"] in ("applied", "rejected"), outcome
        if action == "unbalanced":
            assert outcome["status"] == "rejected"
        if outcome["status"] == "applied" and action != "resend":
            sent.append((op, device))
            result = outcome["result"]
            if result.get("state") == "pending":
                claims.append(result["exchange_id"])
            if result.get("state") == "confirmed" and op["op_type"] != "timebank.exchange.reverse":
                confirmed.append(result["exchange_id"])
        if action == "resend":
            assert outcome["duplicate"] is True
        check_invariants(engine, [org["id"], *ids])


def apply(engine, device, op):
    """One operation as its own push batch (the public entry point of the push loop)."""
    return operations.apply_batch(engine, device, [op])[0]


def ops_timebank_payer(engine, exchange_id):
    return exchange_row(engine, exchange_id).payer_id


def exchange_row(engine, exchange_id):
    with council_db.reading(engine) as conn:
        return ops_timebank.get_exchange(conn, exchange_id)


def check_invariants(engine, account_ids):
    with council_db.reading(engine) as conn:
        assert ops_timebank.ledger_total(conn) == 0
        per_exchange = conn.execute(
            sa.select(timebank_entries.c.exchange_id, sa.func.sum(timebank_entries.c.minutes), sa.func.count())
            .group_by(timebank_entries.c.exchange_id)).all()
        assert all(total == 0 and count == 2 for _id, total, count in per_exchange)
        n_exchanges = conn.execute(sa.select(sa.func.count()).select_from(timebank_exchanges)).scalar()
        assert len(per_exchange) == n_exchanges
        for account_id in account_ids:
            balance = ops_timebank.confirmed_balance(conn, account_id)
            kind = conn.execute(sa.select(timebank_accounts.c.kind)
                                .where(timebank_accounts.c.id == account_id)).scalar()
            flagged_reversal = conn.execute(sa.select(sa.func.count()).select_from(timebank_exchanges).where(
                timebank_exchanges.c.payer_id == account_id, timebank_exchanges.c.kind == "reversal",
                timebank_exchanges.c.flagged.is_(True))).scalar()
            if kind == "person" and not flagged_reversal:
                assert balance >= 0, (account_id, balance)
