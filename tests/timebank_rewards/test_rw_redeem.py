"""Redeeming rewards through a real council app (FastAPI TestClient): vouchers, the ledger, the dividend."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from kiosk.timebank import ledger, rewards
from kiosk.timebank.errors import TimeBankError
from kiosk.timebank.recording import REWARDS_ACCOUNT_ID
from rw_helpers import OKAFOR, lookup, member_with_credits, ready_device, redeem, set_terms
from sync.server import db as council_db
from sync.server.ops_timebank import confirmed_balance, ledger_total

SILVA = {"counciltax_reference": "40000002", "postcode": "SW9 8RR", "surname": "Silva"}


def council_balance(app, account_id: str) -> int:
    with council_db.reading(app.state.engine) as conn:
        return confirmed_balance(conn, account_id)


def test_council_tax_reduction_lowers_the_balance_the_council_tax_look_up_shows(council, tmp_path):
    """The issue's acceptance: device redeems -> push -> council applies -> the look-up shows it."""
    app, client = council
    device = ready_device(app, client, tmp_path / "d")
    before = lookup(client, device)
    ada = member_with_credits(device, "Ada", 900)

    voucher = redeem(device, ada, "council-tax-reduction", OKAFOR)
    assert voucher["status"] == "pending" and voucher["value_pence"] == 2500
    assert "Okafor" not in json.dumps(voucher) and "SW2" not in json.dumps(voucher)  # nothing personal shown
    results = device.sync()

    outcome = results[-1]["result"]
    assert outcome["state"] == "confirmed" and outcome["balance_minutes"] == 300
    assert outcome["voucher"]["code"] == voucher["code"]
    after = lookup(client, device)
    assert after["balance_pence"] == before["balance_pence"] - 2500
    assert after["paid_pence"] == before["paid_pence"] and after["annual_pence"] == before["annual_pence"]
    dividend = [p for p in after["recent_payments"] if p["method"] == "time_credits"]
    assert [p["amount_pence"] for p in dividend] == [2500]
    # The device learns the outcome: an issued voucher that validates, and the new balance.
    issued = rewards.voucher(device.db, rewards.format_code(voucher["code"]))
    assert issued["status"] == "issued" and issued["details"]["counciltax_credit_pence"] == 2500
    assert issued["details"]["counciltax_reference"].endswith("0001")
    assert ledger.balance(device.db, ada["id"]).confirmed == 300
    # Double entry to the council's rewards account; the whole ledger still sums to zero.
    with council_db.reading(app.state.engine) as conn:
        entries = conn.execute(sa.text("select account_id, minutes from timebank_entries where exchange_id = :x"),
                               {"x": voucher["exchange_id"]}).all()
        assert sorted(entries, key=lambda e: e.minutes) == [(ada["id"], -600), (REWARDS_ACCOUNT_ID, 600)]
        assert ledger_total(conn) == 0
    assert sum(r["minutes"] for r in device.db.query("select minutes from tb_entries")) == 0


def test_the_dividend_is_capped_per_member_per_year(council, tmp_path):
    app, client = council
    device = ready_device(app, client, tmp_path / "d")
    set_terms(app, "council-tax-reduction", cap_pence_per_year=5000)  # two redemptions of £25
    device.sync()
    ada = member_with_credits(device, "Ada", 1440, 600)
    ben = member_with_credits(device, "Ben", 600)
    start = lookup(client, device)["balance_pence"]
    for _ in range(2):
        redeem(device, ada, "council-tax-reduction", OKAFOR)
        assert device.sync()[-1]["result"]["state"] == "confirmed"
    third = redeem(device, ada, "council-tax-reduction", OKAFOR)
    outcome = device.sync()[-1]["result"]
    assert outcome["state"] == "rejected" and outcome["rejection"]["code"] == "yearly_cap"
    assert "£50.00" in outcome["rejection"]["message"]
    assert lookup(client, device)["balance_pence"] == start - 5000
    assert council_balance(app, ada["id"]) == 2040 - 1200  # the third took no credits
    refused = rewards.voucher(device.db, third["code"])
    assert refused["status"] == "refused" and refused["refusal_code"] == "yearly_cap"
    # The cap is per member: another member may still redeem for the same account.
    redeem(device, ben, "council-tax-reduction", OKAFOR)
    assert device.sync()[-1]["result"]["state"] == "confirmed"
    assert lookup(client, device)["balance_pence"] == start - 7500


