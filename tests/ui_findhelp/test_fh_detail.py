"""A service's details: live opening status and the week's table, last checked, and never a refuge's address."""

from __future__ import annotations

from kiosk.directory import query

from fhui_helpers import (
    FRIDAY_LUNCHTIME, decode, every_text, ops, pdf_text, press, service_id, unnamed_widgets, visible_texts,
)


def open_detail(qtbot, fh, name: str):
    from ui.screens.findhelp.detail import DetailPanel

    fh.open(DetailPanel(fh, service_id(fh.db, name)))
    return fh.current


def test_detail_from_a_result_shows_status_table_and_the_rest(qtbot, fh, shared):
    home = fh.current
    qtbot.keyClicks(home.search_edit, "food bank")
    press(qtbot, home.search_button)
    results = fh.current
    card = next(c for c in results.cards.values() if c.accessibleName() == "Stockwell food bank")
    press(qtbot, card)
    detail = fh.current
    assert detail.heading.text() == "Stockwell food bank"
    assert detail.status_label.text() == "Open now, closes at 14:00"
    rows = dict(detail.table.rows_text())
    assert list(rows) == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    assert rows["Friday"] == "11:00\u201314:00" and rows["Saturday"] == "10:00\u201312:00"
    assert rows["Monday"] == "Closed"
    friday_label, _value = detail.table.cells[4]
    assert friday_label.property("kind") == "heading-s"  # today stands out
    texts = [text.replace("\u200b", "") for text in visible_texts(detail)]  # break points in addresses
    for expected in ("What it is", "How to get there", "1 Studley Road\nLondon\nSW9 9QF", "Cost", "Free",
                     "English, Portuguese, Somali", "Step-free access\nWheelchair accessible",
                     "This listing was last checked on 11 August 2025."):
        assert expected in texts, expected
    assert detail.overdue.isVisible()  # checked more than 12 months before 20 November 2026
    assert any(t.startswith("Phone: 020 7946 0247\nEmail: stockwell-food-bank@example.org") for t in texts)
    assert detail.take_button.property("kind") == "primary"
    assert [b for b in detail.findChildren(type(detail.take_button)) if b.property("kind") == "primary"
            and b.isVisible()] == [detail.take_button]  # one clear primary action
    (view,) = ops(shared.db, "signposting.usage")
    oruk_id = query.get_service(shared.db, card_id(results, card))["oruk_id"]
    assert view == {"event": "service_view", "service_key": f"demo:{oruk_id}", "day": "2026-11-20", "count": 1}
    assert unnamed_widgets(fh) == []


def card_id(results, card) -> int:
    return next(k for k, c in results.cards.items() if c is card)


def test_a_recently_checked_listing_has_no_warning_and_closed_status_says_when_it_opens(qtbot, fh):
    detail = open_detail(qtbot, fh, "Lambeth Women's Refuge")
    assert detail.checked.text() == "This listing was last checked on 30 March 2026."
    assert not detail.overdue.isVisible()
    assert detail.status_label.text() == "Open 24 hours"
    fh.go_back()
    fh.clock = lambda: FRIDAY_LUNCHTIME.replace(hour=15)  # Friday 15:00: closed until Saturday 10:00
    detail = open_detail(qtbot, fh, "Stockwell food bank")
    assert detail.status_label.text() == "Closed, opens tomorrow at 10:00"


def test_a_confidential_address_appears_nowhere_even_if_it_reached_the_database(qtbot, fh, shared, monkeypatch):
    """A refuge's street written straight into the table (as a bad sync payload could) is still never shown:
    not on the detail page, the result card, the QR code, the shortlist or the printed slip."""
    from ui.screens.findhelp import slip

    refuge = service_id(shared.db, "Lambeth Women's Refuge")
    secret = {"address_1": "99 Hidden Mews", "address_2": "Flat 3", "postcode": "SW9 7ZZ", "name": "Safe House"}
    with shared.db.atomic():
        shared.db.execute("update directory_location set address_1 = ?, address_2 = ?, postcode = ?, name = ?, "
                          "latitude = 51.47, longitude = -0.11 where service_id = ?",
                          [secret["address_1"], secret["address_2"], secret["postcode"], secret["name"], refuge])
    try:
        home = fh.current
        qtbot.keyClicks(home.search_edit, "refuge")
        press(qtbot, home.search_button)
        results = fh.current
        assert refuge in results.cards
        press(qtbot, results.cards[refuge])
        detail = fh.current
        assert "The address is not shown, to keep the people who use this service safe." in " ".join(
            visible_texts(detail))
        press(qtbot, detail.list_button)
        press(qtbot, detail.take_button)
        take = fh.current
        (code,) = decode(take.qr)
        monkeypatch.setattr(slip, "available_printer", lambda: None)
        pdf = take.print_slip()
        _pages, printed = pdf_text(pdf)
        fh.home()
        press(qtbot, fh.current.shortlist_link)
        shown = every_text(shared.window) + every_text(results) + every_text(detail) + every_text(take)
        for value in secret.values():
            for where, text in (("screen", shown), ("QR code", code), ("slip", printed)):
                assert value not in text, (value, where)
        assert "020 7946 0548" in code and "Lambeth Women's Refuge" in printed  # the phone is what they need
    finally:
        with shared.db.atomic():
            shared.db.execute("update directory_location set address_1 = null, address_2 = null, postcode = null, "
                              "name = null, latitude = null, longitude = null where service_id = ?", [refuge])


def test_a_language_switch_redraws_the_page_in_place(qtbot, fh):
    from kiosk import i18n

    detail = open_detail(qtbot, fh, "Stockwell food bank")
    assert detail.table.rows_text()[0][0] == "Monday"
    i18n.set_language("pt")  # the header's language list does this; every screen retranslates
    qtbot.waitUntil(lambda: detail.table.rows_text()[0][0] == "segunda-feira", timeout=2000)
    assert detail.table.rows_text()[4] == ("sexta-feira", "11:00\u201314:00")
