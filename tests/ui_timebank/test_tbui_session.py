"""Nothing of a member stays after their session; every control can be named and touched at a kiosk."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit

from ui.screens.timebank.screen import TimeBankScreen
from ui.theme import theme_for_mode

from tbui_helpers import (
    PIN, all_texts, answer, interactive_widgets, open_time_bank, person, press, publish_balance, publish_rewards,
    settle, type_into,
)


@pytest.mark.parametrize("how", ["quick_exit", "finish"])  # the idle time-out ends in the same end_session
def test_session_end_clears_the_member_and_what_they_typed(qtbot, window, device, how):
    db = device.db
    ada, grace = person(db, "Ada Lovelace"), person(db, "Grace Hopper")
    publish_balance(db, ada["id"], 150)
    screen = open_time_bank(qtbot, window)
    press(qtbot, screen.current.tiles["member"])
    type_into(qtbot, screen.current.number_page.input, ada["number"], enter=True)
    type_into(qtbot, screen.current.pin_page.input, PIN, enter=True)
    home = screen.current
    assert "Hello, Ada Lovelace" in all_texts(window) and "2 hours 30 minutes" in all_texts(window)
    press(qtbot, home.tiles["donate"])
    flow = screen.current
    answer(qtbot, flow, grace["number"])
    flow.current_page.input.setText("1:15")  # typed, not yet sent
    edits = flow.findChildren(QLineEdit) + home.findChildren(QLineEdit)

    press(qtbot, window.footer.quick_exit if how == "quick_exit" else window.footer.finish)

    # Wiped before it is destroyed: the member, the answers and every box.
    assert screen.member is None and flow.answers == {} and home.recent == [] and home.balance is None
    assert all(edit.text() == "" for edit in edits)
    settle()
    assert not any(isinstance(s, TimeBankScreen) for s in window.navigator.stack)  # (Finish may ask for feedback)
    texts = all_texts(window)
    assert "Ada" not in texts and "Grace" not in texts and "2 hours 30 minutes" not in texts
    window.navigator.reset()
    again = open_time_bank(qtbot, window)  # the next person starts from the beginning
    assert isinstance(again, TimeBankScreen) and again.member is None and len(again.panels.panels) == 1


def test_back_from_the_members_home_signs_out(qtbot, window, device):
    ada = person(device.db, "Ada Lovelace")
    screen = open_time_bank(qtbot, window)
    press(qtbot, screen.current.tiles["member"])
    type_into(qtbot, screen.current.number_page.input, ada["number"], enter=True)
    type_into(qtbot, screen.current.pin_page.input, PIN, enter=True)
    press(qtbot, window.footer.back)
    assert screen.member is None and "Ada" not in all_texts(window)
    assert len(screen.panels.panels) == 1  # the PIN page is not shown again either


def kiosk_pages(qtbot, window, device):
    """Put each time-bank page a resident can reach on show, one after another."""
    db = device.db
    ada, grace = person(db, "Ada Lovelace"), person(db, "Grace Hopper")
    publish_rewards(db)
    publish_balance(db, ada["id"], 300)
    screen = open_time_bank(qtbot, window)
    yield "time bank home"
    press(qtbot, screen.current.tiles["join"])
    join = screen.current
    required = {"name": "Ada", "consent": ["agree"], "pin": "2468", "pin_again": "2468"}
    for _step in range(len(join.steps)):
        page = join.current_page
        if page is join.check_page:
            break
        yield f"join: {page.step.key}"
        answer(qtbot, join, None)  # nothing given: required questions show their error
        if join.current_page is page:
            yield f"join: {page.step.key} with error"
            answer(qtbot, join, required[page.step.key])
    yield "join: check answers"
    press(qtbot, join.check_page.submit_button)
    yield "join: confirmation"
    press(qtbot, join.print_button)
    yield "join: printed"
    press(qtbot, join.confirmation.done_button)
    press(qtbot, screen.current.tiles["member"])
    yield "sign in: number"
    type_into(qtbot, screen.current.number_page.input, ada["number"], enter=True)
    yield "sign in: PIN"
    type_into(qtbot, screen.current.pin_page.input, PIN, enter=True)
    yield "member home"
    for tile, answers in (("record", ("member", grace["number"], "gardening", None, "1")),
                          ("spend", ("skills-exchange",)), ("donate", (grace["number"], "1"))):
        press(qtbot, screen.current.tiles[tile])
        flow = screen.current
        for value in answers:
            yield f"{tile}: {flow.current_page.step.key}"
            if value is None:  # a date: today
                from kiosk.timebank.amounts import today_london
                value = today_london()
            answer(qtbot, flow, value)
        yield f"{tile}: check answers"
        if flow.check_page.pin is not None:
            type_into(qtbot, flow.check_page.pin, "9999")
            press(qtbot, flow.check_page.submit_button)
            yield f"{tile}: wrong PIN"
            type_into(qtbot, flow.check_page.pin, PIN)
        press(qtbot, flow.check_page.submit_button)
        yield f"{tile}: confirmation"
        press(qtbot, flow.confirmation.done_button)


def test_every_control_is_named_and_big_enough_at_a_kiosk(qtbot, kiosk_window, device):
    minimum = theme_for_mode("kiosk").touch_target
    problems, visited = [], []
    for where in kiosk_pages(qtbot, kiosk_window, device):
        settle()
        visited.append(where)
        widgets = interactive_widgets(kiosk_window.navigator.current)
        assert widgets, where
        for widget in widgets:
            name = f"{where}: {type(widget).__name__} {getattr(widget, 'text', lambda: '')()!r}"
            if not widget.accessibleName().strip():
                problems.append(f"{name} has no accessible name")
            if widget.height() < minimum or widget.width() < minimum:
                problems.append(f"{name} is {widget.width()}x{widget.height()}, under {minimum}px")
    assert "donate: confirmation" in visited and "join: confirmation" in visited
    assert not problems, "\n".join(problems)


def test_member_opens_the_board_matched_for_them_and_back_returns(qtbot, window, device):
    from ui.screens.opportunities.screen import OpportunitiesScreen

    db = device.db
    ada = person(db, "Ada Lovelace")
    screen = open_time_bank(qtbot, window)
    press(qtbot, screen.current.tiles["member"])
    type_into(qtbot, screen.current.number_page.input, ada["number"], enter=True)
    type_into(qtbot, screen.current.pin_page.input, PIN, enter=True)
    press(qtbot, screen.current.tiles["board"])
    board = window.navigator.current
    assert isinstance(board, OpportunitiesScreen)
    assert board.member is not None and board.member["id"] == ada["id"]
    press(qtbot, window.footer.back)
    assert window.navigator.current is screen and screen.member is not None
