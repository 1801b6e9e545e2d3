"""The member's home: their balance, recent exchanges, and what they can do.

Balances come from the core (``ledger.balance``): *confirmed (as of last
sync)* is what the council last published; *available now* takes away spends
still waiting for the council. Amounts are integer minutes, shown as
"3 hours 30 minutes".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import N_, _, current_language
from kiosk.timebank import categories, ledger, members, numbers
from kiosk.timebank.amounts import format_minutes
from kiosk.timeutil import from_iso, to_london
from ui.easy_read import easy
from ui.govuk.basics import Button, Label, Tile
from ui.govuk.question import babel_locale
from ui.screens.timebank.panel import Panel

RECENT_COUNT = 8
STATE_LABELS = {"pending": N_("Pending"), "confirmed": N_("Confirmed"), "rejected": N_("Rejected")}


def signed_minutes(minutes: int) -> str:
    """``+2 hours`` / ``-1 hour 30 minutes``: which way the time went, for this member."""
    return ("+" if minutes > 0 else "") + format_minutes(minutes)


def local_date(value: date | str) -> str:
    from babel.dates import format_date

    day = date.fromisoformat(value) if isinstance(value, str) else value
    try:
        return format_date(day, format="medium", locale=babel_locale(current_language()))
    except Exception:  # noqa: BLE001 - an unknown locale must not hide the date
        return day.strftime("%d/%m/%Y")


def last_sync_text(as_of: str | None) -> str:
    if not as_of:
        return _("Confirmed (not synced with the council yet)")
    when = to_london(from_iso(as_of))
    return _("Confirmed (as of last sync, {date} {time})").format(date=local_date(when.date()),
                                                                  time=when.strftime("%H:%M"))


def describe_exchange(row: dict[str, Any], labels: dict[str, str]) -> str:
    """What an exchange was, from this member's side, in plain words."""
    other = row.get("other_name") or _("someone at another hub")
    kind, signed = row["kind"], row["signed_minutes"]
    if kind == "redemption":
        return _("Reward: {reward}").format(reward=row.get("description") or _("a reward"))
    if kind == "donation":
        return (_("Gift to {name}") if signed < 0 else _("Gift from {name}")).format(name=other)
    if kind == "reversal":
        return _("Correction by a time broker")
    what = labels.get(row["category"], row["category"])
    return (_("{what}: you helped {name}") if signed > 0 else _("{what}: {name} helped you")).format(
        what=what, name=other)


def badge_names(account: dict[str, Any]) -> list[str]:
    """The member's references and checks, in the broker screen's order, in the current language."""
    held = set(account.get("badges") or ())
    return [_(members.BADGE_LABELS[badge]) for badge in members.BADGES if badge in held]


class BadgeLine(Label):
    """``References checked · DBS check``: re-read in the current language whenever the screen is."""

    def __init__(self) -> None:
        self.badges: list[str] = []
        super().__init__("")
        self.setObjectName("memberBadges")

    def show_badges(self, badges: list[str]) -> None:
        self.badges = list(badges)
        self.retranslate()

    def retranslate(self) -> None:
        names = badge_names({"badges": self.badges})
        self.setText(" · ".join(names))
        # Read as a list, not as "dot"; the description says what the list is.
        self.setAccessibleName(", ".join(names))
        self.setAccessibleDescription(_("References and checks") if names else "")


def _cell(widget: QWidget, column: int, last: int) -> QFrame:
    cell = QFrame()
    cell.setObjectName("summaryRow")
    layout = QVBoxLayout(cell)
    layout.setContentsMargins(0, 12, 0 if column == last else 24, 12)
    layout.addWidget(widget)
    return cell


