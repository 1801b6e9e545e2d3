"""The revenues adapter: where the council service asks about a council-tax account.

A real council plugs its revenues system (Capita, Civica, Northgate ...) in
here by implementing ``RevenuesAdapter.find``. The kiosk only ever asks with
all three of account reference, postcode and surname, and gets a summary back
(balance, next instalment, recent payments) or nothing - never a hint about
which of the three did not match.

``DemoRevenuesAdapter`` makes a few hundred accounts from a seed (the same
seed always gives the same accounts), billed with the demo charges and the
same calculator the kiosk uses, plus three documented accounts for the tour
and the docs (``DOCUMENTED_ACCOUNTS``). Figures are illustrative: whatever
year the demo charges are for, the demo bills the current financial year with
them, so "next instalment" is always something in the future.

The active citizens' dividend: when a member redeems time credits for a
council-tax reduction, the council service calls ``apply_credit`` on the
adapter in the redemption's transaction. The demo adapter keeps these credits
in the council database (``counciltax_adjustments``), and its look-up (given
the connection, see ``lookup``) takes them off the balance and lists each
among the recent transactions (method ``time_credits``).
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk.counciltax.calculator import BillRequest, Discount, calculate
from kiosk.counciltax.charges import Charges, parse_charges
from kiosk.counciltax.questions import normalise_postcode
from kiosk.counciltax.validators import digits_only, today
from kiosk.counciltax.year import financial_year_of

from sync.server.db import Id, Time, metadata

DEMO_SEED = 20250401
DIVIDEND_METHOD = "time_credits"

# Credits applied to council-tax accounts (the demo revenues system's side of the dividend).
counciltax_adjustments = sa.Table(
    "counciltax_adjustments",
    metadata,
    sa.Column("key", Id, primary_key=True),  # the redemption's exchange id: applied once
    sa.Column("reference", sa.String(24), nullable=False, index=True),
    sa.Column("amount_pence", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("day", sa.String(10), nullable=False),  # local date
    sa.Column("financial_year", sa.Integer, nullable=False),
    sa.Column("member_id", Id, index=True),
    sa.Column("created_at", Time, nullable=False),
    sa.CheckConstraint("amount_pence > 0", name="ct_adjustment_positive"),
)
DEMO_ACCOUNT_COUNT = 300


@dataclass(frozen=True)
class Payment:
    day: date
    amount_pence: int
    method: str  # "direct_debit", "card", "bank_transfer", "paypoint"

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "amount_pence": self.amount_pence, "method": self.method}


@dataclass(frozen=True)
class AccountSummary:
    """What a resident may see about their own account at a kiosk (no other person's data)."""

    reference: str
    holder: str                    # initial and surname, as on the bill
    address: str                   # first line and postcode
    band: str
    year: int
    annual_pence: int              # this year's bill
    paid_pence: int                # paid towards it so far
    balance_pence: int             # left to pay this year
    overdue_pence: int             # instalments already due and not paid
    next_due: date | None
    next_amount_pence: int | None
    payment_method: str            # "direct_debit" or "other"
    recent_payments: tuple[Payment, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "holder": self.holder,
            "address": self.address,
            "band": self.band,
            "year": self.year,
            "annual_pence": self.annual_pence,
            "paid_pence": self.paid_pence,
            "balance_pence": self.balance_pence,
            "overdue_pence": self.overdue_pence,
            "next_instalment": (None if self.next_due is None else
                                {"due": self.next_due.isoformat(), "amount_pence": self.next_amount_pence}),
            "payment_method": self.payment_method,
            "recent_payments": [p.to_json() for p in self.recent_payments],
        }


class RevenuesAdapter(Protocol):
    def find(self, account_reference: str, postcode: str, surname: str) -> AccountSummary | None:
        """The account when all three match, else None (the caller says only "no match")."""

    def apply_credit(self, conn: Connection, *, reference: str, postcode: str, surname: str, amount_pence: int,
                     key: str, description: str, member_id: str, day: date) -> bool:
        """Credit the account (the active citizens' dividend); False when the three details do not match.

        Called inside the council's transaction; ``key`` makes it idempotent."""


def credited_this_year(conn: Connection, member_id: str, year: int) -> int:
    """Pence of dividend a member has had this financial year (for the yearly cap)."""
    query = sa.select(sa.func.coalesce(sa.func.sum(counciltax_adjustments.c.amount_pence), 0)).where(
        counciltax_adjustments.c.member_id == member_id, counciltax_adjustments.c.financial_year == year)
    return int(conn.execute(query).scalar_one())


def lookup(adapter: RevenuesAdapter, conn: Connection | None, reference: str, postcode: str,
           surname: str) -> AccountSummary | None:
    """The look-up as the service answers it (the demo adapter reads its credits through ``conn``)."""
    if isinstance(adapter, DemoRevenuesAdapter):
        return adapter.find(reference, postcode, surname, conn=conn)
    return adapter.find(reference, postcode, surname)


# --- matching ----------------------------------------------------------------

def normalise_reference(text: str) -> str:
    return digits_only(text).upper()


def normalise_surname(text: str) -> str:
    """Case, accents typed or not, spaces, hyphens and apostrophes do not matter: O'Neil = oneil."""
    return re.sub(r"[\s'\u2019\-.]+", "", str(text)).casefold()


# --- the demo adapter -----------------------------------------------------------

SURNAMES = (
    "Okafor", "Silva", "Mensah", "Mohamed", "Garcia", "Adeyemi", "Smith", "Khan", "Nowak", "Santos",
    "Osei", "Ali", "Jones", "Ferreira", "Hassan", "Williams", "Oliveira", "Boateng", "Patel", "Brown",
    "Rodriguez", "Abdi", "Taylor", "Martin", "Owusu", "Costa", "Yusuf", "Evans", "Dubois", "O'Neill",
)
STREETS = ("Acre Lane", "Brixton Hill", "Coldharbour Lane", "Railton Road", "Tulse Hill", "Effra Road",
           "Stockwell Road", "Loughborough Road", "Kennington Lane", "Streatham Hill")
OUTWARD = ("SW2", "SW9", "SE11", "SE24", "SW4", "SE27")
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
INITIALS = "ABCDEFGHJKLMNOPRSTWY"

# For the tour and the docs (docs/COUNCIL_TAX.md lists them): reference, postcode, surname, and how they pay.
DOCUMENTED_ACCOUNTS: tuple[dict[str, Any], ...] = (
    {"reference": "40000001", "postcode": "SW2 1RW", "surname": "Okafor", "initial": "A",
     "street": "12 Acre Lane", "band": "C", "single": False, "profile": "up_to_date", "dd_day": 1},
    {"reference": "40000002", "postcode": "SW9 8RR", "surname": "Silva", "initial": "M",
     "street": "3 Coldharbour Lane", "band": "D", "single": True, "profile": "behind", "dd_day": 15},
    {"reference": "40000003", "postcode": "SE11 5QY", "surname": "Mensah", "initial": "K",
     "street": "48 Kennington Lane", "band": "B", "single": True, "profile": "paid_in_full", "dd_day": 0},
)


def demo_charges() -> Charges:
    """The charges the demo council publishes (resources/demo/council.json, newest year)."""
    from sync.server.demo import demo_file

    data = json.loads(demo_file().read_text(encoding="utf-8"))
    newest = max(data["counciltax_charges"], key=lambda c: c["year"])
    return parse_charges(newest)


class DemoRevenuesAdapter:
    """Generated accounts, the same for the same seed; balances follow today's date."""

    def __init__(self, seed: int = DEMO_SEED, count: int = DEMO_ACCOUNT_COUNT, *,
                 charges: Charges | None = None, clock: Callable[[], date] = today):
        self.seed = seed
        self.clock = clock
        self._charges = charges
        rng = random.Random(seed)
        self.records: dict[str, dict[str, Any]] = {r["reference"]: dict(r) for r in DOCUMENTED_ACCOUNTS}
        while len(self.records) < len(DOCUMENTED_ACCOUNTS) + count:
            reference = str(rng.randrange(41_000_000, 99_999_999))
            if reference in self.records:
                continue
            self.records[reference] = {
                "reference": reference,
                "postcode": f"{rng.choice(OUTWARD)} {rng.randrange(1, 10)}"
                            f"{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}",
                "surname": rng.choice(SURNAMES),
                "initial": rng.choice(INITIALS),
                "street": f"{rng.randrange(1, 200)} {rng.choice(STREETS)}",
                "band": rng.choice("AABBBCCCDDDEEFGH"),
                "single": rng.random() < 0.35,
                "profile": rng.choice(("up_to_date", "up_to_date", "up_to_date", "behind", "paid_in_full")),
                "dd_day": rng.choice((1, 5, 10, 15, 20, 25, 0)),  # 0: pays another way
            }

    @property
    def charges(self) -> Charges:
        if self._charges is None:
            self._charges = demo_charges()
        return self._charges

    def accounts(self) -> list[dict[str, Any]]:
        """The generated records (reference, postcode, surname ...), for docs and tests."""
        return list(self.records.values())

    def _match(self, account_reference: str, postcode: str, surname: str) -> dict[str, Any] | None:
        record = self.records.get(normalise_reference(account_reference))
        if record is None:
            return None
        if normalise_postcode(postcode) != record["postcode"]:
            return None
        if normalise_surname(surname) != normalise_surname(record["surname"]):
            return None
        return record

    def find(self, account_reference: str, postcode: str, surname: str, *,
             conn: Connection | None = None) -> AccountSummary | None:
        record = self._match(account_reference, postcode, surname)
        if record is None:
            return None
        summary = self._summary(record)
        return summary if conn is None else self._with_credits(conn, summary)

    def apply_credit(self, conn: Connection, *, reference: str, postcode: str, surname: str, amount_pence: int,
                     key: str, description: str, member_id: str, day: date) -> bool:
        record = self._match(reference, postcode, surname)
        if record is None:
            return False
        if conn.execute(sa.select(counciltax_adjustments.c.key).where(counciltax_adjustments.c.key == key)).first():
            return True
        from kiosk.timeutil import now_iso

        conn.execute(counciltax_adjustments.insert().values(
            key=key, reference=record["reference"], amount_pence=amount_pence, kind="active_citizens_dividend",
            description=description, day=day.isoformat(), financial_year=financial_year_of(day),
            member_id=member_id, created_at=now_iso()))
        return True

    def _with_credits(self, conn: Connection, summary: AccountSummary) -> AccountSummary:
        """This year's dividend credits: off the balance (and what is overdue), listed as transactions."""
        rows = conn.execute(sa.select(counciltax_adjustments).where(
            counciltax_adjustments.c.reference == summary.reference,
            counciltax_adjustments.c.financial_year == summary.year)).all()
        if not rows:
            return summary
        credit = sum(r.amount_pence for r in rows)
        balance = summary.balance_pence - credit
        lines = [Payment(date.fromisoformat(r.day), r.amount_pence, DIVIDEND_METHOD) for r in rows]
        recent = sorted(list(summary.recent_payments) + lines, key=lambda p: p.day, reverse=True)[:5]
        next_amount = summary.next_amount_pence
        if next_amount is not None:
            next_amount = min(next_amount, max(balance, 0))
        return dataclasses.replace(
            summary, balance_pence=balance, overdue_pence=max(0, summary.overdue_pence - credit),
            next_due=summary.next_due if next_amount else None, next_amount_pence=next_amount or None,
            recent_payments=tuple(recent))

    def _summary(self, record: dict[str, Any]) -> AccountSummary:
        now = self.clock()
        year = financial_year_of(now)
        charges = dataclasses.replace(self.charges, year=year)  # illustrative: this year's bill at demo rates
        dd_day = record["dd_day"] or 1
        bill = calculate(charges, BillRequest(
            band=record["band"], discount=Discount.SINGLE_PERSON if record["single"] else Discount.NONE,
            dd_day=dd_day))
        instalments = bill.schedule.instalments
        due_now = [i for i in instalments if i.due <= now]
        if record["profile"] == "paid_in_full":
            payments = (Payment(date(year, 4, 2), bill.payable_pence, "card"),) if bill.payable_pence else ()
        else:
            missed = 2 if record["profile"] == "behind" else 0
            kept = due_now[:max(0, len(due_now) - missed)]
            method = "direct_debit" if record["dd_day"] else "paypoint"
            payments = tuple(Payment(i.due, i.amount_pence, method) for i in kept)
        paid_pence = sum(p.amount_pence for p in payments)
        overdue = max(0, sum(i.amount_pence for i in due_now) - paid_pence)
        upcoming = [i for i in instalments if i.due > now]
        balance = bill.payable_pence - paid_pence
        next_item = upcoming[0] if upcoming and balance > 0 else None
        return AccountSummary(
            reference=record["reference"],
            holder=f"{record['initial']}. {record['surname']}",
            address=f"{record['street']}, {record['postcode']}",
            band=record["band"],
            year=year,
            annual_pence=bill.payable_pence,
            paid_pence=paid_pence,
            balance_pence=balance,
            overdue_pence=overdue,
            next_due=next_item.due if next_item else None,
            next_amount_pence=next_item.amount_pence if next_item else None,
            payment_method="direct_debit" if record["dd_day"] else "other",
            recent_payments=tuple(reversed(payments[-3:])),
        )


_default: RevenuesAdapter | None = None


def default_adapter() -> RevenuesAdapter:
    """The adapter the service uses unless ``app.state.revenues_adapter`` names another."""
    global _default
    if _default is None:
        _default = DemoRevenuesAdapter()
    return _default
