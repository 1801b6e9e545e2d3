"""``OpportunitiesScreen``: the board area, one screen holding a stack of panels (council-tax pattern)."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QWidget

from kiosk.i18n import N_
from ui.screens.base import Screen
from ui.screens.panels import Panel, PanelStack


def resolve_member(db, member: Any) -> dict[str, Any] | None:
    """An account dict from what a caller has: the dict itself, an account id or a member number."""
    from kiosk.timebank import members, numbers
    from kiosk.timebank.errors import TimeBankError

    if member is None or isinstance(member, dict):
        return member
    text = str(member)
    found = members.get_account(db, text)
    if found is None:
        try:
            found = members.get_by_number(db, numbers.parse_member_number(text))
        except TimeBankError:
            found = None
    return found if found is not None and found["kind"] == "person" else None


class OpportunitiesScreen(Screen):
    title = N_("Offers, requests and opportunities")

    def __init__(self, context, *, member: Any = None, parent: QWidget | None = None):
        super().__init__(parent, max_width=1100)
        self.context = context
        self.member: dict[str, Any] | None = resolve_member(context.db, member)
        from ui.screens.findhelp.widgets import local_style

        self.setStyleSheet(local_style())  # result cards and tags, as in Find help
        self.panels = PanelStack()
        self.body.addWidget(self.panels)
        self.body.addStretch(1)
        from ui.screens.opportunities.board import BoardPanel

        self.board = BoardPanel(self)
        self.open(self.board)

    @property
    def db(self):
        return self.context.db

    @property
    def current(self) -> Panel:
        top = self.panels.top
        assert top is not None
        return top

    def open(self, panel: Panel) -> Panel:
        self.panels.push(panel)
        self.page_changed()
        return panel

    def open_with(self, factory: Callable[["OpportunitiesScreen"], Panel]) -> Panel:
        return self.open(factory(self))

    def close_top(self) -> None:
        if len(self.panels.panels) > 1:
            self.panels.pop()
            self.page_changed()

    def home(self) -> None:
        while len(self.panels.panels) > 1:
            self.panels.pop()
        self.board.refresh()
        self.page_changed()

    def page_changed(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)
        if self.panels.top is not None:
            self.panels.top.focus_first()

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
            self.board.refresh()  # a shortlist or a withdrawal may have changed what it lists
            self.page_changed()
            return True
        return False

    def wipe(self) -> None:
        """The session is ending: forget the member and every panel that showed their matches."""
        self.member = None
        while len(self.panels.panels) > 1:
            self.panels.pop()
        self.board.wipe()
        super().wipe()
