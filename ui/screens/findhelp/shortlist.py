"""Your list: the services a resident is collecting, to take away together (one code, one slip)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.directory import query
from kiosk.i18n import N_, _
from ui.govuk.basics import Button, Label, button_row
from ui.screens.findhelp.panel import FindHelpPanel


class ShortlistPanel(FindHelpPanel):
    title = N_("Your list")

    def __init__(self, host):
        super().__init__(host)
        self.heading = Label(self.title, "heading-xl")
        self.column.addWidget(self.heading)
        self.empty = Label(N_("Your list is empty. Open a service and choose \u201cAdd to your list\u201d."))
        self.column.addWidget(self.empty)
        self.rows_widget = QWidget()
        self.rows = QVBoxLayout(self.rows_widget)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(12)
        self.column.addWidget(self.rows_widget)
        self.take_button = Button(N_("Take your list with you"), "primary",
                                  description=N_("One QR code and one printed slip for every service on your list"))
        self.take_button.clicked.connect(self.take_away)
        self.column.addLayout(button_row(self.take_button))
        self.remove_buttons: dict[int, Button] = {}
        self.refresh()

    def refresh(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.remove_buttons = {}
        for service_id in self.host.shortlist:
            service = query.get_service(self.host.db, service_id)
            if service is None:
                continue
            row_widget = QWidget()
            row = QHBoxLayout(row_widget)
            row.setContentsMargins(0, 0, 0, 0)
            name = service["name"]
            row.addWidget(Label(lambda name=name: name, "heading-s"), 1)
            remove = Button(N_("Remove"), "secondary",
                            accessible_name=lambda name=name: _("Remove {name} from your list").format(name=name))
            remove.clicked.connect(lambda _checked=False, service_id=service_id: self.remove(service_id))
            row.addWidget(remove)
            self.rows.addWidget(row_widget)
            self.remove_buttons[service_id] = remove
        self.empty.setVisible(not self.host.shortlist)
        self.take_button.setVisible(bool(self.host.shortlist))

    def remove(self, service_id: int) -> None:
        self.host.remove_from_shortlist(service_id)
        self.refresh()

    def take_away(self) -> None:
        from ui.screens.findhelp.takeaway import TakeAwayPanel

        self.host.open(TakeAwayPanel(self.host, list(self.host.shortlist)))
