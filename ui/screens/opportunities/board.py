"""The board: tabs for Matched for you / Opportunities / Requests / Offers / My shortlist, and the entries."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QVBoxLayout, QWidget

from kiosk.i18n import N_, _
from kiosk.timebank import matching
from kiosk.timebank import opportunities as op
from kiosk.timebank.categories import categories
from ui.govuk.basics import Button, Label
from ui.screens.panels import Panel
from ui.screens.findhelp.widgets import ResultCard
from ui.screens.opportunities.widgets import TabButton, clear_layout, kind_text, local_style, summary_lines

# Tab key -> its name; "matched" and "shortlist" only when a member is signed in.
TABS = (
    ("matched", N_("Matched for you")),
    ("opportunity", N_("Opportunities")),
    ("request", N_("Requests for help")),
    ("offer", N_("Offers of help")),
    ("shortlist", N_("My shortlist")),
)
MEMBER_TABS = {"matched", "shortlist"}
EMPTY = {
    "matched": N_("Nothing matches your skills and interests yet. Look at all opportunities, or ask a time "
                  "broker to add more skills and interests to your details."),
    "opportunity": N_("There are no opportunities on the board yet."),
    "request": N_("Nobody has asked for help yet."),
    "offer": N_("Nobody has offered help yet."),
    "shortlist": N_("Your shortlist is empty. Open an entry and choose \u201cAdd to my shortlist\u201d."),
}


class BoardPanel(Panel):
    title = N_("Offers, requests and opportunities")

    def __init__(self, host):
        super().__init__(host)
        self.setStyleSheet(local_style())
        self.heading = Label(self.title, "heading-l")
        self.column.addWidget(self.heading)
        self.intro = Label(lambda: self._intro(), "body")
        self.column.addWidget(self.intro)
        # A grid, not a row: five tabs at the kiosk's text size would not fit across the page.
        self.tab_row = QGridLayout()
        self.tab_row.setSpacing(8)
        self.tabs: dict[str, TabButton] = {}
        self.tab_group = QButtonGroup(self)
        self.tab_group.setExclusive(True)
        for index, (key, label) in enumerate(TABS):
            button = TabButton(label)
            button.clicked.connect(lambda _checked=False, key=key: self.show_tab(key))
            self.tab_group.addButton(button)
            self.tab_row.addWidget(button, index // 2, index % 2)
            self.tabs[key] = button
        self.column.addLayout(self.tab_row)
        self.post_button = Button(N_("Offer help or ask for help"), "primary")
        self.post_button.clicked.connect(self._post)
        self.column.addWidget(self.post_button)
        self.list_heading = Label("", "heading-m")
        self.column.addWidget(self.list_heading)
        self.empty = Label("", "body")
        self.column.addWidget(self.empty)
        self.cards_holder = QWidget()
        self.cards = QVBoxLayout(self.cards_holder)
        self.cards.setContentsMargins(0, 0, 0, 0)
        self.cards.setSpacing(0)
        self.column.addWidget(self.cards_holder)
        self.note = Label(N_("The board shows only first names and member numbers. To take part or to get in "
                             "touch, ask a time broker at your hub: they put people in touch."), "hint")
        self.column.addWidget(self.note)
        self.column.addStretch(1)
        self.items: list[dict[str, Any]] = []
        self.reasons: dict[str, list[str]] = {}
        self.tab = ""
        self.refresh()

    # --------------------------------------------------------------------------------------

    @property
    def member(self) -> dict[str, Any] | None:
        return self.host.member

    def _intro(self) -> str:
        if self.member:
            return _("Hello {name}. Here is what people and organisations near you need, and what they "
                     "offer.").format(name=self.member["name"].split()[0] if self.member.get("name") else "")
        return _("See what people and organisations need, and what they offer. Sign in as a member to see "
                 "what matches your skills and to keep a shortlist.")

    def refresh(self) -> None:
        """Show the tabs this visitor may use, and re-read the current one."""
        signed_in = self.member is not None
        for key, button in self.tabs.items():
            button.setVisible(signed_in or key not in MEMBER_TABS)
        self.post_button.setVisible(signed_in and self.member.get("status") == "active")
        self.intro.retranslate()
        tab = self.tab if self.tab and self.tabs[self.tab].isVisibleTo(self) else ""
        self.show_tab(tab or ("matched" if signed_in else "opportunity"))

    def show_tab(self, key: str) -> None:
        self.tab = key
        self.tabs[key].setChecked(True)
        for button in self.tabs.values():
            button.retranslate()
        self.items, self.reasons = self._load(key)
        self.list_heading.set_source(dict(TABS)[key])
        self.empty.set_source(EMPTY[key])
        self.empty.setVisible(not self.items)
        self._fill()

    def _load(self, key: str) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
        db = self.host.db
        if key == "matched":
            found = matching.matches_for(db, self.member) if self.member else []
            return [m.item for m in found], {m.item["id"]: m.reasons for m in found}
        if key == "shortlist":
            return (op.shortlist(db, self.member["id"]) if self.member else []), {}
        return op.board(db, key), {}

    def _fill(self) -> None:
        clear_layout(self.cards)
        labels = categories(self.host.db)
        for item in self.items:
            lines = [(lambda text=text: text, "body") for text in summary_lines(item, labels.get(item["category"],
                                                                                               item["category"]))]
            for reason in self.reasons.get(item["id"], [])[:2]:
                lines.append((lambda reason=reason: reason, "small"))
            card = ResultCard(item["title"], lines, tag=lambda item=item: kind_text(item))
            card.setObjectName(f"item-{item['id']}")
            card.clicked.connect(lambda _checked=False, item=item: self._open(item))
            self.cards.addWidget(card)

    def card_titles(self) -> list[str]:
        return [self.cards.itemAt(i).widget().name_label.text() for i in range(self.cards.count())]

    def card_for(self, item_id: str) -> ResultCard:
        return self.cards_holder.findChild(ResultCard, f"item-{item_id}")

    def _open(self, item: dict[str, Any]) -> None:
        from ui.screens.opportunities.detail import DetailPanel

        self.host.open(DetailPanel(self.host, item["id"], reasons=self.reasons.get(item["id"], [])))

    def _post(self) -> None:
        from ui.screens.opportunities.post import PostPanel

        self.host.open(PostPanel(self.host))

    def retranslate(self) -> None:
        super().retranslate()
        self._fill()  # category names and "when" lines are read in the new language

    def wipe(self) -> None:
        """Forget the member's matches and shortlist (the board itself is public)."""
        self.items, self.reasons = [], {}
        clear_layout(self.cards)
        super().wipe()
