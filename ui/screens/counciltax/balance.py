"""Check my balance (online only): account number + postcode + surname, checked by the council.

What comes back is shown and kept only in this panel (never in the device
database) and is wiped when the resident finishes, quick-exits or times out.
"""

from __future__ import annotations

import logging
import weakref
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.counciltax import validators as v
from kiosk.counciltax.calculator import year_label
from kiosk.counciltax.display import format_day
from kiosk.counciltax.money import format_pounds
from kiosk.counciltax.questions import normalise_postcode
from kiosk.i18n import N_, _
from sync.counciltax_lookup import FOUND, NOT_FOUND, OFFLINE, TOO_MANY, UNAVAILABLE, LookupResult
from ui.easy_read import easy
from ui.govuk.basics import Button, Label
from ui.govuk.question import ErrorSummary
from ui.screens.counciltax.pay import TextField
from ui.screens.panels import Panel
from ui.screens.counciltax.widgets import SummaryTable

log = logging.getLogger(__name__)


class _Bridge(QObject):
    """Carries a look-up's answer from the worker thread to the UI thread (lives for the app)."""

    done = Signal(object)  # (weak reference to the panel, generation, LookupResult)


_bridge: _Bridge | None = None
# One worker is plenty for one resident; a second covers an answer still on its way after a reset.
_WORKERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="counciltax-lookup")


def _deliver(item: tuple[Any, int, LookupResult]) -> None:
    panel_ref, generation, result = item
    panel = panel_ref()
    if panel is not None and shiboken6.isValid(panel):
        panel._show_result(generation, result)


def _bridge_to_ui() -> _Bridge:
    global _bridge
    if _bridge is None:
        _bridge = _Bridge()
        _bridge.done.connect(_deliver, Qt.ConnectionType.QueuedConnection)
    return _bridge


def _ask_in_worker(bridge: _Bridge, panel_ref: Any, generation: int, lookup: Any, token: str,
                   reference: str, postcode: str, surname: str) -> None:
    """On the worker thread: only HTTP, never the device database."""
    try:
        result = lookup.ask(token, reference, postcode, surname)
    except Exception:  # noqa: BLE001 - never a traceback to the resident
        log.exception("account look-up failed")
        result = LookupResult(UNAVAILABLE, detail="client error")
    bridge.done.emit((panel_ref, generation, result))


METHODS = {"direct_debit": N_("Direct Debit"), "card": N_("Card"), "bank_transfer": N_("Bank transfer"),
           "paypoint": N_("PayPoint"), "time_credits": N_("Time credits (active citizens' dividend)")}
OTHER_PAYMENT = N_("Other payment")  # a method this screen has no words for
OFFLINE_TEXT = N_("Checking your balance needs a connection to the council, and this kiosk is not connected "
                  "right now. You can still work out what you will pay, pay with the QR code, or ask a member of "
                  "staff.")
OFFLINE_EASY = N_("This kiosk is not online now.\nSo you cannot check your balance here.\n"
                  "You can still work out what you will pay.\nYou can still pay with the QR code.\n"
                  "Or ask a member of staff.")


