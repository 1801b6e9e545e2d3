"""Check what you will pay: the same calculator as ``kiosk counciltax bill``, on the device's charges.

Inputs map one to one onto the command line: band (``--band``), only adult
(``--single-person``), 10 or 12 instalments (``--instalments``), payment day
(``--dd-day``) and an optional move-in date (``--start``). tests/ui_counciltax
proves both show the same figures.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from kiosk.counciltax.bands import BANDS
from kiosk.counciltax.calculator import Bill, BillRequest, CalculationError, Discount, calculate, year_label
from kiosk.counciltax.charges import Charges
from kiosk.counciltax.display import format_day
from kiosk.counciltax.instalments import DD_DAYS, STANDARD, TWELVE, InstalmentError
from kiosk.counciltax.money import format_pounds
from kiosk.counciltax.questions import parse_date
from kiosk.i18n import N_, _
from ui.easy_read import easy
from ui.govuk.basics import Button, Label
from ui.govuk.question import DateInput, ErrorSummary
from ui.govuk.question import Question as KitQuestion
from ui.screens.counciltax.charges_source import DEMO, charges_for_screen
from ui.screens.panels import Panel
from ui.screens.counciltax.widgets import Bullets, RadioRow, SummaryTable


class _BandMissing(CalculationError):
    pass


class CalculatorPanel(Panel):
    title = N_("Check what you will pay")

    def __init__(self, host, charges: Charges | None = None):
        super().__init__(host)
        if charges is None:
            charges, source = charges_for_screen(host.db)
        else:
            source = "given"
        self.charges, self.source = charges, source
        self.bill: Bill | None = None

        self.caption = Label(N_("Council tax"), "caption")
        self.heading = Label(self.title, "heading-xl")
        self.summary = ErrorSummary()
        self.source_note = Label(self._source_text, "hint")
        for widget in (self.caption, self.heading, self.summary, self.source_note):
            self.column.addWidget(widget)

        self.band = RadioRow(N_("Which band is your home in?"),
                             [(band, lambda band=band: _("Band {band}").format(band=band)) for band in BANDS],
                             hint=easy(N_("It is on your bill. If you do not know, ask a member of staff."),
                                         N_("Your band is on your bill.\nNot sure? Ask a member of staff.")))
        self.single = RadioRow(N_("Are you the only adult (18 or over) living there?"),
                               [(True, N_("Yes")), (False, N_("No"))], hint=easy(N_("You get 25% off if you are."),
                                         N_("Do you live alone?\nThen you pay 25% less.")))
        self.single.set_value(False)
        self.scheme = RadioRow(N_("How many monthly payments?"),
                               [(STANDARD, N_("10 (April to January)")), (TWELVE, N_("12 (April to March)"))],
                               per_row=2)
        self.scheme.set_value(STANDARD)
        self.dd_day = RadioRow(N_("Which day of the month would you pay?"),
                               [(day, lambda day=day: str(day)) for day in DD_DAYS], per_row=6)
        self.dd_day.set_value(DD_DAYS[0])
        for row in (self.band, self.single, self.scheme, self.dd_day):
            self.column.addWidget(row)

        self.move_heading = Label(N_("Did you move in during the year? (optional)"), "heading-m")
        self.move_hint = Label(easy(N_("Leave this empty if you lived there on 1 April. For example, 27 9 2025"),
                                    N_("Did you live there on 1 April?\nThen leave this empty.\n"
                                       "For example, 27 9 2025")), "hint")
        self.move_in = DateInput(KitQuestion("move_in", N_("Date you moved in"), kind="date"))
        self.move_in.retranslate()
        self.move_field = QFrame()
        self.move_field.setObjectName("field")
        field_column = QVBoxLayout(self.move_field)
        field_column.setContentsMargins(0, 0, 0, 0)
        self._move_error = ""
        self.move_error = Label(lambda: self._move_error, "error-message")
        self.move_error.setVisible(False)
        for widget in (self.move_heading, self.move_hint, self.move_error, self.move_in):
            field_column.addWidget(widget)
        self.column.addWidget(self.move_field)

        self.calculate_button = Button(N_("Work it out"), "primary")
        self.calculate_button.clicked.connect(self.work_out)
        row = QHBoxLayout()
        row.addWidget(self.calculate_button)
        row.addStretch(1)
        self.column.addLayout(row)

        # Results, shown once worked out.
        self.results = QFrame()
        self.results.setObjectName("calculatorResults")
        results_column = QVBoxLayout(self.results)
        results_column.setContentsMargins(0, 0, 0, 0)
        results_column.setSpacing(16)
        self.total = Label("", "heading-l")
        self.total.setObjectName("calculatorTotal")
        self.breakdown_heading = Label(N_("How it is worked out"), "heading-m")
        self.breakdown = SummaryTable()
        self.instalments_heading = Label(N_("Your payments"), "heading-m")
        self.instalments = SummaryTable()
        self.notes = Bullets()
        self.estimate = Label(easy(N_("This is an estimate. Your bill from the council is what you must pay."),
                                   N_("This is only a guess.\nYou must pay what your bill says.")), "hint")
        self.pay_button = Button(N_("Pay"), "secondary")
        self.pay_button.clicked.connect(self._pay)
        for widget in (self.total, self.breakdown_heading, self.breakdown, self.instalments_heading,
                       self.instalments, self.notes, self.estimate):
            results_column.addWidget(widget)
        pay_row = QHBoxLayout()
        pay_row.addWidget(self.pay_button)
        pay_row.addStretch(1)
        results_column.addLayout(pay_row)
        self.results.setVisible(False)
        self.column.addWidget(self.results)

    def _source_text(self) -> str:
        if self.source == DEMO:
            return _("Example charges for {year} ({authority}); this kiosk has not received the council's "
                     "own charges yet.").format(year=year_label(self.charges.year), authority=self.charges.authority)
        return _("Charges for {year} set by {authority}.").format(
            year=year_label(self.charges.year), authority=self.charges.authority)

    # Working it out --------------------------------------------------------------------------

    def request(self) -> BillRequest:
        """The calculator's inputs; raises ``CalculationError`` with a message for the error summary."""
        band = self.band.value()
        if band is None:
            raise _BandMissing(_("Select the band your home is in"))
        start = self._move_in_date()
        return BillRequest(
            band=band,
            discount=Discount.SINGLE_PERSON if self.single.value() else Discount.NONE,
            scheme=self.scheme.value() or STANDARD,
            dd_day=self.dd_day.value() or DD_DAYS[0],
            start=start,
        )

    def _move_in_date(self) -> date | None:
        parts = {name: box.text().strip() for name, box in self.move_in.boxes.items()}
        if not any(parts.values()):
            return None
        try:
            return parse_date(parts)
        except ValueError as exc:  # the core's own message, already translated
            raise CalculationError(str(exc)) from None

    def work_out(self) -> None:
        try:
            request = self.request()
            self.bill = calculate(self.charges, request)
        except _BandMissing as exc:
            self._show_error(str(exc), self.band.buttons[0][2])
            return
        except (CalculationError, InstalmentError) as exc:  # only the move-in date can cause these here
            self._show_error(str(exc), self.move_in.first_focus())
            return
        self._show_error("", None)
        self._show_bill()
        self.host.scroll_to(self.total)

    def _show_error(self, message: str, target) -> None:
        self.summary.set_errors([(message, target)] if message else [])
        moving = bool(message) and target is self.move_in.first_focus()
        self._move_error = _("Error: {message}").format(message=message) if moving else ""
        self.move_error.retranslate()
        self.move_error.setVisible(moving)
        self.move_field.setProperty("error", "true" if moving else "false")
        self.move_field.style().unpolish(self.move_field)
        self.move_field.style().polish(self.move_field)
        self.move_in.set_error(moving)
        if message:
            self.results.setVisible(False)
            self.bill = None
            self.host.scroll.verticalScrollBar().setValue(0)
            self.summary.links[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_bill(self) -> None:
        bill = self.bill
        assert bill is not None
        self.total.set_source(lambda: _("You would pay {amount} for {year}").format(
            amount=format_pounds(bill.payable_pence), year=year_label(bill.year)))
        rows = []
        for line in bill.lines[1:]:
            if line.code == "band_charge":
                rows.append((line.label, format_pounds(line.amount_pence)))
                for element in bill.elements:  # what the band charge is made of (information)
                    note = _(" (includes {pence}p rounding)").format(pence=element.rounding_pence) \
                        if element.rounding_pence else ""
                    rows.append(("\u2003" + _("of which {name}").format(name=element.name) + note,
                                 format_pounds(element.band_pence)))
            elif line.kind == "adjustment":
                sign = "\u2212" if line.amount_pence < 0 else "+"
                rows.append((line.label, f"{sign}{format_pounds(abs(line.amount_pence))}"))
            else:
                rows.append((line.label, format_pounds(line.amount_pence)))
        self.breakdown.set_rows(rows, bold_last=True)
        self.instalments.set_rows([(format_day(i.due), format_pounds(i.amount_pence))
                                   for i in bill.schedule.instalments])
        self.instalments_heading.set_source(lambda: _("Your payments ({count})").format(
            count=len(bill.schedule.instalments)))
        self.notes.set_items([lambda note=note: note for note in (*bill.notes, *bill.schedule.notes)])
        self.pay_button.setVisible(bill.payable_pence > 0)
        self.results.setVisible(True)

    def instalment_texts(self) -> list[tuple[str, str]]:
        """What the payments table shows, as (date, amount) texts."""
        return list(self.instalments.rows)

    def _pay(self) -> None:
        from ui.screens.counciltax.pay import PayPanel

        amount = self.bill.schedule.instalments[0].amount_pence if self.bill and self.bill.schedule.instalments \
            else None
        self.host.open(PayPanel(self.host, amount_pence=amount))

    def retranslate(self) -> None:
        super().retranslate()
        if self.bill is not None:  # the breakdown's labels come from the core, in the language of the moment
            self.work_out()

    def wipe(self) -> None:
        self.bill = None
        self.results.setVisible(False)
        super().wipe()
