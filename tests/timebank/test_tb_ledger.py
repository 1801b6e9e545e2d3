"""The device ledger: double entry, append-only enforced by SQLite itself, balances."""

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tb_helpers import confirm_locally, memory_db, organisation, person

from kiosk.settings import Settings

from kiosk.timebank import ledger, recording
from kiosk.timebank.ledger import Authorisation


@pytest.fixture
def posted(tb):
    org = organisation(tb)
    ada = person(tb, "Ada")
    exchange = recording.record_group_session(tb, organisation_id=org["id"], attendee_ids=[ada["id"]], minutes=90,
                                              category="gardening", recorded_by="vol")[0]
    return tb, exchange


def test_entries_cannot_be_updated_or_deleted(posted):
    tb, exchange = posted
    with pytest.raises(sqlite3.IntegrityError, match="never changed"):
        tb.execute("update tb_entries set minutes = minutes * 2")
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        tb.execute("delete from tb_entries")
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        tb.execute("delete from tb_exchanges")
    assert tb["tb_entries"].count == 2 and ledger.ledger_total(tb) == 0


def test_a_pending_exchange_only_changes_state_and_a_settled_one_never(posted):
    tb, exchange = posted
    with pytest.raises(sqlite3.IntegrityError):
        tb.execute("update tb_exchanges set minutes = 600 where id = ?", [exchange["id"]])
    with pytest.raises(sqlite3.IntegrityError):
        tb.execute("update tb_exchanges set payee_id = payer_id where id = ?", [exchange["id"]])
    confirm_locally(tb, exchange["id"])
    with pytest.raises(sqlite3.IntegrityError):
        tb.execute("update tb_exchanges set state = 'rejected' where id = ?", [exchange["id"]])
    with pytest.raises(sqlite3.IntegrityError):
        tb.execute("update tb_exchanges set description = 'changed' where id = ?", [exchange["id"]])


def test_the_database_refuses_entries_that_do_not_balance(posted):
    tb, exchange = posted
    row = {"exchange_id": exchange["id"], "account_id": exchange["payer_id"], "created_at": "x"}
    with pytest.raises(sqlite3.IntegrityError, match="sum to zero"):
        tb["tb_entries"].insert({"id": "third", "minutes": -90, **row})
    tb.execute("insert into tb_exchanges (id, kind, payer_id, payee_id, minutes, category, service_date, "
               "recorded_at, recorded_by) values ('x2', 'transfer', 'a', 'b', 30, 'other', '2026-01-01', 'now', 'me')")
    tb["tb_entries"].insert({"id": "e1", "exchange_id": "x2", "account_id": "a", "minutes": -30, "created_at": "x"})
    with pytest.raises(sqlite3.IntegrityError, match="sum to zero"):
        tb["tb_entries"].insert({"id": "e2", "exchange_id": "x2", "account_id": "b", "minutes": 20, "created_at": "x"})
    with pytest.raises(sqlite3.IntegrityError, match="sum to zero"):
        tb["tb_entries"].insert({"id": "e3", "exchange_id": "x2", "account_id": "b", "minutes": 31, "created_at": "x"})


def test_balance_confirmed_and_available_now(tb):
    org = organisation(tb)
    ada, ben = person(tb, "Ada", pin="4821"), person(tb, "Ben")
    earned = recording.record_group_session(tb, organisation_id=org["id"], attendee_ids=[ada["id"]], minutes=180,
                                            category="events", recorded_by="vol")[0]
    assert ledger.balance(tb, ada["id"]).confirmed == 0
    assert ledger.balance(tb, ada["id"]).pending_credits == 180  # earning waits, pending
    confirm_locally(tb, earned["id"])
    spend = recording.record_exchange(tb, giver_id=ben["id"], receiver_id=ada["id"], minutes=60, category="errands",
                                      recorded_by="vol", authorisation=recording.authorise_with_pin(tb, ada["id"], "4821"))
    bal = ledger.balance(tb, ada["id"])
    assert (bal.confirmed, bal.pending_debits, bal.available) == (180, 60, 120)
    confirm_locally(tb, spend["id"])
    bal = ledger.balance(tb, ada["id"])
    assert (bal.confirmed, bal.available) == (120, 120)
    assert [row["signed_minutes"] for row in ledger.statement(tb, ada["id"])] == sorted([180, -60])


