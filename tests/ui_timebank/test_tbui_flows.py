"""Record hours, spend on a reward, donate: each flow on the screen, and what reaches the outbox."""

from __future__ import annotations

import datetime as dt
import json


from kiosk.timebank import members, numbers, recording
from kiosk.timebank.amounts import today_london
from kiosk.timebank.members import Consent
from ui.screens.timebank.donate import DonatePanel
from ui.screens.timebank.record import RecordPanel
from ui.screens.timebank.spend import NoRewardsPanel, RewardFlowPanel

from tbui_helpers import (
    PIN, all_texts, answer, decode_qr, open_time_bank, outbox_rows, person, press, publish_balance, publish_rewards, type_into,
)


def signed_in(qtbot, window, account):
    screen = open_time_bank(qtbot, window)
    press(qtbot, screen.current.tiles["member"])
    type_into(qtbot, screen.current.number_page.input, account["number"], enter=True)
    type_into(qtbot, screen.current.pin_page.input, PIN, enter=True)
    assert screen.member and screen.member["id"] == account["id"]
    return screen


def open_task(qtbot, screen, tile: str):
    press(qtbot, screen.current.tiles[tile])
    return screen.current


def test_record_hours_given_to_a_member(qtbot, window, device):
    db = device.db
    ada, grace = person(db, "Ada Lovelace"), person(db, "Grace Hopper")
    members.register_organisation(db, name="Stay and Play", org_type="community_group", registered_by="vol-1")
    screen = signed_in(qtbot, window, ada)
    flow = open_task(qtbot, screen, "record")
    assert isinstance(flow, RecordPanel)
    answer(qtbot, flow, "member")
    answer(qtbot, flow, ada["number"])  # your own number
    assert flow.current_page.error == "This is your own number. Enter the other member's number."
    answer(qtbot, flow, f"CKTB:{grace['number']}")  # their card, scanned
    answer(qtbot, flow, "gardening")
    answer(qtbot, flow, today_london() + dt.timedelta(days=1))
    assert flow.current_page.error.startswith("The date ") and flow.current_page.error.endswith("is in the future.")
    answer(qtbot, flow, today_london() - dt.timedelta(days=2))
    answer(qtbot, flow, "an hour or so")
    assert flow.current_page.error == ("\"an hour or so\" is not a time we can read. Write hours like 1.5 or 1:30, "
                                       "or minutes like 90m.")
    answer(qtbot, flow, "25")
    assert flow.current_page.error == "One exchange can be at most 24 hours."
    answer(qtbot, flow, "1:30")
    assert flow.current_page is flow.check_page
    rows = {row[0]: flow.check_page.answers.answer_text(row[0]) for row in flow.check_page.answers.rows}
    assert rows["member"] == f"Grace Hopper (member {numbers.format_number(grace['number'])})"
    assert rows["category"] == "Gardening" and rows["minutes"] == "1 hour 30 minutes"
    assert flow.check_page.pin is None  # earning needs nobody's PIN here: it waits for Grace or a broker

    press(qtbot, flow.check_page.submit_button)
    assert flow.current_page is flow.confirmation
    exchange = flow.exchange
    assert exchange["state"] == "pending" and exchange["payee_id"] == ada["id"] and exchange["payer_id"] == grace["id"]
    assert exchange["minutes"] == 90 and exchange["authorised_method"] is None
    assert flow.reference == exchange["id"].replace("-", "")[:8].upper() and flow.reference in all_texts(flow)
    [row] = outbox_rows(db, recording.OP_RECORD)
    assert row["record_key"] == f"timebank.exchange:{exchange['id']}"
    assert json.loads(row["payload"])["minutes"] == 90

    press(qtbot, flow.confirmation.done_button)  # back to the member's home, which shows it pending
    home = screen.current
    assert dict(home.balance_rows())["Hours you gave, waiting to be confirmed"] == "+1 hour 30 minutes"
    assert home.recent_rows()[0][1:] == ("Gardening: you helped Grace Hopper", "+1 hour 30 minutes", "Pending")


