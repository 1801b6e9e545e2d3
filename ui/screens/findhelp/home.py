"""Find help home: "What do you need help with?" — a search box, or a topic (need) tile."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit

from kiosk.directory import query
from kiosk.i18n import N_, _, ngettext
from ui.easy_read import easy
from ui.govuk.basics import Button, Label, LinkButton, Tile
from ui.screens.findhelp.panel import FindHelpPanel

MAX_QUERY_CHARS = 200  # the search reads at most 1,000; a resident never needs more than this


class HomePanel(FindHelpPanel):
    title = N_("What do you need help with?")

    def __init__(self, host):
        super().__init__(host)
        self.heading = Label(self.title, "heading-xl")
        self.column.addWidget(self.heading)
        self.hint = Label(easy(N_("Type a few words, for example food bank, debt advice or English classes."),
                               N_("Type what you need.\nFor example: food bank.\nOr: help with debt.\n"
                                  "Or: English classes.")), "hint")
        self.column.addWidget(self.hint)
        self.error = Label("", "error-message")
        self.error.setVisible(False)
        self.column.addWidget(self.error)
        row = QHBoxLayout()
        row.setSpacing(16)
        self.search_edit = QLineEdit()
        self.search_edit.setMaxLength(MAX_QUERY_CHARS)
        self.search_edit.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)  # no lasting typing memory
        self.search_edit.returnPressed.connect(self.search)
        self.heading.setBuddy(self.search_edit)
        self.search_button = Button(N_("Search"), "primary")
        self.search_button.clicked.connect(self.search)
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.search_button)
        self.column.addLayout(row)

        self.shortlist_link = LinkButton(self._shortlist_text)
        self.shortlist_link.clicked.connect(self.open_shortlist)
        self.column.addWidget(self.shortlist_link)

        self.topics_heading = Label(N_("Or choose a topic"), "heading-l")
        self.column.addWidget(self.topics_heading)
        self.empty = Label(easy(N_("The list of services has not reached this device yet. Please ask a member of "
                                   "staff."),
                                N_("This kiosk does not have the list of services yet.\n"
                                   "Please ask a member of staff.")), "heading-s")
        self.column.addWidget(self.empty)
        grid = QGridLayout()
        grid.setSpacing(20)
        self.tiles: dict[str, Tile] = {}
        needs = query.needs_with_counts(self.host.db)
        for index, need in enumerate(needs):
            count = need["count"]
            tile = Tile(need["label"], lambda count=count: ngettext("{count} service", "{count} services",
                                                                    count).format(count=count))
            tile.clicked.connect(lambda _checked=False, need=need["id"]: self.browse(need))
            grid.addWidget(tile, index // 2, index % 2)
            self.tiles[need["id"]] = tile
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.column.addLayout(grid)
        self.empty.setVisible(not any(need["count"] for need in needs))
        self.retranslate()
        self.refresh()

    def _shortlist_text(self) -> str:
        count = len(self.host.shortlist)
        return ngettext("Your list: {count} service", "Your list: {count} services", count).format(count=count)

    def refresh(self) -> None:
        self.shortlist_link.retranslate()
        self.shortlist_link.setVisible(bool(self.host.shortlist))

    def search(self) -> None:
        text = self.search_edit.text().strip()
        if not text:
            self.error.set_source(lambda: _("Error: {message}").format(
                message=_("Type what you need help with, or choose a topic")))
            self.error.setVisible(True)
            self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.error.setVisible(False)
        from ui.screens.findhelp.results import ResultsPanel

        self.host.open(ResultsPanel(self.host, text=text))

    def browse(self, need: str) -> None:
        from ui.screens.findhelp.results import ResultsPanel

        self.host.count("need_search", need)
        self.host.open(ResultsPanel(self.host, need=need))

    def open_shortlist(self) -> None:
        from ui.screens.findhelp.shortlist import ShortlistPanel

        self.host.open(ShortlistPanel(self.host))

    def retranslate(self) -> None:
        super().retranslate()
        self.search_edit.setAccessibleName(self.heading.text())
        self.search_edit.setAccessibleDescription(self.hint.text())
        self.search_edit.setPlaceholderText("")
        self.search_button.setAccessibleDescription(_("Search the list of local services"))

    def wipe(self) -> None:
        self.error.setVisible(False)
        super().wipe()
