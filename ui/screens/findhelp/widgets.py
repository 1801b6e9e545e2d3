"""Pieces the Find help panels share: a result card, a QR image, a definition table, sections."""

from __future__ import annotations

import io

import qrcode
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.govuk.basics import Label, Text, Translatable, resolve

QR_TARGET_PX = 400  # the code's side on screen: big enough for a phone at arm's length


def qr_image(data: str, *, target_px: int = QR_TARGET_PX) -> QImage:
    """A QR code of ``data`` about ``target_px`` wide (qrcode makes it; Qt only shows it).

    Error correction M for one contact card; L for a long shortlist, so it stays readable at
    the same size (the screen is clean and flat, so damage is not the risk, module size is).
    """
    level = qrcode.constants.ERROR_CORRECT_M if len(data) < 600 else qrcode.constants.ERROR_CORRECT_L
    qr = qrcode.QRCode(error_correction=level, box_size=1, border=4)
    qr.add_data(data)
    qr.make(fit=True)
    qr.box_size = max(3, target_px // (qr.modules_count + 8))
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    image = QImage()
    image.loadFromData(buffer.getvalue(), "PNG")
    return image


class QrView(QLabel, Translatable):
    """A QR code image whose accessible name says what it holds."""

    def __init__(self, description: Text) -> None:
        super().__init__()
        self._description = description
        self.data = ""
        self.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.retranslate()

    def set_data(self, data: str) -> None:
        self.data = data
        self.setPixmap(QPixmap.fromImage(qr_image(data)) if data else QPixmap())
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(resolve(self._description))


class ResultCard(QPushButton, Translatable):
    """One service in a result list: the whole card is the touch target (no hover, one tap).

    ``lines``: (text, kind) under the name; texts are functions so they re-read on a
    language switch.
    """

    def __init__(self, name: str, lines: list[tuple[Text, str]], *, tag: Text = "") -> None:
        super().__init__()
        self.setProperty("kind", "result")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoDefault(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(6)
        self.name_label = Label(lambda: name, "result-name")
        self.line_labels = [Label(text, kind) for text, kind in lines]
        self.tag = Label(tag, "tag")
        self.tag.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        for label in (self.name_label, self.tag, *self.line_labels):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # presses go to the card
            layout.addWidget(label)
        self.tag.setVisible(bool(tag))
        self.retranslate()

    def retranslate(self) -> None:
        for label in (self.name_label, self.tag, *self.line_labels):
            label.retranslate()
        self.setAccessibleName(self.name_label.text())
        parts = [self.tag.text()] if self.tag.isVisibleTo(self) else []
        parts += [label.text() for label in self.line_labels if label.text()]
        self.setAccessibleDescription(". ".join(parts))

    def sizeHint(self):
        return self.layout().sizeHint()

    def minimumSizeHint(self):
        return self.layout().minimumSize()

    def heightForWidth(self, width: int) -> int:
        return self.layout().totalHeightForWidth(width)

    def hasHeightForWidth(self) -> bool:
        return True


class DefinitionTable(QWidget):
    """Rows of (label, value): opening times, a GOV.UK summary list without actions."""

    def __init__(self) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(0)
        self.grid.setVerticalSpacing(0)
        self.grid.setColumnStretch(0, 2)
        self.grid.setColumnStretch(1, 3)
        self.cells: list[tuple[Label, Label]] = []

    def set_rows(self, rows: list[tuple[Text, Text, bool]]) -> None:
        """``rows``: (label, value, emphasised) — the emphasised row is today."""
        for index, (name, value, strong) in enumerate(rows):
            pair = []
            for column, text in enumerate((name, value)):
                cell = QFrame()
                cell.setObjectName("summaryRow")
                layout = QVBoxLayout(cell)
                layout.setContentsMargins(0, 10, 16 if column == 0 else 0, 10)
                label = Label(text, "heading-s" if strong else "body")
                layout.addWidget(label)
                self.grid.addWidget(cell, index, column)
                pair.append(label)
            self.cells.append((pair[0], pair[1]))

    def rows_text(self) -> list[tuple[str, str]]:
        return [(name.text(), value.text()) for name, value in self.cells]


def local_style() -> str:
    """Sizes only Find help uses (its task tiles as tall as their words). The colours of result
    cards, tags and inset text are in ui/theme.py, so they follow the high-contrast switch."""
    return 'QPushButton[kind="tile"] { min-height: 0px; }'


def inset(text: Text, *, warning: bool = False) -> QFrame:
    """GOV.UK inset text (grey bar) or warning text (red bar) holding one label (``frame.label``)."""
    frame = QFrame()
    frame.setObjectName("warningText" if warning else "insetText")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(0, 4, 0, 4)
    frame.label = Label(text, "heading-s" if warning else "body")  # type: ignore[attr-defined]
    layout.addWidget(frame.label)  # type: ignore[attr-defined]
    return frame
