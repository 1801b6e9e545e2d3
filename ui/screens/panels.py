"""A task area's pages ("panels") and the stack that holds them.

Each task area (council tax, find help, time bank, the board) is one ``Screen``
for the navigator (one route). Inside it, panels stack up: home → a menu → a
flow. Back (the footer's) first goes back inside a panel (a previous question),
then to the panel before it, and only then leaves the area. Panels share the
screen's one scroll area, so there is never a scroll area inside another.
Popped panels are wiped and destroyed, so nothing a resident typed or saw
outlives them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QVBoxLayout, QWidget

from ui.govuk.basics import Text, resolve, retranslate_tree, uncheck

if TYPE_CHECKING:
    from ui.screens.base import Screen


class Panel(QWidget):
    """One page of a task area. ``host`` (the area's screen) opens other panels and goes back."""

    title: Text = ""

    # True: the panel's words sit at the top and white space goes below them, not between lines.
    stretch_to_fill = False

    def __init__(self, host: "Screen"):
        super().__init__()
        self.host = host
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(24)

    def heading_text(self) -> str:
        return resolve(self.title)

    def minimumSizeHint(self) -> QSize:
        # Wrapped labels report the height they would need at their narrowest; summed over a long
        # page that leaves a screenful of white space under it. At the width we have, the page
        # needs only its height for that width.
        hint = super().minimumSizeHint()
        if self.width() > hint.width() and self.column.hasHeightForWidth():
            return QSize(hint.width(), self.column.totalHeightForWidth(self.width()))
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the height needed depends on the width (see minimumSizeHint)

    def shown_again(self) -> None:
        """The panel is on top again (the one above it was closed): refresh what it shows."""

    def go_back(self) -> bool:
        """Back inside the panel; False lets the host show the panel before it."""
        return False

    def focus_first(self) -> None:
        self.host.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        retranslate_tree(self)

    def wipe(self) -> None:
        """Forget what the resident typed, chose or looked up here."""
        for edit in self.findChildren(QLineEdit):
            edit.clear()
        for button in self.findChildren(QAbstractButton):
            if button.isCheckable():
                uncheck(button)


class PanelStack(QWidget):
    """Panels of which only the top one shows; popped panels are wiped and destroyed."""

    def __init__(self) -> None:
        super().__init__()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.panels: list[Panel] = []

    @property
    def top(self) -> Panel | None:
        return self.panels[-1] if self.panels else None

    def push(self, panel: Panel) -> None:
        if panel.stretch_to_fill:
            panel.column.addStretch(1)
        if self.panels:
            self.panels[-1].setVisible(False)
        self.panels.append(panel)
        self.layout_.addWidget(panel)
        panel.setVisible(True)

    def pop(self) -> None:
        panel = self.panels.pop()
        self._discard(panel)
        if self.panels:
            self.panels[-1].setVisible(True)
            self.panels[-1].shown_again()

    def clear(self) -> None:
        while self.panels:
            self._discard(self.panels.pop())

    def _discard(self, panel: Panel) -> None:
        panel.wipe()
        self.layout_.removeWidget(panel)
        panel.hide()
        panel.setParent(None)
        panel.deleteLater()


def retranslate_panels(root: QWidget) -> None:
    """On a live language switch: the panel on show under ``root`` builds the rows it made from
    data (a balance, search results) again in the new language. (Fixed texts follow through
    ``retranslate_tree``; a hidden panel redraws when it is shown again.)"""
    for panel in root.findChildren(Panel):
        if panel.isVisible() and type(panel).retranslate is not Panel.retranslate:
            panel.retranslate()
