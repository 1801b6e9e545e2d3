"""The statutory instalment scheme and payment arrangements.

Source: the Council Tax (Administration and Enforcement) Regulations 1992
(SI 1992/613), Schedule 1 Part I, as amended (12 instalments from 2013):

* para 2(3)(a): notice issued before the year or by 30 April -> 10 instalments;
  para 2(3)(b): issued 1 May - 31 December -> one less than the number of whole
  months remaining in the year after the notice is issued.
* para 2(3A) (a request to pay by 12, reg. 21(1A)-(1C)): issued by 15 April -> 12;
  later -> the number of whole months remaining in the year after the notice.
* para 2(1): the monthly scheme applies to notices issued up to 31 December;
  a later notice is payable in a single instalment.
* para 2(4): the months are uninterrupted and fall within the year, on the same
  day of each month.
* para 2(5)-(6): each instalment is the amount divided by the count, rounded to
  the nearest pound; the first is the amount less all the others (it takes the
  remainder and can be smaller).
* para 2(7) and para 3: no instalment under £5 - fewer instalments (the greatest
  number of £5s in the amount; one single instalment under £10), and the second
  folded into the first if the first would still be under £5.
* The first payment is due at least 14 days after the notice is issued.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from kiosk.counciltax.year import financial_year_of, month_index, month_of_year, year_end, year_start
from kiosk.i18n import _

STANDARD, TWELVE = 10, 12
SCHEMES = (STANDARD, TWELVE)
# Direct Debit days this council offers; any day 1-28 is accepted by the calculator.
DD_DAYS = (1, 5, 10, 15, 20, 25)
MIN_NOTICE_DAYS = 14
MIN_INSTALMENT_PENCE = 500


class InstalmentError(ValueError):
    """Inputs the scheme cannot use; the message is translated and ready to show."""


@dataclass(frozen=True)
class Instalment:
    due: date
    amount_pence: int


@dataclass(frozen=True)
class Schedule:
    scheme: int                     # 10 or 12: what was asked for
    statutory_count: int            # what Sch. 1 gives for the bill date
    instalments: tuple[Instalment, ...]
    notes: tuple[str, ...] = ()     # translated explanations of any adjustment

    @property
    def total_pence(self) -> int:
        return sum(i.amount_pence for i in self.instalments)


def statutory_count(bill_date: date, year: int, scheme: int = STANDARD) -> int:
    """How many instalments Sch. 1 para 2(3)/(3A) gives for a notice issued on ``bill_date``."""
    if scheme not in SCHEMES:
        raise InstalmentError(_("Choose 10 or 12 instalments."))
    if bill_date > year_end(year):
        raise InstalmentError(_("The bill date is after the end of the {year}/{next} year.").format(
            year=year, next=(year + 1) % 100))
    if bill_date < year_start(year):
        return scheme
    cutoff = date(year, 4, 15) if scheme == TWELVE else date(year, 4, 30)
    if bill_date <= cutoff:
        return scheme
    if bill_date > date(year, 12, 31):
        return 1
    whole_months_after = 11 - month_index(bill_date)
    return whole_months_after if scheme == TWELVE else whole_months_after - 1


def split(amount_pence: int, count: int) -> list[int]:
    """Sch. 1 para 2(5)-(6): all but the first are amount/count to the nearest pound; the first takes the rest."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if count == 1:
        return [amount_pence]
    pounds = (Decimal(amount_pence) / 100 / count).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    regular = int(pounds) * 100
    return [amount_pence - regular * (count - 1)] + [regular] * (count - 1)


