"""Small pieces the council-tax panels share: radio rows, a summary table, a QR code, bullets."""

from __future__ import annotations

import io
from typing import Any, Iterable

import qrcode
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QButtonGroup, QFrame, QGridLayout, QLabel, QRadioButton, QVBoxLayout, QWidget

from kiosk.i18n import _
from ui.govuk.basics import Label, Text, Translatable, resolve, uncheck
from ui.govuk.reflow import ReflowMixin
from ui.govuk.wrapping import WrapRadioButton


class RadioRow(ReflowMixin, QWidget, Translatable):
    """A question answered by one of a few radios laid out in rows of ``per_row``."""

    REFLOW_LATER = True  # once the choices have their new font

    def __init__(self, question: Text, options: Iterable[tuple[Any, Text]], *, per_row: int = 4,
                 hint: Text = ""):
        super().__init__()
        self._question = question
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.heading = Label(question, "heading-m")
        column.addWidget(self.heading)
        self.hint = Label(hint, "hint")
        # Shown or hidden once in place: shown while parentless it would be a window of its own
        # for a moment, and take the keyboard focus away from the kiosk's window.
        column.addWidget(self.hint)
        self.hint.setVisible(bool(hint))
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(4)
        self.group = QButtonGroup(self)
        self.buttons: list[tuple[Any, Text, QRadioButton]] = []
        for value, label in options:
            button = WrapRadioButton()  # a long choice wraps rather than being cut off
            self.group.addButton(button)
            self.buttons.append((value, label, button))
        self.per_row = per_row
        self.columns = 0
        self._place(per_row)
        column.addLayout(self.grid)
        self.retranslate()

    def _place(self, columns: int) -> None:
        if columns == self.columns:
            return
        for _value, _label, button in self.buttons:
            self.grid.removeWidget(button)
        for index, (_value, _label, button) in enumerate(self.buttons):
            self.grid.addWidget(button, index // columns, index % columns)
        for index in range(self.per_row + 1):
            self.grid.setColumnStretch(index, 1 if index == columns else 0)  # the choices at the left
        self.columns = columns

    def reflow(self) -> None:
        """Fewer choices to a row when they do not fit on one line each (one under another at worst,
        the GOV.UK way), rather than each wrapped into a narrow column."""
        widest = max((button.sizeHint().width() for _value, _label, button in self.buttons), default=0)
        spacing = self.grid.horizontalSpacing()
        fits = (self.width() + spacing) // (widest + spacing) if widest else self.per_row
        self._place(max(1, min(self.per_row, fits)))

    def value(self) -> Any:
        for value, _label, button in self.buttons:
            if button.isChecked():
                return value
        return None

    def set_value(self, value: Any) -> None:
        for choice, _label, button in self.buttons:
            if choice == value:
                button.setChecked(True)
            else:
                uncheck(button)

    def button_for(self, value: Any) -> QRadioButton:
        for choice, _label, button in self.buttons:
            if choice == value:
                return button
        raise KeyError(value)

    def retranslate(self) -> None:
        self.heading.retranslate()
        self.hint.retranslate()
        question = resolve(self._question)
        for _value, label, button in self.buttons:
            button.set_words(resolve(label))  # its words and its accessible name
            button.setAccessibleDescription(question)
        QTimer.singleShot(0, self, self.reflow)  # new words may be longer


class SummaryTable(QWidget):
    """Rows of (label, value), value aligned right (money) - the GOV.UK summary list look."""

    def __init__(self, stretch: tuple[int, int] = (3, 2)) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(0)
        self.grid.setVerticalSpacing(0)
        self.grid.setColumnStretch(0, stretch[0])
        self.grid.setColumnStretch(1, stretch[1])
        self.rows: list[tuple[str, str]] = []

    def set_rows(self, rows: list[tuple[str, str]], *, bold_last: bool = False) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.rows = list(rows)
        for index, (name, value) in enumerate(rows):
            strong = bold_last and index == len(rows) - 1
            for column, text in enumerate((name, value)):
                cell = QFrame()
                cell.setObjectName("summaryRow")
                layout = QVBoxLayout(cell)
                layout.setContentsMargins(0, 10, 16 if column == 0 else 0, 10)
                label = Label(lambda text=text: text, "heading-s" if strong else "body")
                if column == 1:
                    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                layout.addWidget(label)
                self.grid.addWidget(cell, index, column)


class Bullets(QWidget):
    """A bulleted list of (translatable) sentences."""

    def __init__(self, items: Iterable[Text] = ()) -> None:
        super().__init__()
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(8)
        self.set_items(items)

    def set_items(self, items: Iterable[Text]) -> None:
        while self.column.count():
            item = self.column.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.labels = []
        for text in items:
            label = Label(lambda text=text: "\u2022  " + resolve(text))
            self.column.addWidget(label)
            self.labels.append(label)


def qr_pixmap(data: str, *, box_size: int = 8) -> QPixmap:
    """A QR code of ``data`` (qrcode makes it, Qt only shows the PNG)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=4)
    qr.add_data(data)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class QrCode(QLabel, Translatable):
    """A QR code image with an accessible name that says what it leads to."""

    def __init__(self, description: Text) -> None:
        super().__init__()
        self._description = description
        self.data = ""
        self.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.retranslate()

    def set_data(self, data: str) -> None:
        self.data = data
        if data:
            self.setPixmap(qr_pixmap(data))
        else:
            self.clear()
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(resolve(self._description))
        self.setAccessibleDescription(self.data)


def money_text(pence: int | None) -> str:
    from kiosk.counciltax.money import format_pounds

    return _("Not known") if pence is None else format_pounds(pence)
