"""Council tax home: "What do you need to do?", and the small menus under it."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QGridLayout

from kiosk.counciltax.requests import REQUEST_TYPES
from kiosk.i18n import N_
from ui.easy_read import easy
from ui.govuk.basics import Label, Text, Tile
from ui.screens.panels import Panel

PanelFactory = Callable[..., Panel]


def _request(request_id: str) -> PanelFactory:
    def make(host) -> Panel:
        from ui.screens.counciltax.request_flow import RequestFlowPanel

        return RequestFlowPanel(host, REQUEST_TYPES[request_id])
    return make


def _menu(title: str, intro: str, request_ids: tuple[str, ...]) -> PanelFactory:
    def make(host) -> Panel:
        items = tuple((REQUEST_TYPES[r].title, REQUEST_TYPES[r].description, _request(r), r) for r in request_ids)
        return MenuPanel(host, title, intro, items)
    return make


def _lazy(module: str, name: str) -> PanelFactory:
    def make(host) -> Panel:
        import importlib

        return getattr(importlib.import_module(f"ui.screens.counciltax.{module}"), name)(host)
    return make


# (key, title, what it is for, what opens) in the order residents see them. What each is for has an
# easy-read version (ui.easy_read): short sentences, one idea on each line.
TASKS: tuple[tuple[str, str, Text, PanelFactory], ...] = (
    ("calculator", N_("Check what you will pay"),
     easy(N_("Work out a bill and its monthly instalments"),
          N_("See how much you will pay.\nSee what you pay each month.")),
     _lazy("calculator", "CalculatorPanel")),
    ("balance", N_("Check my balance"),
     easy(N_("What you owe and your last payments (needs a connection)"),
          N_("See what you owe.\nSee what you paid.\nThe kiosk must be online.")),
     _lazy("balance", "BalancePanel")),
    ("pay", N_("Pay"),
     easy(N_("Pay by card on your phone, by bank transfer or at a shop"),
          N_("Pay with your phone.\nOr pay from your bank.\nOr pay at a shop.")),
     _lazy("pay", "PayPanel")),
    ("moving", N_("Moving home"),
     easy(N_("Moving in, moving out, or moving within the borough"), N_("Tell us you are moving home.")),
     _menu(N_("Moving home"), N_("Tell us about your move so your bill is right."),
           ("moving_in", "moving_out", "moving_within"))),
    ("discounts", N_("Discounts and reductions"),
     easy(N_("Single person discount, people who are not counted, help with a low income"),
          N_("You may pay less.\nFor example, if you live alone.\nOr if you have little money.")),
     _menu(N_("Discounts and reductions"), N_("You may pay less depending on who lives with you and your income."),
           ("spd_apply", "spd_remove", "disregard", "ctr_apply"))),
    ("direct_debit", N_("Direct Debit and instalments"),
     easy(N_("Set up or change a Direct Debit, or pay in 12 months"),
          N_("Pay from your bank each month.\nOr pay over 12 months.")),
     _menu(N_("Direct Debit and instalments"), N_("Choose how and when you pay."),
           ("direct_debit", "twelve_instalments"))),
    ("arrears", N_("Behind with payments"),
     easy(N_("Offer to pay what you owe in monthly amounts"),
          N_("You owe money.\nOffer to pay a little each month.")),
     _request("arrears_arrangement")),
    ("refund", N_("Ask for a refund"),
     easy(N_("If you have paid more than you owe"), N_("You paid too much.\nAsk for it back.")),
     _request("refund")),
    ("band", N_("Challenge my band"),
     easy(N_("How to ask the Valuation Office Agency to check it"),
          N_("Is your band wrong?\nFind out who can check it.")),
     _lazy("band", "BandPanel")),
    ("progress", N_("Check a request's progress"),
     easy(N_("Use the reference number you were given"),
          N_("You sent us a request.\nSee what is happening with it.\nYou need your reference number.")),
     _lazy("progress", "ProgressPanel")),
)


class TileGridPanel(Panel):
    """A heading, a line of introduction and big tiles in two columns."""

    def __init__(self, host, title: Text, intro: Text,
                 items: tuple[tuple[Text, Text, PanelFactory, str], ...], *, caption: Text = ""):
        super().__init__(host)
        self.title = title
        if caption:
            self.caption = Label(caption, "caption")
            self.column.addWidget(self.caption)
        self.heading = Label(title, "heading-xl")
        self.intro = Label(intro)
        self.column.addWidget(self.heading)
        self.column.addWidget(self.intro)
        grid = QGridLayout()
        grid.setSpacing(20)
        self.tiles: dict[str, Tile] = {}
        for index, (item_title, description, factory, key) in enumerate(items):
            tile = Tile(item_title, description)
            tile.setProperty("kind", "tile")
            tile.clicked.connect(lambda _checked=False, factory=factory: self.host.open_with(factory))
            grid.addWidget(tile, index // 2, index % 2)
            self.tiles[key] = tile
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.column.addLayout(grid)
        # Ten tasks: tiles as tall as their words (the theme's start-screen tiles are much taller),
        # so most of the list shows without scrolling. Size only; colours stay the theme's.
        self.setStyleSheet('QPushButton[kind="tile"] { min-height: 0px; }')


class HomePanel(TileGridPanel):
    def __init__(self, host):
        super().__init__(host, N_("Council tax"), N_("What do you need to do?"),
                         tuple((title, text, factory, key) for key, title, text, factory in TASKS))
        self.intro.setProperty("kind", "heading-m")


class MenuPanel(TileGridPanel):
    def __init__(self, host, title: Text, intro: Text, items):
        super().__init__(host, title, intro, items, caption=N_("Council tax"))
