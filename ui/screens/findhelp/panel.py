"""The base of every Find help page: a council-tax style ``Panel`` that can refresh itself."""

from __future__ import annotations

from kiosk.i18n import N_
from ui.govuk.basics import Label
from ui.screens.panels import Panel


class FindHelpPanel(Panel):
    def __init__(self, host, *, caption=N_("Find help")):
        super().__init__(host)
        self.caption = Label(caption, "caption")
        self.column.addWidget(self.caption)

    def refresh(self) -> None:
        """Shown again (Back, or the shortlist changed elsewhere): re-read what may have changed."""
