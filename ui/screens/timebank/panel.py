"""The time-bank screen's pages ("panels") and the stack that holds them.

Same shape as the council-tax area: the whole time bank is one ``Screen`` for
the navigator (route ``time-bank``); panels stack inside it (home → sign in →
member home → a flow). Back goes back inside a panel first, then to the panel
before it. Popped panels are wiped and destroyed, so nothing a member typed or
saw outlives them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QVBoxLayout, QWidget

from ui.govuk.basics import Text, resolve, retranslate_tree, uncheck

if TYPE_CHECKING:
    from ui.screens.timebank.screen import TimeBankScreen


class Panel(QWidget):
    """One page of the time-bank area. ``host`` opens other panels and knows the signed-in member."""

    title: Text = ""

    def __init__(self, host: "TimeBankScreen"):
        super().__init__()
        self.host = host
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(24)

    def heading_text(self) -> str:
        return resolve(self.title)

    def minimumSizeHint(self) -> QSize:
        # Wrapped labels ask for the height they need at their narrowest; at our width we need less,
        # else a long page ends in a screenful of white space.
        hint = super().minimumSizeHint()
        if self.width() > hint.width() and self.column.hasHeightForWidth():
            return QSize(hint.width(), self.column.totalHeightForWidth(self.width()))
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()

    def shown_again(self) -> None:
        """The panel is on top again (the one above it was closed): refresh what it shows."""

    def go_back(self) -> bool:
        return False

    def focus_first(self) -> None:
        self.host.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        retranslate_tree(self)

    def wipe(self) -> None:
        """Forget what was typed, chosen or shown here."""
        for edit in self.findChildren(QLineEdit):
            edit.clear()
        for button in self.findChildren(QAbstractButton):
            if button.isCheckable():
                uncheck(button)


class PanelStack(QWidget):
    """Panels of which only the top one shows."""

    def __init__(self) -> None:
        super().__init__()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.panels: list[Panel] = []

    @property
    def top(self) -> Panel | None:
        return self.panels[-1] if self.panels else None

    def push(self, panel: Panel) -> None:
        # The stack fills the screen's height and the panel's own words take what they need; the rest
        # is white space at the bottom, not between lines.
        panel.column.addStretch(1)
        if self.panels:
            self.panels[-1].setVisible(False)
        self.panels.append(panel)
        self.layout_.addWidget(panel)
        panel.setVisible(True)

    def pop(self) -> None:
        self._discard(self.panels.pop())
        if self.panels:
            self.panels[-1].setVisible(True)
            self.panels[-1].shown_again()

    def _discard(self, panel: Panel) -> None:
        panel.wipe()
        self.layout_.removeWidget(panel)
        panel.hide()
        panel.setParent(None)
        panel.deleteLater()
