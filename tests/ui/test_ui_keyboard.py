"""Keyboard only: each main resident flow done with Tab, Shift+Tab, Return, Space and typing, and
the focus order following reading order (header, page, footer; top to bottom, left to right) on
every screen the demo tour visits."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from kiosk.feedback import OP_TYPE as FEEDBACK_OP
from kiosk.timebank import members, numbers
from kiosk.timebank.members import Consent
from sync.credentials import MemoryCredentials
from keyboard_helpers import (
    activate, back_tab, focused, key, reading_order_problems, tab, tab_cycle, tab_to, type_text,
)
from testclient_transport import ClientTransport
from ui_helpers import make_window, settle, walk_the_tour

PIN = "4821"


def start_with_return(window) -> None:
    """The attract screen: Return starts a session; the start screen has the focus."""
    assert window.on_attract
    window.attract.setFocus()
    key(Qt.Key.Key_Return)
    assert not window.on_attract and window.navigator.depth() == 1


def open_task(window, route: str):
    tile = window.start_screen.tiles[route]
    activate(tile)
    screen = window.navigator.current
    assert screen is not window.start_screen, f"Space on the {route} tile opened nothing"
    return screen


def test_find_help_search_result_detail_and_feedback_by_keyboard(qtbot, device_with_members):
    db, _settings = device_with_members
    window = make_window(qtbot, device_with_members, "kiosk")
    start_with_return(window)
    screen = open_task(window, "find-help")
    home = screen.current
    tab_to(lambda w: w is home.search_edit, "the search box")
    type_text("food bank")
    key(Qt.Key.Key_Return)
    results = screen.current
    assert results is not home and results.cards, "Return in the search box shows results"
    first_id, first_card = next(iter(results.cards.items()))
    activate(first_card)
    detail = screen.current
    assert type(detail).__name__ == "DetailPanel" and detail.service["id"] == first_id
    # Shift+Tab goes back the way Tab came.
    tab()
    before = focused()
    tab()
    assert focused() is not before
    back_tab()
    assert focused() is before

    # Finish, then "How did we do?" with a face and a reason, all by keyboard.
    activate(window.footer.finish)
    feedback = window.navigator.current
    assert type(feedback).__name__ == "FeedbackScreen"
    activate(feedback.rating_buttons[2])
    activate(feedback.reason_buttons["took_too_long"])
    assert window.on_attract  # the session ended
    [row] = db.query("select payload from outbox where op_type = ?", [FEEDBACK_OP])
    payload = json.loads(row["payload"])
    assert (payload["task_family"], payload["rating"], payload["reason"]) == ("findhelp", 2, "took_too_long")


@pytest.fixture
def enrolled(tmp_path, device):
    """This device enrolled with a council service running in-process on demo data."""
    from sync.enrolment import enrol
    from sync.server import db as council_db
    from sync.server.app import create_app

    app = create_app(tmp_path / "council", demo=True)
    db, settings = device
    with TestClient(app, raise_server_exceptions=False) as client:
        with council_db.writing(app.state.engine) as conn:
            code, _expires = council_db.new_enrolment_code(conn, "demo-hub-elm", "assisted", 24)
        transport, credentials = ClientTransport(client), MemoryCredentials()
        enrol(db, "http://council.test", code, credentials, settings=settings, transport=transport)
        yield transport, credentials
    app.state.engine.dispose()


def test_council_tax_balance_look_up_by_keyboard(qtbot, device, enrolled):
    from sync.counciltax_lookup import AccountLookup
    from sync.server.revenues import DOCUMENTED_ACCOUNTS

    db, settings = device
    silva = next(a for a in DOCUMENTED_ACCOUNTS if a["surname"] == "Silva")
    window = make_window(qtbot, device, "kiosk")
    start_with_return(window)
    screen = open_task(window, "council-tax")
    bar = screen.scroll.verticalScrollBar()
    assert bar.maximum() > 0  # ten tasks: the page scrolls, and the keyboard scrolls it
    key(Qt.Key.Key_PageDown)
    assert bar.value() > 0
    key(Qt.Key.Key_Home)
    assert bar.value() == 0
    transport, credentials = enrolled
    screen._lookup = AccountLookup(db, settings["council_url"], transport=transport, credentials=credentials)
    activate(screen.current.tiles["balance"])
    panel = screen.current
    assert focused() is panel.reference.edit  # the first box, ready for typing
    # Continue with nothing typed: the error summary takes the focus; Tab goes on to the boxes.
    tab_to(lambda w: w is panel.find_button, "Check my balance")
    key(Qt.Key.Key_Space)
    assert panel.summary.isVisible()
    for edit, text in ((panel.reference.edit, silva["reference"]), (panel.postcode.edit, silva["postcode"]),
                       (panel.surname.edit, silva["surname"])):
        tab_to(lambda w, edit=edit: w is edit, "a box of the look-up")
        type_text(text)
    key(Qt.Key.Key_Return)  # Return in the last box asks the council
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    settle()
    assert panel.result_box.isVisible() and panel.result_heading.text().startswith("Left to pay")
    assert panel.pay_button in tab_cycle(window)  # what comes next is reachable too


def test_time_bank_sign_in_and_balance_by_keyboard(qtbot, device_with_members):
    db, _settings = device_with_members
    ada = members.register_member(db, name="Ada Lovelace", consent=Consent("We keep your details.", "en"),
                                  registered_by="vol-1", self_service=False, pin=PIN)
    window = make_window(qtbot, device_with_members, "kiosk")
    start_with_return(window)
    screen = open_task(window, "time-bank")
    activate(screen.current.tiles["member"])
    sign_in = screen.current
    assert isinstance(focused(), QLineEdit)  # the card box is ready for a scanner or typing
    type_text(numbers.format_number(ada["number"]))
    key(Qt.Key.Key_Return)
    assert sign_in.pin_page.isVisible() and focused() is sign_in.pin_page.input.first_focus()
    type_text(PIN)
    key(Qt.Key.Key_Return)
    home = screen.current
    assert type(home).__name__ == "MemberHomePanel" and home.heading.text() == "Hello, Ada Lovelace"
    assert home.balance_rows()[0][0] == "Available now"
    activate(home.sign_out_button)
    assert screen.member is None and type(screen.current).__name__ == "HomePanel"
    # Quick exit from the keyboard too.
    activate(window.footer.quick_exit)
    assert window.on_attract


def test_focus_follows_reading_order_on_every_tour_screen(qtbot, device_with_members):
    """The tour's own steps (ui.tour and each area's), checked where it would take a screenshot."""
    window = make_window(qtbot, device_with_members, "kiosk")
    problems: list[str] = []
    visited: list[str] = []

    def check(name: str) -> None:
        settle()
        if window.on_attract or window.timeout_warning.isVisible():
            return  # no header, page and footer to go through (the warning holds the focus itself)
        visited.append(name)
        problems.extend(reading_order_problems(window, name))

    walk_the_tour(window, check)
    assert {"council-tax-calculator", "find-help-detail", "time-bank-member-home",
            "how-did-we-do"} <= set(visited), visited
    assert not problems, "\n".join(problems)
