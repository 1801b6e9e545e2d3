"""The start screen: three large tasks and a discreet way in for staff."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from kiosk.i18n import N_
from ui.govuk.basics import Label, LinkButton, Tile
from ui.screens.base import Screen

# (route, title, what it is for) — the order residents see them in.
TASKS: tuple[tuple[str, str, str], ...] = (
    ("find-help", N_("Find help"), N_("Services near you: food, money, housing, health, work")),
    ("council-tax", N_("Council tax"), N_("Your bill, payments, discounts, moving home")),
    ("time-bank", N_("Time bank"), N_("Give an hour, get an hour: join, record time, spend credits")),
)


class StartScreen(Screen):
    title = N_("What do you want to do?")
    keep_after_session = True

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = Label(self.title, "heading-xl")
        self.body.addWidget(self.heading)
        grid = QGridLayout()
        grid.setSpacing(24)
        self.tiles: dict[str, Tile] = {}
        for column, (route, title, description) in enumerate(TASKS):
            tile = Tile(title, description)
            tile.clicked.connect(lambda _checked=False, route=route: self.navigate.emit(route))
            grid.addWidget(tile, 0, column)
            grid.setColumnStretch(column, 1)
            self.tiles[route] = tile
        self.body.addLayout(grid, 3)
        self.body.addStretch(1)
        staff_row = QHBoxLayout()
        staff_row.addStretch(1)
        self.staff = LinkButton(N_("Staff"), description=N_("Sign in for staff and volunteers"))
        self.staff.setProperty("kind", "link")
        self.staff.clicked.connect(lambda: self.navigate.emit("staff"))
        staff_row.addWidget(self.staff)
        self.body.addLayout(staff_row)
