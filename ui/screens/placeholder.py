"""Task screens not built yet: real places to navigate to, saying so plainly."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.i18n import N_
from ui.govuk.basics import Label, Text
from ui.screens.base import Screen


class ComingSoonScreen(Screen):
    def __init__(self, title: Text, purpose: Text, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.heading = Label(title, "heading-xl")
        self.purpose = Label(purpose)
        self.notice = Label(N_("Coming soon"), "heading-m")
        self.advice = Label(N_("This part of the kiosk is not ready yet. Please ask a member of staff for help."))
        for widget in (self.heading, self.purpose, self.notice, self.advice):
            self.body.addWidget(widget)
        self.body.addStretch(1)
