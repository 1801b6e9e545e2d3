"""The GOV.UK timeout warning: "We will clear your answers in N seconds", with Continue.

``TimeoutWarning`` is an overlay over the whole window (not a separate dialog
window: a kiosk is frameless and on top, and a window manager may put a dialog
behind it). It blocks taps on the screen under it, counts down once a second
and emits ``expired`` when it reaches zero; ``Continue`` emits ``continued``.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import N_, ngettext
from ui.govuk.basics import Button, Label, retranslate_tree

# The warning lasts a quarter of the idle time, at most this long (GOV.UK warns well before
# the end; a kiosk needs less: the next resident may be waiting).
MAX_WARNING_MS = 30_000


def warning_ms(idle_ms: int) -> int:
    return max(1, min(MAX_WARNING_MS, idle_ms // 4))


class TimeoutWarning(QWidget):
    continued = Signal()
    expired = Signal()

    def __init__(self, parent: QWidget, *, uncovered: QWidget | None = None):
        """``uncovered``: a bar along the bottom left usable (the footer: Quick exit stays one tap)."""
        super().__init__(parent)
        self.uncovered = uncovered
        self.setObjectName("timeoutOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Its colours are the window's stylesheet's (ui/theme.py), so high contrast applies.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 40, 40, 40)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.box = QFrame()
        self.box.setObjectName("timeoutBox")
        self.box.setMaximumWidth(900)
        row.addWidget(self.box, 10)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        column = QVBoxLayout(self.box)
        column.setContentsMargins(40, 40, 40, 40)
        column.setSpacing(24)
        self.heading = Label(N_("Do you need more time?"), "heading-l")
        self.countdown = Label("")
        self.countdown.setProperty("kind", "heading-m")
        self.countdown.setObjectName("timeoutCountdown")
        self.privacy = Label(N_("Nobody has touched the screen for a while. Your answers will not be kept."))
        self.continue_button = Button(N_("Continue"), "primary",
                                      description=N_("Keep going with what you were doing"))
        self.continue_button.clicked.connect(self._continue)
        for widget in (self.heading, self.countdown, self.privacy):
            column.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.continue_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.tick = QTimer(self)
        self.tick.setInterval(250)  # a quarter second: the shown number never lags behind
        self.tick.timeout.connect(self._update)
        self.deadline = QTimer(self)
        self.deadline.setSingleShot(True)
        self.deadline.timeout.connect(self._expire)
        self._clock = QElapsedTimer()
        self._total_ms = 0
        parent.installEventFilter(self)  # follow the window's size
        self.hide()

    # Showing and hiding ------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.deadline.isActive()

    def start(self, milliseconds: int) -> None:
        self._total_ms = max(1, milliseconds)
        self._clock.start()
        self._fit()
        self.raise_()
        self.show()
        self._update()
        self.tick.start()
        self.deadline.start(self._total_ms)
        self.continue_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def cancel(self) -> None:
        """Gone without a word (the session ended another way)."""
        self.tick.stop()
        self.deadline.stop()
        self.hide()

    def seconds_left(self) -> int:
        if not self._clock.isValid():
            return 0
        return max(0, math.ceil((self._total_ms - self._clock.elapsed()) / 1000))

    def _update(self) -> None:
        seconds = self.seconds_left()
        self.countdown.set_source(lambda seconds=seconds: ngettext(
            "We will clear your answers in {seconds} second for your privacy.",
            "We will clear your answers in {seconds} seconds for your privacy.",
            seconds).format(seconds=seconds))
        self.countdown.setAccessibleName(self.countdown.text())

    def _continue(self) -> None:
        self.cancel()
        self.continued.emit()

    def _expire(self) -> None:
        self.cancel()
        self.expired.emit()

    def retranslate(self) -> None:
        retranslate_tree(self)
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self._fit()
        return False

    def _fit(self) -> None:
        area = self.parentWidget().rect()
        if self.uncovered is not None and self.uncovered.isVisibleTo(self.parentWidget()):
            area.setBottom(self.uncovered.mapTo(self.parentWidget(), self.uncovered.rect().topLeft()).y() - 1)
        self.setGeometry(area)

    def mousePressEvent(self, event) -> None:  # taps on the backdrop do not reach the screen below
        event.accept()
