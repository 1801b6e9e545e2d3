"""Self-translating labels and buttons: the bricks every screen is built from.

A widget keeps its *source* text (an ``N_``-marked message id, or a function
returning an already translated string) and re-reads it in ``retranslate``;
``retranslate_tree`` calls that on every such widget under a screen, so a
screen redraws in a new language without being rebuilt.
"""

from __future__ import annotations

from typing import Callable, Union

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

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


def button_row(*buttons: QWidget, stretch: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(20)
    for button in buttons:
        row.addWidget(button)
    if stretch:
        row.addStretch(1)
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
