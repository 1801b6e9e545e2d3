"""Helpers for the UI tests: settling the event loop, making windows, finding what is on screen."""

from __future__ import annotations

import re
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QTextEdit,
    QWidget,
)

WINDOW_SIZE = (1280, 960)
# Where Qt breaks wrapped text: at spaces, at the zero-width spaces put into long web addresses,
# and after a hyphen that a letter follows (Unicode line breaking: "food-bank", not "2025-10").
BREAKS = re.compile(r"[\s\u200b]+|(?<=-)(?=[^\W\d_])")


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def make_window(qtbot, device, mode: str):
    from ui.main_window import MainWindow

    db, settings = device
    window = MainWindow(db, settings, mode=mode)
    qtbot.addWidget(window)
    window.resize(*WINDOW_SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitActive(window)
    settle()
    return window


def walk_the_tour(window, check: Callable[[str], None], start: Callable[[], None] | None = None) -> None:
    """Every screen the demo tour visits: the start page, each task's first page, then each
    task's tour steps; ``check(name)`` on each. ``start`` begins a session (by default
    ``window.start_session``), again before a task whose steps come back to the attract screen."""
    from ui.screens.counciltax.tour import run_steps as council_tax_steps
    from ui.screens.findhelp.tour import run_steps as find_help_steps
    from ui.screens.staff.tour import run_steps as staff_steps
    from ui.screens.timebank.tour import run_steps as time_bank_steps

    start = start or window.start_session
    start()
    check("start")
    for route in ("find-help", "council-tax", "time-bank", "staff"):
        window.open(route)
        check(route)
        window.back()
    for steps in (council_tax_steps, find_help_steps, time_bank_steps, staff_steps):
        if window.on_attract:
            start()
        steps(window, check)


def interactive_widgets(root: QWidget) -> list[QWidget]:
    """Everything a resident can press, type into or choose from that is on screen now."""
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit)
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisibleTo(root.window()) or not widget.isEnabled():
            continue
        if isinstance(widget.parent(), QComboBox):  # a combo box's own parts are not separate targets
            continue
        found.append(widget)
    return found


def visible_texts(root: QWidget) -> list[str]:
    """The texts a resident sees: labels and buttons currently shown."""
    texts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root.window()):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)) and widget.text():
            texts.append(widget.text())
    return texts


def clipped_texts(root: QWidget) -> list[str]:
    """Labels and buttons on screen whose text does not fit their width."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root.window()):
            continue
        if isinstance(widget, QLabel) and widget.text() and widget.textFormat() != Qt.TextFormat.RichText:
            metrics = widget.fontMetrics()
            margins = widget.contentsMargins()
            room = widget.width() - margins.left() - margins.right()
            text = widget.text()
            pieces = [piece for piece in BREAKS.split(text) if piece] if widget.wordWrap() else [text]
            if not pieces:
                continue
            widest = max(metrics.horizontalAdvance(piece) for piece in pieces)
            if widest > room + 1:
                problems.append(f"label {widget.text()!r}: needs {widest}px, has {room}px")
        elif isinstance(widget, QAbstractButton) and widget.text() and widget.layout() is None:
            if widget.sizeHint().width() > widget.width() + 1:
                problems.append(f"button {widget.text()!r}: needs {widget.sizeHint().width()}px, has {widget.width()}px")
    return problems
