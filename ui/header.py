"""The header on every screen: hub name, sync status, language, text size, high contrast and Listen."""

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
        top = QHBoxLayout()
        top.setSpacing(20)
        self._hub_name = hub_name
        self.hub = Label(lambda: self._hub_name)
        self.hub.setObjectName("hubName")
        self.status = Label("")
        self.status.setObjectName("status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.status.setAccessibleName(_("Sync status"))
        top.addWidget(self.hub, 1)
        top.addWidget(self.status, 1)
        column.addLayout(top)
        # Language, text size and the display buttons (high contrast, Listen) flow onto as
        # few lines as fit the width, in that order (see reflow).
        self.controls = QVBoxLayout()
        self.controls.setSpacing(10)
        column.addLayout(self.controls)
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
        self.retranslate()

    def reflow(self) -> None:
        """Put the three groups of controls on as few lines as the width allows."""
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right()
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
        if placement == self._placement:
            return
        for row in rows:
            if row.parent() is not None:
                row.parent().removeItem(row)
                row.setParent(None)
        for row, index in zip(rows, placement):
            self.control_lines[index].addLayout(row)
        self._placement = placement

    def _language_chosen(self, index: int) -> None:
        code = self.language.itemData(index)
        if code and code != i18n.current_language():
            i18n.set_language(code)

    def set_hub_name(self, name: str) -> None:
        self._hub_name = name
        self.hub.retranslate()

    def set_status_text(self, text: str) -> None:
        self.status.setText(text)

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
        for button in (*self.text_size_buttons.values(), self.high_contrast, self.listen):
            button.retranslate()
        self.language.setAccessibleName(_("Language"))
        self.status.setAccessibleName(_("Sync status"))
        self.reflow()
        index = self.language.findData(i18n.current_language())
        if index >= 0 and index != self.language.currentIndex():
            self.language.setCurrentIndex(index)