class BalancePanel(Panel):
    title = N_("Check my balance")

    def __init__(self, host):
        super().__init__(host)
        self.account: dict[str, Any] | None = None   # personal data: this panel only, wiped at session end
        self.busy = False
        self._generation = 0
        self.caption = Label(N_("Council tax"), "caption")
        self.heading = Label(self.title, "heading-xl")
        self.offline = Label(easy(OFFLINE_TEXT, OFFLINE_EASY), "heading-s")
        self.offline.setObjectName("offlineMessage")
        self.summary = ErrorSummary()
        self.intro = Label(easy(N_("We need three things from your bill to find your account. We do not keep them."),
                                N_("We need 3 things from your bill.\nThen we can find your account.\n"
                                   "We do not keep them.")))
        self.reference = TextField(N_("Council tax account number"), N_("It is at the top of your bill"))
        self.reference.edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.postcode = TextField(N_("Postcode of the home"), N_("For example, SW2 1RW"), width=260)
        self.surname = TextField(N_("Surname of the person named on the bill"), N_("Your family name"))
        self.find_button = Button(N_("Check my balance"), "primary")
        self.waiting = Label(N_("Asking the council\u2026"), "hint")
        self.waiting.setVisible(False)
        self.find_button.clicked.connect(self.find)
        self.surname.edit.returnPressed.connect(self.find)
        for widget in (self.caption, self.heading, self.offline, self.summary, self.intro, self.reference,
                       self.postcode, self.surname):
            self.column.addWidget(widget)
        self.form = [self.intro, self.reference, self.postcode, self.surname, self.find_button]
        row = QHBoxLayout()
        row.addWidget(self.find_button)
        row.addWidget(self.waiting)
        row.addStretch(1)
        self.column.addLayout(row)

        self.result_box = QWidget()
        result_column = QVBoxLayout(self.result_box)
        result_column.setContentsMargins(0, 0, 0, 0)
        result_column.setSpacing(16)
        self.result_heading = Label("", "heading-l")
        self.result_heading.setObjectName("balanceHeading")
        self.overdue = Label("", "error-message")
        self.details = SummaryTable((1, 1))
        self.payments_heading = Label(N_("Recent payments"), "heading-m")
        self.payments = SummaryTable()
        self.no_payments = Label(N_("No payments yet this year."))
        self.pay_button = Button(N_("Pay now"), "primary")
        self.pay_button.clicked.connect(self._pay)
        self.done_note = Label(N_("These details disappear when you press Finish or Quick exit."), "hint")
        for widget in (self.result_heading, self.overdue, self.details, self.payments_heading, self.payments,
                       self.no_payments):
            result_column.addWidget(widget)
        pay_row = QHBoxLayout()
        pay_row.addWidget(self.pay_button)
        pay_row.addStretch(1)
        result_column.addLayout(pay_row)
        result_column.addWidget(self.done_note)
        self.result_box.setVisible(False)
        self.column.addWidget(self.result_box)
        self.retranslate()
        self._set_online(self.host.account_lookup().configured)

    def _set_online(self, online: bool) -> None:
        self.offline.setVisible(not online)
        for widget in self.form:
            widget.setVisible(online)
        if not online:
            self.summary.set_errors([])
            self.result_box.setVisible(False)

    def focus_first(self) -> None:
        if self.reference.isVisible() and not self.result_box.isVisible():
            self.reference.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            super().focus_first()

    def _check_fields(self) -> list[tuple[str, QWidget]]:
        errors = []
        reference = self.reference.edit.text().strip()
        message = _("Enter your council tax account number") if not reference else v.account_reference(reference, {})
        self.reference.set_error(message or "")
        if message:
            errors.append((message, self.reference.edit))
        postcode = self.postcode.edit.text().strip()
        message = (_("Enter the postcode") if not postcode else
                   None if normalise_postcode(postcode) else _("Enter a real postcode, like SW2 1RW"))
        self.postcode.set_error(message or "")
        if message:
            errors.append((message, self.postcode.edit))
        surname = self.surname.edit.text().strip()
        message = _("Enter the surname on the bill") if not surname else None
        self.surname.set_error(message or "")
        if message:
            errors.append((message, self.surname.edit))
        return errors

    def find(self) -> None:
        errors = self._check_fields()
        if errors:
            self._show_problem(errors)
            return
        lookup = self.host.account_lookup()
        token = lookup.token()  # reads the device database: here, on the UI thread
        if isinstance(token, LookupResult):
            self._show_result(self._generation, token)
            return
        # The question goes to the council from a worker thread, so the kiosk stays responsive
        # (Quick exit included) while the network is slow.
        self.busy = True
        self.find_button.setEnabled(False)
        self.waiting.setVisible(True)
        _WORKERS.submit(_ask_in_worker, _bridge_to_ui(), weakref.ref(self), self._generation, lookup, token,
                        self.reference.edit.text().strip(), self.postcode.edit.text().strip(),
                        self.surname.edit.text().strip())

    def _show_result(self, generation: int, result: LookupResult) -> None:
        if generation != self._generation:
            return  # the session ended (or a newer look-up started) while it was on its way
        self.busy = False
        self.find_button.setEnabled(True)
        self.waiting.setVisible(False)
        if result.outcome == FOUND:
            self.account = result.account
            self.summary.set_errors([])
            self._show_account()
            return
        self.account = None
        self.result_box.setVisible(False)
        if result.outcome == OFFLINE:
            self._set_online(False)
            return
        if result.outcome == NOT_FOUND:
            message = _("We could not find an account with these details. Check them against your bill.")
        elif result.outcome == TOO_MANY:
            message = _("Too many tries that did not match. Please ask a member of staff, or try again later.")
        else:
            message = _("The council's system did not answer. Please try again in a few minutes.")
        self._show_problem([(message, self.reference.edit)])

    def _show_problem(self, errors: list[tuple[str, QWidget]]) -> None:
        self.summary.set_errors(errors)
        self.result_box.setVisible(False)
        self.host.scroll.verticalScrollBar().setValue(0)
        self.summary.links[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_account(self) -> None:
        account = self.account
        if account is None:
            return
        for field in (self.reference, self.postcode, self.surname):
            field.set_error("")
        balance = account["balance_pence"]
        if balance > 0:
            self.result_heading.set_source(lambda: _("Left to pay for {year}: {amount}").format(
                year=year_label(account["year"]), amount=format_pounds(account["balance_pence"])))
        else:
            self.result_heading.set_source(lambda: _("Nothing left to pay for {year}").format(
                year=year_label(account["year"])))
        overdue = account.get("overdue_pence") or 0
        self.overdue.set_source(lambda: _("{amount} of this is overdue. Pay it now, or ask about a payment "
                                          "arrangement.").format(amount=format_pounds(overdue)))
        self.overdue.setVisible(overdue > 0)
        rows = [(_("Account"), account["reference"]), (_("Name on the bill"), account["holder"]),
                (_("Address"), account["address"]), (_("Band"), account["band"]),
                (_("This year's bill"), format_pounds(account["annual_pence"])),
                (_("Paid so far"), format_pounds(account["paid_pence"]))]
        upcoming = account.get("next_instalment")
        if upcoming:
            rows.append((_("Next payment"), _("{amount} on {day}").format(
                amount=format_pounds(upcoming["amount_pence"]), day=format_day(date.fromisoformat(upcoming["due"])))))
        rows.append((_("Pays by"), _(METHODS["direct_debit"]) if account.get("payment_method") == "direct_debit"
                     else _("Card, bank or PayPoint")))
        self.details.set_rows(rows)
        payments = account.get("recent_payments") or []
        self.payments.set_rows([(format_day(date.fromisoformat(p["date"])) + "  \u2013  " +
                                 _(METHODS.get(p["method"], OTHER_PAYMENT)), format_pounds(p["amount_pence"]))
                                for p in payments])
        self.payments.setVisible(bool(payments))
        self.no_payments.setVisible(not payments)
        self.pay_button.setVisible(balance > 0)
        self.result_box.setVisible(True)
        self.host.scroll_to(self.result_heading)

    def pay_amount(self) -> int | None:
        if not self.account:
            return None
        overdue = self.account.get("overdue_pence") or 0
        if overdue:
            return overdue
        upcoming = self.account.get("next_instalment")
        return upcoming["amount_pence"] if upcoming else self.account["balance_pence"] or None

    def _pay(self) -> None:
        from ui.screens.counciltax.pay import PayPanel

        if self.account:
            self.host.open(PayPanel(self.host, reference=self.account["reference"], amount_pence=self.pay_amount()))

    def retranslate(self) -> None:
        super().retranslate()
        for field in (self.reference, self.postcode, self.surname):
            field.retranslate_names()
        if self.account is not None:
            self._show_account()

    def wipe(self) -> None:
        self._generation += 1  # an answer still on its way is dropped
        self.busy = False
        self.account = None
        self.details.set_rows([])
        self.payments.set_rows([])
        self.result_box.setVisible(False)
        super().wipe()
