"""Join the time bank: a self-service registration, pending a time broker's approval.

Name → phone (optional) → e-mail (optional) → languages → skills → interests →
availability → consent (the core's statement, recorded exactly as shown, in
the language shown) → PIN twice → check answers → confirmation with the new
member number and a membership card to print. Without a safe keyring or the
council's key the core refuses to store anyone's details; its message shows
on the check page and nothing is lost.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel

from kiosk.i18n import LANGUAGES, N_, _
from kiosk.timebank import members, pins
from kiosk.timebank.errors import TimeBankError
from ui.govuk.basics import Button, Label
from ui.govuk.wrapping import WrappingCheckboxInput
from ui.govuk.question import Choice, Question
from ui.screens.timebank.card import available_printer, card_image, print_card
from ui.screens.timebank.flow import FlowPanel, Step

log = logging.getLogger(__name__)
NAME_MAX = 120


def _name(raw: str, _answers: Any) -> str:
    name = " ".join(raw.split())
    if len(name) > NAME_MAX:
        raise TimeBankError("name_too_long", _("The name is too long (at most 120 letters)."))
    return name


# The core checks these again when it registers; these say so on the page the answer was typed on.
def _phone(raw: str, _answers: Any) -> str:
    if not members._PHONE.match(raw.strip()):
        raise TimeBankError("phone_format", _("\"{phone}\" does not look like a phone number.").format(phone=raw))
    return raw.strip()


def _email(raw: str, _answers: Any) -> str:
    if not members._EMAIL.match(raw.strip()):
        raise TimeBankError("email_format", _("\"{email}\" does not look like an e-mail address. "
                                              "You can leave it empty.").format(email=raw))
    return raw.strip()


def _words(raw: str, _answers: Any) -> list[str]:
    return [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]


def _pin_again(raw: str, answers: dict[str, Any]) -> str:
    if raw.strip() != answers.get("pin"):
        raise TimeBankError("pin_mismatch", _("The two PINs are not the same. Type the same PIN twice."))
    return raw.strip()


def _consent(value: list[str], _answers: Any) -> members.Consent:
    # The statement as the page shows it now, in the language it is shown in.
    return members.Consent.as_shown_now()


def join_steps() -> tuple[Step, ...]:
    optional_hint = N_("You can leave this empty.")
    return (
        Step(Question("name", N_("What is your name?"), hint=N_("The name you would like other members to know "
                                                              "you by."),
                      required_error=N_("Enter your name"), summary_label=N_("Name")), parse=_name, max_length=200),
        Step(Question("phone", N_("What is your phone number? (optional)"),
                      hint=N_("So a time broker can call you about help you offered. You can leave this empty."),
                      optional=True, summary_label=N_("Phone")), parse=_phone, width_chars=16),
        Step(Question("email", N_("What is your e-mail address? (optional)"), hint=optional_hint, optional=True,
                      summary_label=N_("E-mail")), parse=_email),
        Step(Question("languages", N_("Which languages do you speak?"), kind="radio",
                      hint=N_("Choose all that apply. You can leave this empty."),
                      choices=tuple(Choice(code, lambda name=name: name) for code, name in LANGUAGES.items()),
                      optional=True, summary_label=N_("Languages")),
             make_input=WrappingCheckboxInput,
             display=lambda codes: ", ".join(LANGUAGES.get(code, code) for code in codes)),
        Step(Question("skills", N_("What could you help other people with?"),
                      hint=N_("For example: gardening, cooking, fixing bikes, reading with children. Separate "
                              "them with commas. You can leave this empty."),
                      optional=True, summary_label=N_("Skills")), parse=_words, display=", ".join),
        Step(Question("interests", N_("What are you interested in?"),
                      hint=N_("Things you enjoy or care about, for example: music, the environment, football. "
                              "You can leave this empty."),
                      optional=True, summary_label=N_("Interests")), parse=_words, display=", ".join),
        Step(Question("availability", N_("When are you usually free to help?"),
                      hint=N_("For example: weekday mornings, Saturday afternoons. You can leave this empty."),
                      optional=True, summary_label=N_("When you are free")), max_length=500),
        Step(Question("consent", N_("How we use your details"), kind="radio", hint=members.CONSENT_WORDING,
                      choices=(Choice("agree", N_("I agree to how the time bank uses my details")),),
                      required_error=N_("You can only join if you agree to how we use your details"),
                      summary_label=N_("Your agreement")),
             make_input=WrappingCheckboxInput, parse=_consent, display=lambda _consent: _("Agreed"),
             extra={"hint_kind": "body"}),
        Step(Question("pin", N_("Choose a PIN"),
                      hint=N_("4 to 6 digits, not all the same. You will type it to sign in and to agree when "
                              "you spend credits. Do not tell anyone your PIN."),
                      required_error=N_("Choose a PIN"), summary_label=N_("PIN")),
             parse=lambda raw, _answers: pins.check_pin_format(raw), secret=True, max_length=6, width_chars=6,
             extra={"resets": ("pin_again",)}),
        Step(Question("pin_again", N_("Type your PIN again"), hint=N_("To make sure it is the one you meant."),
                      required_error=N_("Type your PIN again")),
             parse=_pin_again, secret=True, max_length=6, width_chars=6, in_summary=False),
    )


class JoinPanel(FlowPanel):
    def __init__(self, host):
        self.account: dict[str, Any] | None = None
        self.card: dict[str, str] | None = None
        self.temp_files: list[Path] = []
        super().__init__(
            host, title=N_("Join the time bank"), steps=join_steps(), submit=self._register,
            confirmation_title=N_("Application received"),
            next_steps=N_("A time broker will check your details and approve your membership, usually within a "
                          "week. Until then you can sign in and see your account, but you cannot record or spend "
                          "hours yet. Keep your member number: you need it with your PIN to sign in."),
            submit_label=N_("Join the time bank"), done_label=N_("Back to the time bank"),
            error_keys={"name_missing": "name", "name_too_long": "name", "phone_format": "phone",
                        "email_format": "email", "consent_missing": "consent", "pin_format": "pin",
                        "pin_weak": "pin", "pin_missing": "pin"})
        panel = self.confirmation.panel
        panel.reference_caption.set_source(N_("Your member number"))
        self.card_heading = Label(N_("Your membership card"), "heading-l")
        self.card_view = QLabel()
        self.card_view.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.print_button = Button(N_("Print your card"), "primary")
        self.print_button.clicked.connect(self.print_card_now)
        self.print_result = Label("", "body")
        self.print_result.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addStretch(1)
        extra = self.confirmation.extra
        extra.addWidget(self.card_heading)
        extra.addWidget(self.card_view)
        extra.addLayout(row)
        extra.addWidget(self.print_result)

    def _register(self, answers: dict[str, Any], _pin: str | None) -> str:
        self.account = members.register_member(
            self.host.db, name=answers["name"], consent=answers.get("consent"), registered_by="self",
            self_service=True, phone=answers.get("phone") or "", email=answers.get("email") or "",
            languages=answers.get("languages") or (), skills=answers.get("skills") or (),
            interests=answers.get("interests") or (), availability=answers.get("availability") or "",
            pin=answers.get("pin"))
        # The PIN is hashed now; the typed one goes at once.
        for key in ("pin", "pin_again"):
            self.answers.pop(key, None)
            self.pages[key].clear()
        self.card = members.card(self.account)
        return self.card["number"]

    def submitted(self) -> None:
        assert self.card is not None
        self.card_view.setPixmap(QPixmap.fromImage(card_image(self.card)))
        self.card_view.setAccessibleName(_("Your membership card"))
        self.card_view.setAccessibleDescription(_("{name}, member number {number}").format(**self.card))
        self.print_result.setVisible(False)

    def print_card_now(self) -> Path | None:
        """Print the card; without a printer, save it as a PDF (deleted when the session ends)."""
        if self.card is None:
            return None
        info = available_printer()
        try:
            if info is not None:
                self._print_on(info)
                message, path = _("Your card is printing. Collect it from the printer."), None
            else:
                path = print_card(self.card)
                if path is not None:
                    self.temp_files.append(path)
                if self.host.kiosk_mode:  # a file on the kiosk means nothing to a resident
                    message = _("There is no printer here. Ask a member of staff to print your card before you "
                                "finish, or take a photo of it.")
                else:
                    message = _("There is no printer here, so your card was saved as a file to print: {path}. "
                                "It is deleted when you finish.").format(path=path)
        except _Cancelled:
            return None
        except Exception:  # noqa: BLE001 - a printer problem must not lose the new member's details
            log.exception("could not print a membership card")
            message, path = _("Sorry, the card could not be printed. Write down your member number, or take a "
                              "photo of the card on the screen."), None
        self.print_result.set_source(lambda message=message: message)
        self.print_result.setVisible(True)
        return path

    def _print_on(self, info) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        if not self.host.kiosk_mode:  # a volunteer's laptop: let them choose; a kiosk prints straight away
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                raise _Cancelled
        print_card(self.card, printer=printer)

    def wipe(self) -> None:
        self.account = None
        self.card = None
        self.card_view.clear()
        self.print_result.set_source("")
        for path in self.temp_files:
            path.unlink(missing_ok=True)
        self.temp_files.clear()
        super().wipe()


class _Cancelled(Exception):
    pass
