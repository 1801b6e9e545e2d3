"""Online parts: balance look-up through the council's demo revenues adapter, and a request made
offline that syncs later and whose status then shows on the screen. The council runs in-process."""

from __future__ import annotations

import json
import threading

from kiosk.cli import main as kiosk_main
from kiosk.counciltax.money import format_pounds
from kiosk.settings import Settings
from sync.client import SyncClient
from sync.counciltax_lookup import AccountLookup
from sync.server import db as council_db
from sync.server.ops_counciltax import set_status
from sync.server.revenues import DOCUMENTED_ACCOUNTS, DemoRevenuesAdapter
from ui.screens.counciltax.balance import BalancePanel
from ui.screens.counciltax.pay import PayPanel
from ui.screens.counciltax.progress import ProgressPanel

from ctui_helpers import open_council_tax, press, settle, visible_texts, walk_flow

SILVA = next(a for a in DOCUMENTED_ACCOUNTS if a["surname"] == "Silva")


def open_balance(qtbot, window, device, enrolled=None) -> BalancePanel:
    screen = open_council_tax(window)
    if enrolled is not None:
        db, settings = device
        transport, credentials = enrolled
        screen._lookup = AccountLookup(db, settings["council_url"], transport=transport, credentials=credentials)
    press(qtbot, screen.current.tiles["balance"])
    panel = screen.current
    assert isinstance(panel, BalancePanel)
    return panel


def fill_and_find(qtbot, panel, reference, postcode, surname) -> None:
    for field, text in ((panel.reference, reference), (panel.postcode, postcode), (panel.surname, surname)):
        field.edit.clear()
        qtbot.keyClicks(field.edit, text)
    press(qtbot, panel.find_button)
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)  # the answer comes from a worker thread
    settle()


def database_text(db) -> str:
    return "\n".join(db.conn.iterdump())


def test_balance_look_up_shows_the_account_and_keeps_nothing(qtbot, window, device, enrolled):
    db, _settings = device
    before = database_text(db)
    panel = open_balance(qtbot, window, device, enrolled)
    assert not panel.offline.isVisible()
    fill_and_find(qtbot, panel, SILVA["reference"], SILVA["postcode"].lower(), SILVA["surname"].upper())
    expected = DemoRevenuesAdapter().find(SILVA["reference"], SILVA["postcode"], SILVA["surname"])
    assert expected is not None and expected.overdue_pence > 0  # the documented account that is behind
    shown = " ".join(visible_texts(panel.result_box))
    assert panel.result_heading.text() == f"Left to pay for {expected.year}/{(expected.year + 1) % 100:02d}: " \
                                          f"{format_pounds(expected.balance_pence)}"
    assert f"{format_pounds(expected.overdue_pence)} of this is overdue" in shown
    assert format_pounds(expected.next_amount_pence) in shown
    assert len(panel.payments.rows) == len(expected.recent_payments) > 0
    # Nothing looked up reaches the device database.
    after = database_text(db)
    assert SILVA["surname"] not in after and expected.address not in after
    assert after == before

    press(qtbot, panel.pay_button)  # Pay now: the code for this account and what is overdue
    pay = panel.host.current
    assert isinstance(pay, PayPanel) and pay.url.endswith(
        f"ref={SILVA['reference']}&amount={expected.overdue_pence // 100}.{expected.overdue_pence % 100:02d}")

    window.end_session("finish")
    settle()
    assert panel.account is None and panel.payments.rows == [] and pay.url == ""


def test_details_that_do_not_match_say_so_and_too_many_tries_stop(qtbot, window, device, enrolled):
    panel = open_balance(qtbot, window, device, enrolled)
    fill_and_find(qtbot, panel, SILVA["reference"], SILVA["postcode"], "Okafor")
    assert any("could not find an account" in text for text in visible_texts(panel.summary))
    assert panel.account is None and not panel.result_box.isVisible()
    for _attempt in range(10):
        fill_and_find(qtbot, panel, SILVA["reference"], SILVA["postcode"], "Nobody")
    assert any("Too many tries" in text for text in visible_texts(panel.summary))
    fill_and_find(qtbot, panel, SILVA["reference"], SILVA["postcode"], SILVA["surname"])
    assert panel.account is None  # still refused, even with the right details


def test_bad_details_are_checked_before_asking(qtbot, window, device, enrolled):
    panel = open_balance(qtbot, window, device, enrolled)
    fill_and_find(qtbot, panel, "12", "SW2", "")
    texts = visible_texts(panel.summary)
    assert any("6 to 12 letters or numbers" in t for t in texts)
    assert "Enter a real postcode, like SW2 1RW" in texts and "Enter the surname on the bill" in texts


