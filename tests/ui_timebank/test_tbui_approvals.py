"""A time broker signed in at Staff approves members who joined at the kiosk; nobody else sees the list."""

from __future__ import annotations

import json

from kiosk import staff
from kiosk.staff_pins import make_verifier
from kiosk.timebank import members
from ui.screens.timebank.approvals import ApprovalsPanel

from tbui_helpers import all_texts, open_time_bank, person, press, publish

STAFF_PIN = "493817"


def staff_account(db, name: str, role: str) -> None:
    """What a pull brings when the council adds a member of staff at this hub."""
    account_id = f"staff-{role}"
    publish(db, [(staff.ENTITY, account_id, {"id": account_id, "name": name, "role": role,
                                             "hub_id": "demo-hub-sunflower", "verifier": make_verifier(STAFF_PIN),
                                             "active": True, "updated_at": "2026-11-01T09:00:00Z"})])


def test_a_broker_approves_a_new_member(qtbot, window, device):
    db = device.db
    newcomer = person(db, "Nia Newcomer", active=False)
    staff_account(db, "Bea Broker", staff.BROKER)

    home = open_time_bank(qtbot, window).current
    assert not home.tiles["approvals"].isVisible()  # a resident never sees it
    window.navigator.reset()

    window.staff.sign_in("Bea Broker", STAFF_PIN)
    screen = open_time_bank(qtbot, window)
    press(qtbot, screen.current.tiles["approvals"])
    panel = screen.current
    assert isinstance(panel, ApprovalsPanel)
    assert "Nia Newcomer" in all_texts(panel)
    button = panel.approve_buttons[newcomer["id"]]
    assert button.accessibleName() == "Approve Nia Newcomer"
    press(qtbot, button)
    assert members.get_account(db, newcomer["id"])["status"] == "active"
    assert "Nia Newcomer is now an active member." in all_texts(panel)
    assert "Nobody is waiting for approval on this device." in all_texts(panel)
    [queued] = list(db.query("select * from outbox where op_type = ?", [members.OP_APPROVE]))
    assert json.loads(queued["payload"])["approved_by"] == "staff-broker"
    assert db.execute("select count(*) from audit_log where action = ? and subject = ?",
                      [members.OP_APPROVE, newcomer["id"]]).fetchone()[0] == 1

    window.staff.sign_out("by_hand")  # the list goes with the broker
    assert not isinstance(screen.current, ApprovalsPanel)


def test_volunteers_and_kiosks_get_no_approvals(qtbot, window, kiosk_window, device):
    person(device.db, "Nia Newcomer", active=False)  # someone is waiting
    staff_account(device.db, "Val Volunteer", staff.VOLUNTEER)
    window.staff.sign_in("Val Volunteer", STAFF_PIN)
    assert not open_time_bank(qtbot, window).current.tiles["approvals"].isVisible()
    staff_account(device.db, "Bea Broker", staff.BROKER)
    kiosk_window.staff.sign_in("Bea Broker", STAFF_PIN)
    assert not open_time_bank(qtbot, kiosk_window).current.tiles["approvals"].isVisible()
