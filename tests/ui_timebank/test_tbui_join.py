"""Join the time bank on the screen: every field's bad answers, check answers, the card and its QR."""

from __future__ import annotations

import json

from kiosk.i18n import _
from kiosk.timebank import members, numbers
from kiosk.timebank.members import OP_REGISTER
from ui.screens.timebank.join import JoinPanel

from tbui_helpers import settle, all_texts, answer, decode_qr, open_time_bank, outbox_rows, press, render_pdf

GOOD = {"name": "Ada Lovelace", "phone": "020 7946 0000", "email": "ada@example.org", "languages": ["en", "yo"],
        "skills": "gardening, cooking", "interests": "music; football", "availability": "weekday mornings",
        "consent": ["agree"], "pin": "4821", "pin_again": "4821"}

# (page, what is typed, the message the resident must see)
INVALID = [
    ("name", None, "Enter your name"),
    ("name", "x" * 121, "The name is too long (at most 120 letters)."),
    ("phone", "call me", "\"call me\" does not look like a phone number."),
    ("email", "ada.example.org", "\"ada.example.org\" does not look like an e-mail address. You can leave it empty."),
    ("consent", None, "You can only join if you agree to how we use your details"),
    ("pin", None, "Choose a PIN"),
    ("pin", "12", "A PIN is 4 to 6 digits."),
    ("pin", "12a4", "A PIN is 4 to 6 digits."),
    ("pin", "7777", "Choose a PIN that is not the same digit repeated."),
    ("pin_again", "4812", "The two PINs are not the same. Type the same PIN twice."),
]


def start_join(qtbot, window) -> JoinPanel:
    screen = open_time_bank(qtbot, window)
    press(qtbot, screen.current.tiles["join"])
    flow = screen.current
    assert isinstance(flow, JoinPanel)
    return flow


def test_join_end_to_end_with_every_bad_answer_first(qtbot, window, device):
    flow = start_join(qtbot, window)
    bad = {}
    for key, value, message in INVALID:
        bad.setdefault(key, []).append((value, message))
    for _step in range(len(flow.steps) + 1):
        page = flow.current_page
        if page is flow.check_page:
            break
        key = page.step.key
        for value, message in bad.get(key, ()):
            answer(qtbot, flow, value)
            assert flow.current_page is page, f"{key}: {value!r} was accepted"
            assert page.error == message
            assert f"Error: {message}" in all_texts(page)  # on the page, beside the box
        if key == "consent":
            shown = page.hint.text()  # the statement exactly as the resident read it
        answer(qtbot, flow, GOOD[key])
        assert flow.current_page is not page, f"{key}: {page.error}"
    assert flow.current_page is flow.check_page

    rows = {row[0]: flow.check_page.answers.answer_text(row[0]) for row in flow.check_page.answers.rows}
    assert rows["name"] == "Ada Lovelace" and rows["languages"] == "English, Yorùbá"
    assert rows["skills"] == "gardening, cooking" and rows["interests"] == "music, football"
    assert rows["pin"] == "Chosen (not shown)" and "4821" not in all_texts(flow)
    assert "pin_again" not in rows

    press(qtbot, flow.check_page.submit_button)
    assert flow.current_page is flow.confirmation, all_texts(flow.check_page)
    account = flow.account
    assert account["status"] == "pending" and account["registered_by"] == "self"  # a broker approves it
    assert account["consent_wording"] == shown and account["consent_language"] == "en"
    assert account["skills"] == ["gardening", "cooking"] and account["languages"] == ["en", "yo"]
    assert members.get_account(device.db, account["id"])["email"] == "ada@example.org"
    grouped = numbers.format_number(account["number"])
    texts = all_texts(flow.confirmation)
    assert "Application received" in texts and "Your member number" in texts and grouped in texts
    assert "approve your membership" in texts
    [row] = outbox_rows(device.db, OP_REGISTER)
    assert json.loads(row["payload"])["pin_hash"].startswith("scrypt$")  # the PIN never leaves as typed
    assert "4821" not in row["payload"]

    # The card on the screen carries only CKTB:<number> in its QR code.
    assert decode_qr(flow.card_view.pixmap().toImage()) == [f"CKTB:{account['number']}"]
    flow.host.scroll.ensureWidgetVisible(flow.card_view, 0, 0)
    settle()
    assert flow.card_view.isVisible()
    assert decode_qr(flow.card_view.grab().toImage()) == [f"CKTB:{account['number']}"]  # as drawn on screen

    # No printer here: the card goes to a PDF, whose QR reads the same; it is deleted at session end.
    press(qtbot, flow.print_button)
    [pdf] = flow.temp_files
    assert pdf.stat().st_size > 0 and "saved as a file" in flow.print_result.text()
    assert decode_qr(render_pdf(pdf)) == [f"CKTB:{account['number']}"]
    window.end_session("finish")
    assert not pdf.exists()


