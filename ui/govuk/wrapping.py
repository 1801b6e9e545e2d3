"""Texts that wrap where Qt's own buttons cut them off: error-summary links, radios, check boxes,
and long web addresses.

The core's messages and the council's reward and organisation names can be
longer than a line at the largest text size.

``ErrorSummary`` shows each error as a ``LinkButton``, whose text cannot wrap,
so a long message is cut off at the right edge. ``WrappingErrorSummary`` is a
drop-in subclass whose links are buttons holding a word-wrapped label (the
way ``Tile`` holds its texts); the link is still one touch target, named with
the whole message for screen readers, and still moves focus to its field.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QCheckBox, QHBoxLayout, QPushButton, QRadioButton, QSizePolicy, QStyle, QStyleOptionButton,
    QVBoxLayout, QWidget,
)

from ui.govuk.basics import Label, Text, Translatable, resolve
from ui.govuk.more_inputs import CheckboxInput
from ui.govuk.question import ChoiceInput, ErrorSummary, Question


# A word holding a slash or an at sign: a web address, with or without its https:// (a
# payment link), or an e-mail address.
_WEB_ADDRESS = re.compile(r"\S*[/@]\S*")
# After these an address may go on to the next line: path, query and parameter separators, and
# the @ of an e-mail address.
_BREAK_AFTER = re.compile(r"([/?&@])(?=\S)")


def breakable(text: str) -> str:
    """``text`` with a zero-width space after each slash, ``?``, ``&`` and ``@`` of its web and
    e-mail addresses.

    Qt wraps only at spaces, so a long address would run off the edge of the screen;
    with these it wraps inside the address instead. Only for showing: QR codes,
    slips and links keep the address as it is.
    """
    return _WEB_ADDRESS.sub(lambda match: _BREAK_AFTER.sub("\\1\u200b", match.group()), text)


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


def _indicator_room(button: QAbstractButton) -> int:
    """Where the words start: after the style's indicator and its spacing."""
    option = QStyleOptionButton()
    option.initFrom(button)
    style = button.style()
    if isinstance(button, QRadioButton):
        rect = style.subElementRect(QStyle.SubElement.SE_RadioButtonIndicator, option, button)
    else:
        rect = style.subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, button)
    return rect.right() + 1 + style.pixelMetric(QStyle.PixelMetric.PM_RadioButtonLabelSpacing, option, button)


class _WrappingButtonMixin:
    """A radio button or check box whose words wrap (a Qt button's own text never does)."""

    def _set_up_label(self) -> None:
        self.label = Label("")
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # a tap on the words ticks it
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def set_words(self, text: str) -> None:
        self.label.set_source(lambda text=text: text)
        self.setAccessibleName(text)

    def hitButton(self, pos) -> bool:
        # The whole row is the touch target: Qt's own test counts only the indicator and
        # the button's own text, which is empty here (the label holds the words).
        return self.rect().contains(pos)

    def _place_label(self) -> None:
        left = _indicator_room(self)
        self.layout().setContentsMargins(left, 6, 6, 6)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._place_label()

    def sizeHint(self) -> QSize:
        self._place_label()
        # As wide as the words on one line (QLabel's own hint wraps anything over about 20
        # characters, even with room to spare); the layout narrows it, and it wraps, if need be.
        margins = self.layout().contentsMargins()
        label_margins = self.label.contentsMargins()
        words = self.label.fontMetrics().size(0, self.label.text()).width()
        width = max(self.layout().sizeHint().width(), words + margins.left() + margins.right()
                    + label_margins.left() + label_margins.right() + 2 * self.label.margin() + 1)
        # (Not self.heightForWidth: Qt's minimumSizeHint, which that asks, asks sizeHint.)
        return QSize(width, max(self.layout().totalHeightForWidth(width), super().sizeHint().height()))

    def minimumSizeHint(self) -> QSize:
        self._place_label()
        hint = self.layout().minimumSize()
        return QSize(hint.width(), max(hint.height(), super().minimumSizeHint().height()))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        self._place_label()
        return max(self.layout().totalHeightForWidth(width), super().minimumSizeHint().height())


class WrapRadioButton(_WrappingButtonMixin, QRadioButton):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._set_up_label()


class WrapCheckBox(_WrappingButtonMixin, QCheckBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._set_up_label()


class WrappingChoiceInput(ChoiceInput):
    """The kit's radio buttons (or ``yesno``), with words that wrap: long choices (a reward's
    name, an organisation's) in large text are not cut off at the edge of the screen."""

    def __init__(self, question: Question):
        super().__init__(question)
        column = self.layout()
        for index, (value, label, old) in enumerate(self.buttons):
            new = WrapRadioButton()
            self.group.removeButton(old)
            self.group.addButton(new)
            column.replaceWidget(old, new)
            old.setParent(None)
            old.deleteLater()
            self.buttons[index] = (value, label, new)
        self.retranslate()

    def retranslate(self) -> None:
        question = resolve(self.question.label)
        for _value, label, button in self.buttons:
            if isinstance(button, WrapRadioButton):
                button.set_words(resolve(label))
                button.setAccessibleDescription(question)


class WrappingCheckboxInput(CheckboxInput):
    """The kit's check boxes, with words that wrap."""

    def __init__(self, question: Question):
        super().__init__(question)
        column = self.layout()
        for index, (value, label, old) in enumerate(self.boxes):
            new = WrapCheckBox()
            column.replaceWidget(old, new)
            old.setParent(None)
            old.deleteLater()
            self.boxes[index] = (value, label, new)
        self.retranslate()

    def retranslate(self) -> None:
        question = resolve(self.question.label)
        for _value, label, box in self.boxes:
            if isinstance(box, WrapCheckBox):
                box.set_words(resolve(label))
                box.setAccessibleDescription(question)
