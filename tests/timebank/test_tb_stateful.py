"""Several offline devices and the council's real data layer, under random work and sync orders.

A Hypothesis state machine: three device databases (real ``kiosk.timebank``
code and offline rules) record earnings, claims, confirmations, spends,
donations and broker reversals while "offline", and sync (push, then pull) in
any order through the council's real push loop and change log. Invariants
after every step: the council's ledger and every device's ledger sum to zero;
posted rows never change; and once everyone has synced, every device shows the
council's confirmed balance, and no member is below zero unless a flagged
broker reversal took them there.
"""

import json
import uuid

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from tb_helpers import memory_db, organisation, person, record_results

from kiosk import mirror
from kiosk.settings import Settings
from kiosk.timebank import ledger, recording
from kiosk.timebank.errors import TimeBankError
from kiosk.timebank.ledger import Authorisation
from kiosk.timeutil import now_iso
from sync.server import db as council_db
from sync.server import operations, ops_timebank
from sync.server.timebank_tables import timebank_exchanges

BROKER = Authorisation("broker", "ann")
N_DEVICES = 3


@pytest.fixture(scope="module")
def council_engine(tmp_path_factory):
    engine = council_db.open_engine(tmp_path_factory.mktemp("council"))
    yield engine
    engine.dispose()


class Device:
    def __init__(self, engine, hub_id):
        self.engine = engine
        self.db = memory_db()
        self.id = str(uuid.uuid4())
        self.hub_id = hub_id
        Settings(self.db)["hub_id"] = hub_id
        Settings(self.db)["device_id"] = self.id
        self.sent_seq = 0
        with council_db.writing(engine) as conn:
            conn.execute(council_db.devices.insert().values(id=self.id, hub_id=hub_id, mode="assisted",
                                                            token_hash=uuid.uuid4().hex, enrolled_at=now_iso()))

    def push(self):
        rows = list(self.db.query("select * from outbox where seq > ? order by seq", [self.sent_seq]))
        if rows:
            ops = [{"op_id": r["op_id"], "seq": r["seq"], "op_type": r["op_type"], "record_key": r["record_key"],
                    "schema_version": r["schema_version"], "payload": json.loads(r["payload"])} for r in rows]
            results = operations.apply_batch(self.engine, operations.Device(self.id, self.hub_id, "assisted"), ops)
            assert all(r["status"] in ("applied", "rejected") for r in results), results
            record_results(self.db, results)
            self.sent_seq = rows[-1]["seq"]

    def pull(self):
        for _page in range(100):
            with council_db.reading(self.engine) as conn:
                page = council_db.pull(conn, council_db.scopes_for(self.id, self.hub_id), mirror.cursor(self.db), 500)
            mirror.apply_page(self.db, page.changes, page.cursor)
            if not page.has_more:
                return
        raise AssertionError("pull did not finish")


class OfflineLedger(RuleBasedStateMachine):
    engine = None  # set by the test

    @initialize()
    def set_up(self):
        hub = "hub-" + uuid.uuid4().hex[:8]
        with council_db.writing(self.engine) as conn:
            council_db.upsert_hub(conn, hub, hub)
        self.devices = [Device(self.engine, hub) for _ in range(N_DEVICES)]
        first = self.devices[0].db
        self.org = organisation(first)
        self.people = [person(first, f"P{i}")["id"] for i in range(3)]
        for device in self.devices:
            Settings(device.db)["timebank_offline_spend_cap_minutes"] = 240
            Settings(device.db)["timebank_offline_spend_count_limit"] = 3
        self.devices[0].push()
        for device in self.devices:
            device.pull()

    def _try(self, action):
        try:
            action()
        except TimeBankError as exc:
            assert exc.code and exc.message  # refused with a reason, nothing written

    @rule(d=st.integers(0, N_DEVICES - 1), p=st.integers(0, 2), minutes=st.integers(30, 600))
    def earn(self, d, p, minutes):
        self._try(lambda: recording.record_group_session(
            self.devices[d].db, organisation_id=self.org["id"], attendee_ids=[self.people[p]], minutes=minutes,
            category="events", recorded_by="vol"))

    @rule(d=st.integers(0, N_DEVICES - 1), a=st.integers(0, 2), b=st.integers(0, 2), minutes=st.integers(1, 200),
          agreed=st.booleans())
    def help(self, d, a, b, minutes, agreed):
        if a != b:
            self._try(lambda: recording.record_exchange(
                self.devices[d].db, giver_id=self.people[b], receiver_id=self.people[a], minutes=minutes,
                category="errands", recorded_by="vol", authorisation=BROKER if agreed else None))

    @rule(d=st.integers(0, N_DEVICES - 1), a=st.integers(0, 2), b=st.integers(0, 2), minutes=st.integers(1, 200))
    def donate(self, d, a, b, minutes):
        if a != b:
            self._try(lambda: recording.donate(self.devices[d].db, from_id=self.people[a], to_id=self.people[b],
                                               minutes=minutes, authorisation=BROKER, recorded_by="vol"))

    @rule(d=st.integers(0, N_DEVICES - 1), i=st.integers(0, 50))
    def confirm_a_claim(self, d, i):
        db = self.devices[d].db
        claims = [r["id"] for r in db.query("select id from tb_exchanges where state = 'pending' "
                                            "and authorised_method is null order by rowid")]
        if claims:
            self._try(lambda: recording.confirm_exchange(db, claims[i % len(claims)], BROKER))

    @rule(d=st.integers(0, N_DEVICES - 1), i=st.integers(0, 50))
    def reverse(self, d, i):
        db = self.devices[d].db
        done = [r["id"] for r in db.query(
            "select id from tb_exchanges x where state = 'confirmed' and kind <> 'reversal' and not exists "
            "(select 1 from tb_exchanges r where r.reverses_id = x.id) order by rowid")]
        if done:
            self._try(lambda: recording.reverse_exchange(db, done[i % len(done)], broker="ann", reason="mistake"))

    @rule(d=st.integers(0, N_DEVICES - 1), push=st.booleans())
    def sync(self, d, push):
        if push:
            self.devices[d].push()
        self.devices[d].pull()

    @rule()
    def everyone_syncs(self):
        for device in self.devices:
            device.push()
        for device in self.devices:
            device.pull()

    @invariant()
    def ledgers_sum_to_zero(self):
        with council_db.reading(self.engine) as conn:
            assert ops_timebank.ledger_total(conn) == 0
        for device in self.devices:
            assert ledger.ledger_total(device.db) == 0

    def teardown(self):
        if not hasattr(self, "devices"):
            return
        for device in self.devices:
            device.push()
        for device in self.devices:
            device.pull()
        with council_db.reading(self.engine) as conn:
            for account_id in [self.org["id"], *self.people]:
                council = ops_timebank.confirmed_balance(conn, account_id)
                for device in self.devices:
                    assert ledger.balance(device.db, account_id).confirmed == council
                    assert ledger.confirmed_sum(device.db, account_id) == council
                flagged_reversal = conn.execute(sa.select(sa.func.count()).select_from(timebank_exchanges).where(
                    timebank_exchanges.c.payer_id == account_id, timebank_exchanges.c.kind == "reversal",
                    timebank_exchanges.c.flagged.is_(True))).scalar()
                if account_id != self.org["id"] and not flagged_reversal:
                    assert council >= 0


def test_offline_devices_and_the_council_agree(council_engine):
    OfflineLedger.engine = council_engine
    machine = OfflineLedger.TestCase
    machine.settings = settings(max_examples=12, stateful_step_count=30, deadline=None,
                                suppress_health_check=[HealthCheck.too_slow])
    machine().runTest()
