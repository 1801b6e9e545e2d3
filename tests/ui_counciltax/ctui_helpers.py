"""Helpers for the council-tax screen tests: pressing, reading the screen, the council in-process."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QLabel, QLineEdit, QScrollArea, QTextEdit,
    QWidget,
)

from sync.transport import Response, TransportError
from testclient_transport import ClientTransport


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def press(qtbot, button: QAbstractButton) -> None:
    """A tap: scrolled into view first, like a finger would; a real mouse click where the
    offscreen platform's small virtual screen (800 x 800) has the point, else ``click()``."""
    assert button.isVisible() and button.isEnabled(), button.text()
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


def open_council_tax(window):
    """Press the start screen's Council tax tile; the council-tax screen comes up."""
    from ui.screens.counciltax.screen import CouncilTaxScreen

    window.start_screen.tiles["council-tax"].click()
    settle()
    screen = window.navigator.current
    assert isinstance(screen, CouncilTaxScreen)
    return screen


def visible_texts(root: QWidget) -> list[str]:
    texts = []
    for widget in root.findChildren(QWidget):
        if widget.isVisibleTo(root.window()) and isinstance(widget, (QLabel, QAbstractButton)) and widget.text():
            texts.append(widget.text())
    return texts


def interactive_widgets(root: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit)
    return [w for w in root.findChildren(QWidget)
            if isinstance(w, kinds) and w.isVisibleTo(root.window()) and w.isEnabled()]


def unnamed_widgets(root: QWidget) -> list[str]:
    """Interactive widgets on screen that a screen reader could not name."""
    return [f"{type(w).__name__}:{getattr(w, 'text', lambda: '')()}" for w in interactive_widgets(root)
            if not w.accessibleName().strip()]


class AppTransport(ClientTransport):
    """The council app in-process behind a network that can be switched off."""

    def __init__(self, http: Any):
        super().__init__(http)
        self.online = True

    def request(self, method, path, *, json=None, params=None, token=None) -> Response:
        if not self.online:
            raise TransportError("offline")
        return super().request(method, path, json=json, params=params, token=token)


def walk_flow(qtbot, flow, overrides: dict[str, Any] | None = None, *, max_pages: int = 60) -> list[str]:
    """From the start page to check your answers, answering each page validly; returns the ids asked."""
    from ctui_answers import valid_raw

    from ui.screens.counciltax.question_page import CoreQuestionPage

    overrides = overrides or {}
    if flow.current_page is flow.start_page:
        press(qtbot, flow.start_page.start_button)
    asked = []
    for _ in range(max_pages):
        page = flow.current_page
        if not isinstance(page, CoreQuestionPage):
            break
        question = page.core
        raw = overrides[question.id] if question.id in overrides else valid_raw(question, flow.clean_answers())
        page.set_raw(raw)
        asked.append(question.id)
        press(qtbot, page.continue_button)
        assert flow.current_page is not page, f"{question.id}: {page.error}"
    assert flow.current_page is flow.check_page
    return asked
