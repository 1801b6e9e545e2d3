"""Pay (QR code decoded back to the council's link), the home screen, band information, session wipe."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice

from ui.screens.counciltax.band import VOA_URL, BandPanel
from ui.screens.counciltax.home import TASKS
from ui.screens.counciltax.pay import PayPanel
from ui.screens.counciltax.payment_link import payment_url, short_link
from ui.screens.counciltax.request_flow import RequestFlowPanel

from ctui_helpers import press, settle, unnamed_widgets, visible_texts


def decode(widget) -> list[str]:
    """What a phone would read off the screen: the widget as drawn, decoded by an independent reader."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert widget.grab().save(buffer, "PNG")
    image = Image.open(io.BytesIO(bytes(buffer.data())))
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def open_pay(qtbot, ct) -> PayPanel:
    press(qtbot, ct.current.tiles["pay"])
    panel = ct.current
    assert isinstance(panel, PayPanel)
    return panel


def test_pay_qr_code_opens_the_councils_page_for_the_account_and_amount(qtbot, ct, shared):
    panel = open_pay(qtbot, ct)
    assert not panel.code_box.isVisible()
    qtbot.keyClicks(panel.reference.edit, "4000 0001")
    qtbot.keyClicks(panel.amount.edit, "£172.5")
    press(qtbot, panel.show_button)
    expected = payment_url(shared.settings["payment_url_template"], "40000001", 17250)
    assert expected.endswith("ref=40000001&amount=172.50")
    assert decode(panel.qr) == [expected]
    assert panel.link.text().replace("\u200b", "") == short_link(expected)  # may wrap after its slashes
    assert "card details" in " ".join(visible_texts(panel))  # says plainly the kiosk never takes them
    assert panel.qr.accessibleName() and unnamed_widgets(ct) == []


def test_payment_link_follows_the_setting(qtbot, ct, shared):
    old = shared.settings["payment_url_template"]
    shared.settings["payment_url_template"] = "https://pay.test/ct/{reference}?p={amount}"
    try:
        panel = open_pay(qtbot, ct)
        qtbot.keyClicks(panel.reference.edit, "40000002")
        press(qtbot, panel.show_button)
        assert decode(panel.qr) == ["https://pay.test/ct/40000002?p="]
    finally:
        shared.settings["payment_url_template"] = old


def test_pay_refuses_bad_details_with_the_error_summary(qtbot, ct):
    panel = open_pay(qtbot, ct)
    qtbot.keyClicks(panel.amount.edit, "12.345")
    press(qtbot, panel.show_button)
    texts = visible_texts(panel.summary)
    assert "Enter your council tax account number" in texts
    assert any("pounds and pence" in text for text in texts)
    assert not panel.code_box.isVisible() and panel.url == ""


def test_home_offers_every_task_and_each_opens_and_comes_back(qtbot, ct):
    home = ct.current
    assert home.heading.text() == "Council tax" and home.intro.text() == "What do you need to do?"
    assert unnamed_widgets(ct) == []
    for key, title, _text, _factory in TASKS:
        tile = home.tiles[key]
        assert tile.accessibleName() == title and tile.accessibleDescription()
        press(qtbot, tile)
        assert ct.current is not home, key
        assert unnamed_widgets(ct) == [], key
        assert ct.go_back()
        assert ct.current is home
    assert not ct.go_back()  # from home, Back leaves council tax


def test_band_challenge_explains_the_voa_route_and_sends_nothing(qtbot, ct, shared):
    outbox_before = shared.db["outbox"].count
    press(qtbot, ct.current.tiles["band"])
    panel = ct.current
    assert isinstance(panel, BandPanel)
    text = " ".join(visible_texts(panel))
    assert "Valuation Office Agency" in text
    assert decode(panel.qr) == [VOA_URL]
    assert shared.db["outbox"].count == outbox_before


def test_quick_exit_forgets_what_was_typed(qtbot, ct, shared):
    press(qtbot, ct.current.tiles["refund"])
    flow = ct.current
    assert isinstance(flow, RequestFlowPanel)
    press(qtbot, flow.start_page.start_button)
    flow.current_page.set_raw("40000001")
    press(qtbot, flow.current_page.continue_button)
    flow.current_page.set_raw("Ada Lovelace")
    assert flow.raw
    page = flow.current_page
    shared.window.quick_exit()
    settle()
    assert flow.raw == {} and page.raw() == ""
    assert shared.window.navigator.depth() == 1  # back at the start screen


def test_tour_steps_show_calculator_a_complete_request_and_the_pay_code(qtbot, shared):
    from ui.screens.counciltax.tour import run_steps

    shared.window.end_session("finish")
    names: list[str] = []
    seen: dict[str, list[str]] = {}

    def snap(name: str) -> None:
        settle()
        names.append(name)
        seen[name] = visible_texts(shared.window.navigator.current)

    run_steps(shared.window, snap)
    assert names == ["council-tax-home", "council-tax-calculator", "council-tax-pay-qr", "council-tax-question",
                     "council-tax-check-answers", "council-tax-confirmation"]
    assert any(text.startswith("You would pay £") for text in seen["council-tax-calculator"])
    assert "Scan this code with your phone's camera" in seen["council-tax-pay-qr"]
    assert any(text.startswith("CT-") for text in seen["council-tax-confirmation"])
    assert shared.window.navigator.depth() == 1
