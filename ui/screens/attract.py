"""The attract screen a kiosk shows between residents: hub name, "Touch to start", languages."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.i18n import N_
from ui.govuk.basics import Button, Label, retranslate_tree
from ui.govuk.reflow import ReflowMixin
from ui.language import available_languages


class AttractScreen(ReflowMixin, QWidget):
    """A tap anywhere starts a session; a language button starts it in that language."""

    start_requested = Signal(str)  # language code, "" for the current one

    def __init__(self, hub_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("attract")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        column = QVBoxLayout(self)
        column.setContentsMargins(40, 40, 40, 40)
        column.setSpacing(20)
        column.addStretch(2)
        self._hub_name = hub_name
        self.hub = Label(lambda: self._hub_name, "heading-xl")
        self.hub.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.hub)
        self.welcome = Label(N_("Council tax, time bank and help near you"), "heading-m")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.welcome)
        self.start = Button(N_("Touch to start"), "start")
        self.start.clicked.connect(lambda: self.start_requested.emit(""))
        column.addWidget(self.start, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)
        self.choose = Label(N_("Choose your language"), "heading-s")
        self.choose.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.choose)
        self.language_grid = QGridLayout()
        self.language_grid.setHorizontalSpacing(20)
        self.language_grid.setVerticalSpacing(16)
        self.language_buttons: dict[str, Button] = {}
        for code, own_name in available_languages().items():
            # Each language is named in its own words and is never translated.
            button = Button(lambda own_name=own_name: own_name, "language")
            button.setProperty("kind", "language")
            button.clicked.connect(lambda _checked=False, code=code: self.start_requested.emit(code))
            self.language_buttons[code] = button
        self._columns = 0
        self._place_language_buttons(4)
        holder = QWidget()
        holder.setLayout(self.language_grid)
        column.addWidget(holder, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        # Keyboard users start with Enter or Space; touch users anywhere.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _place_language_buttons(self, columns: int) -> None:
        """As many languages to a row as fit at the current text size (seven names, 1 to 4 a row)."""
        if columns == self._columns:
            return
        self._columns = columns
        for button in self.language_buttons.values():
            self.language_grid.removeWidget(button)
        for index, button in enumerate(self.language_buttons.values()):
            self.language_grid.addWidget(button, index // columns, index % columns)

    def reflow(self) -> None:
        """The language buttons in as many columns as fit, at most four."""
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right()
        widest = max((b.sizeHint().width() for b in self.language_buttons.values()), default=1)
        spacing = self.language_grid.horizontalSpacing()
        self._place_language_buttons(max(1, min(4, (room + spacing) // (widest + spacing))))

    def set_hub_name(self, name: str) -> None:
        self._hub_name = name
        self.hub.retranslate()

    def retranslate(self) -> None:
        retranslate_tree(self)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.start_requested.emit("")
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # a tap anywhere, not only on the button
        self.start_requested.emit("")
        event.accept()
