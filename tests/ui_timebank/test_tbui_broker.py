"""A time broker signed in at Staff sees the time audit and prints a member's statement; a volunteer does not."""

from __future__ import annotations

import uuid

from kiosk import staff
from ui.screens.timebank.broker import BrokerScreen

from tbui_helpers import all_texts, person, press, publish, type_into
from test_tbui_approvals import STAFF_PIN, staff_account


def confirmed(payer: dict, payee: dict, minutes: int, day: str, category: str) -> tuple[str, str, dict]:
    """A confirmed exchange as the council publishes it (help flows payee -> payer)."""
    exchange_id = str(uuid.uuid4())
    return ("timebank.exchange", exchange_id, {
        "id": exchange_id, "kind": "transfer", "payer_id": payer["id"], "payee_id": payee["id"],
        "minutes": minutes, "category": category, "description": "", "service_date": day,
        "recorded_at": f"{day}T10:00:00Z", "recorded_by": "vol-1", "device_id": "", "hub_id": "demo-hub-sunflower",
        "state": "confirmed", "flagged": False, "source": "kiosk", "reason": "",
        "entries": [{"id": str(uuid.uuid4()), "account_id": payer["id"], "minutes": -minutes},
                    {"id": str(uuid.uuid4()), "account_id": payee["id"], "minutes": minutes}]})


def open_staff_home(qtbot, window):
    window.open("staff")
    return window.navigator.current


def test_a_broker_sees_the_audit_and_saves_a_statement(qtbot, window, device):
    db = device.db
    ada, ben = person(db, "Ada Gardener"), person(db, "Ben Driver")
    publish(db, [confirmed(ada, ben, 90, "2026-09-14", "gardening"),
                 confirmed(ben, ada, 30, "2026-10-02", "transport"),
                 confirmed(ada, ben, 60, "2026-10-20", "gardening")])
    staff_account(db, "Bea Broker", staff.BROKER)
    window.staff.sign_in("Bea Broker", STAFF_PIN)
    home = open_staff_home(qtbot, window)
    press(qtbot, home.home_page.broker)
    screen = window.navigator.current
    assert isinstance(screen, BrokerScreen)
    assert screen.chart.series == [("2026-09", 1.5), ("2026-10", 1.5)]
    assert screen.chart.accessibleDescription() == "2026-09: 1.5 h; 2026-10: 1.5 h"
    table = screen.category_table
    assert [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())][1][1] == "0.5 h"
    assert table.item(0, 1).text() == "2.5 h"
    assert "Help exchanged: 3 hours in 3 exchanges" in all_texts(screen)

    type_into(qtbot, screen.number, ada["number"])
    press(qtbot, screen.show_button)
    texts = all_texts(screen)
    assert "Confirmed balance: -2 hours" in texts
    rows = screen.statement_table
    assert rows.rowCount() == 3
    assert rows.item(0, 0).text() == "20/10/2026 11:00"  # Europe/London, summer time
    assert [rows.item(r, 1).text() for r in range(3)] == ["Ben Driver"] * 3
    assert rows.item(1, 3).text() == "30 minutes" and rows.item(0, 3).text() == "-1 hour"
    press(qtbot, screen.pdf_button)
    path = screen.pdf_path
    assert path is not None and path.stat().st_size > 1000
    assert str(path) in all_texts(screen)
    assert db.execute("select count(*) from audit_log where action = 'timebank.statement_pdf'").fetchone()[0] == 1

    window.staff.sign_out("by_hand")  # the session ends: the PDF goes
    assert not path.exists()


def test_an_unknown_number_is_explained(qtbot, window, device):
    staff_account(device.db, "Bea Broker", staff.BROKER)
    window.staff.sign_in("Bea Broker", STAFF_PIN)
    press(qtbot, open_staff_home(qtbot, window).home_page.broker)
    screen = window.navigator.current
    type_into(qtbot, screen.number, "not a number")
    press(qtbot, screen.show_button)
    assert screen.message.isVisible() and screen.statement_table is None


def test_a_volunteer_gets_no_broker_link(qtbot, window, device):
    staff_account(device.db, "Val Volunteer", staff.VOLUNTEER)
    window.staff.sign_in("Val Volunteer", STAFF_PIN)
    home = open_staff_home(qtbot, window)
    assert not home.home_page.broker.isVisible()
    window.open("time-bank-broker")  # even by the route, the figures stay hidden
    screen = window.navigator.current
    assert not screen.content.isVisible() and screen.refused.isVisible()


def test_a_broker_reverses_a_confirmed_exchange_with_a_reason(qtbot, window, device):
    from kiosk.timebank import recording

    db = device.db
    ada, ben = person(db, "Ada Gardener"), person(db, "Ben Driver")
    change = confirmed(ada, ben, 90, "2026-09-14", "gardening")
    publish(db, [change])
    staff_account(db, "Bea Broker", staff.BROKER)
    window.staff.sign_in("Bea Broker", STAFF_PIN)
    press(qtbot, open_staff_home(qtbot, window).home_page.broker)
    screen = window.navigator.current
    type_into(qtbot, screen.number, ada["number"])
    press(qtbot, screen.show_button)
    assert screen.reverse_choice.count() == 1
    press(qtbot, screen.reverse_button)  # no reason: refused, nothing written
    assert "Give a reason for the reversal." in all_texts(screen)
    assert not db.execute("select 1 from tb_exchanges where kind = 'reversal'").fetchone()
    type_into(qtbot, screen.reason, "Recorded twice by mistake")
    press(qtbot, screen.reverse_button)
    [reversal] = list(db.query("select * from tb_exchanges where kind = 'reversal'"))
    assert reversal["reverses_id"] == change[1] and reversal["reason"] == "Recorded twice by mistake"
    assert db.execute("select count(*) from audit_log where action = ? and subject = ?",
                      [recording.OP_REVERSE, change[1]]).fetchone()[0] == 1
    assert screen.statement_table.rowCount() == 2  # the reversal is on the statement too
    assert screen.reverse_choice.count() == 0  # an exchange is reversed once
