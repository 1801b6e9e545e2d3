"""``CouncilTaxScreen``: the council-tax area, one screen holding a stack of panels."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.i18n import N_
from ui.easy_read import EasyReadBar
from ui.screens.base import Screen
from ui.screens.panels import Panel, PanelStack


class CouncilTaxScreen(Screen):
    title = N_("Council tax")

    def __init__(self, context, *, lookup=None, parent: QWidget | None = None):
        """``lookup``: an ``AccountLookup`` (tests pass one; by default the device's own)."""
        super().__init__(parent, max_width=1100)
        self.context = context
        self._lookup = lookup
        self.easy_read = EasyReadBar()
        self.body.addWidget(self.easy_read)
        self.panels = PanelStack()
        self.body.addWidget(self.panels)
        self.body.addStretch(1)
        from ui.screens.counciltax.home import HomePanel

        self.open(HomePanel(self))

    # The device's services, for the panels -----------------------------------------------

    @property
    def db(self):
        return self.context.db

    @property
    def settings(self):
        return self.context.settings

    def account_lookup(self):
        if self._lookup is None:
            from sync.client import data_dir_of
            from sync.counciltax_lookup import lookup_for

            self._lookup = lookup_for(data_dir_of(self.db), self.db)
        return self._lookup

    # Panels ------------------------------------------------------------------------------

    @property
    def current(self) -> Panel:
        top = self.panels.top
        assert top is not None
        return top

    def open(self, panel: Panel) -> Panel:
        self.panels.push(panel)
        self.page_changed()
        return panel

    def open_with(self, factory: Callable[["CouncilTaxScreen"], Panel]) -> Panel:
        return self.open(factory(self))

    def home(self) -> None:
        """Back to "What do you need to do?", forgetting the panels above it."""
        while len(self.panels.panels) > 1:
            self.panels.pop()
        self.page_changed()

    def page_changed(self) -> None:
        """A new page shows: start at its top, focus like a new web page."""
        self.scroll.verticalScrollBar().setValue(0)
        self.easy_read.follow(self.panels.top)
        if self.panels.top is not None:
            self.panels.top.focus_first()

    def scroll_to(self, widget: QWidget) -> None:
        """Bring ``widget`` into view once the layout has placed it (it may have just been shown)."""
        def scroll() -> None:
            if widget.isVisible():  # to the top of the view: a result is read from its first line
                top = widget.mapTo(self.scroll.widget(), QPoint(0, 0)).y()
                self.scroll.verticalScrollBar().setValue(max(0, top - 24))

        QTimer.singleShot(0, widget, scroll)  # dropped if the widget goes first

    def heading_text(self) -> str:
        return self.current.heading_text()

    def focus_first(self) -> None:
        self.current.focus_first()

    def go_back(self) -> bool:
        if self.current.go_back():
            self.scroll.verticalScrollBar().setValue(0)
            return True
        if len(self.panels.panels) > 1:
            self.panels.pop()
            self.page_changed()
            return True
        return False

    def wipe(self) -> None:
        for panel in self.panels.panels:
            panel.wipe()
        super().wipe()