def test_a_council_tax_account_that_does_not_match_takes_no_credits(council, tmp_path):
    app, client = council
    device = ready_device(app, client, tmp_path / "d")
    ada = member_with_credits(device, "Ada", 600)
    redeem(device, ada, "council-tax-reduction", {**SILVA, "surname": "Someone"})
    outcome = device.sync()[-1]["result"]
    assert outcome["rejection"]["code"] == "counciltax_account_not_found"
    assert council_balance(app, ada["id"]) == 600
    assert not [p for p in lookup(client, device, SILVA)["recent_payments"] if p["method"] == "time_credits"]


def test_offline_devices_refuse_council_tax_and_local_currency_and_keep_the_credits(council, tmp_path):
    app, client = council
    device = ready_device(app, client, tmp_path / "d")
    ada = member_with_credits(device, "Ada", 900)
    queued = device.db.execute("select count(*) from outbox").fetchone()[0]
    for reward_id, details in (("council-tax-reduction", OKAFOR), ("local-currency", None)):
        with pytest.raises(TimeBankError) as caught:
            redeem(device, ada, reward_id, details, online=False)
        assert caught.value.code == "needs_server"
        assert "offline" in caught.value.message and "have not been used" in caught.value.message
    assert device.db.execute("select count(*) from outbox").fetchone()[0] == queued
    assert rewards.vouchers(device.db, ada["id"]) == []
    assert ledger.balance(device.db, ada["id"]).available == 900
    # A discount needs no connection: it waits, pending, and is issued at the next sync.
    voucher = redeem(device, ada, "leisure-discount", online=False)
    assert voucher["status"] == "pending"
    device.sync()
    assert rewards.voucher(device.db, voucher["code"])["status"] == "issued"


def test_local_currency_has_an_issuing_record(council, tmp_path):
    app, client = council
    device = ready_device(app, client, tmp_path / "d")
    ada = member_with_credits(device, "Ada", 120)
    voucher = redeem(device, ada, "local-currency")
    device.sync()
    issued = rewards.voucher(device.db, voucher["code"])
    assert issued["details"] == {"amount_pence": 500, "currency": "Local Pound (demo)",
                                 "issuer": "Example Local Currency CIC (demo)"}
    with council_db.reading(app.state.engine) as conn:
        row = conn.execute(sa.text("select issuer, value_pence from timebank_vouchers where code = :c"),
                           {"c": voucher["code"]}).one()
    assert tuple(row) == ("Example Local Currency CIC (demo)", 500)


def test_bookings_are_limited_per_date_and_the_menu_shows_what_is_taken(council, tmp_path):
    app, client = council
    device = ready_device(app, client, tmp_path / "d")
    members = [member_with_credits(device, name, 180) for name in ("Ada", "Ben", "Cy")]
    day = (rewards.date.today() + rewards.timedelta(days=7)).isoformat()
    for member in members:
        redeem(device, member, "room-or-vehicle", {"booking_date": day})
    results = [r["result"] for r in device.sync() if r["op_type"] == "timebank.reward.redeem"]
    assert [r["state"] for r in results] == ["confirmed", "confirmed", "rejected"]
    assert results[2]["rejection"]["code"] == "fully_booked"
    assert council_balance(app, members[2]["id"]) == 180
    room = next(item for item in rewards.menu(device.db) if item["id"] == "room-or-vehicle")
    assert room["booked"] == {day: 2} and room["capacity_per_date"] == 2
    other_day = (rewards.date.today() + rewards.timedelta(days=8)).isoformat()
    redeem(device, members[2], "room-or-vehicle", {"booking_date": other_day})
    assert device.sync()[-1]["result"]["state"] == "confirmed"


