"""Error-summary links that wrap: the core's messages can be longer than a line.

``ErrorSummary`` shows each error as a ``LinkButton``, whose text cannot wrap,
so a long message is cut off at the right edge. ``WrappingErrorSummary`` is a
drop-in subclass whose links are buttons holding a word-wrapped label (the
way ``Tile`` holds its texts); the link is still one touch target, named with
the whole message for screen readers, and still moves focus to its field.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.govuk.basics import Label, Text, Translatable, resolve
from ui.govuk.question import ErrorSummary


class WrapLinkButton(QPushButton, Translatable):
    """A link-styled button whose text wraps onto as many lines as it needs."""

    def __init__(self, text: Text, kind: str = "error-link", parent: QWidget | None = None):
        super().__init__(parent)
        self._source = text
        self.setProperty("kind", kind)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoDefault(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.label = Label(text, "error-message")
        font = self.label.font()
        font.setUnderline(True)
        self.label.setFont(font)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # presses go to the button
        layout.addWidget(self.label)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.retranslate()
        self.setAccessibleName(self.label.text())

    def text_shown(self) -> str:
        return self.label.text()

    def sizeHint(self) -> QSize:
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.layout().minimumSize()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.layout().totalHeightForWidth(width)


class WrappingErrorSummary(ErrorSummary):
    def set_errors(self, errors: list[tuple[str, QWidget]]) -> None:
        for link in self.links:
            self.column.removeWidget(link)
            link.deleteLater()
        self.links = []
        for message, target in errors:
            link = WrapLinkButton(lambda message=message: message)
            link.clicked.connect(lambda _checked=False, target=target: target.setFocus(Qt.FocusReason.OtherFocusReason))
            self.column.addWidget(link)
            self.links.append(link)
        self.setVisible(bool(errors))
        if errors:
            self.setAccessibleName(f"{resolve(self.heading.text())}: {errors[0][0]}")


def use_wrapping_summary(page) -> None:
    """Give a kit ``QuestionPage`` (or anything with ``summary`` in its layout) the wrapping summary."""
    old = page.summary
    new = WrappingErrorSummary()
    page.layout().replaceWidget(old, new)
    old.setParent(None)
    old.deleteLater()
    page.summary = new