def test_record_hours_given_to_an_organisation(qtbot, window, device):
    db = device.db
    ada = person(db, "Ada Lovelace")
    org = members.register_organisation(db, name="Stay and Play", org_type="community_group", registered_by="vol-1")
    screen = signed_in(qtbot, window, ada)
    flow = open_task(qtbot, screen, "record")
    answer(qtbot, flow, "organisation")
    assert flow.current_page is flow.pages["organisation"]
    answer(qtbot, flow, org["id"])
    answer(qtbot, flow, "children")
    answer(qtbot, flow, today_london())
    answer(qtbot, flow, "2")
    assert "member" not in {row[0] for row in flow.check_page.answers.rows}
    press(qtbot, flow.check_page.submit_button)
    assert flow.exchange["payer_id"] == org["id"] and flow.exchange["minutes"] == 120
    assert len(outbox_rows(db, recording.OP_RECORD)) == 1


def test_spend_refused_beyond_available_now_then_a_reward_within_it(qtbot, window, device):
    db = device.db
    ada = person(db, "Ada Lovelace")
    publish_rewards(db)
    publish_balance(db, ada["id"], 100)
    screen = signed_in(qtbot, window, ada)
    flow = open_task(qtbot, screen, "spend")
    assert isinstance(flow, RewardFlowPanel)
    page = flow.current_page
    assert "You have 1 hour 40 minutes available now" in page.hint.text()  # the limits, in plain words
    assert "in at most 5 goes" in page.hint.text()
    answer(qtbot, flow, "leisure-discount")  # 2 hours: more than Ada has
    assert flow.current_page is page
    assert page.error == "Not enough time credits: Ada Lovelace has 1 hour 40 minutes available now."
    assert f"Error: {page.error}" in all_texts(page)
    assert not outbox_rows(db, recording.OP_REDEEM)

    answer(qtbot, flow, "skills-exchange")  # 1 hour
    assert flow.current_page is flow.check_page
    pin_box = flow.check_page.pin
    assert pin_box.echoMode() == pin_box.EchoMode.Password
    type_into(qtbot, pin_box, "9999")
    press(qtbot, flow.check_page.submit_button)
    assert flow.current_page is flow.check_page
    assert flow.check_page.problem.message.text() == "That PIN is not right." and pin_box.text() == ""
    press(qtbot, flow.check_page.submit_button)  # an empty box is not a wrong PIN
    assert flow.check_page.problem.message.text() == "Enter your PIN to agree."
    type_into(qtbot, pin_box, PIN)
    press(qtbot, flow.check_page.submit_button)
    assert flow.current_page is flow.confirmation
    assert flow.exchange["kind"] == "redemption" and flow.exchange["authorised_method"] == "pin"
    assert len(outbox_rows(db, recording.OP_REDEEM)) == 1
    voucher = flow.voucher  # shown at once: the council issues the same code
    assert voucher["display_code"] in all_texts(flow.confirmation) and "Your voucher code" in all_texts(flow)
    assert decode_qr(flow.voucher_qr.pixmap().toImage()) == [f"CKTBV:{voucher['code']}"]
    press(qtbot, flow.confirmation.done_button)
    assert dict(screen.current.balance_rows())["Available now"] == "40 minutes"


def test_high_value_reward_refused_offline_with_the_core_message(qtbot, window, device):
    db = device.db
    ada = person(db, "Ada Lovelace")
    publish_rewards(db)
    publish_balance(db, ada["id"], 1200)
    screen = signed_in(qtbot, window, ada)
    screen.online = lambda: False
    flow = open_task(qtbot, screen, "spend")
    answer(qtbot, flow, "council-tax-reduction")
    assert flow.current_page.error == (
        "\"Council tax reduction\" needs a live connection to the council, and this device is offline. "
        "Your credits have not been used. Please try again when the device is online.")
    screen.online = lambda: True  # back online: the same reward is allowed (pending until the council answers)
    answer(qtbot, flow, "council-tax-reduction")
    asked = []
    for value in ("50012345", "SW2 1RW", "Lovelace"):  # the account the reduction goes to
        asked.append(flow.current_page.step.key)
        answer(qtbot, flow, value)
    assert asked == ["counciltax_reference", "postcode", "surname"] and flow.current_page is flow.check_page
    type_into(qtbot, flow.check_page.pin, PIN, enter=True)
    assert flow.current_page is flow.confirmation
    [row] = outbox_rows(db, recording.OP_REDEEM)
    assert "Lovelace" not in flow.voucher["details"].values()  # the voucher never shows the surname