def test_reversal_is_a_new_linked_exchange_with_a_reason(tb):
    org = organisation(tb)
    ada = person(tb, "Ada")
    original = recording.record_group_session(tb, organisation_id=org["id"], attendee_ids=[ada["id"]], minutes=120,
                                              category="events", recorded_by="vol")[0]
    with pytest.raises(Exception):
        recording.reverse_exchange(tb, original["id"], broker="ann", reason="typo")  # still pending
    confirm_locally(tb, original["id"])
    with pytest.raises(Exception):
        recording.reverse_exchange(tb, original["id"], broker="ann", reason=" ")
    reversal = recording.reverse_exchange(tb, original["id"], broker="ann", reason="entered twice")
    assert (reversal["payer_id"], reversal["payee_id"], reversal["minutes"]) == (ada["id"], org["id"], 120)
    assert reversal["reverses_id"] == original["id"] and reversal["kind"] == "reversal"
    assert ledger.get_exchange(tb, original["id"])["state"] == "confirmed"  # the original is untouched
    with pytest.raises(Exception):
        recording.reverse_exchange(tb, original["id"], broker="ann", reason="again")


# --- invariants over random sequences ----------------------------------------

actions = st.lists(st.tuples(st.sampled_from(["earn", "spend", "settle", "reject", "reverse", "donate"]),
                             st.integers(0, 3), st.integers(0, 3), st.integers(1, 240)), max_size=25)


@settings(max_examples=40, deadline=None)
@given(script=actions)
def test_ledger_always_sums_to_zero_and_balances_equal_their_entries(script):
    tb = memory_db()
    Settings(tb)["timebank_offline_spend_count_limit"] = 1000
    Settings(tb)["timebank_offline_spend_cap_minutes"] = 100000
    org = organisation(tb)
    people = [person(tb, f"P{i}") for i in range(4)]
    for action, a, b, minutes in script:
        pending = [r["id"] for r in tb.query("select id from tb_exchanges where state = 'pending' order by rowid")]
        confirmed = [r["id"] for r in tb.query(
            "select id from tb_exchanges x where state = 'confirmed' and kind <> 'reversal' and not exists "
            "(select 1 from tb_exchanges r where r.reverses_id = x.id) order by rowid")]
        try:
            if action == "earn":
                recording.record_group_session(tb, organisation_id=org["id"], attendee_ids=[people[a]["id"]],
                                               minutes=minutes, category="events", recorded_by="vol")
            elif action == "spend" and a != b:
                recording.record_exchange(tb, giver_id=people[b]["id"], receiver_id=people[a]["id"], minutes=minutes,
                                          category="errands", recorded_by="vol",
                                          authorisation=Authorisation("broker", "ann"))
            elif action == "donate" and a != b:
                recording.donate(tb, from_id=people[a]["id"], to_id=people[b]["id"], minutes=minutes,
                                 authorisation=Authorisation("broker", "ann"), recorded_by="vol")
            elif action in ("settle", "reject") and pending:
                confirm_locally(tb, pending[a % len(pending)], "confirmed" if action == "settle" else "rejected")
            elif action == "reverse" and confirmed:
                recording.reverse_exchange(tb, confirmed[a % len(confirmed)], broker="ann", reason="mistake")
        except Exception as exc:  # refusals (not enough credits) are part of the game
            assert getattr(exc, "code", None), exc
        assert ledger.ledger_total(tb) == 0
    for row in tb.query("select exchange_id, sum(minutes) s, count(*) n from tb_entries group by exchange_id"):
        assert row["s"] == 0 and row["n"] == 2
    assert tb["tb_entries"].count == 2 * tb["tb_exchanges"].count
    for account in [org, *people]:
        bal = ledger.balance(tb, account["id"])
        assert bal.confirmed == ledger.confirmed_sum(tb, account["id"])
    # The device never lets an agreed spend exceed what was available when it was made,
    # so with every spend settled no member's confirmed balance is below zero
    # except through a broker's reversal of credit they had already spent.
    reversals = {r["payer_id"] for r in tb.query("select payer_id from tb_exchanges where kind = 'reversal'")}
    for p in people:
        if p["id"] not in reversals:
            assert ledger.confirmed_sum(tb, p["id"]) >= 0
