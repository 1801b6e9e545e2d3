"""The bill calculator against the statutory rules, with cases worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kiosk.counciltax.calculator import (
    BillRequest, CalculationError, Discount, breakdown, calculate, discount_for,
)
from kiosk.counciltax.charges import Charges, ChargesError, Element, load_charges, parse_charges
from kiosk.paths import resources_dir

DEMO_CHARGES = resources_dir() / "demo" / "charges-2025.json"


def charges_of(*band_d: str, year: int = 2025) -> Charges:
    return parse_charges({"year": year, "authority": "Test Borough",
                          "elements": [{"name": f"e{i}", "band_d": v} for i, v in enumerate(band_d)]})


def lines(bill):
    return {line.code: line.amount_pence for line in bill.lines}


def test_bands_come_from_the_band_d_total_rounded_half_up():
    # Band D total £1,234.57 = 123457p.  A: 123457*6/9 = 82304.67 -> 82305;  B: *7/9 = 96022.11 -> 96022;
    # C: *8/9 = 109739.56 -> 109740;  E: *11/9 = 150891.89 -> 150892;  H: *18/9 = 246914 exactly.
    charges = charges_of("1000.00", "234.57")
    expected = {"A": 82305, "B": 96022, "C": 109740, "D": 123457, "E": 150892, "H": 246914}
    for band, pence in expected.items():
        assert calculate(charges, BillRequest(band)).band_charge_pence == pence


def test_element_shares_reconcile_with_the_band_charge():
    # Demo: borough 1463.56*8/9 = 1300.942 -> 1300.94; GLA 490.38*8/9 = 435.893 -> 435.89; they add to 1736.83,
    # but Band C from the total 1953.94*8/9 = 1736.836 -> 1736.84: the borough's line takes the extra penny.
    bill = calculate(load_charges(DEMO_CHARGES), BillRequest("c"))
    assert bill.band_charge_pence == 173684
    assert [(e.band_pence, e.rounding_pence) for e in bill.elements] == [(130095, 1), (43589, 0)]
    assert sum(e.band_pence for e in bill.elements) == bill.band_charge_pence
    assert "(includes 1p rounding)" in "\n".join(breakdown(bill))


def test_single_person_discount_rounds_the_half_penny_up():
    # Band D £1,000.10: 25% = 25002.5p -> 25003p (half-up; banker's rounding would give 25002).
    bill = calculate(charges_of("1000.10"), BillRequest("D", discount=Discount.SINGLE_PERSON))
    assert lines(bill)["single_person"] == -25003
    assert bill.payable_pence == 75007
    assert bill.annual_pence == 75007


def test_disregards():
    assert discount_for(1) is Discount.SINGLE_PERSON
    assert discount_for(2, 1) is Discount.ONE_NOT_DISREGARDED
    assert discount_for(2, 2) is Discount.ALL_DISREGARDED
    assert discount_for(3, 1) is Discount.NONE
    with pytest.raises(CalculationError):
        discount_for(1, 2)
    charges = charges_of("1200.00")
    assert calculate(charges, BillRequest("D", discount=discount_for(2, 1))).payable_pence == 90000
    assert calculate(charges, BillRequest("D", discount=discount_for(2, 2))).payable_pence == 60000
    exempt = calculate(charges, BillRequest("D", discount=Discount.EXEMPT))
    assert exempt.payable_pence == 0 and exempt.schedule.instalments == ()


def test_disabled_band_reduction_one_band_down_and_band_a():
    charges = load_charges(DEMO_CHARGES)  # Band D total £1,953.94
    # Band C reduced: charged as Band B, 1953.94*7/9 = 1519.731 -> 1519.73.
    assert calculate(charges, BillRequest("C", disabled_reduction=True)).band_charge_pence == 151973
    # Band A reduced: Band A less 1/9 of Band D = 5/9 of 1953.94 = 1085.522 -> 1085.52 (Band A is 1302.63).
    reduced = calculate(charges, BillRequest("A", disabled_reduction=True))
    assert reduced.band_charge_pence == 108552
    assert calculate(charges, BillRequest("A")).band_charge_pence == 130263
    assert "Band A less 1/9 of Band D" in reduced.lines[1].label


def test_premiums_from_the_charges_and_explicit():
    charges = load_charges(DEMO_CHARGES)
    assert calculate(charges, BillRequest("D", premium="empty_10y")).payable_pence == 195394 * 4
    assert calculate(charges, BillRequest("D", premium="second_home")).payable_pence == 195394 * 2
    # 50% of 1953.94 = 976.97
    assert lines(calculate(charges, BillRequest("D", premium_percent=Decimal(50))))["premium"] == 97697
    custom = parse_charges({**charges.to_json(), "premiums": {"second_home": "50"}})
    assert calculate(custom, BillRequest("D", premium="second_home")).payable_pence == 195394 + 97697
    with pytest.raises(CalculationError):
        calculate(charges, BillRequest("D", premium="second_home", discount=Discount.SINGLE_PERSON))


def test_council_tax_reduction_is_a_percentage_after_discounts():
    # Band D £1,000.10 with SPD -> 750.07; CTR 80% of 750.07 = 600.056 -> 600.06; to pay 150.01.
    bill = calculate(charges_of("1000.10"), BillRequest("D", discount=Discount.SINGLE_PERSON,
                                                        ctr_percent=Decimal(80)))
    assert lines(bill)["ctr"] == -60006
    assert bill.payable_pence == 15001
    full = calculate(charges_of("1000.10"), BillRequest("D", ctr_percent=Decimal(100)))
    assert full.payable_pence == 0


def test_part_year_counts_days_and_leap_years():
    # Moving in on 1 January: 31 + 28 + 31 = 90 of 365 days in 2025/26; 31 + 29 + 31 = 91 of 366 in 2027/28.
    plain = calculate(charges_of("1000.00", year=2025), BillRequest("D", start=date(2026, 1, 1)))
    assert (plain.days_liable, plain.days_in_year) == (90, 365)
    assert plain.payable_pence == 24658          # 100000 * 90/365 = 24657.53
    leap = calculate(charges_of("1000.00", year=2027), BillRequest("D", start=date(2028, 1, 1)))
    assert (leap.days_liable, leap.days_in_year) == (91, 366)
    assert leap.payable_pence == 24863           # 100000 * 91/366 = 24863.39
    # Moving out on 2 April: liable for 1 April only (the move-out day is not charged).
    one_day = calculate(charges_of("1000.00"), BillRequest("D", end=date(2025, 4, 2)))
    assert one_day.days_liable == 1 and one_day.payable_pence == 274   # 100000/365 = 273.97
    assert lines(one_day)["part_year"] == 274 - 100000
    whole = calculate(charges_of("1000.00"), BillRequest("D", end=date(2026, 4, 1)))
    assert whole.days_liable == 365 and "part_year" not in lines(whole)


def test_lines_add_up_to_the_total():
    charges = load_charges(DEMO_CHARGES)
    bill = calculate(charges, BillRequest("E", discount=Discount.SINGLE_PERSON, ctr_percent=Decimal("33.3"),
                                          start=date(2025, 9, 17), end=date(2026, 2, 3)))
    summed = sum(line.amount_pence for line in bill.lines if line.kind in ("charge", "adjustment"))
    assert summed == bill.payable_pence == bill.schedule.total_pence


@pytest.mark.parametrize("request_, message", [
    (BillRequest("D", start=date(2024, 6, 1)), "move-in date must be within"),
    (BillRequest("D", end=date(2026, 4, 2)), "move-out date must be within"),
    (BillRequest("D", start=date(2025, 6, 1), end=date(2025, 6, 1)), "after the move-in date"),
    (BillRequest("D", ctr_percent=Decimal(101)), "from 0 to 100"),
    (BillRequest("D", premium="castle"), "Unknown premium"),
])
def test_impossible_requests_are_explained(request_, message):
    with pytest.raises(CalculationError, match=message):
        calculate(charges_of("1000.00"), request_)


@pytest.mark.parametrize("doc, message", [
    ([], "JSON object"),
    ({"authority": "x", "elements": [{"name": "a", "band_d": "1"}]}, "year"),
    ({"year": 2025, "elements": [{"name": "a", "band_d": "1"}]}, "authority"),
    ({"year": 2025, "authority": "x", "elements": []}, "elements"),
    ({"year": 2025, "authority": "x", "elements": [{"band_d": "1.00"}]}, "Element 1 needs"),
    ({"year": 2025, "authority": "x", "elements": [{"name": "a", "band_d": 1234.56}]}, "pounds and pence as text"),
    ({"year": 2025, "authority": "x", "elements": [{"name": "a", "band_d": "12.345"}]}, "pounds and pence"),
    ({"year": 2025, "authority": "x", "elements": [{"name": "a", "band_d": "1"}, {"name": "a", "band_d": "2"}]},
     "different name"),
    ({"year": 2025, "authority": "x", "elements": [{"name": "a", "band_d": "1"}],
      "premiums": {"second_home": "150"}}, "cannot be more than 100"),
])
def test_bad_charges_documents_say_what_is_wrong(doc, message):
    with pytest.raises(ChargesError, match=message):
        parse_charges(doc)


def test_bad_charges_files(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"year": 2025,\n "authority": }')
    with pytest.raises(ChargesError, match="not valid JSON \\(line 2"):
        load_charges(broken)
    with pytest.raises(ChargesError, match="No charges file"):
        load_charges(tmp_path / "missing.json")


def test_demo_charges_round_trip():
    charges = load_charges(DEMO_CHARGES)
    assert charges.elements[1] == Element("Greater London Authority", 49038)
    assert parse_charges(charges.to_json()) == charges
