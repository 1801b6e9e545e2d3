"""A time broker on the broker screen: finds a member, changes their details, suspends and reinstates them
with a reason, and deals with flagged overspends; on a self-service kiosk all of it is shown, not changed."""

from __future__ import annotations

import uuid

from kiosk import staff
from kiosk.timebank import ledger, member_admin, members
from ui.screens.timebank.broker import BrokerScreen

from tbui_helpers import all_texts, outbox_rows, person, press, publish, publish_balance, type_into
from test_tbui_approvals import STAFF_PIN, staff_account


def open_broker(qtbot, window, device) -> BrokerScreen:
    staff_account(device.db, "Bea Broker", staff.BROKER)
    window.staff.sign_in("Bea Broker", STAFF_PIN)
    window.open("time-bank-broker")
    screen = window.navigator.current
    assert isinstance(screen, BrokerScreen)
    return screen


def refused_spend(payer: dict, payee: dict, minutes: int) -> tuple[str, str, dict]:
    """A spend the council refused for lack of credits and flagged, as it publishes it."""
    exchange_id = str(uuid.uuid4())
    return ("timebank.exchange", exchange_id, {
        "id": exchange_id, "kind": "transfer", "payer_id": payer["id"], "payee_id": payee["id"],
        "minutes": minutes, "category": "gardening", "description": "Weeding", "service_date": "2026-11-10",
        "recorded_at": "2026-11-10T10:00:00Z", "recorded_by": "vol-1", "device_id": "other",
        "hub_id": "demo-hub-sunflower", "state": "rejected", "flagged": True, "source": "assisted", "reason": "",
        "authorised_by": payer["id"], "authorised_method": "pin", "rejection_code": "insufficient_balance",
        "rejection_reason": "The payer's confirmed balance (0 minutes) does not cover 60 minutes.",
        "entries": [{"id": str(uuid.uuid4()), "account_id": payer["id"], "minutes": -minutes},
                    {"id": str(uuid.uuid4()), "account_id": payee["id"], "minutes": minutes}]})


def test_a_broker_changes_a_members_details_and_suspends_and_reinstates_them(qtbot, window, device):
    db = device.db
    ada = person(db, "Ada Gardener")
    person(db, "Ben Driver")
    screen = open_broker(qtbot, window, device)
    section = screen.members
    type_into(qtbot, section.query, "ada", enter=True)
    assert [b.text() for b in section.result_buttons] == [
        f"Ada Gardener · {ada['number'][:4]} {ada['number'][4:8]} {ada['number'][8:]} · Active"]
    press(qtbot, section.result_buttons[0])
    assert "Ada Gardener, member number" in all_texts(section) and "Status: Active" in all_texts(section)
    assert db.execute("select count(*) from audit_log where action = 'timebank.view_member' and subject = ?",
                      [ada["id"]]).fetchone()[0] == 1

    type_into(qtbot, section.edits["email"], "ada at home")  # refused: the message, and the typing stays
    press(qtbot, section.save_button)
    assert "does not look like an e-mail address" in all_texts(section)
    assert section.edits["email"].text() == "ada at home" and not outbox_rows(db, member_admin.OP_UPDATE)
    type_into(qtbot, section.edits["email"], "ada@example.org")
    type_into(qtbot, section.edits["skills"], "gardening, DIY")
    press(qtbot, section.save_button)
    assert "Saved. The changes go to the council at the next sync." in all_texts(section)
    account = members.get_account(db, ada["id"])
    assert (account["email"], account["skills"]) == ("ada@example.org", ["gardening", "DIY"])
    assert len(outbox_rows(db, member_admin.OP_UPDATE)) == 1

    assert section.status_button.text() == "Suspend member"
    press(qtbot, section.status_button)  # no reason: refused
    assert "Write a reason." in all_texts(section) and members.get_account(db, ada["id"])["status"] == "active"
    type_into(qtbot, section.reason, "Did not turn up three times")
    press(qtbot, section.status_button)
    texts = all_texts(section)
    assert "Status: Suspended" in texts and "Did not turn up three times" in texts and "by staff-broker" in texts
    assert members.get_account(db, ada["id"])["status"] == "suspended"
    assert section.status_button.text() == "Reinstate member"
    type_into(qtbot, section.reason, "Spoke to Ada; all fine")
    press(qtbot, section.status_button)
    assert members.get_account(db, ada["id"])["status"] == "active"
    assert [r["state"] for r in outbox_rows(db, member_admin.OP_SET_STATUS)] == ["queued", "queued"]

    window.staff.sign_out("by_hand")  # the staff session ends: nothing of Ada stays on the screen
    assert section.account is None and not section.detail.isVisible()
    assert all(edit.text() == "" for edit in section.edits.values())