class MemberHomePanel(Panel):
    title = N_("Your time bank")

    def __init__(self, host):
        super().__init__(host)
        self.caption = Label(N_("Time bank"), "caption")
        self.heading = Label(lambda: _("Hello, {name}").format(name=self.member["name"]), "heading-xl")
        self.number = Label(lambda: _("Member number {number}").format(
            number=numbers.format_number(self.member["number"])))
        self.notice = Label("", "heading-m")
        self.notice_text = Label("")
        self.balance_heading = Label(N_("Your time credits"), "heading-l")
        self.balance_grid = QGridLayout()
        self.balance_grid.setSpacing(0)
        self.balance_grid.setColumnStretch(0, 3)
        self.balance_grid.setColumnStretch(1, 2)
        self.balance_hint = Label(easy(N_("Available now is what you can spend today: your confirmed credits, "
                                          "less any spending that is still waiting for the council to confirm it."),
                                       N_("Available now is what you can spend today.\n"
                                          "Some spending waits for the council to check it.\n"
                                          "We take that away first.")), "small")
        self.sign_out_button = Button(N_("Sign out"), "secondary",
                                      description=N_("Sign out of the time bank; your details leave the screen"))
        self.sign_out_button.clicked.connect(self.host.sign_out)
        number_row = QHBoxLayout()
        number_row.addWidget(self.number, 1)
        number_row.addWidget(self.sign_out_button)
        # References and checks a broker has seen, so the member knows what others are told (hidden when none).
        self.badges_heading = Label(N_("References and checks"), "heading-s")
        self.badges_line = BadgeLine()
        for widget in (self.caption, self.heading):
            self.column.addWidget(widget)
        self.column.addLayout(number_row)
        self.column.addWidget(self.badges_heading)
        self.column.addWidget(self.badges_line)
        for widget in (self.notice, self.notice_text, self.balance_heading):
            self.column.addWidget(widget)
        self.column.addLayout(self.balance_grid)
        self.column.addWidget(self.balance_hint)

        # Help someone says they gave this member, waiting for the member's agreement.
        self.agree_heading = Label(N_("Waiting for you to agree"), "heading-l")
        self.agree_rows = QVBoxLayout()
        self.agree_rows.setSpacing(0)
        self.column.addWidget(self.agree_heading)
        self.column.addLayout(self.agree_rows)
        self.agree_buttons: list[Button] = []

        self.actions_heading = Label(N_("What do you want to do?"), "heading-l")
        self.column.addWidget(self.actions_heading)
        grid = QGridLayout()
        grid.setSpacing(20)
        self.tiles = {
            "record": Tile(N_("Record hours you gave"), N_("Help you gave to another member or an organisation")),
            "spend": Tile(N_("Spend on a reward"), N_("Choose from the menu of rewards")),
            "donate": Tile(N_("Give credits to someone"), N_("To a friend or a member of your family")),
            "board": Tile(N_("Ways to help and be helped"),
                          N_("Opportunities, offers and requests that match your skills")),
        }
        for index, tile in enumerate(self.tiles.values()):  # one under another: each reads as one line
            grid.addWidget(tile, index, 0)
        self.actions = QWidget()
        self.actions.setLayout(grid)
        self.column.addWidget(self.actions)
        self.tiles["record"].clicked.connect(lambda: self._open("record", "RecordPanel"))
        self.tiles["spend"].clicked.connect(lambda: self._open("spend", "SpendPanel"))
        self.tiles["donate"].clicked.connect(lambda: self._open("donate", "DonatePanel"))
        self.tiles["board"].clicked.connect(self._open_board)

        self.recent_heading = Label(N_("Recent exchanges"), "heading-l")
        self.column.addWidget(self.recent_heading)
        self.recent_grid = QGridLayout()
        self.recent_grid.setSpacing(0)
        for column, stretch in enumerate((3, 6, 4, 3)):
            self.recent_grid.setColumnStretch(column, stretch)
        self.column.addLayout(self.recent_grid)
        self.no_exchanges = Label(N_("No exchanges yet. Hours you give and spend will show here."))
        self.column.addWidget(self.no_exchanges)

        # Tiles as tall as their words (the start screen's tiles are much taller). Size only.
        self.setStyleSheet('QPushButton[kind="tile"] { min-height: 0px; }')
        self.balance: ledger.Balance | None = None
        self.recent: list[dict[str, Any]] = []
        self.refresh()

    @property
    def member(self) -> dict[str, Any]:
        return self.host.member or {"name": "", "number": "0" * numbers.NUMBER_LENGTH, "status": "", "id": ""}

    def _open(self, module: str, name: str) -> None:
        import importlib

        panel_type = getattr(importlib.import_module(f"ui.screens.timebank.{module}"), name)
        self.host.open(panel_type(self.host))

    def _open_board(self) -> None:
        from ui.screens.opportunities import open_for_member

        open_for_member(self, self.host.context, self.host.member)

    # What it shows ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the balance and recent exchanges again and redraw (after a flow, a sync, a language)."""
        self.host.refresh_member()
        member = self.member
        db = self.host.db
        self.balance = ledger.balance(db, member["id"]) if member["id"] else None
        self.recent = ledger.statement(db, member["id"], limit=RECENT_COUNT) if member["id"] else []
        status = member.get("status")
        if status == "pending":
            self.notice.set_source(N_("Your membership is waiting for a time broker"))
            self.notice_text.set_source(easy(
                N_("A time broker checks every new member. Once you are approved you can record hours and spend "
                   "credits. Ask at the hub if it takes more than a week."),
                N_("A time broker checks every new member.\nThen you can record hours.\n"
                   "Then you can spend credits.\nWaiting more than a week? Ask at the hub.")))
        elif status == "suspended":
            self.notice.set_source(N_("Your membership is paused"))
            self.notice_text.set_source(N_("Please speak to a time broker at the hub."))
        for label in (self.notice, self.notice_text):
            label.setVisible(status in ("pending", "suspended"))
        self.actions.setVisible(status == "active")
        self.actions_heading.setVisible(status == "active")
        self._fill_badges()
        self._fill_balance()
        self._fill_agree(status == "active")
        self._fill_recent()
        for label in (self.caption, self.heading, self.number, self.badges_heading, self.balance_heading,
                      self.balance_hint, self.agree_heading, self.actions_heading, self.recent_heading,
                      self.no_exchanges):
            label.retranslate()
        for tile in self.tiles.values():
            tile.retranslate()
        self.sign_out_button.retranslate()

    def balance_rows(self) -> list[tuple[str, str]]:
        if self.balance is None:
            return []
        b = self.balance
        rows = [(_("Available now"), format_minutes(b.available)),
                (last_sync_text(b.as_of), format_minutes(b.confirmed))]
        if b.pending_credits:
            rows.append((_("Hours you gave, waiting to be confirmed"), signed_minutes(b.pending_credits)))
        if b.pending_debits:
            rows.append((_("Spending waiting for the council"), signed_minutes(-b.pending_debits)))
        return rows

    def _clear(self, grid: QGridLayout) -> None:
        while grid.count():
            item = grid.takeAt(0)
            if item.widget():
                item.widget().hide()  # gone from the screen now, not at the next turn of the loop
                item.widget().deleteLater()

    def _fill_badges(self) -> None:
        self.badges_line.show_badges(self.member.get("badges") or [])
        shown = bool(self.badges_line.text())  # a code this version does not know shows nothing
        self.badges_heading.setVisible(shown)
        self.badges_line.setVisible(shown)

    def _fill_balance(self) -> None:
        self._clear(self.balance_grid)
        for index, (name, value) in enumerate(self.balance_rows()):
            strong = index == 0
            name_label = Label(lambda text=name: text, "heading-m" if strong else "body")
            value_label = Label(lambda text=value: text, "heading-m" if strong else "body")
            value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.balance_grid.addWidget(_cell(name_label, 0, 1), index, 0)
            self.balance_grid.addWidget(_cell(value_label, 1, 1), index, 1)

    def _fill_agree(self, active: bool) -> None:
        from ui.screens.timebank.agree import giver_name, waiting_for_agreement

        self._clear(self.agree_rows)
        self.agree_buttons = []
        waiting = waiting_for_agreement(self.host.db, self.member["id"]) if active and self.member["id"] else []
        labels = categories.categories(self.host.db)
        for exchange in waiting[:RECENT_COUNT]:
            row = QFrame()
            row.setObjectName("summaryRow")
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 12, 0, 12)
            text = _("{name} says they helped you: {what}, {date}, {time}").format(
                name=giver_name(self.host.db, exchange), what=labels.get(exchange["category"], exchange["category"]),
                date=local_date(exchange["service_date"]), time=format_minutes(exchange["minutes"]))
            layout.addWidget(Label(lambda text=text: text), 1)
            button = Button(N_("Check and agree"), "secondary",
                            accessible_name=lambda text=text: _("Check and agree: {what}").format(what=text))
            button.clicked.connect(lambda _checked=False, exchange=exchange: self._open_agree(exchange))
            layout.addWidget(button)
            self.agree_rows.addWidget(row)
            self.agree_buttons.append(button)
        self.agree_heading.setVisible(bool(waiting))

    def _open_agree(self, exchange: dict[str, Any]) -> None:
        from ui.screens.timebank.agree import AgreePanel

        self.host.open(AgreePanel(self.host, exchange))

    def recent_rows(self) -> list[tuple[str, str, str, str]]:
        labels = categories.categories(self.host.db)
        return [(local_date(row["service_date"]), describe_exchange(row, labels), signed_minutes(row["signed_minutes"]),
                 _(STATE_LABELS.get(row["state"], row["state"]))) for row in self.recent]

    def _fill_recent(self) -> None:
        self._clear(self.recent_grid)
        rows = self.recent_rows()
        headings = (_("Date"), _("What"), _("Time"), _("State"))
        if rows:
            for column, text in enumerate(headings):
                self.recent_grid.addWidget(_cell(Label(lambda text=text: text, "heading-s"), column, 3), 0, column)
        for index, row in enumerate(rows, start=1):
            for column, text in enumerate(row):
                label = Label(lambda text=text: text, "heading-s" if column == 2 else "body")
                self.recent_grid.addWidget(_cell(label, column, 3), index, column)
        self.no_exchanges.setVisible(not rows)

    def shown_again(self) -> None:
        self.refresh()

    def retranslate(self) -> None:
        self.refresh()

    def wipe(self) -> None:
        self.balance = None
        self.recent = []
        for label in (self.badges_line, self.badges_heading):
            label.setVisible(False)
        self.badges_line.show_badges([])
        self._clear(self.balance_grid)
        self._clear(self.agree_rows)
        self._clear(self.recent_grid)
        super().wipe()
