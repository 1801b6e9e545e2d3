"""The attract screen a kiosk shows between residents: hub name, "Touch to start", languages."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.i18n import N_
from ui.govuk.basics import Button, Label, retranslate_tree
from ui.language import available_languages


class AttractScreen(QWidget):
    """A tap anywhere starts a session; a language button starts it in that language."""

    start_requested = Signal(str)  # language code, "" for the current one

    def __init__(self, hub_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("attract")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        column = QVBoxLayout(self)
        column.setContentsMargins(60, 60, 60, 60)
        column.setSpacing(30)
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
        grid = QGridLayout()
        grid.setSpacing(20)
        self.language_buttons: dict[str, Button] = {}
        for index, (code, own_name) in enumerate(available_languages().items()):
            # Each language is named in its own words and is never translated.
            button = Button(lambda own_name=own_name: own_name, "language")
            button.setProperty("kind", "language")
            button.clicked.connect(lambda _checked=False, code=code: self.start_requested.emit(code))
            grid.addWidget(button, index // 4, index % 4)
            self.language_buttons[code] = button
        holder = QWidget()
        holder.setMaximumWidth(1000)
        holder.setLayout(grid)
        column.addWidget(holder, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        # Keyboard users start with Enter or Space; touch users anywhere.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

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
