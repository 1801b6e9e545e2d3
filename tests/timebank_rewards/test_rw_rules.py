"""The rewards' rules, on their own: details, eligibility, stock and capacity, the yearly cap, voucher codes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.timebank import rewards
from kiosk.timebank.errors import TimeBankError

TODAY = date(2026, 11, 22)


def terms(**values) -> rewards.Terms:
    return rewards.Terms.from_data({"terms": values})


def refused(code: str, fn, *args, **kwargs) -> str:
    with pytest.raises(TimeBankError) as caught:
        fn(*args, **kwargs)
    assert caught.value.code == code
    return caught.value.message


def test_council_tax_reduction_needs_the_account_details_and_converts_at_the_rate():
    ct = terms(reward_kind="council_tax_reduction", pence_per_hour=250, cap_pence_per_year=10000)
    message = refused("details_missing", rewards.clean_details, ct, {"counciltax_reference": "40000001"}, today=TODAY)
    assert "postcode" in message
    clean = rewards.clean_details(ct, {"counciltax_reference": " 40000001 ", "postcode": "SW2 1RW",
                                       "surname": "Okafor", "unrelated": "dropped"}, today=TODAY)
    assert clean == {"counciltax_reference": "40000001", "postcode": "SW2 1RW", "surname": "Okafor"}
    assert ct.value_pence(600) == 2500          # 10 hours at £2.50
    assert ct.value_pence(90) == 375            # 1.5 hours
    assert terms(reward_kind="council_tax_reduction", pence_per_hour=333).value_pence(1) == 6  # 5.55p rounds up


def test_the_yearly_cap_counts_what_was_already_credited():
    ct = terms(reward_kind="council_tax_reduction", pence_per_hour=250, cap_pence_per_year=10000)
    rewards.check_yearly_cap(ct, credited_this_year=7500, value=2500)  # exactly the cap
    message = refused("yearly_cap", rewards.check_yearly_cap, ct, credited_this_year=7600, value=2500)
    assert "£100.00" in message and "£24.00" in message


def test_age_limits_use_the_birthday():
    youth = terms(reward_kind="youth_offer", min_age=13, max_age=19)
    refused("date_of_birth", rewards.clean_details, youth, {}, today=TODAY)
    thirteen_today = rewards.clean_details(youth, {"date_of_birth": "2013-11-22"}, today=TODAY)
    rewards.check_eligibility(youth, member_hub="h", details=thirteen_today, today=TODAY)
    thirteen_tomorrow = rewards.clean_details(youth, {"date_of_birth": "2013-11-23"}, today=TODAY)
    refused("not_eligible_age", rewards.check_eligibility, youth, member_hub="h", details=thirteen_tomorrow,
            today=TODAY)
    twenty = rewards.clean_details(youth, {"date_of_birth": "2006-11-22"}, today=TODAY)
    assert "13 to 19" in refused("not_eligible_age", rewards.check_eligibility, youth, member_hub="h",
                                 details=twenty, today=TODAY)


def test_hub_membership_and_employment_support_for_the_unemployed_only():
    local = terms(reward_kind="discount", hubs=["demo-hub-elm"])
    refused("not_eligible_hub", rewards.check_eligibility, local, member_hub="demo-hub-sunflower", details={},
            today=TODAY)
    rewards.check_eligibility(local, member_hub="demo-hub-elm", details={}, today=TODAY)
    jobs = terms(reward_kind="employment_support", unemployed_only=True)
    working = rewards.clean_details(jobs, {}, today=TODAY)
    refused("not_eligible_unemployed", rewards.check_eligibility, jobs, member_hub="h", details=working, today=TODAY)
    looking = rewards.clean_details(jobs, {"unemployed": True}, today=TODAY)
    rewards.check_eligibility(jobs, member_hub="h", details=looking, today=TODAY)
    assert looking["choice"] == "employment_support"  # recorded as the member's own choice


def test_stock_and_capacity_per_date():
    stocked = terms(reward_kind="discount", stock=3)
    rewards.check_availability(stocked, issued=2)
    refused("out_of_stock", rewards.check_availability, stocked, issued=3)
    rewards.check_availability(terms(reward_kind="skills"), issued=10_000)  # no stock: no limit
    room = terms(reward_kind="booking", capacity_per_date=2, booking_days_ahead=30)
    rewards.check_availability(room, issued=50, booked_that_day=1)
    refused("fully_booked", rewards.check_availability, room, issued=50, booked_that_day=2)
    refused("booking_date", rewards.clean_details, room, {}, today=TODAY)
    refused("booking_date", rewards.clean_details, room, {"booking_date": "2026-11-21"}, today=TODAY)
    refused("booking_date", rewards.clean_details, room, {"booking_date": "2026-12-23"}, today=TODAY)
    assert rewards.clean_details(room, {"booking_date": "2026-12-22"}, today=TODAY) == {"booking_date": "2026-12-22"}


def test_a_menu_item_without_terms_is_a_plain_discount():
    assert rewards.reward_terms({"data": "{}"}).reward_kind == "discount"
    assert rewards.reward_terms({"data": '{"terms": {"reward_kind": "nonsense"}}'}).reward_kind == "discount"


def test_voucher_codes_are_stable_readable_and_checked():
    code = rewards.voucher_code_for("3f0c9a44-7d1e-4d2c-9a53-6c1d7f1b2e10")
    assert code == rewards.voucher_code_for("3f0c9a44-7d1e-4d2c-9a53-6c1d7f1b2e10")
    assert len(code) == 9 and not set(code) & set("01OI")
    shown = rewards.format_code(code)
    assert rewards.parse_voucher_code(shown.lower()) == code
    assert rewards.parse_voucher_code(rewards.qr_payload(code)) == code
    assert rewards.parse_voucher_code(" " + shown + " ") == code
    refused("voucher_code", rewards.parse_voucher_code, code[:-1])
    refused("voucher_code", rewards.parse_voucher_code, "")


@settings(max_examples=200, deadline=None)
@given(st.uuids(), st.integers(0, 8), st.integers(1, 31))
def test_every_single_wrong_character_is_caught(exchange_id, position, shift):
    code = rewards.voucher_code_for(str(exchange_id))
    wrong = rewards.ALPHABET[(rewards.ALPHABET.index(code[position]) + shift) % 32]
    typo = code[:position] + wrong + code[position + 1:]
    with pytest.raises(TimeBankError):
        rewards.parse_voucher_code(typo)


@settings(max_examples=200, deadline=None)
@given(st.uuids(), st.integers(0, 7))
def test_swapping_two_neighbours_is_caught_when_they_differ(exchange_id, position):
    code = rewards.voucher_code_for(str(exchange_id))
    a, b = code[position], code[position + 1]
    swapped = code[:position] + b + a + code[position + 2:]
    if a != b and {rewards.ALPHABET.index(a), rewards.ALPHABET.index(b)} != {0, 31}:
        with pytest.raises(TimeBankError):
            rewards.parse_voucher_code(swapped)
