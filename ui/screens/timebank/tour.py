"""Time-bank steps for the headless demo tour: join (with the card and its QR), a member's home,
recording hours, the offers and requests board, the rewards menu, and the time broker's screen with
the time-audit chart and the flagged overspends.

``run_steps(window, snap)`` drives an open ``MainWindow`` and calls ``snap(name)``
after each step, like ``ui.screens.counciltax.tour``; it leaves the window on
the start screen. Joining needs the device's data key and the council's key
(or the named test mode); without them the tour shows the refusal a resident
would see. The member part signs in a member of the demo time bank (``kiosk
demo`` loads it on its council; the device mirrors its hub's members with a
year of exchanges); a device without it gets two volunteer-registered members
of its own (active at once, no credits yet), or skips the part when it cannot
register them either. The broker part signs in the demo hub admin
(``ui.demo``) when the device knows them.
"""

from __future__ import annotations

from typing import Callable

from kiosk.timebank import demo_data, ledger, members
from kiosk.timebank.amounts import today_london
from kiosk.timebank.errors import TimeBankError
from ui.screens.timebank.choices import category_choices

DEMO_PIN = "2580"
JOIN_ANSWERS = {"name": "Ada Okafor", "phone": "", "email": "", "languages": ["en", "yo"],
                "skills": "cooking, reading with children", "interests": "gardening", "availability": "Saturdays",
                "consent": ["agree"], "pin": DEMO_PIN, "pin_again": DEMO_PIN}


def _demo_time_bank_members(db) -> list[dict]:
    """The demo time bank's members with the documented PIN that this device mirrors, most credit first."""
    rows = db.execute("select id from tb_accounts where kind = 'person' and status = 'active' and registered_by = ?"
                      " and pin_hash is not null order by number", [demo_data.REGISTERED_BY]).fetchall()
    found = [members.get_account(db, row[0]) for row in rows]
    return sorted((a for a in found if a is not None), key=lambda a: -ledger.balance(db, a["id"]).available)


def _demo_members(db) -> tuple[dict, dict, str]:
    """Who the tour signs in, who they helped, and the PIN."""
    known = _demo_time_bank_members(db)
    if len(known) >= 2:
        return known[0], known[1], demo_data.DOCUMENTED_PIN
    consent = members.Consent.as_shown_now()
    made = [members.register_member(db, name=name, consent=consent, registered_by="demo-tour", pin=DEMO_PIN)
            for name in ("Grace Mensah", "Tomás Silva")]
    return made[0], made[1], DEMO_PIN


def broker_steps(window, snap: Callable[[str], None]) -> None:
    """The demo hub admin signs in at Staff and opens the time broker's screen: the time-audit chart."""
    from kiosk.staff import SignInRefused
    from ui.demo import DEMO_STAFF_NAME, DEMO_STAFF_PIN
    from ui.screens.timebank.broker import BrokerScreen

    if window.on_attract:
        window.start_session()
    try:
        window.staff.sign_in(DEMO_STAFF_NAME, DEMO_STAFF_PIN)
    except SignInRefused:  # a device that never synced does not know the demo staff
        return
    window.open("time-bank-broker")
    screen = window.navigator.current
    if isinstance(screen, BrokerScreen):
        screen.scroll.ensureWidgetVisible(screen.chart, 0, 0)
        snap("time-bank-broker-audit")
        top = screen.flags.mapTo(screen.scroll.widget(), screen.flags.rect().topLeft()).y()
        screen.scroll.verticalScrollBar().setValue(top - 20)  # the list's heading at the top
        snap("time-bank-broker-flags")  # spends the council refused (the demo has one at each hub)
    window.staff.sign_out("by_hand")
    window.end_session("finish")


def run_steps(window, snap: Callable[[str], None]) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.screens.timebank.screen import TimeBankScreen

    def settle() -> None:
        for _ in range(3):
            QApplication.processEvents()

    window.open("time-bank")
    screen = window.navigator.current
    assert isinstance(screen, TimeBankScreen)
    snap("time-bank-home")

    # Join: one question per page, check answers, the new member's card.
    screen.current.tiles["join"].click()
    join = screen.current
    for _page in range(len(join.steps)):
        page = join.current_page
        if page is join.check_page:
            break
        page.set_value(JOIN_ANSWERS[page.step.key] or None)
        if page.step.key == "consent":
            snap("time-bank-join-consent")
        page.continue_button.click()
    snap("time-bank-join-check-answers")
    join.check_page.submit_button.click()
    settle()
    if join.current_page is join.confirmation:
        screen.scroll.ensureWidgetVisible(join.card_view, 0, 0)
        snap("time-bank-membership-card")
    screen.home()

    try:
        giver, friend, pin = _demo_members(screen.db)
    except TimeBankError:  # no data key here: the same refusal the join showed
        window.end_session("finish")
        broker_steps(window, snap)
        return

    # A member signs in with their number and PIN, and records an hour they gave.
    screen.current.tiles["member"].click()
    sign_in = screen.current
    sign_in.number_page.set_value(giver["number"])
    sign_in.number_page.continue_button.click()
    sign_in.pin_page.set_value(pin)
    sign_in.pin_page.continue_button.click()
    settle()
    snap("time-bank-member-home")
    home = screen.current
    home.tiles["record"].click()
    record = screen.current
    # The first kind of help the council published, whatever the demo's categories are.
    categories = [choice.value for choice in category_choices(screen.db)]
    answers = {"who": "member", "member": friend["number"], "category": categories[0] if categories else None,
               "date": today_london(), "minutes": "1:30"}
    for _page in range(len(record.steps)):
        page = record.current_page
        if page is record.check_page:
            break
        page.set_value(answers.get(page.step.key))
        page.continue_button.click()
    snap("time-bank-record-check-answers")
    record.check_page.submit_button.click()
    snap("time-bank-record-confirmation")
    record.confirmation.done_button.click()
    settle()

    # Ways to help and be helped: the board, with what matches the member first.
    board_tile = screen.current.tiles.get("board")
    if board_tile is not None and board_tile.isVisibleTo(screen):
        board_tile.click()
        settle()
        snap("time-bank-board")
        window.back()  # to the member's home
        settle()

    # The menu of rewards (as the council last published it) with the offline limits in plain words.
    screen.current.tiles["spend"].click()
    snap("time-bank-rewards")
    window.end_session("finish")
    broker_steps(window, snap)
