"""Time bank home: *I'm a member* and *Join*."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout

from kiosk.i18n import N_
from ui.easy_read import easy
from ui.govuk.basics import Label, Tile
from ui.screens.timebank.panel import Panel


class HomePanel(Panel):
    title = N_("Time bank")

    def __init__(self, host):
        super().__init__(host)
        self.heading = Label(self.title, "heading-xl")
        self.intro = Label(easy(N_("Give an hour of help to a neighbour, a project or an organisation, and get "
                                   "an hour of time credit. Spend your credits on rewards, or give them to "
                                   "someone you know."),
                                N_("Help someone for 1 hour.\nYou get 1 hour of time credit.\n"
                                   "Spend your credits on rewards.\nOr give them to someone you know.")))
        self.column.addWidget(self.heading)
        self.column.addWidget(self.intro)
        grid = QGridLayout()
        grid.setSpacing(24)
        self.tiles = {
            "member": Tile(N_("I'm a member"), easy(N_("Scan your card or type your member number, then your PIN"),
                                                   N_("Use your card or your member number.\nThen type your PIN."))),
            "join": Tile(N_("Join the time bank"), easy(N_("Tell us a little about you. It takes about 5 minutes."),
                                                       N_("Tell us about you.\nIt takes about 5 minutes."))),
        }
        for index, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, 0, index)
            grid.setColumnStretch(index, 1)
        self.column.addLayout(grid)
        self.tiles["member"].clicked.connect(self.open_sign_in)
        self.tiles["join"].clicked.connect(self.open_join)
        # For a time broker signed in at Staff (never on a self-service kiosk).
        self.tiles["approvals"] = Tile(N_("Members waiting for approval"),
                                       N_("For time brokers: check and approve new members"))
        self.tiles["approvals"].setStyleSheet('QPushButton[kind="tile"] { min-height: 0px; }')
        self.tiles["approvals"].clicked.connect(self.open_approvals)
        self.column.addWidget(self.tiles["approvals"])
        self.shown_again()

    def shown_again(self) -> None:
        from ui.screens.timebank.approvals import broker_can_approve

        self.tiles["approvals"].setVisible(broker_can_approve(self.host))

    def open_approvals(self) -> None:
        from ui.screens.timebank.approvals import ApprovalsPanel, broker_can_approve

        if broker_can_approve(self.host):
            self.host.open(ApprovalsPanel(self.host))

    def open_sign_in(self) -> None:
        from ui.screens.timebank.sign_in import SignInPanel

        self.host.open(SignInPanel(self.host))

    def open_join(self) -> None:
        from ui.screens.timebank.join import JoinPanel

        self.host.open(JoinPanel(self.host))
