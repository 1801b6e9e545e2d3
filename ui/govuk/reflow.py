"""Widgets that lay their children out again when their width, style or font changes.

Rows of choices, faces and buttons put fewer to a line at a larger text size or in
a longer language; each says how in ``reflow()`` and this mixin says when.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer


class ReflowMixin:
    """Calls ``reflow()`` on every resize and on every style or font change.

    Put it before the Qt class (``class Row(ReflowMixin, QWidget)``). With
    ``REFLOW_LATER = True`` a style or font change reflows from the event loop instead,
    for a ``reflow`` that measures children which get the new font only after this widget.
    """

    REFLOW_LATER = False

    def reflow(self) -> None:
        raise NotImplementedError

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)  # type: ignore[misc]
        self.reflow()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)  # type: ignore[misc]
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            if self.REFLOW_LATER:
                QTimer.singleShot(0, self, self.reflow)
            else:
                self.reflow()
