"""The statutory instalment scheme (SI 1992/613 Sch. 1) and payment arrangements."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.counciltax.instalments import (
    InstalmentError, finishes_by_31_march, minimum_monthly_for, minimum_rule, plan_arrangement, schedule, split, statutory_count,
)


def test_the_worked_examples_of_the_issue():
    # £1,234.56 / 10 = 123.456 -> £123; first = 1234.56 - 9*123 = 127.56.
    assert split(123456, 10) == [12756] + [12300] * 9
    # £1,234.56 / 12 = 102.88 -> £103; first = 1234.56 - 11*103 = 101.56 (smaller than the rest).
    assert split(123456, 12) == [10156] + [10300] * 11
    assert split(120000, 10) == [12000] * 10


def test_ten_instalments_april_to_january_on_the_chosen_day():
    plan = schedule(123456, year=2025, bill_date=date(2025, 3, 10), dd_day=15)
    assert [i.due for i in plan.instalments] == [
        date(2025, 4, 15), date(2025, 5, 15), date(2025, 6, 15), date(2025, 7, 15), date(2025, 8, 15),
        date(2025, 9, 15), date(2025, 10, 15), date(2025, 11, 15), date(2025, 12, 15), date(2026, 1, 15)]
    assert [i.amount_pence for i in plan.instalments] == [12756] + [12300] * 9


def test_twelve_on_request_april_to_march():
    plan = schedule(123456, year=2025, bill_date=date(2025, 3, 10), scheme=12, dd_day=1)
    assert plan.instalments[0].due == date(2025, 4, 1)
    assert plan.instalments[-1].due == date(2026, 3, 1)
    assert [i.amount_pence for i in plan.instalments] == [10156] + [10300] * 11


@pytest.mark.parametrize("bill_date, scheme, count", [
    (date(2025, 2, 20), 10, 10),
    (date(2025, 4, 30), 10, 10),   # para 2(3)(a): up to 30 April
    (date(2025, 5, 1), 10, 9),     # whole months after: June-March = 10, less one
    (date(2025, 6, 20), 10, 8),
    (date(2025, 12, 1), 10, 2),    # Jan-Mar = 3, less one
    (date(2026, 1, 10), 10, 1),    # after 31 December: one instalment
    (date(2025, 4, 15), 12, 12),   # para 2(3A): up to 15 April
    (date(2025, 4, 16), 12, 11),   # May-March
    (date(2025, 6, 5), 12, 9),     # July-March
    (date(2025, 12, 31), 12, 3),
])
def test_statutory_count(bill_date, scheme, count):
    assert statutory_count(bill_date, 2025, scheme) == count


def test_a_late_bill_starts_at_least_14_days_later():
    # Billed 20 June: 8 instalments. 14 days later is 4 July, so on the 1st they run August-March ...
    on_first = schedule(80000, year=2025, bill_date=date(2025, 6, 20), dd_day=1)
    assert [i.due.month for i in on_first.instalments] == [8, 9, 10, 11, 12, 1, 2, 3]
    # ... and on the 25th July-February.
    on_25th = schedule(80000, year=2025, bill_date=date(2025, 6, 20), dd_day=25)
    assert on_25th.instalments[0].due == date(2025, 7, 25)
    assert on_25th.instalments[-1].due == date(2026, 2, 25)
    assert all(i.amount_pence == 10000 for i in on_25th.instalments)


def test_fewer_dates_left_than_the_count_is_said():
    # Twelve asked for on 10 April, paid on the 1st: 24 April is after 1 April, so May-March = 11.
    plan = schedule(120000, year=2025, bill_date=date(2025, 4, 10), scheme=12, dd_day=1)
    assert len(plan.instalments) == 11
    assert plan.statutory_count == 12
    assert "11 instalments instead of 12" in plan.notes[0]


def test_a_bill_in_late_march_is_one_payment_14_days_later():
    plan = schedule(50000, year=2025, bill_date=date(2026, 3, 25), dd_day=1)
    assert [(i.due, i.amount_pence) for i in plan.instalments] == [(date(2026, 4, 8), 50000)]
    with pytest.raises(InstalmentError):
        schedule(50000, year=2025, bill_date=date(2026, 4, 1))


def test_no_instalment_under_five_pounds():
    assert minimum_rule(4000, 10) == [500] * 8           # £40: eight of £5
    assert minimum_rule(900, 10) == [900]                # under £10: one instalment
    # £66 in 12: 5.50 -> £6 each and a first of £0; para 2(7) folds the second into the first.
    assert split(6600, 12) == [0] + [600] * 11
    assert minimum_rule(6600, 12) == [600] + [600] * 10


def test_payment_day_must_be_1_to_28():
    for bad in (0, 29, 31):
        with pytest.raises(InstalmentError, match="1 to 28"):
            schedule(10000, year=2025, bill_date=date(2025, 3, 1), dd_day=bad)


def test_arrangements_must_finish_by_31_march():
    good = plan_arrangement(50000, 10000, date(2025, 11, 1))
    assert [p.due for p in good.payments][-1] == date(2026, 3, 1) and good.finishes_in_time
    late = plan_arrangement(50000, 9000, date(2025, 11, 1))   # 6 payments: the last in April
    assert late.payments[-1] == late.payments[-1].__class__(date(2026, 4, 1), 5000)
    assert not late.finishes_in_time
    assert finishes_by_31_march(50000, 10000, date(2025, 11, 1))
    assert not finishes_by_31_march(50000, 9000, date(2025, 11, 1))
    assert not finishes_by_31_march(240000, 1, date(2025, 11, 1))
    assert minimum_monthly_for(50000, date(2025, 11, 1)) == 10000   # 5 months left
    assert minimum_monthly_for(50001, date(2025, 11, 1)) == 10100   # whole pounds, rounded up


# --- properties over amounts and dates -------------------------------------

year_days = st.integers(min_value=-60, max_value=364)


@settings(max_examples=300, deadline=None)
@given(amount=st.integers(min_value=0, max_value=5_000_000), offset=year_days,
       scheme=st.sampled_from([10, 12]), dd_day=st.integers(min_value=1, max_value=28))
def test_instalment_properties(amount, offset, scheme, dd_day):
    bill_date = date(2025, 4, 1) + timedelta(days=offset)
    plan = schedule(amount, year=2025, bill_date=bill_date, scheme=scheme, dd_day=dd_day)
    parts = [i.amount_pence for i in plan.instalments]
    assert sum(parts) == amount                                  # always exact
    assert all(p >= 0 for p in parts)                            # never negative
    assert len(set(parts[1:])) <= 1                              # only the first differs
    assert all(p % 100 == 0 for p in parts[1:])                  # the rest are whole pounds
    assert len(parts) <= plan.statutory_count <= scheme
    if amount >= 1000 and len(parts) > 1:
        assert min(parts) >= 500
    if amount >= plan.statutory_count * 1000 and not plan.notes:
        assert len(parts) == plan.statutory_count
    dues = [i.due for i in plan.instalments]
    assert dues == sorted(set(dues))
    if dues:
        assert dues[0] >= bill_date + timedelta(days=14)
    if len(dues) > 1:
        assert dues[-1] <= date(2026, 3, 31)
        assert all(d.day == dd_day for d in dues)
        months = [(d.year * 12 + d.month) for d in dues]
        assert months == list(range(months[0], months[0] + len(months)))   # uninterrupted


@settings(max_examples=200, deadline=None)
@given(amount=st.integers(min_value=1, max_value=10_000_000), count=st.integers(min_value=1, max_value=12))
def test_split_sums_and_rounds_to_the_nearest_pound(amount, count):
    parts = split(amount, count)
    assert sum(parts) == amount and len(parts) == count
    if count > 1:
        # The regular instalment is within 50p of the exact share.
        assert abs(parts[1] * count - amount) <= 50 * count
