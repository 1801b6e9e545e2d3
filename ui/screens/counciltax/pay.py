"""Pay: a QR code and short link to the council's own payment page, and the other ways to pay.

The kiosk never takes card details: the resident pays on their own phone. The
link comes from the ``payment_url_template`` setting, filled with the account
number and amount. Bank transfer and PayPoint details here are illustrative.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.counciltax import validators as v
from kiosk.counciltax.money import MoneyError, parse_pounds
from kiosk.counciltax.requests import REQUEST_TYPES
from kiosk.i18n import N_, _
from ui.govuk.basics import Button, Label, LinkButton
from ui.govuk.question import ErrorSummary
from ui.govuk.wrapping import breakable
from ui.screens.panels import Panel
from ui.screens.counciltax.payment_link import PaymentLinkError, amount_text, payment_url, short_link
from ui.screens.counciltax.widgets import Bullets, QrCode, SummaryTable

# Illustrative: a council puts its own here (the demo council is not a real payee).
# (label, value, whether the value is words to translate)
BANK_DETAILS = ((N_("Account name"), N_("Demo Borough Council"), True), (N_("Sort code"), "30-00-00", False),
                (N_("Account number"), "12345678", False))
PAYPOINT_STEPS = (
    N_("Take your bill to a shop with the PayPoint sign, or ask the council for a payment card."),
    N_("Pay in cash or by debit card at the till. Keep the receipt."),
)


class TextField(QFrame):
    """A label, hint, error message and text box, GOV.UK style, for a form with more than one box."""

    def __init__(self, label: str, hint: str, *, width: int = 420, prefix: str = ""):
        super().__init__()
        self.setObjectName("field")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.label = Label(label, "heading-m")
        self.hint = Label(hint, "hint")
        self._error = ""
        self.error_message = Label(lambda: self._error, "error-message")
        self.error_message.setVisible(False)
        self.edit = QLineEdit()
        self.edit.setMaximumWidth(width)
        self.label.setBuddy(self.edit)
        for widget in (self.label, self.hint, self.error_message):
            column.addWidget(widget)
        row = QHBoxLayout()
        if prefix:
            row.addWidget(Label(lambda: prefix, "heading-m"))
        row.addWidget(self.edit)
        row.addStretch(1)
        column.addLayout(row)

    def set_error(self, message: str) -> None:
        self._error = _("Error: {message}").format(message=message) if message else ""
        self.error_message.retranslate()
        self.error_message.setVisible(bool(message))
        for widget in (self, self.edit):
            widget.setProperty("error", "true" if message else "false")
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def retranslate_names(self) -> None:
        self.edit.setAccessibleName(self.label.text())
        self.edit.setAccessibleDescription(self.hint.text())


class PayPanel(Panel):
    title = N_("Pay your council tax")

    def __init__(self, host, reference: str = "", amount_pence: int | None = None):
        super().__init__(host)
        self.url = ""
        self.caption = Label(N_("Council tax"), "caption")
        self.heading = Label(self.title, "heading-xl")
        self.never = Label(N_("Pay by card on your own phone: scan a code, and the council's payment page opens. "
                              "This kiosk never asks for your card details."))
        self.summary = ErrorSummary()
        self.reference = TextField(N_("Council tax account number"), N_("It is at the top of your bill"))
        self.reference.edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.amount = TextField(N_("Amount to pay (optional)"),
                             N_("Leave it empty to type the amount on your phone"), width=260, prefix="£")
        self.amount.edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.show_button = Button(N_("Show the payment code"), "primary")
        self.show_button.clicked.connect(self.show_code)
        self.reference.edit.returnPressed.connect(self.show_code)
        self.amount.edit.returnPressed.connect(self.show_code)
        for widget in (self.caption, self.heading, self.never, self.summary, self.reference, self.amount):
            self.column.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.show_button)
        row.addStretch(1)
        self.column.addLayout(row)

        # The code, once asked for.
        self.code_box = QWidget()
        code_column = QVBoxLayout(self.code_box)
        code_column.setContentsMargins(0, 0, 0, 0)
        code_column.setSpacing(16)
        self.code_heading = Label(N_("Scan this code with your phone's camera"), "heading-l")
        self.qr = QrCode(N_("QR code that opens the council's payment page"))
        self.type_instead = Label(N_("Or type this address into your phone's web browser:"))
        self.link = Label(lambda: breakable(short_link(self.url)) if self.url else "", "heading-s")
        self.link.setObjectName("paymentLink")
        self.link.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.paying_for = Label("")
        for widget in (self.code_heading, self.qr, self.type_instead, self.link, self.paying_for):
            code_column.addWidget(widget)
        self.code_box.setVisible(False)
        self.column.addWidget(self.code_box)

        # Other ways to pay (always shown).
        self.other_heading = Label(N_("Other ways to pay"), "heading-l")
        self.bank_heading = Label(N_("By bank transfer"), "heading-m")
        self.bank = SummaryTable()
        self.bank_reference = Label(N_("Use your council tax account number as the payment reference."))
        self.paypoint_heading = Label(N_("At a shop (PayPoint)"), "heading-m")
        self.paypoint = Bullets(PAYPOINT_STEPS)
        self.dd_heading = Label(N_("By Direct Debit"), "heading-m")
        self.dd_link = LinkButton(N_("Set up a Direct Debit"))
        self.dd_link.clicked.connect(self._direct_debit)
        self.example_note = Label(N_("The bank details shown are an example for this demonstration."), "hint")
        for widget in (self.other_heading, self.bank_heading, self.bank, self.bank_reference, self.paypoint_heading,
                       self.paypoint, self.dd_heading, self.dd_link, self.example_note):
            self.column.addWidget(widget)
        self.retranslate()
        if reference:
            self.reference.edit.setText(reference)
        if amount_pence:
            self.amount.edit.setText(amount_text(amount_pence))
        if reference:
            self.show_code()

    def focus_first(self) -> None:
        if self.code_box.isVisible():
            super().focus_first()
        else:
            self.reference.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_code(self) -> None:
        errors = []
        reference_text = self.reference.edit.text().strip()
        reference_error = (_("Enter your council tax account number") if not reference_text
                           else v.account_reference(reference_text, {}))
        self.reference.set_error(reference_error or "")
        if reference_error:
            errors.append((reference_error, self.reference.edit))
        amount_pence = None
        amount_error = ""
        if self.amount.edit.text().strip():
            try:
                amount_pence = parse_pounds(self.amount.edit.text())
                if amount_pence <= 0:
                    amount_error = _("The amount must be more than £0")
            except MoneyError as exc:
                amount_error = str(exc)
        self.amount.set_error(amount_error)
        if amount_error:
            errors.append((amount_error, self.amount.edit))
        if not errors:
            try:
                self.url = payment_url(self.host.settings["payment_url_template"], reference_text, amount_pence)
            except PaymentLinkError:
                errors.append((_("Paying by phone is not set up on this kiosk. Ask a member of staff, or use one "
                                 "of the other ways to pay."), self.show_button))
        self.summary.set_errors(errors)
        if errors:
            self.url = ""
            self.qr.set_data("")
            self.code_box.setVisible(False)
            self.summary.links[0].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.qr.set_data(self.url)
        self.link.retranslate()
        self.paying_for.set_source(lambda: _("For account {reference}{amount}.").format(
            reference=v.digits_only(reference_text).upper(),
            amount=_(", amount {amount}").format(amount="£" + amount_text(amount_pence)) if amount_pence else ""))
        self.code_box.setVisible(True)
        self.host.scroll_to(self.code_heading)

    def _direct_debit(self) -> None:
        from ui.screens.counciltax.request_flow import RequestFlowPanel

        self.host.open(RequestFlowPanel(self.host, REQUEST_TYPES["direct_debit"]))

    def retranslate(self) -> None:
        super().retranslate()
        self.bank.set_rows([(_(name), _(value) if words else value) for name, value, words in BANK_DETAILS])
        self.reference.retranslate_names()
        self.amount.retranslate_names()

    def wipe(self) -> None:
        self.url = ""
        self.qr.set_data("")
        self.code_box.setVisible(False)
        super().wipe()
