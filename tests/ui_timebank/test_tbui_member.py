"""I'm a member: signing in by card scan or number + PIN, and what the member's home shows."""

from __future__ import annotations


from kiosk.timebank import numbers, recording
from kiosk.timebank.ledger import Authorisation
from ui.screens.timebank.member import MemberHomePanel
from ui.screens.timebank.sign_in import SignInPanel

from tbui_helpers import PIN, all_texts, open_time_bank, person, press, publish_balance, type_into


def start_sign_in(qtbot, window) -> SignInPanel:
    screen = open_time_bank(qtbot, window)
    press(qtbot, screen.current.tiles["member"])
    panel = screen.current
    assert isinstance(panel, SignInPanel)
    return panel


SCANS = (
    "CKTB:{number}",          # the card as printed
    "]Q1CKTB:{number}",       # a scanner that prepends the AIM symbology id
    "cktb;{number}",          # a scanner set to another keyboard layout
)


def test_sign_in_with_a_scanned_card(qtbot, window, device):
    ada = person(device.db, "Ada Lovelace")
    for scanned in SCANS:
        panel = start_sign_in(qtbot, window)
        edit = panel.number_page.input
        assert window.focusWidget() is edit  # the scanner types into whatever has focus: the box is ready
        type_into(qtbot, edit, scanned.format(number=ada["number"]), enter=True)  # the scanner ends with Enter
        assert panel.pin_page.isVisible(), scanned
        assert numbers.format_number(ada["number"]) in all_texts(panel) and "Ada" not in all_texts(panel)
        pin_box = panel.pin_page.input
        assert pin_box.echoMode() == pin_box.EchoMode.Password and window.focusWidget() is pin_box
        type_into(qtbot, pin_box, PIN, enter=True)
        home = panel.host.current
        assert isinstance(home, MemberHomePanel) and panel.host.member["id"] == ada["id"]
        assert "Hello, Ada Lovelace" in all_texts(home)
        window.end_session("quick_exit")


def test_sign_in_with_number_wrong_pin_then_right_pin(qtbot, window, device):
    ada = person(device.db, "Ada Lovelace")
    panel = start_sign_in(qtbot, window)
    type_into(qtbot, panel.number_page.input, numbers.format_number(ada["number"]), enter=True)
    type_into(qtbot, panel.pin_page.input, "9999", enter=True)
    assert panel.host.current is panel and panel.pin_page.error == "That PIN is not right."
    assert "Error: That PIN is not right." in all_texts(panel)
    assert panel.pin_page.input.text() == ""  # a wrong PIN is not left in the box
    assert panel.host.member is None
    type_into(qtbot, panel.pin_page.input, PIN, enter=True)
    assert isinstance(panel.host.current, MemberHomePanel)


def test_repeated_wrong_pins_lock_the_card_with_the_core_message(qtbot, window, device):
    ada = person(device.db, "Ada Lovelace")
    device.settings["timebank_pin_attempts"] = 3
    panel = start_sign_in(qtbot, window)
    type_into(qtbot, panel.number_page.input, ada["number"], enter=True)
    for _attempt in range(3):
        type_into(qtbot, panel.pin_page.input, "9999", enter=True)
    type_into(qtbot, panel.pin_page.input, PIN, enter=True)  # even the right PIN, now
    assert panel.host.member is None
    assert panel.pin_page.error == "Too many wrong PINs. Try again in 15 minutes or ask a member of staff."


def test_bad_and_unknown_member_numbers_get_the_core_messages(qtbot, window, device):
    number = person(device.db, "Ada Lovelace")["number"]
    swapped = next(number[:i] + number[i + 1] + number[i] + number[i + 2:]
                   for i in range(len(number) - 1) if number[i] != number[i + 1])
    unknown = "123456789" + numbers.check_digits("123456789")
    panel = start_sign_in(qtbot, window)
    for typed, message in (
        ("1234 5678", "A member number has 11 digits; this has 8. Please check it."),
        (swapped, "This member number is not right (a digit may be wrong or two swapped). Please check it."),
        ("", "Scan your card or type your member number"),
        (unknown, "No member with number 1234 5678 9{} on this device. If they joined at another hub, try again "
                  "after the next sync.".format(unknown[-2:])),
    ):
        type_into(qtbot, panel.number_page.input, typed, enter=True)
        assert panel.number_page.isVisible() and panel.number_page.error == message, typed