def test_no_rewards_menu_yet(qtbot, window, device):
    ada = person(device.db, "Ada Lovelace")
    screen = signed_in(qtbot, window, ada)
    panel = open_task(qtbot, screen, "spend")
    assert isinstance(panel, NoRewardsPanel) and "has not reached this kiosk yet" in all_texts(panel)


def test_donate_to_a_friend(qtbot, window, device):
    db = device.db
    ada, grace = person(db, "Ada Lovelace"), person(db, "Grace Hopper")
    publish_balance(db, ada["id"], 180)
    screen = signed_in(qtbot, window, ada)
    flow = open_task(qtbot, screen, "donate")
    assert isinstance(flow, DonatePanel)
    answer(qtbot, flow, grace["number"])
    answer(qtbot, flow, "4")
    assert flow.current_page.error == "Not enough time credits: Ada Lovelace has 3 hours available now."
    answer(qtbot, flow, "1.5")
    rows = {row[0]: flow.check_page.answers.answer_text(row[0]) for row in flow.check_page.answers.rows}
    assert rows["recipient"].startswith("Grace Hopper") and rows["minutes"] == "1 hour 30 minutes"
    type_into(qtbot, flow.check_page.pin, PIN, enter=True)  # Enter in the PIN box agrees
    assert flow.current_page is flow.confirmation
    exchange = flow.exchange
    assert (exchange["kind"], exchange["payer_id"], exchange["payee_id"], exchange["minutes"]) == (
        "donation", ada["id"], grace["id"], 90)
    assert exchange["state"] == "pending" and len(outbox_rows(db, recording.OP_DONATE)) == 1
    press(qtbot, flow.confirmation.done_button)
    assert dict(screen.current.balance_rows())["Available now"] == "1 hour 30 minutes"


def test_donate_to_a_member_still_waiting_for_approval_is_refused(qtbot, window, device):
    db = device.db
    ada = person(db, "Ada Lovelace")
    newcomer = members.register_member(db, name="New Member", consent=Consent("x", "en"), registered_by="self",
                                       self_service=True, pin="2468")
    publish_balance(db, ada["id"], 180)
    screen = signed_in(qtbot, window, ada)
    flow = open_task(qtbot, screen, "donate")
    answer(qtbot, flow, newcomer["number"])
    answer(qtbot, flow, "1")
    type_into(qtbot, flow.check_page.pin, PIN)
    press(qtbot, flow.check_page.submit_button)
    problem = flow.check_page.problem
    assert problem.message.text() == ("New Member cannot exchange time yet: their registration is waiting for a "
                                      "time broker.")
    press(qtbot, problem.fix)  # the way to fix it: back to who to give to, with the message there
    assert flow.current_page is flow.pages["recipient"] and flow.current_page.error == problem.message.text()
    assert not outbox_rows(db, recording.OP_DONATE)


def test_agree_to_hours_someone_else_recorded(qtbot, window, device):
    db = device.db
    ada, grace = person(db, "Ada Lovelace"), person(db, "Grace Hopper")
    publish_balance(db, grace["id"], 120)
    claim = recording.record_exchange(db, giver_id=ada["id"], receiver_id=grace["id"], minutes=45,
                                      category="errands", recorded_by=ada["id"])  # Ada: "I helped Grace"
    screen = signed_in(qtbot, window, grace)
    home = screen.current
    assert "Ada Lovelace says they helped you: Shopping and errands" in all_texts(home)
    [button] = home.agree_buttons
    press(qtbot, button)
    panel = screen.current
    type_into(qtbot, panel.pin, "9999", enter=True)
    assert panel.problem.message.text() == "That PIN is not right." and panel.pin.text() == ""
    type_into(qtbot, panel.pin, PIN, enter=True)
    assert panel.confirmation.isVisible() and "Thank you" in all_texts(panel)
    agreed = db.execute("select authorised_method, authorised_by, state from tb_exchanges where id = ?",
                        [claim["id"]]).fetchone()
    assert agreed == ("pin", grace["id"], "pending")  # agreed here; the council confirms it
    assert len(outbox_rows(db, recording.OP_CONFIRM)) == 1
    press(qtbot, panel.done_button)
    home = screen.current
    assert home.agree_buttons == [] and not home.agree_heading.isVisible()
    assert dict(home.balance_rows())["Available now"] == "1 hour 15 minutes"
