"""Valid answers for every council-tax request, shared by the request and council-service tests."""

from __future__ import annotations

from datetime import timedelta

from kiosk.counciltax import validators as v


def day(offset: int) -> str:
    return (v.today() + timedelta(days=offset)).isoformat()


COMMON = {"account_reference": "12345678", "full_name": "Ada Lovelace", "address": "1 Acre Lane",
          "postcode": "sw2 5sg", "phone": "020 7926 1000", "email": "ada@example.com", "tenure": "tenant",
          "landlord_name": "Brixton Homes", "other_adults": False}
BANK = {"payer_name": "Ada Lovelace", "sort_code": "30-94-57", "account_number": "00733445"}
VALID = {
    "moving_in": {**COMMON, "move_in_date": day(-10)},
    "moving_out": {**COMMON, "move_out_date": day(-3), "forwarding_address": "2 High St",
                   "forwarding_postcode": "M1 1AE"},
    "moving_within": {**COMMON, "old_address": "1 Acre Lane", "old_postcode": "SW2 5SG", "move_out_date": day(-5),
                      "new_address": "9 Coldharbour Lane", "new_postcode": "SW9 8RR", "move_in_date": day(-5)},
    "spd_apply": {**COMMON, "only_adult": True, "since_date": day(-30)},
    "spd_remove": {**COMMON, "new_adult_name": "Charles Babbage", "change_date": day(-1)},
    "disregard": {**COMMON, "person_name": "Ann Student", "reason": "student", "since_date": day(-60)},
    "ctr_apply": {**COMMON, "date_of_birth": "1980-03-31", "partner": True, "partner_name": "Sam Lovelace",
                  "children": "2", "other_adults_count": "0", "benefits": ["universal_credit", "child_benefit"],
                  "monthly_income_pence": "850.00", "savings_pence": "0", "rent_pence": "£1,150.50"},
    "direct_debit": {**COMMON, **BANK, "action": "setup", "dd_day": "15", "sole_authoriser": True},
    "twelve_instalments": {**COMMON, "which_year": "this_year"},
    "arrears_arrangement": {**COMMON, "arrears_pence": "300", "monthly_pence": "300", "first_payment": day(3)},
    "refund": {**COMMON, **BANK, "reason": "moved_out", "amount_pence": "42.10"},
}
