"""Self-translating labels and buttons: the bricks every screen is built from.

A widget keeps its *source* text (an ``N_``-marked message id, or a function
returning an already translated string) and re-reads it in ``retranslate``;
``retranslate_tree`` calls that on every such widget under a screen, so a
screen redraws in a new language without being rebuilt.
"""

from __future__ import annotations

from typing import Callable, Union

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QLabel, QLayout, QLayoutItem, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from kiosk.i18n import _

# A message id to pass through ``_`` at display time, or a function that builds the text.
Text = Union[str, Callable[[], str]]


def resolve(text: Text | None) -> str:
    if text is None or text == "":
        return ""  # gettext("") would answer with the catalogue header
    if callable(text):
        return text()
    return _(text)


class Translatable:
    """Mixin: ``retranslate()`` re-reads the widget's texts in the current language."""

    def retranslate(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


def retranslate_tree(root: QWidget) -> None:
    """Retranslate ``root`` and every self-translating widget below it."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if isinstance(widget, Translatable) and widget is not root:
            widget.retranslate()


class Label(QLabel, Translatable):
    """Wrapped text with a GOV.UK style (``kind``: heading-xl/l/m/s, caption, hint, small, body)."""

    def __init__(self, text: Text = "", kind: str = "body", parent: QWidget | None = None, *, rich: bool = False):
        super().__init__(parent)
        self._source = text
        self.setProperty("kind", kind)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.retranslate()

    def set_source(self, text: Text) -> None:
        self._source = text
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(resolve(self._source))


class Button(QPushButton, Translatable):
    """A GOV.UK button. ``kind``: primary (green), secondary (grey), warning (red), start, link."""

    def __init__(
        self,
        text: Text,
        kind: str = "primary",
        parent: QWidget | None = None,
        *,
        accessible_name: Text | None = None,
        description: Text | None = None,
    ):
        super().__init__(parent)
        self._source = text
        self._accessible = accessible_name
        self._description = description
        self.setProperty("kind", kind)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoDefault(False)
        self.retranslate()

    def set_source(self, text: Text) -> None:
        self._source = text
        self.retranslate()

    def retranslate(self) -> None:
        text = resolve(self._source)
        self.setText(text if self.property("kind") != "start" else text + "  \u25b6")
        self.setAccessibleName(resolve(self._accessible) if self._accessible else text)
        if self._description:
            self.setAccessibleDescription(resolve(self._description))


def LinkButton(text: Text, parent: QWidget | None = None, **kwargs) -> Button:
    """A blue underlined link that is still a full-size touch target."""
    button = Button(text, "link", parent, **kwargs)
    button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return button


class Tile(QPushButton, Translatable):
    """A large start-screen tile: a title and one line saying what it is for."""

    def __init__(self, title: Text, description: Text, parent: QWidget | None = None):
        super().__init__(parent)
        self._title, self._description = title, description
        self.setProperty("kind", "tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoDefault(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        self.title_label = Label(title, "tile-title")
        self.text_label = Label(description, "tile-text")
        for label in (self.title_label, self.text_label):
            # Presses go to the tile, not the labels on it.
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title_label.retranslate()
        self.text_label.retranslate()
        self.setAccessibleName(self.title_label.text())
        self.setAccessibleDescription(self.text_label.text())

    def sizeHint(self):  # the labels decide the height, the button's own text is empty
        return self.layout().sizeHint()

    def minimumSizeHint(self):
        return self.layout().minimumSize()


class ButtonRow(QLayout):
    """Buttons side by side, left-aligned, while they fit; one under another when they do not.

    The GOV.UK way on a narrow screen: a long translation or the largest text size
    stacks the buttons instead of squeezing them until their words are cut off.
    Recomputed on every layout pass, so it follows resizes, text size and language.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 20):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _side_by_side_width(self) -> int:
        shown = self._shown()
        return sum(item.sizeHint().width() for item in shown) + self.spacing() * max(len(shown) - 1, 0)

    def sizeHint(self) -> QSize:
        shown = self._shown()
        height = max((item.sizeHint().height() for item in shown), default=0)
        return self._with_margins(QSize(self._side_by_side_width(), height))

    def minimumSize(self) -> QSize:
        # Stacked, the row needs no more width than its widest button.
        shown = self._shown()
        width = max((item.minimumSize().width() for item in shown), default=0)
        height = max((item.minimumSize().height() for item in shown), default=0)
        return self._with_margins(QSize(width, height))

    def _with_margins(self, size: QSize) -> QSize:
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        """Lay the buttons out in ``rect`` (if ``place``); the height that takes."""
        area = rect.marginsRemoved(self.contentsMargins())
        shown = self._shown()
        stacked = self._side_by_side_width() > area.width()
        x, y, line = area.x(), area.y(), 0
        for item in shown:
            width = min(item.sizeHint().width(), area.width())
            height = item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()
            if stacked and line:
                y += line + self.spacing()
                line = 0
            if place:
                item.setGeometry(QRect(x, y, width, height))
            if not stacked:
                x += width + self.spacing()
            line = max(line, height)
        margins = self.contentsMargins()
        return y - area.y() + line + margins.top() + margins.bottom()


def button_row(*buttons: QWidget) -> ButtonRow:
    """A row of buttons, each its own width from the left, that stacks them when they do not fit."""
    row = ButtonRow()
    for button in buttons:
        row.addWidget(button)
    return row


def uncheck(button: QAbstractButton) -> None:
    """Uncheck even an exclusive radio button (Qt refuses that by default)."""
    group = button.group()
    exclusive_group = group is not None and group.exclusive()
    auto = button.autoExclusive()
    if exclusive_group:
        group.setExclusive(False)
    button.setAutoExclusive(False)
    button.setChecked(False)
    button.setAutoExclusive(auto)
    if exclusive_group:
        group.setExclusive(True)
