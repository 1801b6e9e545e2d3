"""The header on every screen: hub name, sync status, language and text size."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QButtonGroup, QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.i18n import N_, _
from ui.govuk.basics import Button, Label
from ui.language import available_languages
from ui.theme import TEXT_SIZES

TEXT_SIZE_NAMES = {100: N_("Standard text size"), 125: N_("Large text"), 150: N_("Largest text")}
TEXT_SIZE_MARKS = {100: "A", 125: "A+", 150: "A++"}


class Header(QWidget):
    text_size_chosen = Signal(int)

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
        # Language and text size side by side, or one above the other when large
        # text or long words do not fit (see _reflow).
        self.controls = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.controls.setSpacing(30)
        column.addLayout(self.controls)
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
        self.controls.addLayout(row)

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
        self.controls.addLayout(row)
        self.controls.addStretch(1)
        self.text_sizes.idClicked.connect(self.text_size_chosen)
        self.retranslate()

    def _reflow(self) -> None:
        margins = self.layout().contentsMargins()
        needed = (self.language_row.sizeHint().width() + self.controls.spacing()
                  + self.text_size_row.sizeHint().width() + margins.left() + margins.right())
        direction = (QBoxLayout.Direction.LeftToRight if needed <= self.width()
                     else QBoxLayout.Direction.TopToBottom)
        if direction != self.controls.direction():
            self.controls.setDirection(direction)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._reflow()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._reflow()

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

    def retranslate(self) -> None:
        for label in (self.hub, self.language_label, self.text_size_label):
            label.retranslate()
        for button in self.text_size_buttons.values():
            button.retranslate()
        self.language.setAccessibleName(_("Language"))
        self.status.setAccessibleName(_("Sync status"))
        self._reflow()
        index = self.language.findData(i18n.current_language())
        if index >= 0 and index != self.language.currentIndex():
            self.language.setCurrentIndex(index)
