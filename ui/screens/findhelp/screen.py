"""``FindHelpScreen``: the Find help area, one screen holding a stack of panels.

Home (search box and need tiles) → results with filters → a service's details →
take it away (QR code, printed slip), add to the shortlist, or report a problem.
Back goes to the panel before; the navigator only pops the screen from home.

What the resident did here — typed text, filters, the shortlist, a printed PDF —
lives on this screen only and is wiped when the session ends (``wipe``).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.directory import feedback_ops
from kiosk.i18n import N_
from ui.easy_read import EasyReadBar
from ui.screens.base import Screen
from ui.screens.panels import Panel, PanelStack
from ui.screens.findhelp.widgets import local_style

MAX_SHORTLIST = 8  # one QR code still reads easily with this many services


class FindHelpScreen(Screen):
    title = N_("Find help")

    def __init__(self, context, *, clock: Callable[[], datetime] | None = None, parent: QWidget | None = None):
        """``clock``: the current time (aware); tests pass a fixed one for opening status."""
        super().__init__(parent, max_width=1100)
        self.context = context
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.shortlist: list[int] = []
        self.temp_files: list[Path] = []
        self.setStyleSheet(local_style())
        self.easy_read = EasyReadBar()
        self.body.addWidget(self.easy_read)
        self.panels = PanelStack()
        self.body.addWidget(self.panels)
        self.body.addStretch(1)
        from ui.screens.findhelp.home import HomePanel

        self.open(HomePanel(self))

    # The device's services, for the panels -----------------------------------------------

    @property
    def db(self):
        return self.context.db

    @property
    def kiosk_mode(self) -> bool:
        return self.context.mode == "kiosk"

    def count(self, event: str, subject: str) -> None:
        """An anonymous usage count; never lets a full disk or a locked file disturb the resident."""
        try:
            feedback_ops.count_usage(self.db, event, subject, now=self.clock())
        except Exception:  # noqa: BLE001 - counting is not worth an error on screen
            import logging

            logging.getLogger(__name__).exception("could not count %s", event)

    # The shortlist -----------------------------------------------------------------------

    def in_shortlist(self, service_id: int) -> bool:
        return service_id in self.shortlist

    def add_to_shortlist(self, service: dict) -> bool:
        if service["id"] in self.shortlist or len(self.shortlist) >= MAX_SHORTLIST:
            return False
        self.shortlist.append(service["id"])
        self.count("shortlist", feedback_ops.service_key(service))
        return True

    def remove_from_shortlist(self, service_id: int) -> None:
        if service_id in self.shortlist:
            self.shortlist.remove(service_id)

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

    def home(self) -> None:
        """Back to the search box and topics, forgetting the panels above it."""
        while len(self.panels.panels) > 1:
            self.panels.pop()
        self.current.refresh()  # the shortlist link may have changed
        self.page_changed()

    def page_changed(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)
        self.easy_read.follow(self.panels.top)
        if self.panels.top is not None:
            self.panels.top.focus_first()

    def scroll_to(self, widget: QWidget) -> None:
        """Bring ``widget`` into view once the layout has placed it."""
        def scroll() -> None:
            if widget.isVisible():
                top = widget.mapTo(self.scroll.widget(), QPoint(0, 0)).y()
                self.scroll.verticalScrollBar().setValue(max(0, top - 24))

        QTimer.singleShot(0, widget, scroll)

    def heading_text(self) -> str:
        return self.current.heading_text()

    def focus_first(self) -> None:
        self.current.focus_first()

    def go_back(self) -> bool:
        if len(self.panels.panels) > 1:
            self.panels.pop()
            refresh = getattr(self.current, "refresh", None)
            if refresh is not None:
                refresh()
            self.page_changed()
            return True
        return False

    def wipe(self) -> None:
        """The session ends: the shortlist, what was typed and chosen, and any slip saved as a file."""
        self.shortlist.clear()
        for path in self.temp_files:
            path.unlink(missing_ok=True)
        self.temp_files.clear()
        while len(self.panels.panels) > 1:
            self.panels.pop()
        for panel in self.panels.panels:
            panel.wipe()
        super().wipe()
