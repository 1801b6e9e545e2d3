"""What is on screen (a copy of the shell tests' helper, importable from this folder)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget


def visible_texts(root: QWidget) -> list[str]:
    texts = []
    for widget in root.findChildren(QWidget):
        if widget.isVisibleTo(root.window()) and isinstance(widget, (QLabel, QAbstractButton)) and widget.text():
            texts.append(widget.text())
    return texts
