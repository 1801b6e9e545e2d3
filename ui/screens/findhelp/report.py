"""Report a problem with a listing: closed, wrong details, or something else → the council.

Nothing is typed and nothing about the resident is sent: the listing's key and the
kind of problem only (``feedback_ops.report_problem``).
"""

from __future__ import annotations

from typing import Any

from kiosk.directory import feedback_ops
from kiosk.i18n import N_, _
from ui.govuk.basics import Button, Label, button_row
from ui.govuk.question import ErrorSummary
from ui.govuk.summary import ConfirmationPanel
from ui.screens.counciltax.widgets import RadioRow
from ui.screens.findhelp.panel import FindHelpPanel

KINDS = (
    ("closed", N_("The service has closed")),
    ("wrong_details", N_("Some details are wrong, like the phone number, address or opening times")),
    ("other", N_("Something else")),
)


class ReportPanel(FindHelpPanel):
    title = N_("Report a problem with this listing")

    def __init__(self, host, service: dict[str, Any]):
        super().__init__(host, caption=lambda: service.get("name", ""))
        self.service = service
        self.report_id: str | None = None
        self.summary = ErrorSummary()
        self.column.addWidget(self.summary)
        self.heading = Label(self.title, "heading-xl")
        self.column.addWidget(self.heading)
        self.choices = RadioRow(N_("What is wrong?"), KINDS, per_row=1,
                                hint=N_("We send the council only which listing this is and what kind of problem "
                                        "it is. Nothing about you."))
        self.column.addWidget(self.choices)
        self.send_button = Button(N_("Send"), "primary")
        self.send_button.clicked.connect(self.send)
        self.column.addLayout(button_row(self.send_button))
        self.confirmation = ConfirmationPanel(N_("Thank you for telling us"),
                                              N_("The council will check this listing and correct it. "
                                                 "Until then, phone the service before you go."))
        self.confirmation.reference_caption.setVisible(False)  # nothing to follow up: no reference to keep
        self.confirmation.reference.setVisible(False)
        self.confirmation.setVisible(False)
        self.column.addWidget(self.confirmation)
        self.home_button = Button(N_("Back to Find help"), "secondary")
        self.home_button.clicked.connect(self.host.home)
        self.home_button.setVisible(False)
        self.column.addLayout(button_row(self.home_button))

    def send(self) -> None:
        kind = self.choices.value()
        if kind is None:
            self.summary.set_errors([(_("Select what is wrong with the listing"), self.choices.buttons[0][2])])
            self.host.scroll_to(self.summary)
            return
        self.summary.set_errors([])
        try:
            self.report_id = feedback_ops.report_problem(self.host.db, feedback_ops.service_key(self.service), kind,
                                                         now=self.host.clock())
        except Exception:  # noqa: BLE001 - say so, never a traceback
            import logging

            logging.getLogger(__name__).exception("could not queue a directory report")
            self.summary.set_errors([(_("Sorry, the report could not be saved. Please tell a member of staff."),
                                      self.send_button)])
            return
        for widget in (self.heading, self.choices, self.send_button):
            widget.setVisible(False)
        self.confirmation.setVisible(True)
        self.home_button.setVisible(True)
        self.host.page_changed()
