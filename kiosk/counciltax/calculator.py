"""The council-tax bill: one function, one self-explaining result.

``calculate(charges, BillRequest(...))`` returns a ``Bill`` whose ``lines`` are
the breakdown a screen, the CLI and a printout all show, in this order:

1. the band's charge, computed from the Band D *total* (all elements together)
   and rounded half-up to the penny (the disabled band reduction charges the
   band below; on Band A it charges Band A less 1/9 of Band D = 5/9 of Band D);
2. a discount (single person 25%; all adults but one disregarded 25%; every
   adult disregarded 50%; exempt 100%) *or* a premium (second home, long-term
   empty), never both - a premium home has no resident;
3. the full-year charge;
4. part year: the full-year charge x days liable / days in the year (365 or
   366), rounded half-up - a day counts when the person is liable at its end,
   so the move-in day is charged and the move-out day is not (LGFA 1992 s.2(2));
5. Council Tax Reduction: a percentage of that liability, after discounts;
6. the amount to pay, split by the statutory instalment scheme.

Each rounding happens once, on a line the resident sees, so the lines add up
exactly. Per-element figures (borough, GLA ...) are shown for the band as
information: each is its Band D element x the band's ninths, rounded half-up,
and any penny difference with the band charge (computed from the total) is
given to the first element - the billing authority's own - so they reconcile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from kiosk.counciltax.bands import BAND_NINTHS, charge_for_ninths, parse_band, reduced_band
from kiosk.counciltax.charges import PREMIUM_LABELS, Charges
from kiosk.counciltax.display import format_day
from kiosk.counciltax.instalments import STANDARD, Schedule, schedule
from kiosk.counciltax.money import format_pounds, percent_of, round_pence
from kiosk.counciltax.year import days_in_year, year_end, year_start
from kiosk.i18n import N_, _


class CalculationError(ValueError):
    """Inputs that make no bill; the message is translated and ready to show."""


class Discount(str, Enum):
    NONE = "none"
    SINGLE_PERSON = "single_person"
    ONE_NOT_DISREGARDED = "one_not_disregarded"
    ALL_DISREGARDED = "all_disregarded"
    EXEMPT = "exempt"


DISCOUNT_PERCENT: dict[Discount, int] = {
    Discount.NONE: 0,
    Discount.SINGLE_PERSON: 25,
    Discount.ONE_NOT_DISREGARDED: 25,
    Discount.ALL_DISREGARDED: 50,
    Discount.EXEMPT: 100,
}
DISCOUNT_LABELS: dict[Discount, str] = {
    Discount.SINGLE_PERSON: N_("Single person discount ({percent}%)"),
    Discount.ONE_NOT_DISREGARDED: N_("Discount: all adults but one disregarded ({percent}%)"),
    Discount.ALL_DISREGARDED: N_("Discount: every adult disregarded ({percent}%)"),
    Discount.EXEMPT: N_("Exemption ({percent}%)"),
}


def discount_for(adults: int, disregarded: int = 0) -> Discount:
    """LGFA 1992 s.11: one countable adult 25%, none 50%; a disregarded person is not counted."""
    if adults < 1 or disregarded < 0 or disregarded > adults:
        raise CalculationError(_("Give at least one adult, and no more disregarded adults than adults."))
    counted = adults - disregarded
    if counted >= 2:
        return Discount.NONE
    if counted == 1:
        return Discount.SINGLE_PERSON if adults == 1 else Discount.ONE_NOT_DISREGARDED
    return Discount.ALL_DISREGARDED


@dataclass(frozen=True)
class BillRequest:
    band: str
    discount: Discount = Discount.NONE
    disabled_reduction: bool = False
    premium: str | None = None              # a key of Charges.premiums: second_home, empty_1y ...
    premium_percent: Decimal | None = None  # or an explicit percentage
    ctr_percent: Decimal = Decimal(0)
    start: date | None = None               # move-in: first day liable
    end: date | None = None                 # move-out: not liable for this day
    scheme: int = STANDARD
    dd_day: int = 1
    bill_date: date | None = None           # default: start if given, else 1 March before the year


@dataclass(frozen=True)
class Line:
    code: str          # stable id for JSON and tests
    label: str         # translated
    amount_pence: int  # signed: what this line adds to the running total (0 for info)
    kind: str          # "info", "charge", "adjustment", "subtotal", "total"

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "amount_pence": self.amount_pence, "kind": self.kind}


@dataclass(frozen=True)
class ElementShare:
    name: str
    band_d_pence: int
    band_pence: int
    rounding_pence: int = 0


@dataclass(frozen=True)
class Bill:
    year: int
    authority: str
    band: str
    charged_ninths: int
    band_d_total_pence: int
    band_charge_pence: int
    elements: tuple[ElementShare, ...]
    lines: tuple[Line, ...]
    full_year_pence: int     # after discount/premium, before part year and CTR
    annual_pence: int        # a whole year's bill after CTR
    payable_pence: int       # what is due for the liability period; the instalments add up to this
    liable_from: date
    liable_to: date          # last day liable (inclusive)
    days_liable: int
    days_in_year: int
    bill_date: date
    schedule: Schedule
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "authority": self.authority,
            "band": self.band,
            "charged_ninths": self.charged_ninths,
            "band_d_total_pence": self.band_d_total_pence,
            "band_charge_pence": self.band_charge_pence,
            "elements": [
                {"name": e.name, "band_d_pence": e.band_d_pence, "band_pence": e.band_pence,
                 "rounding_pence": e.rounding_pence}
                for e in self.elements
            ],
            "lines": [line.to_json() for line in self.lines],
            "full_year_pence": self.full_year_pence,
            "annual_pence": self.annual_pence,
            "payable_pence": self.payable_pence,
            "liable_from": self.liable_from.isoformat(),
            "liable_to": self.liable_to.isoformat(),
            "days_liable": self.days_liable,
            "days_in_year": self.days_in_year,
            "bill_date": self.bill_date.isoformat(),
            "scheme": self.schedule.scheme,
            "statutory_count": self.schedule.statutory_count,
            "instalments": [{"due": i.due.isoformat(), "amount_pence": i.amount_pence}
                            for i in self.schedule.instalments],
            "notes": list(self.notes) + list(self.schedule.notes),
        }


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def _element_shares(charges: Charges, ninths: int, band_total: int) -> tuple[ElementShare, ...]:
    shares = [ElementShare(e.name, e.band_d_pence, charge_for_ninths(e.band_d_pence, ninths))
              for e in charges.elements]
    difference = band_total - sum(s.band_pence for s in shares)
    if difference:
        first = shares[0]
        shares[0] = ElementShare(first.name, first.band_d_pence, first.band_pence + difference, difference)
    return tuple(shares)


def _liability_period(charges: Charges, request: BillRequest) -> tuple[date, date]:
    first, last = year_start(charges.year), year_end(charges.year)
    start = request.start or first
    if not first <= start <= last:
        raise CalculationError(_("The move-in date must be within the {year} year ({first} to {last}).").format(
            year=year_label(charges.year), first=format_day(first), last=format_day(last)))
    if request.end is None:
        return start, last
    # Moving out on 1 April next year still means liable up to 31 March.
    if not first < request.end <= last + timedelta(days=1):
        raise CalculationError(_("The move-out date must be within the {year} year ({first} to {last}).").format(
            year=year_label(charges.year), first=format_day(first), last=format_day(last)))
    if request.end <= start:
        raise CalculationError(_("The move-out date must be after the move-in date."))
    return start, request.end - timedelta(days=1)


def calculate(charges: Charges, request: BillRequest) -> Bill:
    band = parse_band(request.band)
    discount = Discount(request.discount)
    if request.ctr_percent < 0 or request.ctr_percent > 100:
        raise CalculationError(_("Council Tax Reduction must be from 0 to 100%."))
    has_premium = request.premium is not None or request.premium_percent is not None
    if has_premium and discount is not Discount.NONE:
        raise CalculationError(_("A home with a premium has no one living in it, so it cannot also have a discount."))

    total_d = charges.band_d_total_pence
    lines: list[Line] = [Line("band_d_total", _("Band D total for {year}").format(year=year_label(charges.year)),
                              0, "info")]
    if request.disabled_reduction:
        lower, ninths = reduced_band(band)
        if lower is None:
            label = _("Band A less 1/9 of Band D (disabled band reduction)")
        else:
            label = _("Band {band} charge ({ninths}/9 of Band D): disabled band reduction from Band {original}").format(
                band=lower, ninths=ninths, original=band)
    else:
        ninths = BAND_NINTHS[band]
        label = _("Band {band} charge ({ninths}/9 of Band D)").format(band=band, ninths=ninths)
    band_total = charge_for_ninths(total_d, ninths)
    lines.append(Line("band_charge", label, band_total, "charge"))

    full_year = band_total
    percent = DISCOUNT_PERCENT[discount]
    if percent:
        amount = percent_of(band_total, Decimal(percent))
        lines.append(Line(discount.value, _(DISCOUNT_LABELS[discount]).format(percent=percent),
                          -amount, "adjustment"))
        full_year -= amount
    if has_premium:
        if request.premium_percent is not None:
            premium_percent = request.premium_percent
            premium_label = _("premium")
        else:
            if request.premium not in charges.premiums:
                raise CalculationError(_("Unknown premium \"{kind}\"; known: {known}.").format(
                    kind=request.premium, known=", ".join(charges.premiums)))
            premium_percent = charges.premiums[request.premium]
            premium_label = _(PREMIUM_LABELS[request.premium])
        if premium_percent < 0 or premium_percent > 300:
            raise CalculationError(_("A premium must be from 0 to 300%."))
        amount = percent_of(band_total, premium_percent)
        lines.append(Line("premium", _("Plus {label} ({percent}%)").format(
            label=premium_label, percent=_format_percent(premium_percent)), amount, "adjustment"))
        full_year += amount
    lines.append(Line("full_year", _("Charge for the full year"), full_year, "subtotal"))

    liable_from, liable_to = _liability_period(charges, request)
    days = (liable_to - liable_from).days + 1
    year_days = days_in_year(charges.year)
    liability = full_year
    if days != year_days:
        liability = round_pence(Decimal(full_year) * days / year_days)
        lines.append(Line("part_year", _("Part year: liable {first} to {last}, {days} of {year_days} days").format(
            first=format_day(liable_from), last=format_day(liable_to), days=days, year_days=year_days),
            liability - full_year, "adjustment"))

    ctr_annual = ctr = 0
    if request.ctr_percent:
        ctr = percent_of(liability, request.ctr_percent)
        ctr_annual = percent_of(full_year, request.ctr_percent)
        lines.append(Line("ctr", _("Council Tax Reduction ({percent}%)").format(
            percent=_format_percent(request.ctr_percent)), -ctr, "adjustment"))
    payable = liability - ctr
    lines.append(Line("total", _("To pay for {year}").format(year=year_label(charges.year)), payable, "total"))

    bill_date = request.bill_date or (liable_from if request.start else date(charges.year, 3, 1))
    plan = schedule(payable, year=charges.year, bill_date=bill_date, scheme=request.scheme, dd_day=request.dd_day)
    return Bill(
        year=charges.year, authority=charges.authority, band=band, charged_ninths=ninths,
        band_d_total_pence=total_d, band_charge_pence=band_total,
        elements=_element_shares(charges, ninths, band_total), lines=tuple(lines),
        full_year_pence=full_year, annual_pence=full_year - ctr_annual, payable_pence=payable,
        liable_from=liable_from, liable_to=liable_to, days_liable=days, days_in_year=year_days,
        bill_date=bill_date, schedule=plan,
    )


def _format_percent(value: Decimal) -> str:
    return format(value.normalize(), "f")


def breakdown(bill: Bill) -> list[str]:
    """The bill as lines of text, the same wording the screens show."""
    out = [f"{bill.authority} - {year_label(bill.year)}"]
    out.append(_("Band D total: {amount}").format(amount=format_pounds(bill.band_d_total_pence)))
    for e in bill.elements:
        note = _(" (includes {pence}p rounding)").format(pence=e.rounding_pence) if e.rounding_pence else ""
        out.append("  " + _("{name}: {amount} for this band (Band D {band_d})").format(
            name=e.name, amount=format_pounds(e.band_pence), band_d=format_pounds(e.band_d_pence)) + note)
    for line in bill.lines[1:]:
        if line.kind == "adjustment":
            sign = "-" if line.amount_pence < 0 else "+"
            out.append(f"{line.label}: {sign}{format_pounds(abs(line.amount_pence))}")
        else:
            out.append(f"{line.label}: {format_pounds(line.amount_pence)}")
    if bill.payable_pence != bill.annual_pence:
        out.append(_("A whole year would be: {amount}").format(amount=format_pounds(bill.annual_pence)))
    instalments = bill.schedule.instalments
    if instalments:
        out.append(_("Instalments ({count}):").format(count=len(instalments)))
        for item in instalments:
            out.append(f"  {format_day(item.due)}: {format_pounds(item.amount_pence)}")
    else:
        out.append(_("Nothing to pay."))
    out.extend(bill.notes)
    out.extend(bill.schedule.notes)
    return out
