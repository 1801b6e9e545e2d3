"""Easy read: plain-language versions of the explanations on the key task screens.

A text that has an easy-read version is an ``EasyText``: it holds both the
standard words and the plain ones (short sentences, one idea on each line) and
answers with whichever the session asks for. It is an ordinary ``Text`` (a
function returning a translated string), so any self-translating ``Label``,
``Tile`` or question hint takes one, and a screen switches by retranslating —
the way it switches language — without being rebuilt.

The choice belongs to the resident's session, like the language: the main
window retranslates when it changes and turns it off when the session ends.
``EasyReadSwitch`` is the check box that turns it on and off; the task areas
show it above pages that have easy-read words (``has_easy_read``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from kiosk.i18n import N_
from ui.govuk.basics import Label, Text, Translatable, resolve


class EasyReadNotifier(QObject):
    changed = Signal(bool)


_notifier: EasyReadNotifier | None = None
_enabled = False


def notifier() -> EasyReadNotifier:
    global _notifier
    if _notifier is None:
        _notifier = EasyReadNotifier()
    return _notifier


def enabled() -> bool:
    return _enabled


def set_enabled(on: bool) -> None:
    """Turn easy read on or off for the session; every screen retranslates (via ``notifier``)."""
    global _enabled
    if bool(on) == _enabled:
        return
    _enabled = bool(on)
    notifier().changed.emit(_enabled)


def reset() -> None:
    """The session is over: the next resident starts with the standard words."""
    set_enabled(False)


@dataclass(frozen=True)
class EasyText:
    """A text with an easy-read version; call it for the one the session wants."""

    standard: Text
    plain: Text

    def __call__(self) -> str:
        return resolve(self.plain if _enabled else self.standard)


def easy(standard: Text, plain: Text) -> EasyText:
    """``Label(easy(N_("Standard words."), N_("Plain words.\\nOne idea a line.")))``."""
    return EasyText(standard, plain)


def has_easy_read(root: QWidget) -> bool:
    """Whether any self-translating label under ``root`` has an easy-read version."""
    return any(isinstance(getattr(label, "_source", None), EasyText) for label in root.findChildren(Label))


class EasyReadSwitch(QCheckBox, Translatable):
    """The resident's switch between the standard words and easy read (a check box: on or off
    shows by its box being filled, not by a colour). Only a resident's press changes the session's
    choice, so a page being wiped (which unticks boxes) leaves it alone; the box follows the choice."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("easyReadSwitch")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setChecked(_enabled)
        self.clicked.connect(set_enabled)
        notifier().changed.connect(self._follow)
        self.retranslate()

    def _follow(self, on: bool) -> None:
        if self.isChecked() != on:
            self.setChecked(on)

    def retranslate(self) -> None:
        self.setText(resolve(N_("Easy read")))
        self.setAccessibleName(self.text())
        self.setAccessibleDescription(resolve(N_("Shorter sentences and simpler words on this page")))


class EasyReadBar(QWidget):
    """The switch at the right of its own line, above a task area's pages; shown only over a page
    that has easy-read words (``follow``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        self.switch = EasyReadSwitch()
        row.addWidget(self.switch)

    def follow(self, page: QWidget | None) -> None:
        self.setVisible(page is not None and has_easy_read(page))
