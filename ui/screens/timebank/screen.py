"""``TimeBankScreen``: the time-bank area, one screen holding a stack of panels and the signed-in member.

The member is signed in only inside this screen: signing out, Finish, Quick
exit and the idle time-out (which all end in the navigator's ``wipe``) forget
them and destroy every panel that showed their details.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtWidgets import QWidget

from kiosk.i18n import N_
from ui.easy_read import EasyReadBar
from ui.screens.base import Screen
from ui.screens.timebank.panel import Panel, PanelStack

log = logging.getLogger(__name__)


def _council_reachable(context) -> Callable[[], bool]:
    """Whether the last sync reached the council (what the header calls "Online")."""
    def online() -> bool:
        from ui.status import read_status

        try:
            return bool(read_status(context.db, context.settings).online)
        except Exception:  # noqa: BLE001 - a status we cannot read counts as offline
            log.exception("could not read the sync status")
            return False
    return online


class TimeBankScreen(Screen):
    title = N_("Time bank")

    def __init__(self, context, *, online: Callable[[], bool] | None = None, parent: QWidget | None = None):
        """``online``: says whether the council is reachable now (tests pass their own)."""
        super().__init__(parent, max_width=1100)
        self.context = context
        self.online = online or _council_reachable(context)
        self.member: dict[str, Any] | None = None  # the signed-in member's account (decrypted)
        self.easy_read = EasyReadBar()
        self.body.addWidget(self.easy_read)
        self.panels = PanelStack()
        self.body.addWidget(self.panels, 1)  # no stretch under it: a layout would give it only its size hint
        from ui.screens.timebank.home import HomePanel

        self.open(HomePanel(self))

    @property
    def db(self):
        return self.context.db

    @property
    def kiosk_mode(self) -> bool:
        return self.context.mode == "kiosk"

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

    def close_top(self) -> None:
        if len(self.panels.panels) > 1:
            self.panels.pop()
            self.page_changed()

    def back_to(self, panel_type: type) -> None:
        """Close panels until one of ``panel_type`` is on top (or only the home is left)."""
        while len(self.panels.panels) > 1 and not isinstance(self.current, panel_type):
            self.panels.pop()
        self.page_changed()

    def home(self) -> None:
        while len(self.panels.panels) > 1:
            self.panels.pop()
        self.page_changed()

    def page_changed(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)
        self.easy_read.follow(self.panels.top)
        if self.panels.top is not None:
            self.panels.top.focus_first()

    # The member --------------------------------------------------------------------------

    def sign_in(self, account: dict[str, Any]) -> None:
        from ui.screens.timebank.member import MemberHomePanel

        self.home()  # the sign-in pages go: Back from the member's home does not show the PIN page
        self.member = account
        self.open(MemberHomePanel(self))

    def refresh_member(self) -> None:
        """Re-read the member's account (a sync may have approved them meanwhile)."""
        from kiosk.timebank import members

        if self.member is not None:
            self.member = members.get_account(self.db, self.member["id"]) or self.member

    def sign_out(self) -> None:
        self.member = None
        self.home()

    # Screen ------------------------------------------------------------------------------

    def heading_text(self) -> str:
        return self.current.heading_text()

    def focus_first(self) -> None:
        self.current.focus_first()

    def go_back(self) -> bool:
        if self.current.go_back():
            self.scroll.verticalScrollBar().setValue(0)
            return True
        if len(self.panels.panels) > 1:
            from ui.screens.timebank.member import MemberHomePanel

            if isinstance(self.current, MemberHomePanel):
                self.sign_out()  # Back from the member's home signs them out
            else:
                self.close_top()
            return True
        return False

    def wipe(self) -> None:
        """The session is ending: forget the member and everything shown or typed for them."""
        self.member = None
        while len(self.panels.panels) > 1:
            self.panels.pop()
        for panel in self.panels.panels:
            panel.wipe()
        super().wipe()
