""""How did we do?": after Finish, one tap on a face, and optionally one tap on a reason.

Nothing typed, nothing personal: the rating goes out as ``feedback.rating``
(``kiosk.feedback.record_rating``) and the session then ends. Skipping is one
tap too. A low rating (1 to 3) asks why, from a short list; a reason is never
required.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.feedback import REASONS, record_rating
from kiosk.i18n import N_, _
from ui.govuk.basics import Button, Label, Text, Translatable, button_row
from ui.govuk.flow import PageStack
from ui.govuk.reflow import ReflowMixin
from ui.screens.base import Screen

log = logging.getLogger(__name__)

# (rating, words) from best to worst: the order a resident reads them in.
RATINGS: tuple[tuple[int, str], ...] = (
    (5, N_("Very good")),
    (4, N_("Good")),
    (3, N_("Neither good nor poor")),
    (2, N_("Poor")),
    (1, N_("Very poor")),
)
ASK_WHY_AT_OR_BELOW = 3

# Which task family a route belongs to (the council counts ratings by family).
ROUTE_FAMILIES = {"council-tax": "counciltax", "time-bank": "timebank", "find-help": "findhelp"}


def face(rating: int, size: int = 96) -> QPixmap:
    """A simple drawn face: the mouth curves up for 5, is straight for 3, down for 1.

    Drawn rather than an emoji: kiosk images often have no colour emoji font.
    """
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("#0b0c0c"))
    pen.setWidthF(size / 16)
    painter.setPen(pen)
    painter.setBrush(QColor("#ffdd00") if rating >= 4 else QColor("#f3f2f1"))
    margin = size / 12
    painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
    painter.setBrush(QColor("#0b0c0c"))
    eye = size / 14
    for x in (0.36, 0.64):
        painter.drawEllipse(QPointF(size * x, size * 0.40), eye / 2, eye / 2)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    curve = (rating - 3) / 2  # -1 (sad) .. 1 (happy)
    mouth = QRectF(size * 0.30, size * 0.50 - size * 0.14 * curve, size * 0.40, size * 0.28 * abs(curve) or 1)
    if curve > 0:
        painter.drawArc(mouth, 200 * 16, 140 * 16)
    elif curve < 0:
        mouth.moveTop(size * 0.62)
        painter.drawArc(mouth, 20 * 16, 140 * 16)
    else:
        painter.drawLine(QPointF(size * 0.32, size * 0.66), QPointF(size * 0.68, size * 0.66))
    painter.end()
    return pixmap


class RatingButton(QPushButton, Translatable):
    """A big target: the face, then the words under it."""

    def __init__(self, rating: int, words: Text, parent: QWidget | None = None):
        super().__init__(parent)
        self.rating = rating
        self.setProperty("kind", "tile")
        self.setObjectName(f"rating{rating}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoDefault(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(180)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 16, 12, 16)
        self.picture = QLabel()
        self.picture.setPixmap(face(rating))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.words = Label(words, "tile-text")
        self.words.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for widget in (self.picture, self.words):
            widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            column.addWidget(widget)
        column.addStretch(1)  # the words right under the face, however tall the row
        self.retranslate()

    def retranslate(self) -> None:
        self.words.retranslate()
        self.setAccessibleName(_("{words}: {rating} out of 5").format(words=self.words.text(), rating=self.rating))

    def sizeHint(self):
        return self.layout().sizeHint()

    def minimumSizeHint(self):
        return self.layout().minimumSize()


class FaceGrid(ReflowMixin, QWidget, Translatable):
    """The faces in one row of equal targets while their words fit; in more rows when they do not
    (a long word at the largest text size: 3 then 2 rather than cut off)."""

    SPACING = 16
    REFLOW_LATER = True  # after the captions have their new font

    def __init__(self, buttons: list[RatingButton], parent: QWidget | None = None):
        super().__init__(parent)
        self.buttons = buttons
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(self.SPACING)
        self.columns = 0
        self._place(len(buttons))

    def _place(self, columns: int) -> None:
        if columns == self.columns:
            return
        for button in self.buttons:
            self.grid.removeWidget(button)
        for index, button in enumerate(self.buttons):
            self.grid.addWidget(button, index // columns, index % columns)
        for index in range(len(self.buttons)):
            self.grid.setColumnStretch(index, 1 if index < columns else 0)  # equal targets
        self.columns = columns

    def _needed_width(self, button: RatingButton) -> int:
        """The narrowest a face's target can be with no word of its caption cut."""
        metrics = button.words.fontMetrics()
        widest = max((metrics.horizontalAdvance(word) for word in button.words.text().split()), default=0)
        margins = button.layout().contentsMargins()
        label_margins = button.words.contentsMargins()
        words = widest + label_margins.left() + label_margins.right()
        return max(words, button.picture.sizeHint().width()) + margins.left() + margins.right() + 2

    def reflow(self) -> None:
        count = len(self.buttons)
        need = max(self._needed_width(button) for button in self.buttons)
        fits = max(1, min(count, (self.width() + self.SPACING) // (need + self.SPACING)))
        rows = -(-count // fits)
        self._place(-(-count // rows))  # balanced rows: 3 and 2, not 4 and 1

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reflow()

    def retranslate(self) -> None:
        QTimer.singleShot(0, self, self.reflow)  # once the captions have their new words


class FeedbackScreen(Screen):
    title = N_("How did we do?")
    allows_back = False  # the visit is over: only a rating, a reason, or leaving

    done = Signal()

    def __init__(self, db, task_family: str = "other", parent: QWidget | None = None):
        super().__init__(parent, max_width=1100)
        self.db = db
        self.task_family = task_family
        self.pending: int | None = None  # a low rating waiting for its (optional) reason
        self.recorded = False
        self.pages = PageStack()
        self.body.addWidget(self.pages)
        self.body.addStretch(1)

        rate = QWidget()
        column = QVBoxLayout(rate)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(24)
        self.heading = Label(self.title, "heading-xl")
        self.intro = Label(N_("Tap one face. Your answer helps the council improve this service. "
                              "We do not ask for your name."))
        column.addWidget(self.heading)
        column.addWidget(self.intro)
        self.rating_buttons: dict[int, RatingButton] = {}
        for rating, words in RATINGS:
            button = RatingButton(rating, words)
            button.clicked.connect(lambda _checked=False, rating=rating: self.rate(rating))
            self.rating_buttons[rating] = button
        self.faces = FaceGrid(list(self.rating_buttons.values()))
        column.addWidget(self.faces)
        self.skip = Button(N_("Skip and finish"), "secondary",
                           description=N_("Finish without rating; your answers are cleared"))
        self.skip.clicked.connect(self.finish)
        column.addLayout(button_row(self.skip))
        self.pages.addWidget(rate)
        self.rate_page = rate

        why = QWidget()
        column = QVBoxLayout(why)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.thanks = Label(N_("Thank you"), "heading-xl")
        self.why_heading = Label(N_("What was the main problem? (optional)"), "heading-m")
        column.addWidget(self.thanks)
        column.addWidget(self.why_heading)
        self.reason_buttons: dict[str, Button] = {}
        reasons = QGridLayout()
        reasons.setSpacing(16)
        for index, (code, words) in enumerate(REASONS):
            button = Button(words, "secondary")
            button.setObjectName(f"reason_{code}")
            button.clicked.connect(lambda _checked=False, code=code: self.give_reason(code))
            reasons.addWidget(button, index, 0)  # one column: long reasons must not be cut off
            self.reason_buttons[code] = button
        reasons.setColumnStretch(1, 1)
        column.addLayout(reasons)
        self.no_reason = Button(N_("Finish without a reason"), "primary")
        self.no_reason.clicked.connect(lambda: self.give_reason(None))
        column.addLayout(button_row(self.no_reason))
        column.addStretch(1)
        self.pages.addWidget(why)
        self.why_page = why

    # A resident's taps ------------------------------------------------------------------------

    def rate(self, rating: int) -> None:
        if self.recorded:
            return
        if rating <= ASK_WHY_AT_OR_BELOW:
            self.pending = rating
            self.pages.setCurrentWidget(self.why_page)
            self.scroll.verticalScrollBar().setValue(0)
            self.focus_first()
            return
        self._record(rating, None)
        self.finish()

    def give_reason(self, reason: str | None) -> None:
        if self.pending is None:
            return
        self._record(self.pending, reason)
        self.finish()

    def finish(self) -> None:
        self.done.emit()

    def _record(self, rating: int, reason: str | None) -> None:
        self.pending = None
        if self.recorded:
            return
        self.recorded = True
        try:
            record_rating(self.db, self.task_family, rating, reason)
        except Exception:  # a rating is not worth an error in front of the resident
            log.exception("could not record a rating")

    def wipe(self) -> None:
        # A face was tapped but the reason page was left: the rating still counts, without a reason.
        if self.pending is not None:
            self._record(self.pending, None)
        super().wipe()
