"""Take it away: a QR code a phone camera reads without internet, and a printed slip.

For one service or for the shortlist (one code and one slip for the whole list).
See ``takeaway_text`` for what the code holds. With no printer, the slip is saved as
a PDF for staff to print; the file is deleted when the session ends.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.directory import feedback_ops, query
from kiosk.i18n import N_, _
from ui.govuk.basics import Button, Label, button_row
from ui.govuk.wrapping import breakable
from ui.screens.findhelp import takeaway_text
from ui.screens.findhelp.panel import FindHelpPanel
from ui.screens.findhelp.widgets import QrView, inset

log = logging.getLogger(__name__)


class TakeAwayPanel(FindHelpPanel):
    def __init__(self, host, service_ids: list[int]):
        super().__init__(host)
        self.services: list[dict[str, Any]] = [s for s in (query.get_service(host.db, i) for i in service_ids) if s]
        several = len(self.services) > 1
        self.title = N_("Take your list with you") if several else N_("Take the details with you")
        self.heading = Label(self.title, "heading-xl")
        self.column.addWidget(self.heading)
        self.how = Label(N_("Point your phone's camera at the code. It works without the internet: your phone "
                            "shows the details, ready to copy or keep.") if several else
                         N_("Point your phone's camera at the code. It works without the internet, and your phone "
                            "will offer to save it as a contact."))
        self.column.addWidget(self.how)
        # The code and what it holds side by side, so Print is on the first screenful.
        row = QHBoxLayout()
        row.setSpacing(36)
        self.qr = QrView(N_("QR code with the details of the services on your list") if several else
                         N_("QR code with the name, phone number, address and website of this service"))
        self.qr.set_data(takeaway_text.qr_text(self.services) if self.services else "")
        row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        side = QVBoxLayout()
        side.setSpacing(16)
        self.contents_heading = Label(N_("What the code holds"), "heading-m")
        self.contents = Label(lambda: "\n\n".join("\n".join(map(breakable, takeaway_text.plain_block(s)))
                                                    for s in self.services))
        self.contents.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.print_button = Button(N_("Print the details"), "primary",
                                   description=N_("A paper slip with the same details and code"))
        self.print_button.clicked.connect(self.print_slip)
        side.addWidget(self.contents_heading)
        side.addWidget(self.contents)
        side.addLayout(button_row(self.print_button))
        side.addStretch(1)
        row.addLayout(side, 1)
        self.column.addLayout(row)
        self.print_result = inset("")
        self.print_result.setVisible(False)
        self.column.addWidget(self.print_result)
        self.last_pdf = None
        for service in self.services:
            self.host.count("takeaway_qr", feedback_ops.service_key(service))

    def print_slip(self):
        """Print at once on a kiosk (a dialog on a laptop); without a printer save a PDF and say so."""
        from ui.screens.findhelp import slip

        hub = self.host.context.settings["hub_name"]
        printed = self.host.clock()
        path = None
        try:
            info = slip.available_printer()
            if info is not None:
                if not self._print_on(info, hub, printed):
                    return None
                message = _("Printing now. Collect your slip from the printer.")
            else:
                path = slip.print_slip(self.services, hub, printed)
                self.host.temp_files.append(path)
                self.last_pdf = path
                if self.host.kiosk_mode:  # a file on the kiosk means nothing to a resident
                    message = _("There is no printer here. Ask a member of staff to print your slip before you "
                                "finish, or scan the code with your phone.\nFor staff: the slip is the file {path}"
                                ).format(path=path)
                else:
                    message = _("There is no printer here, so the slip was saved as a file to print: {path}. "
                                "It is deleted when you finish.").format(path=path)
            for service in self.services:
                self.host.count("takeaway_print", feedback_ops.service_key(service))
        except Exception:  # noqa: BLE001 - a printer problem must not end the session
            log.exception("could not print a find-help slip")
            message = _("Sorry, the slip could not be printed. Scan the code with your phone, or write the "
                        "details down.")
        self.print_result.label.set_source(lambda message=message: message)
        self.print_result.setVisible(True)
        self.host.scroll_to(self.print_result)
        return path

    def _print_on(self, info, hub, printed) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from ui.screens.findhelp import slip

        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        if not self.host.kiosk_mode:  # a volunteer's laptop: let them choose; a kiosk prints straight away
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                return False
        slip.print_slip(self.services, hub, printed, printer=printer)
        return True

    def wipe(self) -> None:
        self.qr.set_data("")
        super().wipe()