def test_offline_the_balance_says_it_needs_a_connection(qtbot, window, device):
    panel = open_balance(qtbot, window, device)  # never enrolled
    assert panel.offline.isVisible()
    assert "needs a connection" in panel.offline.text()
    assert not panel.find_button.isVisible()


def test_connection_lost_during_look_up(qtbot, window, device, enrolled):
    transport, _credentials = enrolled
    panel = open_balance(qtbot, window, device, enrolled)
    transport.online = False
    fill_and_find(qtbot, panel, SILVA["reference"], SILVA["postcode"], SILVA["surname"])
    assert panel.offline.isVisible() and panel.account is None


def test_offline_request_syncs_later_and_its_status_shows(qtbot, window, device, council, enrolled, capsys,
                                                          tmp_path):
    app, _client = council
    db, settings = device
    transport, credentials = enrolled
    transport.online = False
    screen = open_council_tax(window)
    press(qtbot, screen.current.tiles["discounts"])
    press(qtbot, screen.current.tiles["spd_remove"])
    flow = screen.current
    walk_flow(qtbot, flow)
    press(qtbot, flow.check_page.submit_button)
    reference = flow.confirmation.panel.reference_number

    press(qtbot, flow.confirmation.progress_button)  # the volunteer looks it up at once
    progress = screen.current
    assert isinstance(progress, ProgressPanel) and progress.reference.text() == reference
    assert progress.result_heading.text() == "Saved on this device, waiting to be sent to the council"

    client = SyncClient(db, Settings(db), transport, credentials)
    assert client.cycle()["ok"] is False  # still offline: nothing lost
    transport.online = True
    summary = client.cycle()
    assert summary["ok"] and summary["applied"] == 1
    press(qtbot, progress.check_button)
    assert progress.result_heading.text() == "Received by the council"

    # The council officer moves it on from the command line; the status comes back by sync.
    council_dir = str(tmp_path / "council")
    assert kiosk_main(["--data-dir", council_dir, "council", "submissions", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [row["reference"] for row in listed] == [reference]
    assert kiosk_main(["--data-dir", council_dir, "council", "submission-status", reference, "rejected"]) == 2
    capsys.readouterr()
    assert kiosk_main(["--data-dir", council_dir, "council", "submission-status", reference, "rejected",
                       "--reason", "Please send the new adult's date of birth"]) == 0
    assert client.cycle()["ok"]
    press(qtbot, progress.check_button)
    assert progress.result_heading.text() == "The council could not accept it"
    assert "Please send the new adult's date of birth" in visible_texts(progress.result)

    with council_db.writing(app.state.engine) as conn:
        set_status(conn, reference, "done")
    client.cycle()
    progress.reference.setText(reference.lower().replace("-", " "))  # typed loosely
    press(qtbot, progress.check_button)
    assert progress.result_heading.text() == "Done"


def test_progress_look_up_of_an_unknown_or_mistyped_reference(qtbot, window, device):
    screen = open_council_tax(window)
    press(qtbot, screen.current.tiles["progress"])
    panel = screen.current
    qtbot.keyClicks(panel.reference, "CT-2345")
    press(qtbot, panel.check_button)
    assert any("like CT-7K3MQ9RXQ" in text for text in visible_texts(panel.summary))
    panel.reference.setText("CT-7K3MQ9RXQ")
    press(qtbot, panel.check_button)
    assert not panel.summary.isVisible()
    assert panel.result_heading.text() == "We cannot find that request here yet"


def test_an_answer_arriving_after_the_session_ended_is_dropped(qtbot, window, device, enrolled):
    transport, _credentials = enrolled
    panel = open_balance(qtbot, window, device, enrolled)
    release = threading.Event()
    real_request = transport.request

    answered = threading.Event()

    def slow_request(*args, **kwargs):
        release.wait(5)  # the network is slow: the resident walks away meanwhile
        try:
            return real_request(*args, **kwargs)
        finally:
            answered.set()

    transport.request = slow_request
    for field, text in ((panel.reference, SILVA["reference"]), (panel.postcode, SILVA["postcode"]),
                        (panel.surname, SILVA["surname"])):
        qtbot.keyClicks(field.edit, text)
    press(qtbot, panel.find_button)
    assert panel.busy and panel.waiting.isVisible()  # the kiosk is not frozen while it asks
    window.quick_exit()
    release.set()
    qtbot.waitUntil(answered.is_set, timeout=10_000)
    qtbot.wait(100)  # the answer's queued delivery
    settle()
    assert panel.account is None