def test_stock_runs_out(council, tmp_path):
    app, client = council
    device = ready_device(app, client, tmp_path / "d")
    set_terms(app, "cultural-activity", stock=1)
    device.sync()
    ada, ben = member_with_credits(device, "Ada", 120), member_with_credits(device, "Ben", 120)
    assert next(i for i in rewards.menu(device.db) if i["id"] == "cultural-activity")["stock_left"] == 1
    redeem(device, ada, "cultural-activity")
    redeem(device, ben, "cultural-activity")
    results = [r["result"] for r in device.sync() if r["op_type"] == "timebank.reward.redeem"]
    assert [r["state"] for r in results] == ["confirmed", "rejected"]
    assert results[1]["rejection"]["code"] == "out_of_stock"
    assert next(i for i in rewards.menu(device.db) if i["id"] == "cultural-activity")["stock_left"] == 0


def test_the_council_checks_eligibility_itself(council, tmp_path):
    """A device that skipped the checks (old software) cannot get a youth offer for a 30-year-old."""
    from kiosk.timebank import recording

    app, client = council
    device = ready_device(app, client, tmp_path / "d")
    ada = member_with_credits(device, "Ada", 120)
    auth = recording.authorise_with_pin(device.db, ada["id"], "4826")
    recording.redeem_reward(device.db, member_id=ada["id"], reward_id="youth-privilege", authorisation=auth,
                            recorded_by="vol-1", online=True, details={"date_of_birth": "1996-01-01"})
    outcome = device.sync()[-1]["result"]
    assert outcome["rejection"]["code"] == "not_eligible_age"
    assert council_balance(app, ada["id"]) == 120
    # On the device the same member is told at once.
    with pytest.raises(TimeBankError) as caught:
        redeem(device, ada, "youth-privilege", {"date_of_birth": "1996-01-01"})
    assert caught.value.code == "not_eligible_age"
    teen = redeem(device, ada, "youth-privilege", {"date_of_birth": "2011-05-01"})
    assert device.sync()[-1]["result"]["state"] == "confirmed"
    assert "date_of_birth" not in rewards.voucher(device.db, teen["code"])["details"]


def test_employment_support_is_recorded_as_the_members_choice(council, tmp_path):
    app, client = council
    device = ready_device(app, client, tmp_path / "d")
    ada = member_with_credits(device, "Ada", 120)
    with pytest.raises(TimeBankError) as caught:
        redeem(device, ada, "employment-support", {})
    assert caught.value.code == "not_eligible_unemployed"
    voucher = redeem(device, ada, "employment-support", {"unemployed": True})
    device.sync()
    issued = rewards.voucher(device.db, voucher["code"])
    assert issued["status"] == "issued" and issued["details"]["choice"] == "employment_support"
    assert [v["code"] for v in rewards.vouchers(device.db, ada["id"])] == [voucher["code"]]


def test_not_enough_confirmed_credits_is_refused_by_the_council_and_flagged(council, tmp_path):
    """Two devices spend the same credits offline; the council issues one voucher."""
    from tb_helpers import enrol_device

    app, client = council
    one = ready_device(app, client, tmp_path / "one")
    ada = member_with_credits(one, "Ada", 120)
    two = enrol_device(client, app.state.engine, tmp_path / "two")
    two.sync()
    first = redeem(one, ada, "leisure-discount", online=False)
    second = redeem(two, ada, "skills-exchange", online=False)
    one.sync()
    outcome = two.sync()[-1]["result"]
    assert outcome["state"] == "rejected" and outcome["flagged"] is True
    assert rewards.voucher(one.db, first["code"])["status"] == "issued"
    assert rewards.voucher(two.db, second["code"])["status"] == "refused"
    with council_db.reading(app.state.engine) as conn:
        assert conn.execute(sa.text("select count(*) from timebank_vouchers v join timebank_exchanges x "
                                    "on x.id = v.exchange_id where x.payer_id = :a"), {"a": ada["id"]}).scalar_one() == 1