def test_change_link_and_a_new_pin_must_be_typed_twice_again(qtbot, window):
    flow = start_join(qtbot, window)
    for _step in range(len(flow.steps)):
        if flow.current_page is flow.check_page:
            break
        answer(qtbot, flow, GOOD[flow.current_page.step.key])
    press(qtbot, flow.check_page.answers.change_link("pin"))
    assert flow.current_page is flow.pages["pin"]
    answer(qtbot, flow, "13579")
    assert flow.current_page is flow.pages["pin_again"]  # the new PIN is confirmed before the check page
    answer(qtbot, flow, "4821")
    assert flow.pages["pin_again"].error == "The two PINs are not the same. Type the same PIN twice."
    answer(qtbot, flow, "13579")
    assert flow.current_page is flow.check_page
    press(qtbot, flow.check_page.answers.change_link("name"))
    answer(qtbot, flow, "Ada King")
    assert flow.current_page is flow.check_page
    assert flow.check_page.answers.answer_text("name") == "Ada King"


def test_without_a_safe_keyring_joining_is_refused_with_the_core_message(qtbot, window, device, monkeypatch):
    monkeypatch.setenv("KIOSK_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    flow = start_join(qtbot, window)
    for _step in range(len(flow.steps)):
        if flow.current_page is flow.check_page:
            break
        answer(qtbot, flow, GOOD[flow.current_page.step.key])
    press(qtbot, flow.check_page.submit_button)
    assert flow.current_page is flow.check_page  # nothing lost: still there to try again
    problem = flow.check_page.problem
    assert problem.isVisible() and problem.message.text().startswith("The keyring could not be used for the data key")
    assert device.db.execute("select count(*) from tb_accounts").fetchone()[0] == 0
    assert not outbox_rows(device.db, OP_REGISTER)
    assert flow.answers["name"] == "Ada Lovelace"


def test_without_the_council_key_joining_is_refused_and_nothing_is_stored(qtbot, window, device, monkeypatch):
    from kiosk.sealing import UNSEALED_TEST_ENV, SealingUnavailable

    monkeypatch.delenv(UNSEALED_TEST_ENV)
    flow = start_join(qtbot, window)
    for _step in range(len(flow.steps)):
        if flow.current_page is flow.check_page:
            break
        answer(qtbot, flow, GOOD[flow.current_page.step.key])
    press(qtbot, flow.check_page.submit_button)
    assert flow.current_page is flow.check_page
    message = flow.check_page.problem.message.text()
    try:
        from kiosk.sealing import enqueue_sealed

        enqueue_sealed(device.db, OP_REGISTER, {}, record_key="x")
    except SealingUnavailable as exc:
        assert message == str(exc)
    else:  # pragma: no cover - the device has no key, so sealing must refuse
        raise AssertionError("sealing did not refuse")
    assert device.db.execute("select count(*) from tb_accounts").fetchone()[0] == 0


def test_join_in_portuguese_records_the_consent_as_shown(qtbot, window, device):
    from kiosk import i18n

    flow = start_join(qtbot, window)
    i18n.set_language("pt")
    for _step in range(len(flow.steps)):
        page = flow.current_page
        if page is flow.check_page:
            break
        if page.step.key == "consent":
            shown = page.hint.text()
        answer(qtbot, flow, GOOD[page.step.key])
    press(qtbot, flow.check_page.submit_button)
    assert flow.current_page is flow.confirmation
    assert flow.account["consent_language"] == "pt" and flow.account["consent_wording"] == shown
    assert shown == _(members.CONSENT_WORDING)
