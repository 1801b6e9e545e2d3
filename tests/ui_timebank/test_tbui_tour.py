"""The time-bank steps of the demo tour run to the end and show the card with a readable QR code; with the
demo time bank and the demo staff on the device they sign in a demo member with real credits and end on the
broker's time-audit chart."""

from __future__ import annotations

from kiosk import staff
from kiosk.timebank import ledger
from kiosk.timebank.demo_data import OFFERS_AND_REQUESTS, OPPORTUNITIES, REGISTERED_BY
from kiosk.staff_pins import make_verifier
from ui.demo import DEMO_STAFF_NAME, DEMO_STAFF_PIN
from ui.screens.timebank.broker import BrokerScreen
from ui.screens.timebank.screen import TimeBankScreen
from ui.screens.timebank.tour import run_steps

from tbui_helpers import all_texts, decode_qr, publish, publish_demo_time_bank, publish_rewards

BASE_STEPS = [
    "time-bank-home", "time-bank-join-consent", "time-bank-join-check-answers", "time-bank-membership-card",
    "time-bank-member-home", "time-bank-record-check-answers", "time-bank-record-confirmation", "time-bank-board",
    "time-bank-rewards"]


def test_tour_steps(qtbot, window, device):
    publish_rewards(device.db)
    shots = {}

    def snap(name: str) -> None:
        assert name not in shots
        shots[name] = window.grab().toImage()

    run_steps(window, snap)
    assert list(shots) == BASE_STEPS  # no demo staff on this device: no broker step
    [text] = decode_qr(shots["time-bank-membership-card"])
    assert text.startswith("CKTB:") and len(text) == len("CKTB:") + 11
    assert not any(isinstance(s, TimeBankScreen) for s in window.navigator.stack)  # it ends the session


def test_tour_with_the_demo_time_bank_signs_in_a_demo_member_and_shows_the_audit_chart(qtbot, window, device):
    db = device.db
    publish_rewards(db)
    publish_demo_time_bank(db)
    publish(db, [(staff.ENTITY, "staff-demo-admin", {
        "id": "staff-demo-admin", "name": DEMO_STAFF_NAME, "role": staff.HUB_ADMIN, "hub_id": "demo-hub-sunflower",
        "verifier": make_verifier(DEMO_STAFF_PIN), "active": True, "updated_at": "2026-11-01T09:00:00Z"})])
    seen = {}

    def snap(name: str) -> None:
        current = window.navigator.current
        if name == "time-bank-member-home":
            seen["member"] = current.member
            seen["home"] = all_texts(current)
        if name == "time-bank-board":
            seen["board"] = all_texts(current)
        if name == "time-bank-broker-audit":
            assert isinstance(current, BrokerScreen)
            seen["chart"] = list(current.chart.series)
            seen["flags"] = [row.row for row in current.flags.rows]
        seen.setdefault("shots", []).append(name)

    run_steps(window, snap)
    assert seen["shots"] == [*BASE_STEPS, "time-bank-broker-audit", "time-bank-broker-flags"]
    member = seen["member"]
    assert member["registered_by"] == REGISTERED_BY  # a member of the demo time bank, not one made by the tour
    credits = ledger.balance(db, member["id"]).confirmed
    assert credits > 0 and f"Hello, {member['name']}" in seen["home"]
    titles = [o["title"] for o in OPPORTUNITIES] + [t for pair in OFFERS_AND_REQUESTS.values() for t in pair]
    assert any(title in seen["board"] for title in titles), seen["board"]  # the demo board is not empty
    assert len(seen["chart"]) >= 10 and all(hours > 0 for _month, hours in seen["chart"])  # a year of real help
    [flag] = seen["flags"]  # the demo's refused overspend at this hub
    assert flag["rejection_code"] == "insufficient_balance" and flag["payer_name"]
    assert not window.staff.active  # the broker is signed out at the end
