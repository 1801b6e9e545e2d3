"""``kiosk counciltax bill ...``: the bill calculator on the command line.

The same ``calculate`` and ``breakdown`` the screens use, so the figures match.
Bad input gets one clear line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from decimal import Decimal

from kiosk.i18n import _

PREMIUM_CHOICES = ("second-home", "empty-1y", "empty-5y", "empty-10y")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="counciltax_command", metavar="ACTION")
    bill = sub.add_parser("bill", help=_("work out a council-tax bill and its instalments"))
    bill.add_argument("--charges", required=True, metavar="FILE",
                      help=_("charges JSON for the year (see docs/COUNCIL_TAX.md)"))
    bill.add_argument("--band", required=True, metavar="A..H", help=_("valuation band, A to H"))
    who = bill.add_mutually_exclusive_group()
    who.add_argument("--single-person", action="store_true", help=_("one adult lives there: 25%% discount"))
    who.add_argument("--adults", type=str, metavar="N", help=_("adults living there (with --disregarded)"))
    who.add_argument("--exempt", action="store_true", help=_("the home is exempt"))
    bill.add_argument("--disregarded", type=str, default="0", metavar="N",
                      help=_("how many of the adults are disregarded (students, carers ...)"))
    bill.add_argument("--disabled-reduction", action="store_true",
                      help=_("disabled band reduction: charged one band lower"))
    bill.add_argument("--premium", metavar="KIND|PERCENT",
                      help=_("second-home, empty-1y, empty-5y, empty-10y, or a percentage"))
    bill.add_argument("--ctr-percent", metavar="PERCENT", default="0", help=_("Council Tax Reduction, 0 to 100"))
    bill.add_argument("--start", metavar="YYYY-MM-DD", help=_("move-in date (first day you pay for)"))
    bill.add_argument("--end", metavar="YYYY-MM-DD", help=_("move-out date (you do not pay for this day)"))
    bill.add_argument("--bill-date", metavar="YYYY-MM-DD",
                      help=_("date the bill is issued (default: the move-in date, else 1 March before the year)"))
    bill.add_argument("--instalments", default="10", metavar="10|12", help=_("10 (April-January) or 12 (April-March)"))
    bill.add_argument("--dd-day", default="1", metavar="N", help=_("day of the month payments are taken, 1-28"))
    bill.add_argument("--json", action="store_true", help=_("print JSON"))
    status = sub.add_parser("status", help=_("look up a request's reference on this device"))
    status.add_argument("reference", help=_("the reference, like CT-7K3MQ9RXQ"))
    status.add_argument("--json", action="store_true", help=_("print JSON"))
    sub.add_parser("requests", help=_("list the requests and their questions (JSON)"))


class _InputError(ValueError):
    pass


def _date(text: str | None, what: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _InputError(_("{what}: give a date as YYYY-MM-DD, like 2025-06-01.").format(what=what)) from None


def _whole(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise _InputError(_("{what}: give a whole number.").format(what=what)) from None


def _percent(text: str, what: str, maximum: int) -> Decimal:
    from kiosk.counciltax.money import MoneyError, parse_percent

    try:
        return parse_percent(text, maximum=maximum)
    except MoneyError as exc:
        raise _InputError(f"{what}: {exc}") from None


def build_request(args: argparse.Namespace, charges):
    from kiosk.counciltax.calculator import BillRequest, Discount, discount_for

    discount = Discount.NONE
    if args.single_person:
        discount = Discount.SINGLE_PERSON
    elif args.exempt:
        discount = Discount.EXEMPT
    elif args.adults is not None:
        discount = discount_for(_whole(args.adults, "--adults"), _whole(args.disregarded, "--disregarded"))
    elif args.disregarded != "0":
        raise _InputError(_("--disregarded needs --adults: how many adults live there."))
    premium = premium_percent = None
    if args.premium is not None:
        if args.premium in PREMIUM_CHOICES:
            premium = args.premium.replace("-", "_")
        else:
            premium_percent = _percent(args.premium, "--premium", 300)
    scheme = _whole(args.instalments, "--instalments")
    if scheme not in (10, 12):
        raise _InputError(_("--instalments: choose 10 or 12."))
    return BillRequest(
        band=args.band,
        discount=discount,
        disabled_reduction=args.disabled_reduction,
        premium=premium,
        premium_percent=premium_percent,
        ctr_percent=_percent(args.ctr_percent, "--ctr-percent", 100),
        start=_date(args.start, "--start"),
        end=_date(args.end, "--end"),
        scheme=scheme,
        dd_day=_whole(args.dd_day, "--dd-day"),
        bill_date=_date(args.bill_date, "--bill-date"),
    )


def run(args: argparse.Namespace) -> int:
    command = getattr(args, "counciltax_command", None)
    if command == "status":
        return run_status(args)
    if command == "requests":
        return run_requests()
    if command != "bill":
        print(_("Say what to do, for example: kiosk counciltax bill --charges FILE --band D"), file=sys.stderr)
        return 2
    from kiosk.counciltax.bands import BandError
    from kiosk.counciltax.calculator import CalculationError, breakdown, calculate
    from kiosk.counciltax.charges import ChargesError, load_charges
    from kiosk.counciltax.instalments import InstalmentError
    from kiosk.counciltax.money import MoneyError

    try:
        charges = load_charges(args.charges)
        bill = calculate(charges, build_request(args, charges))
    except (ChargesError, CalculationError, InstalmentError, BandError, MoneyError, _InputError) as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(bill.to_json(), indent=2, ensure_ascii=False))
    else:
        print("\n".join(breakdown(bill)))
    return 0


def run_status(args: argparse.Namespace) -> int:
    from kiosk.counciltax.reference import normalise
    from kiosk.counciltax.submissions import STATUS_LABELS, lookup
    from kiosk.paths import device_db_path
    from kiosk.store import open_db

    if normalise(args.reference) is None:
        print(_("{reference} is not a reference: check it against the confirmation (like CT-7K3MQ9RXQ).").format(
            reference=args.reference), file=sys.stderr)
        return 2
    row = lookup(open_db(device_db_path(args.data_dir)), args.reference)
    if row is None:
        print(_("No request with this reference is known on this device yet."), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({k: row[k] for k in ("reference", "request_type", "created_at", "status", "status_reason",
                                              "status_updated_at")}, indent=2))
        return 0
    print(f"{row['reference']}: {_(STATUS_LABELS[row['status']])}")
    if row["status_reason"]:
        print(_("Reason: {reason}").format(reason=row["status_reason"]))
    return 0


def run_requests() -> int:
    from kiosk.counciltax.requests import REQUEST_TYPES

    out = [{
        "id": r.id, "title": _(r.title), "description": _(r.description), "what_next": _(r.what_next),
        "evidence": [_(e) for e in r.evidence],
        "questions": [{"id": q.id, "label": _(q.label), "hint": _(q.hint) if q.hint else "", "kind": q.kind,
                       "required": q.required, "conditional": q.show_if is not None, "multiple": q.multiple,
                       "choices": [{"value": c.value, "label": _(c.label)} for c in q.choices]}
                      for q in r.questions],
    } for r in REQUEST_TYPES.values()]
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0
