"""Staff and "How did we do?" steps for the headless demo tour.

``run_steps(window, snap)`` signs in the demo hub admin (``ui.demo``), shows the
sync status, runs "Sync now" on its worker thread, shows the quarantine list
(with one operation the demo council refuses, queued here so the list is not
empty), signs out, shows the timeout warning, and then the rating screen after a
finished task.
Steps that need the demo staff account are skipped on a device that does not
know it (a tour of a device that was never synced).
"""

from __future__ import annotations

import time
import uuid
from typing import Callable

from PySide6.QtWidgets import QApplication

from kiosk import outbox


def _wait(condition: Callable[[], bool], seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if condition():
            return True
        time.sleep(0.02)
    return False


def queue_refused_example(db) -> None:
    """A rating the council will refuse (out of range): what a quarantined item looks like."""
    with db.atomic():
        outbox.enqueue(db, "feedback.rating", {"rating_id": str(uuid.uuid4()), "task_family": "other",
                                               "rating": 9, "reason": None, "rated_at": "2026-01-01T00:00:00Z"})


def run_staff_steps(window, snap: Callable[[str], None], who: str, pin: str) -> None:
    from ui.screens.staff.screen import StaffScreen

    window.open("staff")
    screen = window.navigator.current
    assert isinstance(screen, StaffScreen)
    page = screen.sign_in_page
    page.who.setText(who)
    page.pin.setText("000000")
    page.sign_in_button.click()
    snap("staff-sign-in-refused")
    page.who.setText(who)
    page.pin.setText(pin)
    page.sign_in_button.click()
    if not window.staff.active:
        window.end_session("finish")
        return
    queue_refused_example(window.db)
    screen.home_page.sync_now.click()
    _wait(lambda: not window.sync_runner.running)
    snap("staff-home")
    screen.home_page.quarantine_button.click()
    snap("staff-quarantine")
    window.end_session("finish")


def run_feedback_steps(window, snap: Callable[[str], None]) -> None:
    if window.on_attract:
        window.start_session()
    window.open("find-help")
    window.finish()
    snap("how-did-we-do")
    screen = window.navigator.current
    screen.rating_buttons[2].click()
    snap("how-did-we-do-reason")
    screen.reason_buttons["took_too_long"].click()  # recorded; the session ends


def run_timeout_step(window, snap: Callable[[str], None]) -> None:
    """The GOV.UK timeout warning over a task screen, as a resident who walked away leaves it."""
    if window.on_attract:
        window.start_session()
    window.open("council-tax")
    window.timeout_warning.start(30_000)
    snap("timeout-warning")
    window.timeout_warning.cancel()
    window.end_session("timeout")


def run_steps(window, snap: Callable[[str], None]) -> None:
    from ui.demo import DEMO_STAFF_NAME, DEMO_STAFF_PIN

    run_staff_steps(window, snap, DEMO_STAFF_NAME, DEMO_STAFF_PIN)
    run_timeout_step(window, snap)
    run_feedback_steps(window, snap)
