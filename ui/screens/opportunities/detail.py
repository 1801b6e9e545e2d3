"""One board entry: everything public about it, why it matches, and the member's shortlist button."""

from __future__ import annotations

from typing import Any

from kiosk.i18n import LANGUAGES, N_, _
from kiosk.timebank import opportunities as op
from kiosk.timebank.categories import categories
from kiosk.timebank.errors import TimeBankError
from ui.govuk.basics import Button, Label, button_row
from ui.screens.panels import Panel
from ui.screens.findhelp.widgets import DefinitionTable, inset
from ui.screens.opportunities.widgets import kind_text, poster_text


class DetailPanel(Panel):
    def __init__(self, host, item_id: str, *, reasons: list[str] | None = None):
        super().__init__(host)
        self.item_id = item_id
        self.item: dict[str, Any] = op.get_item(host.db, item_id) or {}
        self.caption = Label(lambda: kind_text(self.item), "caption")
        self.heading = Label(lambda: self.item.get("title", ""), "heading-l")
        self.column.addWidget(self.caption)
        self.column.addWidget(self.heading)
        self.withdrawn = inset(N_("This is no longer on the board."), warning=True)
        self.column.addWidget(self.withdrawn)
        self.description = Label(lambda: self.item.get("description", ""), "body")
        self.column.addWidget(self.description)  # a parent first: a shown widget without one is a window
        self.description.setVisible(bool(self.item.get("description")))
        self.facts = DefinitionTable()
        self.facts.set_rows(self._rows())
        self.column.addWidget(self.facts)
        self.reasons_heading = Label(N_("Why this is for you"), "heading-m")
        self.column.addWidget(self.reasons_heading)
        self.reason_labels = [Label(lambda r=r: "\u2022 " + r, "body") for r in reasons or []]
        for label in self.reason_labels:
            self.column.addWidget(label)
        self.reasons_heading.setVisible(bool(self.reason_labels))
        self.contact = inset(N_("To take part, or to get in touch, ask a time broker at your hub. The board "
                                "never shows phone numbers or addresses: the broker puts you in touch."))
        self.column.addWidget(self.contact)
        self.message = Label("", "heading-s")
        self.message.setVisible(False)
        self.column.addWidget(self.message)
        self.shortlist_button = Button(lambda: self._shortlist_text(), "secondary")
        self.shortlist_button.clicked.connect(self._toggle_shortlist)
        self.withdraw_button = Button(N_("Take this off the board"), "warning")
        self.withdraw_button.clicked.connect(self._withdraw)
        self.back_button = Button(N_("Back to the board"), "secondary")
        self.back_button.clicked.connect(host.home)
        self.column.addLayout(button_row(self.shortlist_button, self.withdraw_button))
        self.column.addLayout(button_row(self.back_button))
        self.column.addStretch(1)
        self._update()

    @property
    def member(self) -> dict[str, Any] | None:
        return self.host.member

    def heading_text(self) -> str:
        return self.item.get("title", "")

    def _rows(self):
        item = self.item
        label = categories(self.host.db).get(item.get("category"), item.get("category", ""))
        rows = [(N_("Posted by"), lambda: poster_text(item, with_from=False), False), (N_("Kind of help"), lambda: label, False)]
        if op.when_text(item):
            rows.append((N_("When"), lambda: op.when_text(item), False))
        if item.get("place"):
            rows.append((N_("Where"), lambda: item["place"], False))
        if item.get("places_available"):
            rows.append((N_("Places"), lambda: str(item["places_available"]), False))
        if item.get("min_age") is not None or item.get("max_age") is not None:
            rows.append((N_("Ages"), lambda: self._ages(), False))
        if item.get("skills"):
            rows.append((N_("Skills wanted"), lambda: ", ".join(item["skills"]), False))
        if item.get("languages"):
            rows.append((N_("Languages"), lambda: ", ".join(LANGUAGES.get(c, c) for c in item["languages"]), False))
        if item.get("accessibility"):
            rows.append((N_("Access"), lambda: item["accessibility"], False))
        return rows

    def _ages(self) -> str:
        low, high = self.item.get("min_age"), self.item.get("max_age")
        if low is not None and high is not None:
            return _("{low} to {high} years").format(low=low, high=high)
        if low is not None:
            return _("{low} years and over").format(low=low)
        return _("Up to {high} years").format(high=high)

    def _shortlist_text(self) -> str:
        if self.member and op.in_shortlist(self.host.db, self.member["id"], self.item_id):
            return _("Remove from my shortlist")
        return _("Add to my shortlist")

    def _update(self) -> None:
        open_ = self.item.get("status") == "open"
        self.withdrawn.setVisible(not open_)
        self.shortlist_button.setVisible(self.member is not None)
        self.shortlist_button.retranslate()
        own = self.member is not None and self.item.get("poster_id") == self.member["id"]
        self.withdraw_button.setVisible(open_ and own)

    def _say(self, text: str) -> None:
        self.message.set_source(lambda: text)
        self.message.setVisible(True)

    def _toggle_shortlist(self) -> None:
        if self.member is None:
            return
        db, member_id = self.host.db, self.member["id"]
        try:
            if op.in_shortlist(db, member_id, self.item_id):
                op.shortlist_remove(db, member_id, self.item_id)
                self._say(_("Removed from your shortlist."))
            else:
                op.shortlist_add(db, member_id, self.item_id)
                self._say(_("Added to your shortlist. You will find it under \u201cMy shortlist\u201d."))
        except TimeBankError as refused:
            self._say(refused.message)
        self._update()

    def _withdraw(self) -> None:
        try:
            self.item = op.withdraw(self.host.db, self.item_id, by=self.member["id"])
            self._say(_("Taken off the board."))
        except TimeBankError as refused:
            self._say(refused.message)
        self._update()

    def wipe(self) -> None:
        self.item = {}
        super().wipe()
