"""Easy read: the switch above each key task page shows its explanations in plain words, and the
session's end turns it off for the next resident."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.timebank import members
from kiosk.timebank.members import Consent
from ui import easy_read
from ui_helpers import make_window, settle, visible_texts

PIN = "4821"


@pytest.fixture(autouse=True)
def _standard_words():
    easy_read.reset()
    yield
    easy_read.reset()


@pytest.fixture
def member_device(device, monkeypatch):
    """A device that can register a member (its data key in a plain test keyring in its folder)."""
    from kiosk.sealing import UNSEALED_TEST_ENV
    from kiosk.timebank import pins

    monkeypatch.setenv(UNSEALED_TEST_ENV, "1")
    monkeypatch.setenv("KIOSK_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setattr(pins, "SCRYPT_N", 2 ** 8)  # the PIN's cost is tested in tests/timebank
    db, settings = device
    settings["hub_id"] = "demo-hub-sunflower"
    return device


def tap(qtbot, widget) -> None:
    """A tap: scrolled into view; a real click where the offscreen screen has the point."""
    widget.window().navigator.current.scroll.ensureWidgetVisible(widget, 0, 0)
    settle()
    centre = widget.mapToGlobal(widget.rect().center())
    if widget.screen().geometry().contains(centre):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
    else:
        widget.click()
    settle()


def shown(window, text: str) -> bool:
    return text in visible_texts(window)


def check_switches(qtbot, window, label, standard: str, plain: str) -> None:
    """The page shows ``standard``; a tap on Easy read shows ``plain`` instead; a second tap, back."""
    switch = window.navigator.current.easy_read.switch
    assert switch.isVisibleTo(window) and not switch.isChecked()
    assert label.text() == standard and shown(window, standard)
    tap(qtbot, switch)
    assert easy_read.enabled() and switch.isChecked()
    assert label.text() == plain and shown(window, plain) and not shown(window, standard)
    assert all(len(line) <= 60 for line in plain.splitlines()), "one short idea on each line"
    tap(qtbot, switch)
    assert not easy_read.enabled() and label.text() == standard


def test_find_help_and_council_tax_pages_switch_to_easy_read(qtbot, device):
    window = make_window(qtbot, device, "assisted")
    window.open("find-help")
    settle()
    check_switches(qtbot, window, window.navigator.current.current.hint,
                   "Type a few words, for example food bank, debt advice or English classes.",
                   "Type what you need.\nFor example: food bank.\nOr: help with debt.\nOr: English classes.")
    window.back()

    window.open("council-tax")
    settle()
    screen = window.navigator.current
    check_switches(qtbot, window, screen.current.tiles["calculator"].text_label,
                   "Work out a bill and its monthly instalments",
                   "See how much you will pay.\nSee what you pay each month.")
    tap(qtbot, screen.current.tiles["calculator"])
    check_switches(qtbot, window, screen.current.band.hint,
                   "It is on your bill. If you do not know, ask a member of staff.",
                   "Your band is on your bill.\nNot sure? Ask a member of staff.")
    screen.home()
    tap(qtbot, screen.current.tiles["balance"])  # this device has no council: the look-up says why not
    check_switches(qtbot, window, screen.current.offline,
                   "Checking your balance needs a connection to the council, and this kiosk is not connected "
                   "right now. You can still work out what you will pay, pay with the QR code, or ask a member "
                   "of staff.",
                   "This kiosk is not online now.\nSo you cannot check your balance here.\n"
                   "You can still work out what you will pay.\nYou can still pay with the QR code.\n"
                   "Or ask a member of staff.")
    screen.home()
    tap(qtbot, screen.current.tiles["refund"])
    start = screen.current.start_page
    check_switches(qtbot, window, start.description, "If you have paid more than you owe.",
                   "Did you pay too much?\nAsk for the money back.")
    check_switches(qtbot, window, start.how,
                   "We will ask you one question at a time. You can check your answers before you send them, "
                   "and you will get a reference number at the end.",
                   "We ask you one question at a time.\nYou can check your answers.\nThen you send them.\n"
                   "You get a reference number at the end.")
    # A page with nothing to simplify shows no switch.
    screen.home()
    tap(qtbot, screen.current.tiles["pay"])
    assert not screen.easy_read.isVisibleTo(window)


def test_time_bank_pages_switch_to_easy_read(qtbot, member_device):
    db, _settings = member_device
    window = make_window(qtbot, member_device, "assisted")
    window.open("time-bank")
    settle()
    screen = window.navigator.current
    check_switches(qtbot, window, screen.current.intro,
                   "Give an hour of help to a neighbour, a project or an organisation, and get an hour of time "
                   "credit. Spend your credits on rewards, or give them to someone you know.",
                   "Help someone for 1 hour.\nYou get 1 hour of time credit.\nSpend your credits on rewards.\n"
                   "Or give them to someone you know.")
    ada = members.register_member(db, name="Ada Lovelace", consent=Consent("We keep your details.", "en"),
                                  registered_by="vol-1", self_service=False, pin=PIN)
    screen.sign_in(members.require_account(db, ada["id"]))
    settle()
    check_switches(qtbot, window, screen.current.balance_hint,
                   "Available now is what you can spend today: your confirmed credits, less any spending that "
                   "is still waiting for the council to confirm it.",
                   "Available now is what you can spend today.\nSome spending waits for the council to check it.\n"
                   "We take that away first.")
    tap(qtbot, screen.current.tiles["spend"])  # no menu of rewards has reached this device
    check_switches(qtbot, window, screen.current.text,
                   "The menu of rewards has not reached this kiosk yet. It comes from the council with the next "
                   "sync: please try again later, or ask a member of staff.",
                   "This kiosk does not have the list of rewards yet.\nIt comes from the council soon.\n"
                   "Please try again later.\nOr ask a member of staff.")


@pytest.mark.parametrize("how", ["quick_exit", "timeout"])
def test_the_end_of_a_session_turns_easy_read_off(qtbot, device, how):
    window = make_window(qtbot, device, "kiosk")
    window.start_session()
    window.open("council-tax")
    settle()
    tile = window.navigator.current.current.tiles["refund"]
    tap(qtbot, window.navigator.current.easy_read.switch)
    assert tile.text_label.text() == "You paid too much.\nAsk for it back."
    if how == "quick_exit":
        tap(qtbot, window.footer.quick_exit)
    else:
        window.end_session("timeout")
    assert window.on_attract and not easy_read.enabled()
    window.start_session()
    window.open("council-tax")
    settle()
    screen = window.navigator.current
    assert not screen.easy_read.switch.isChecked()
    assert screen.current.tiles["refund"].text_label.text() == "If you have paid more than you owe"
