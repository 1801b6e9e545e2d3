"""Helpers for the Find help screen tests: pressing, reading the screen, the outbox, QR and PDF."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit, QScrollArea, QWidget,
)

# Friday 20 November 2026, 12:30 in London (GMT).
FRIDAY_LUNCHTIME = datetime(2026, 11, 20, 12, 30, tzinfo=timezone.utc)


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def press(qtbot, button: QAbstractButton) -> None:
    """A tap: scrolled into view first; a real mouse click where the offscreen platform's small
    virtual screen (800 x 800) has the point, else ``click()``."""
    assert button.isVisible() and button.isEnabled(), button.text() or button.accessibleName()
    parent = button.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(button, 0, 0)
        settle()
    centre = button.mapToGlobal(button.rect().center())
    if button.screen().geometry().contains(centre):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    else:
        button.click()
    settle()


def visible_texts(root: QWidget) -> list[str]:
    return [w.text() for w in root.findChildren(QWidget)
            if isinstance(w, (QLabel, QAbstractButton)) and w.isVisibleTo(root.window()) and w.text()]


def every_text(root: QWidget) -> str:
    """Everything the widget tree could show or say: texts, accessible names and descriptions,
    tooltips, box contents, list items — visible or not."""
    parts = []
    for widget in [root, *root.findChildren(QWidget)]:
        parts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
        if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
            parts.append(widget.text())
        if isinstance(widget, QComboBox):
            parts += [widget.itemText(i) for i in range(widget.count())]
    return "\n".join(p for p in parts if p)


def unnamed_widgets(root: QWidget) -> list[str]:
    kinds = (QAbstractButton, QLineEdit, QComboBox)
    return [f"{type(w).__name__}:{getattr(w, 'text', lambda: '')()}" for w in root.findChildren(QWidget)
            if isinstance(w, kinds) and w.isVisibleTo(root.window()) and w.isEnabled()
            and not w.accessibleName().strip()]


def ops(db, op_type: str) -> list[dict]:
    return [json.loads(row["payload"]) for row in
            db.query("select payload from outbox where op_type = ? order by seq", [op_type])]


def decode(widget: QWidget) -> list[str]:
    """What a phone would read off the screen: the widget as drawn, decoded by zxing-cpp."""
    import zxingcpp
    from PIL import Image

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert widget.grab().save(buffer, "PNG")
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(bytes(buffer.data()))))]


def pdf_text(path: Path) -> tuple[int, str]:
    """(pages, text of every page) read back with Qt's own PDF reader."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument(None)
    assert document.load(str(path)) == QPdfDocument.Error.None_, path
    pages = document.pageCount()
    text = "\n".join(document.getAllText(page).text() for page in range(pages))
    document.close()
    return pages, text


def service_id(db, name: str) -> int:
    return db.execute("select id from directory_service where name = ?", [name]).fetchone()[0]
