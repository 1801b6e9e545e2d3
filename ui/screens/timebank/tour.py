"""Time-bank steps for the headless demo tour: join (with the card and its QR), a member's home,
recording hours, and the rewards menu.

``run_steps(window, snap)`` drives an open ``MainWindow`` and calls ``snap(name)``
after each step, like ``ui.screens.counciltax.tour``; it leaves the window on
the start screen. Joining needs the device's data key and the council's key
(or the named test mode); without them the tour shows the refusal a resident
would see, and the member part (which adds two volunteer-registered demo
members to the device, active at once) is skipped for the same reason.
"""

from __future__ import annotations

from typing import Callable

from kiosk.timebank import members
from kiosk.timebank.amounts import today_london
from kiosk.timebank.errors import TimeBankError
from ui.screens.timebank.choices import category_choices

DEMO_PIN = "2580"
JOIN_ANSWERS = {"name": "Ada Okafor", "phone": "", "email": "", "languages": ["en", "yo"],
                "skills": "cooking, reading with children", "interests": "gardening", "availability": "Saturdays",
                "consent": ["agree"], "pin": DEMO_PIN, "pin_again": DEMO_PIN}


def _demo_members(db) -> tuple[dict, dict]:
    consent = members.Consent.as_shown_now()
    made = [members.register_member(db, name=name, consent=consent, registered_by="demo-tour", pin=DEMO_PIN)
            for name in ("Grace Mensah", "Tomás Silva")]
    return made[0], made[1]


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
        giver, friend = _demo_members(screen.db)
    except TimeBankError:  # no data key here: the same refusal the join showed
        window.end_session("finish")
        return

    # A member signs in with their number and PIN, and records an hour they gave.
    screen.current.tiles["member"].click()
    sign_in = screen.current
    sign_in.number_page.set_value(giver["number"])
    sign_in.number_page.continue_button.click()
    sign_in.pin_page.set_value(DEMO_PIN)
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

    # The menu of rewards (as the council last published it) with the offline limits in plain words.
    screen.current.tiles["spend"].click()
    snap("time-bank-rewards")
    window.end_session("finish")