def test_a_broker_deals_with_flagged_overspends(qtbot, window, device):
    db = device.db
    ada, ben, cai = person(db, "Ada Gardener"), person(db, "Ben Driver"), person(db, "Cai Cook")
    first, second = refused_spend(ada, ben, 60), refused_spend(cai, ben, 30)
    publish(db, [first, second])
    screen = open_broker(qtbot, window, device)
    flags = screen.flags
    assert len(flags.rows) == 2
    row = next(r for r in flags.rows if r.row["id"] == first[1])
    assert "Ada Gardener did not have enough credits" in all_texts(row)
    press(qtbot, row.accept_button)  # no note: refused, still listed
    assert "Write a note." in all_texts(flags) and len(flags.rows) == 2
    type_into(qtbot, row.note, "Ben says it was a favour")
    press(qtbot, row.accept_button)
    assert [r.row["id"] for r in flags.rows] == [second[1]]
    [resolved] = outbox_rows(db, member_admin.OP_RESOLVE_FLAG)
    assert resolved["record_key"] == ledger.exchange_record_key(first[1])

    # Cai has credits now: the broker charges the refused spend again and Ben gets his half hour.
    publish_balance(db, cai["id"], 120)
    press(qtbot, flags.rows[0].charge_button)
    assert flags.rows == [] and "No flagged exchanges." in all_texts(flags)
    [again] = outbox_rows(db, "timebank.exchange.record")
    exchange = ledger.get_exchange(db, again["record_key"].split(":", 1)[1])
    assert (exchange["payer_id"], exchange["payee_id"], exchange["minutes"], exchange["authorised_method"]) == (
        cai["id"], ben["id"], 30, "broker")


def test_on_a_kiosk_the_broker_sees_members_and_flags_but_changes_nothing(qtbot, kiosk_window, device):
    db = device.db
    ada, ben = person(db, "Ada Gardener"), person(db, "Ben Driver")
    publish(db, [refused_spend(ada, ben, 60)])
    screen = open_broker(qtbot, kiosk_window, device)
    [row] = screen.flags.rows
    assert not row.accept_button.isVisible() and not row.note.isVisible()
    section = screen.members
    type_into(qtbot, section.query, ada["number"], enter=True)
    press(qtbot, section.result_buttons[0])
    assert section.edits["phone"].isReadOnly() and not section.save_button.isVisible()
    assert not section.status_button.isVisible()
    assert "use a staff laptop" in all_texts(section)
    kiosk_window.staff.sign_out("by_hand")  # names on the flags list go with the staff session
    assert screen.flags.rows == [] and section.account is None


def badge_box(section, badge: str):
    return next(box for value, _label, box in section.badges.boxes if value == badge)


def test_a_broker_gives_badges_and_takes_one_away_with_a_reason(qtbot, window, device):
    db = device.db
    ada = person(db, "Ada Gardener")
    screen = open_broker(qtbot, window, device)
    section = screen.members
    type_into(qtbot, section.query, "ada", enter=True)
    press(qtbot, section.result_buttons[0])
    labels = [box.accessibleName() for _value, _label, box in section.badges.boxes]
    assert labels == ["References checked", "DBS check", "ID seen", "Induction done", "First aid"]
    assert not any(box.isChecked() for _value, _label, box in section.badges.boxes)

    press(qtbot, badge_box(section, "reference"))
    press(qtbot, badge_box(section, "dbs_check"))
    press(qtbot, section.save_button)
    assert "Saved. The changes go to the council at the next sync." in all_texts(section)
    assert members.get_account(db, ada["id"])["badges"] == ["reference", "dbs_check"]
    assert badge_box(section, "dbs_check").isChecked()  # shown again from the stored account
    assert db.execute("select count(*) from audit_log where action = 'timebank.member.update.badges' "
                      "and subject = ?", [ada["id"]]).fetchone()[0] == 1

    press(qtbot, badge_box(section, "dbs_check"))  # the check lapsed: no reason, refused, the box stays as set
    press(qtbot, section.save_button)
    assert "Write a reason." in all_texts(section)
    assert not badge_box(section, "dbs_check").isChecked()
    assert members.get_account(db, ada["id"])["badges"] == ["reference", "dbs_check"]
    type_into(qtbot, section.badge_reason, "DBS check expired")
    press(qtbot, section.save_button)
    assert members.get_account(db, ada["id"])["badges"] == ["reference"]
    assert len(outbox_rows(db, member_admin.OP_UPDATE)) == 2
    window.staff.sign_out("by_hand")
    assert not any(box.isChecked() for _value, _label, box in section.badges.boxes)
    assert section.badge_reason.text() == ""


def test_on_a_kiosk_badges_are_shown_not_changed(qtbot, kiosk_window, device):
    db = device.db
    ada = person(db, "Ada Gardener")
    member_admin.update_profile(db, ada["id"], by="staff-1", badges=["id_seen"])
    screen = open_broker(qtbot, kiosk_window, device)
    section = screen.members
    type_into(qtbot, section.query, ada["number"], enter=True)
    press(qtbot, section.result_buttons[0])
    assert badge_box(section, "id_seen").isChecked() and not badge_box(section, "id_seen").isEnabled()
    assert not section.badge_reason.isVisible()
