"""Offline rules: earning is always allowed; spending only within balance, cap and count."""

import pytest
from tb_helpers import confirm_locally, memory_db, organisation, person

from kiosk import i18n
from kiosk.settings import Settings
from kiosk.timebank import ledger, recording
from kiosk.timebank.errors import TimeBankError
from kiosk.timebank.ledger import Authorisation

BROKER = Authorisation("broker", "ann")


@pytest.fixture
def bank():
    tb = memory_db()
    org = organisation(tb)
    ada, ben, cy = person(tb, "Ada"), person(tb, "Ben"), person(tb, "Cy")
    for minutes in (300, 300):
        earned = recording.record_group_session(tb, organisation_id=org["id"], attendee_ids=[ada["id"]],
                                                minutes=minutes, category="events", recorded_by="vol")[0]
        confirm_locally(tb, earned["id"])
    return tb, org, ada, ben, cy


def spend(tb, payer, payee, minutes):
    return recording.record_exchange(tb, giver_id=payee["id"], receiver_id=payer["id"], minutes=minutes,
                                     category="errands", recorded_by="vol", authorisation=BROKER)


def test_earning_is_always_allowed_and_waits(bank):
    tb, org, ada, ben, cy = bank
    recording.record_exchange(tb, giver_id=ben["id"], receiver_id=cy["id"], minutes=600, category="errands",
                              recorded_by="vol")  # a claim: Cy has nothing, but nothing is spent yet
    assert ledger.balance(tb, ben["id"]).pending_credits == 600
    assert ledger.balance(tb, ben["id"]).available == 0


def test_spending_is_limited_to_confirmed_minus_pending_debits(bank):
    tb, org, ada, ben, cy = bank
    Settings(tb)["timebank_offline_spend_cap_minutes"] = 10_000
    spend(tb, ada, ben, 400)
    with pytest.raises(TimeBankError) as exc:
        spend(tb, ada, ben, 201)  # 600 confirmed - 400 pending = 200 available
    assert exc.value.code == "insufficient_balance"
    assert "3 hours 20 minutes" in exc.value.message
    spend(tb, ada, cy, 200)
    assert ledger.balance(tb, ada["id"]).available == 0
    # Donations are spends too.
    with pytest.raises(TimeBankError):
        recording.donate(tb, from_id=ada["id"], to_id=ben["id"], minutes=1, authorisation=BROKER, recorded_by="v")


def test_per_member_offline_cap(bank):
    tb, org, ada, ben, cy = bank
    Settings(tb)["timebank_offline_spend_cap_minutes"] = 120
    spend(tb, ada, ben, 90)
    with pytest.raises(TimeBankError) as exc:
        spend(tb, ada, ben, 31)
    assert exc.value.code == "offline_cap"
    spend(tb, ada, ben, 30)
    assert tb.execute("select count(*) from tb_exchanges where payer_id = ?", [ada["id"]]).fetchone()[0] == 2


def test_count_limit_and_it_resets_when_the_council_confirms(bank):
    tb, org, ada, ben, cy = bank
    Settings(tb)["timebank_offline_spend_count_limit"] = 2
    first = spend(tb, ada, ben, 10)
    spend(tb, ada, ben, 10)
    with pytest.raises(TimeBankError) as exc:
        spend(tb, ada, ben, 10)
    assert exc.value.code == "offline_count"
    confirm_locally(tb, first["id"])  # the next sync settles one of them
    spend(tb, ada, ben, 10)


def test_organisations_issue_credits_without_limits(bank):
    tb, org, ada, ben, cy = bank
    Settings(tb)["timebank_offline_spend_count_limit"] = 1
    recording.record_group_session(tb, organisation_id=org["id"], attendee_ids=[ben["id"], cy["id"]], minutes=600,
                                   category="events", recorded_by="vol")
    assert ledger.balance(tb, org["id"]).available < 0


def _reward(tb, requires_server):
    tb["tb_rewards"].insert({"id": "r1", "name": "Council tax reduction", "kind": "financial", "cost_minutes": 120,
                             "requires_server": int(requires_server), "active": 1})


def test_high_value_rewards_need_the_council_online(bank):
    tb, org, ada, ben, cy = bank
    _reward(tb, requires_server=True)
    i18n.set_language("en")
    with pytest.raises(TimeBankError) as exc:
        recording.redeem_reward(tb, member_id=ada["id"], reward_id="r1", authorisation=BROKER, recorded_by="v",
                                online=False)
    assert exc.value.code == "needs_server"
    assert "offline" in exc.value.message and "not been used" in exc.value.message
    assert ledger.balance(tb, ada["id"]).available == 600
    redeemed = recording.redeem_reward(tb, member_id=ada["id"], reward_id="r1", authorisation=BROKER,
                                       recorded_by="v", online=True)
    assert redeemed["kind"] == "redemption" and redeemed["payee_id"] == recording.REWARDS_ACCOUNT_ID
    assert ledger.balance(tb, ada["id"]).available == 480


def test_a_pin_only_agrees_for_its_own_member(bank):
    tb, org, ada, ben, cy = bank
    with pytest.raises(TimeBankError) as exc:
        recording.record_exchange(tb, giver_id=ben["id"], receiver_id=ada["id"], minutes=30, category="errands",
                                  recorded_by="vol", authorisation=Authorisation("pin", ben["id"]))
    assert exc.value.code == "pin_not_payer"
