"""The header on every screen: hub name, sync status, language, text size, high contrast and Listen.

When language, text size and the display buttons do not fit on one line (a long language, a
larger text size), they fold away behind one "Language and display" button, so that the page,
not the header, fills the screen; pressing it shows them again, under it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.i18n import N_, _
from ui.govuk.basics import Button, Label
from ui.govuk.reflow import ReflowMixin
from ui.language import available_languages
from ui.theme import TEXT_SIZES

TEXT_SIZE_NAMES = {100: N_("Standard text size"), 125: N_("Large text"), 150: N_("Largest text")}
TEXT_SIZE_MARKS = {100: "A", 125: "A+", 150: "A++"}


class Header(ReflowMixin, QWidget):
    text_size_chosen = Signal(int)
    high_contrast_chosen = Signal(bool)
    listen_clicked = Signal()

    def __init__(self, hub_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        column = QVBoxLayout(self)
        column.setContentsMargins(30, 12, 30, 18)
        column.setSpacing(10)
        # The hub name takes the width it needs; the status (secondary, small type) goes beside
        # it if it fits there, else on the next line, beside the toggle when there is one.
        self.hub_line = QHBoxLayout()
        self.hub_line.setSpacing(20)
        self._hub_name = hub_name
        self.hub = Label(lambda: self._hub_name)
        self.hub.setObjectName("hubName")
        self.status = Label("", "small")
        self.status.setObjectName("status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.status.setAccessibleName(_("Sync status"))
        self.hub_line.addWidget(self.hub)
        self.hub_line.addWidget(self.status, 1)
        column.addLayout(self.hub_line)
        self.toggle_line = QHBoxLayout()
        self.toggle_line.setSpacing(20)
        self._expanded = False
        self.display_toggle = Button(self._toggle_text, "header", accessible_name=N_("Language and display"),
                                     description=N_("Shows or hides the language, text size and colour choices"))
        self.display_toggle.setObjectName("displayToggle")
        self.display_toggle.setCheckable(True)
        self.display_toggle.toggled.connect(self.set_expanded)
        self.display_toggle.setVisible(False)  # until reflow finds the controls do not fit on one line
        self.toggle_line.addWidget(self.display_toggle, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(self.toggle_line)
        # Language, text size and the display buttons (high contrast, Listen) flow onto as
        # few lines as fit the width, in that order (see reflow).
        self.panel = QWidget()
        self.panel.setObjectName("displayControls")
        self.controls = QVBoxLayout(self.panel)
        self.controls.setContentsMargins(0, 0, 0, 0)
        self.controls.setSpacing(10)
        column.addWidget(self.panel)
        self.control_lines: list[QHBoxLayout] = []
        for _line in range(3):
            line = QHBoxLayout()
            line.setSpacing(30)
            self.controls.addLayout(line)
            self.control_lines.append(line)
        self._placement: list[int] = []
        self.language_row = row = QHBoxLayout()
        row.setSpacing(16)

        self.language_label = Label(N_("Language"))
        self.language_label.setWordWrap(False)
        self.language = QComboBox()
        self.language.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.language.setObjectName("languagePicker")
        for code, own_name in available_languages().items():
            self.language.addItem(own_name, code)  # each language in its own words
        self.language.activated.connect(self._language_chosen)
        self.language_label.setBuddy(self.language)
        row.addWidget(self.language_label)
        row.addWidget(self.language)
        row.addStretch(1)

        self.text_size_row = row = QHBoxLayout()
        row.setSpacing(16)
        self.text_size_label = Label(N_("Text size"))
        self.text_size_label.setWordWrap(False)
        row.addWidget(self.text_size_label)
        self.text_sizes = QButtonGroup(self)
        self.text_size_buttons: dict[int, Button] = {}
        for percent in TEXT_SIZES:
            button = Button(lambda mark=TEXT_SIZE_MARKS[percent]: mark, "text-size",
                            accessible_name=TEXT_SIZE_NAMES[percent])
            button.setCheckable(True)
            button.setObjectName(f"textSize{percent}")
            self.text_sizes.addButton(button, percent)
            self.text_size_buttons[percent] = button
            row.addWidget(button)
        row.addStretch(1)

        self.display_row = row = QHBoxLayout()
        row.setSpacing(16)
        self._listening = False
        self.high_contrast = Button(N_("High contrast"), "header")
        self.high_contrast.setCheckable(True)
        self.high_contrast.setObjectName("highContrast")
        self.high_contrast.toggled.connect(self.high_contrast_chosen)
        row.addWidget(self.high_contrast)
        self.listen = Button(lambda: _("Stop reading") if self._listening else _("Listen"), "header",
                             description=N_("Reads this screen aloud"))
        self.listen.setObjectName("listen")
        self.listen.clicked.connect(self.listen_clicked)
        self.listen.setVisible(False)  # until the window knows a speech engine is there
        row.addWidget(self.listen)
        row.addStretch(1)
        self.text_sizes.idClicked.connect(self.text_size_chosen)
        # A resident choosing here sees what they chose: the controls stay (or, if the choice
        # folds them away, come back) open until the toggle closes them or the session ends.
        self.text_sizes.idClicked.connect(self._keep_open)
        self.language.activated.connect(self._keep_open)
        self.high_contrast.clicked.connect(self._keep_open)
        self.retranslate()

    def reflow(self) -> None:
        """Put the three groups of controls on as few lines as the width allows; more than one
        line, and they fold away behind the toggle."""
        room = self._room()
        self._place_hub_and_status(room)
        rows = (self.language_row, self.text_size_row, self.display_row)
        placement: list[int] = []
        line, used = 0, 0
        for row in rows:
            row.invalidate()  # new words (another language) must not be measured by old sizes
            width = row.sizeHint().width()
            if used and used + self.control_lines[line].spacing() + width > room:
                line, used = line + 1, 0
            placement.append(line)
            used += (self.control_lines[line].spacing() if used else 0) + width
        self.display_toggle.setVisible(placement[-1] > 0)
        self._show_controls()
        if placement == self._placement:
            return
        for row in rows:
            if row.parent() is not None:
                row.parent().removeItem(row)
                row.setParent(None)
        for row, index in zip(rows, placement):
            self.control_lines[index].addLayout(row)
        self._placement = placement

    def _room(self) -> int:
        margins = self.layout().contentsMargins()
        return self.width() - margins.left() - margins.right()

    def _place_hub_and_status(self, room: int) -> None:
        """The hub name on one line if it fits; the status beside it if it fits there on one
        line, else on the next line (beside the toggle, if shown)."""
        for label in (self.hub, self.status):
            label.ensurePolished()
        hub_width = self.hub.fontMetrics().horizontalAdvance(self.hub.text()) + 2
        self.hub.setMinimumWidth(min(hub_width, max(room, 0)))
        status_width = self.status.fontMetrics().horizontalAdvance(self.status.text()) + 2
        beside = hub_width + self.hub_line.spacing() + status_width <= room
        wanted = self.hub_line if beside else self.toggle_line
        if wanted.indexOf(self.status) < 0:
            (self.toggle_line if beside else self.hub_line).removeWidget(self.status)
            wanted.addWidget(self.status, 1)

    def _toggle_text(self) -> str:
        return _("Language and display") + ("  \u25b4" if self._expanded else "  \u25be")

    @property
    def folded(self) -> bool:
        """Whether the controls are behind the toggle (shown or not), rather than on one line."""
        return not self.display_toggle.isHidden()

    @property
    def expanded(self) -> bool:
        return self._expanded

    def set_expanded(self, expanded: bool) -> None:
        """Show (or hide) the controls under the toggle; with everything on one line they show anyway."""
        self._expanded = expanded
        if self.display_toggle.isChecked() != expanded:
            self.display_toggle.setChecked(expanded)  # comes back here once, with the same value
        self.display_toggle.retranslate()
        self._show_controls()

    def collapse(self) -> None:
        """A new resident meets the controls folded away (at the session's end, like text size)."""
        self.set_expanded(False)

    def _keep_open(self) -> None:
        self.set_expanded(True)

    def _show_controls(self) -> None:
        self.panel.setVisible(not self.folded or self._expanded)

    def _language_chosen(self, index: int) -> None:
        code = self.language.itemData(index)
        if code and code != i18n.current_language():
            i18n.set_language(code)

    def set_hub_name(self, name: str) -> None:
        self._hub_name = name
        self.hub.retranslate()
        self._place_hub_and_status(self._room())

    def set_status_text(self, text: str) -> None:
        if text != self.status.text():
            self.status.setText(text)
            self._place_hub_and_status(self._room())  # a longer status may no longer fit beside the name

    def set_text_size(self, percent: int) -> None:
        self.text_size_buttons[percent].setChecked(True)

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast.setChecked(on)  # no signal loop: the window ignores an unchanged value

    def set_listen_available(self, available: bool) -> None:
        self.listen.setVisible(available)
        self.reflow()

    def set_listening(self, listening: bool) -> None:
        self._listening = listening
        self.listen.retranslate()

    def retranslate(self) -> None:
        for label in (self.hub, self.language_label, self.text_size_label):
            label.retranslate()
        for button in (*self.text_size_buttons.values(), self.high_contrast, self.listen, self.display_toggle):
            button.retranslate()
        self.language.setAccessibleName(_("Language"))
        self.status.setAccessibleName(_("Sync status"))
        self.reflow()
        index = self.language.findData(i18n.current_language())
        if index >= 0 and index != self.language.currentIndex():
            self.language.setCurrentIndex(index)