def sign_in(qtbot, window, account) -> MemberHomePanel:
    panel = start_sign_in(qtbot, window)
    type_into(qtbot, panel.number_page.input, account["number"], enter=True)
    type_into(qtbot, panel.pin_page.input, PIN, enter=True)
    home = panel.host.current
    assert isinstance(home, MemberHomePanel)
    return home


def test_balance_confirmed_as_of_last_sync_and_available_now(qtbot, window, device):
    db = device.db
    ada, grace = person(db, "Ada Lovelace"), person(db, "Grace Hopper")
    publish_balance(db, ada["id"], 210, as_of="2026-07-01T08:15:00Z")  # 09:15 in London (summer time)
    # A spend Ada agreed to that the council has not confirmed yet, and an hour Grace says Ada gave her.
    recording.donate(db, from_id=ada["id"], to_id=grace["id"], minutes=45,
                     authorisation=Authorisation("pin", ada["id"]), recorded_by=ada["id"])
    recording.record_exchange(db, giver_id=ada["id"], receiver_id=grace["id"], minutes=60, category="gardening",
                              recorded_by=grace["id"])
    home = sign_in(qtbot, window, ada)
    rows = dict(home.balance_rows())
    assert rows["Available now"] == "2 hours 45 minutes"
    assert rows["Confirmed (as of last sync, 1 Jul 2026 09:15)"] == "3 hours 30 minutes"
    assert rows["Hours you gave, waiting to be confirmed"] == "+1 hour"
    assert rows["Spending waiting for the council"] == "-45 minutes"
    texts = all_texts(home)
    assert "3 hours 30 minutes" in texts and "2 hours 45 minutes" in texts
    recent = home.recent_rows()
    assert [(r[1], r[2], r[3]) for r in recent] == [  # newest first
        ("Gardening: you helped Grace Hopper", "+1 hour", "Pending"),
        ("Gift to Grace Hopper", "-45 minutes", "Pending"),
    ]
    assert "Gift to Grace Hopper" in texts


def test_before_any_sync_the_balance_says_so_and_states_show(qtbot, window, device):
    db = device.db
    ada, grace = person(db, "Ada Lovelace"), person(db, "Grace Hopper")
    exchange = recording.record_exchange(db, giver_id=ada["id"], receiver_id=grace["id"], minutes=90,
                                         category="repairs", recorded_by=ada["id"])
    with db.atomic():  # what the mirror does when the council has confirmed it
        db.execute("update tb_exchanges set state = 'confirmed' where id = ?", [exchange["id"]])
    home = sign_in(qtbot, window, ada)
    rows = dict(home.balance_rows())
    assert rows == {"Available now": "1 hour 30 minutes",
                    "Confirmed (not synced with the council yet)": "1 hour 30 minutes"}
    assert home.recent_rows()[0][1:] == ("DIY and repairs: you helped Grace Hopper", "+1 hour 30 minutes", "Confirmed")


def test_a_pending_member_sees_why_they_cannot_exchange_yet(qtbot, window, device):
    newcomer = person(device.db, "New Member", active=False)
    home = sign_in(qtbot, window, newcomer)
    assert "Your membership is waiting for a time broker" in all_texts(home)
    assert not home.tiles["record"].isVisible() and not home.tiles["spend"].isVisible()


def test_sign_out_forgets_the_member(qtbot, window, device):
    ada = person(device.db, "Ada Lovelace")
    home = sign_in(qtbot, window, ada)
    screen = home.host
    press(qtbot, home.sign_out_button)
    assert screen.member is None and len(screen.panels.panels) == 1
    assert "Ada" not in all_texts(window)
