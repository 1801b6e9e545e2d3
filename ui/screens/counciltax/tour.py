"""Council-tax steps for the headless demo tour: the calculator, one complete request, the pay QR.

``run_steps(window, snap)`` drives an open ``MainWindow`` and calls ``snap(name)``
after each step (``ui.tour`` passes its own ``snap``). It leaves the window on
the start screen. The request is sent only if the device can seal personal
data (it has the council's key from enrolment); otherwise the tour shows the
check page saying so, which is what a resident would see.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Callable

from kiosk.counciltax.validators import today

DEMO_ANSWERS = {
    "full_name": "Ada Lovelace",
    "address": "12 Acre Lane",
    "postcode": "SW2 1RW",
    "tenure": "tenant",
    "landlord_name": "Brixton Homes",
    "landlord_address": "",
    "other_adults": False,
    "previous_address": "",
    "phone": "",
    "email": "",
}


def run_steps(window, snap: Callable[[str], None]) -> None:
    from ui.screens.counciltax.screen import CouncilTaxScreen

    window.open("council-tax")
    screen = window.navigator.current
    assert isinstance(screen, CouncilTaxScreen)
    snap("council-tax-home")

    # Check what you will pay.
    screen.current.tiles["calculator"].click()
    calculator = screen.current
    calculator.band.set_value("C")
    calculator.single.set_value(True)
    calculator.work_out()
    snap("council-tax-calculator")

    # Pay: the QR code for the first instalment.
    calculator.pay_button.click()
    pay = screen.current
    pay.reference.edit.setText("40000001")
    pay.show_code()
    snap("council-tax-pay-qr")
    screen.home()

    # One complete request: moving in.
    screen.current.tiles["moving"].click()
    screen.current.tiles["moving_in"].click()
    flow = screen.current
    flow.start_page.start_button.click()
    moved_in = today() - timedelta(days=10)
    answers = {**DEMO_ANSWERS, "move_in_date": moved_in.isoformat()}
    for _page in range(len(flow.kind.questions)):
        page = flow.current_page
        if page is flow.check_page:
            break
        page.set_raw(answers.get(page.core.id, ""))
        if page.core.id == "move_in_date":
            snap("council-tax-question")
        page.continue_button.click()
    snap("council-tax-check-answers")
    flow.check_page.submit_button.click()
    if flow.current_page is flow.confirmation:
        snap("council-tax-confirmation")
    window.end_session("finish")
