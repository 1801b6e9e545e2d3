"""What every screen is: a scrolling page that retranslates, goes back and wipes itself."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QScroller,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.govuk.basics import Text, resolve, retranslate_tree, uncheck


class Screen(QWidget):
    """One page of the kiosk.

    Subclasses add widgets to ``self.body`` (a column no wider than the theme's
    reading width). ``navigate`` asks the main window to open another screen by
    route name (see ``ui.screens.ROUTES``).
    """

    navigate = Signal(str)
    title: Text = ""
    # Screens of a resident's session are destroyed when it ends; the start screen is kept.
    keep_after_session = False

    def __init__(self, parent: QWidget | None = None, *, max_width: int = 1200):
        super().__init__(parent)
        self.setObjectName("screen")
        # Takes focus when shown (as a new page would), so the focus ring is not left behind
        # on the previous screen's control; not in the Tab chain.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a Tab stop of its own (it has no focus ring): Tab scrolls to what it focuses
        # (ui.focus_order), and Page Up/Down, Home and End scroll the page (keyPressEvent).
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(self.scroll)
        holder = QWidget()
        holder.setObjectName("content")
        row = QHBoxLayout(holder)
        row.setContentsMargins(40, 30, 40, 30)
        self.column = QWidget()
        self.column.setObjectName("content")
        self.column.setMaximumWidth(max_width)
        row.addStretch(1)
        row.addWidget(self.column, 100)
        row.addStretch(1)
        self.body = QVBoxLayout(self.column)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(24)
        self.scroll.setWidget(holder)

    def enable_touch_scrolling(self) -> None:
        """Finger drags scroll the page (no hover, no tiny scroll bar needed).

        Called by the navigator, not here: Qt's first scroller costs ~0.15 s, which
        the start screen pays after it is up rather than before.
        """
        QScroller.grabGesture(self.scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)

    def heading_text(self) -> str:
        return resolve(self.title)

    def keyPressEvent(self, event) -> None:
        """Page Up/Down, Home and End scroll the page, wherever the focus is on it."""
        bar = self.scroll.verticalScrollBar()
        actions = {
            Qt.Key.Key_PageDown: QAbstractSlider.SliderAction.SliderPageStepAdd,
            Qt.Key.Key_PageUp: QAbstractSlider.SliderAction.SliderPageStepSub,
            Qt.Key.Key_Home: QAbstractSlider.SliderAction.SliderToMinimum,
            Qt.Key.Key_End: QAbstractSlider.SliderAction.SliderToMaximum,
        }
        action = actions.get(Qt.Key(event.key()))
        if action is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        bar.triggerAction(action)

    def retranslate(self) -> None:
        """Re-read every text in the current language (called on a live language switch)."""
        retranslate_tree(self)

    def focus_first(self) -> None:
        """Where focus goes when the screen appears: the page itself, like a new web page."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def go_back(self) -> bool:
        """Handle Back inside the screen (e.g. a previous question); False lets the navigator pop it."""
        return False

    def wipe(self) -> None:
        """Forget everything typed or chosen here (the session is ending)."""
        for edit in self.findChildren(QLineEdit):
            edit.clear()
        for edit in self.findChildren(QTextEdit) + self.findChildren(QPlainTextEdit):
            edit.clear()
        for box in self.findChildren(QComboBox):
            box.setCurrentIndex(-1 if box.isEditable() else 0)
        for button in self.findChildren(QAbstractButton):
            if button.isCheckable():
                uncheck(button)
