"""The bar on every screen: Back, Finish and Quick exit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.i18n import N_
from ui.govuk.basics import Button


class Footer(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("footer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(30, 14, 30, 14)
        row.setSpacing(24)
        self.back = Button(N_("Back"), "secondary", description=N_("Go to the previous page"))
        self.finish = Button(N_("Finish"), "secondary", description=N_("End your visit and clear your answers"))
        self.quick_exit = Button(N_("Quick exit"), "warning",
                                 description=N_("Leave at once: clears this screen and everything you entered"))
        row.addWidget(self.back)
        row.addStretch(1)
        row.addWidget(self.finish)
        row.addWidget(self.quick_exit)

    def retranslate(self) -> None:
        for button in (self.back, self.finish, self.quick_exit):
            button.retranslate()