def minimum_rule(amount_pence: int, count: int) -> list[int]:
    """``split`` with para 2(7)/para 3 applied so that no instalment is under £5 (or negative)."""
    if count > 1 and amount_pence < count * MIN_INSTALMENT_PENCE:
        count = max(1, amount_pence // MIN_INSTALMENT_PENCE)
    parts = split(amount_pence, count)
    if len(parts) > 1 and parts[0] < MIN_INSTALMENT_PENCE:
        # para 2(7): the second instalment is added to the first.
        parts = [parts[0] + parts[1]] + parts[2:]
    return parts


def due_date(year_month: tuple[int, int], dd_day: int) -> date:
    y, m = year_month
    return date(y, m, min(dd_day, calendar.monthrange(y, m)[1]))


def check_dd_day(dd_day: int) -> None:
    if isinstance(dd_day, bool) or not isinstance(dd_day, int) or not 1 <= dd_day <= 28:
        raise InstalmentError(_("The payment day must be a day of the month from 1 to 28."))


def schedule(amount_pence: int, *, year: int, bill_date: date, scheme: int = STANDARD, dd_day: int = 1) -> Schedule:
    """The instalments for ``amount_pence`` billed on ``bill_date``, due on day ``dd_day`` of each month."""
    check_dd_day(dd_day)
    if amount_pence < 0:
        raise InstalmentError(_("The amount to pay cannot be negative."))
    count = statutory_count(bill_date, year, scheme)
    notes: list[str] = []
    earliest = max(bill_date + timedelta(days=MIN_NOTICE_DAYS), year_start(year))
    first_index = None
    for index in range(12):
        if due_date(month_of_year(year, index), dd_day) >= earliest:
            first_index = index
            break
    if first_index is None:
        # Billed too late for any payment day in the year: one payment, 14 days after the bill.
        return Schedule(scheme, count, (Instalment(bill_date + timedelta(days=MIN_NOTICE_DAYS), amount_pence),),
                        (_("Billed late in the year: the whole amount is due 14 days after the bill."),))
    available = 12 - first_index
    if count > available:
        notes.append(_("Only {available} payment dates are left in the year at least 14 days after the bill, "
                       "so there are {available} instalments instead of {count}.").format(
                           available=available, count=count))
        count = available
    if amount_pence == 0:
        return Schedule(scheme, count, (), tuple(notes))
    parts = minimum_rule(amount_pence, count)
    if len(parts) < count:
        notes.append(_("No instalment may be under £5, so there are {parts} instalments instead of {count}.").format(
            parts=len(parts), count=count))
    instalments = tuple(
        Instalment(due_date(month_of_year(year, first_index + n), dd_day), amount)
        for n, amount in enumerate(parts)
    )
    return Schedule(scheme, statutory_count(bill_date, year, scheme), instalments, tuple(notes))


# --- Payment arrangements for arrears ---------------------------------------

@dataclass(frozen=True)
class Arrangement:
    payments: tuple[Instalment, ...]
    must_finish_by: date

    @property
    def finishes_in_time(self) -> bool:
        return bool(self.payments) and self.payments[-1].due <= self.must_finish_by


def arrangement_deadline(first_payment: date) -> date:
    """Arrangements must finish by 31 March of the financial year they start in."""
    return year_end(financial_year_of(first_payment))


def plan_arrangement(arrears_pence: int, monthly_pence: int, first_payment: date) -> Arrangement:
    """Equal monthly payments of ``monthly_pence`` from ``first_payment``; the last takes what is left."""
    if arrears_pence <= 0:
        raise InstalmentError(_("There is nothing to pay."))
    if monthly_pence <= 0:
        raise InstalmentError(_("The monthly payment must be more than nothing."))
    count = -(-arrears_pence // monthly_pence)
    if count > 24:
        raise InstalmentError(_("That would take more than two years; offer more each month."))
    year, index = financial_year_of(first_payment), month_index(first_payment)
    payments = []
    for n in range(count):
        y_offset, i = divmod(index + n, 12)
        amount = min(monthly_pence, arrears_pence - monthly_pence * n)
        payments.append(Instalment(due_date(month_of_year(year + y_offset, i), first_payment.day), amount))
    return Arrangement(tuple(payments), arrangement_deadline(first_payment))


def finishes_by_31_march(arrears_pence: int, monthly_pence: int, first_payment: date) -> bool:
    """Whether monthly payments from ``first_payment`` clear the arrears by 31 March of that financial year."""
    months_left = 12 - month_index(first_payment)
    return monthly_pence > 0 and -(-arrears_pence // monthly_pence) <= months_left


def minimum_monthly_for(arrears_pence: int, first_payment: date) -> int:
    """The smallest whole-pound monthly payment that clears ``arrears_pence`` by 31 March."""
    months = 12 - month_index(first_payment)
    return -(-arrears_pence // (months * 100)) * 100
