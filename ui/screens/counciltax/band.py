"""Challenge my band: information only. Bands are the Valuation Office Agency's, not the council's."""

from __future__ import annotations

from kiosk.counciltax.requests import BAND_CHALLENGE_INFO
from kiosk.i18n import N_
from ui.govuk.basics import Button, Label
from ui.screens.panels import Panel
from ui.screens.counciltax.widgets import QrCode

# GOV.UK's own page for the VOA route (take-away, like the pay link).
VOA_URL = "https://www.gov.uk/challenge-council-tax-band"


class BandPanel(Panel):
    title = N_("Challenge your council tax band")

    def __init__(self, host):
        super().__init__(host)
        self.caption = Label(N_("Council tax"), "caption")
        self.heading = Label(self.title, "heading-xl")
        self.column.addWidget(self.caption)
        self.column.addWidget(self.heading)
        self.paragraphs = [Label(text) for text in BAND_CHALLENGE_INFO]
        for label in self.paragraphs:
            self.column.addWidget(label)
        self.not_here = Label(N_("You cannot send a band challenge from this kiosk, because it goes to the VOA. "
                                 "Scan the code to open the GOV.UK page on your phone."), "heading-s")
        self.qr = QrCode(N_("QR code that opens the GOV.UK page about challenging your band"))
        self.qr.set_data(VOA_URL)
        self.link = Label(lambda: VOA_URL.split("://", 1)[1], "heading-s")
        self.home_button = Button(N_("Back to council tax"), "secondary")
        self.home_button.clicked.connect(self.host.home)
        for widget in (self.not_here, self.qr, self.link, self.home_button):
            self.column.addWidget(widget)
