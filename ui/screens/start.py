"""The start screen: three large tasks and a discreet way in for staff."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from kiosk.i18n import N_
from ui.govuk.basics import Label, LinkButton, Tile
from ui.govuk.reflow import ReflowMixin
from ui.screens.base import Screen

# (route, title, what it is for) — the order residents see them in.
TASKS: tuple[tuple[str, str, str], ...] = (
    ("find-help", N_("Find help"), N_("Services near you: food, money, housing, health, work")),
    ("council-tax", N_("Council tax"), N_("Your bill, payments, discounts, moving home")),
    ("time-bank", N_("Time bank"), N_("Give an hour, get an hour: join, record time, spend credits")),
)


class StartScreen(ReflowMixin, Screen):
    title = N_("What do you want to do?")
    keep_after_session = True

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = Label(self.title, "heading-xl")
        self.body.addWidget(self.heading)
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        self.tiles: dict[str, Tile] = {}
        for route, title, description in TASKS:
            tile = Tile(title, description)
            tile.clicked.connect(lambda _checked=False, route=route: self.navigate.emit(route))
            self.tiles[route] = tile
        self._columns = 0
        self._place_tiles(len(TASKS))
        self.body.addLayout(self.grid, 3)
        self.body.addStretch(1)
        staff_row = QHBoxLayout()
        staff_row.addStretch(1)
        self.staff = LinkButton(N_("Staff"), description=N_("Sign in for staff and volunteers"))
        self.staff.setProperty("kind", "link")
        self.staff.clicked.connect(lambda: self.navigate.emit("staff"))
        staff_row.addWidget(self.staff)
        self.body.addLayout(staff_row)

    def _place_tiles(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for column in range(len(TASKS)):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        for index, tile in enumerate(self.tiles.values()):
            self.grid.addWidget(tile, index // columns, index % columns)

    def reflow(self) -> None:
        """As many tiles side by side as fit without breaking a word of their titles
        (large text or a long language puts them under each other)."""
        widest_word = max(
            tile.title_label.fontMetrics().horizontalAdvance(word)
            for tile in self.tiles.values()
            for word in tile.title_label.text().split()
        )
        needed = widest_word + 80  # the tile's padding and a margin
        available = self.column.width()
        spacing = self.grid.spacing()
        columns = max(1, min(len(TASKS), (available + spacing) // (needed + spacing)))
        self._place_tiles(columns)

    def retranslate(self) -> None:
        super().retranslate()
        self.reflow()
