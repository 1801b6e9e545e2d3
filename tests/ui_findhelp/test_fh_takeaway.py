"""Take it away: the QR code read back by an independent decoder, the printed slip, the shortlist."""

from __future__ import annotations

from kiosk.directory import query

from fhui_helpers import decode, ops, pdf_text, press, service_id, unnamed_widgets


def open_detail(fh, name: str):
    from ui.screens.findhelp.detail import DetailPanel

    fh.open(DetailPanel(fh, service_id(fh.db, name)))
    return fh.current


def test_qr_code_is_a_contact_card_a_phone_reads_offline(qtbot, fh, shared):
    detail = open_detail(fh, "Stockwell food bank")
    press(qtbot, detail.take_button)
    take = fh.current
    (text,) = decode(take.qr)
    assert text == "\r\n".join([
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Stockwell food bank",
        "N:Stockwell food bank;;;;",
        "ORG:Stockwell Community Resource Centre",
        "TEL;TYPE=WORK,VOICE:020 7946 0247",
        "ADR;TYPE=WORK:;;1 Studley Road;London;;SW9 9QF;",
        "URL:https://example.org/stockwell-community-resource-centre/stockwell-food-bank",
        "END:VCARD",
    ])
    assert take.qr.accessibleName().startswith("QR code with the name, phone number")
    assert unnamed_widgets(fh) == []
    service = query.get_service(shared.db, service_id(shared.db, "Stockwell food bank"))
    events = [(u["event"], u.get("service_key")) for u in ops(shared.db, "signposting.usage")]
    assert ("takeaway_qr", f"demo:{service['oruk_id']}") in events


def test_without_a_printer_the_slip_is_a_pdf_with_the_service_and_is_deleted_at_session_end(
        qtbot, fh, shared, monkeypatch):
    from ui.screens.findhelp import slip

    monkeypatch.setattr(slip, "available_printer", lambda: None)
    detail = open_detail(fh, "Stockwell food bank")
    press(qtbot, detail.take_button)
    take = fh.current
    press(qtbot, take.print_button)
    pdf = take.last_pdf
    assert pdf is not None and pdf.exists() and pdf.stat().st_size > 2000
    pages, text = pdf_text(pdf)
    assert pages == 1
    for expected in ("Stockwell food bank", "020 7946 0247", "1 Studley Road", "Friday: 11:00"):
        assert expected in text, expected
    assert take.print_result.isVisible()
    assert str(pdf) in take.print_result.label.text()  # a laptop: where the file is, for the volunteer
    assert [u["event"] for u in ops(shared.db, "signposting.usage")].count("takeaway_print") == 1
    shared.window.end_session("finish")
    assert not pdf.exists()


def test_the_shortlist_goes_away_together_in_one_code(qtbot, fh, shared):
    names = ("Stockwell food bank", "Lambeth Women's Refuge", "West Norwood community fridge")
    for name in names:
        detail = open_detail(fh, name)
        assert detail.list_button.text() == "Add to your list"
        press(qtbot, detail.list_button)
        assert detail.list_button.text() == "Remove from your list"
        assert detail.list_note.isVisible()
        fh.go_back()
    home = fh.current
    assert home.shortlist_link.isVisible() and home.shortlist_link.text() == "Your list: 3 services"
    press(qtbot, home.shortlist_link)
    shortlist = fh.current
    press(qtbot, shortlist.remove_buttons[service_id(shared.db, "West Norwood community fridge")])
    assert fh.shortlist == [service_id(shared.db, n) for n in names[:2]]
    assert shortlist.remove_buttons[fh.shortlist[0]].accessibleName() == "Remove Stockwell food bank from your list"
    press(qtbot, shortlist.take_button)
    take = fh.current
    (text,) = decode(take.qr)
    assert text == ("Stockwell food bank\nPhone: 020 7946 0247\n1 Studley Road\nLondon\nSW9 9QF\n"
                    "https://example.org/stockwell-community-resource-centre/stockwell-food-bank\n\n"
                    "Lambeth Women's Refuge\nPhone: 020 7946 0548\n"
                    "Address not shown: phone them to find out how to get there.\n"
                    "https://example.org/lambeth-domestic-abuse-partnership/lambeth-women-s-refuge")
    usage = ops(shared.db, "signposting.usage")
    assert [u["event"] for u in usage].count("shortlist") == 3  # added (even if removed later)
    assert [u["event"] for u in usage].count("takeaway_qr") == 2
    assert unnamed_widgets(fh) == []
