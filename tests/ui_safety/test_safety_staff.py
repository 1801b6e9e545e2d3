"""Staff sign-in on screen: refusals and lock-out, roles, inactivity sign-out, sync status, Sync now, quarantine."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt

from kiosk import audit, outbox
from kiosk.staff import MAX_FAILURES
from safety_kit import ADMIN, ADMIN_PIN, VOLUNTEER, VOLUNTEER_PIN, open_staff, press, sign_in
from ui_helpers_safety import visible_texts


def test_wrong_pins_show_the_refusal_then_the_lock_out_with_its_time(qtbot, window, device):
    db, _settings = device
    screen = open_staff(qtbot, window)
    page = screen.sign_in_page
    for attempt in range(MAX_FAILURES):
        sign_in(qtbot, screen, VOLUNTEER["name"], f"90817{attempt}62")
        assert not window.staff.active
        assert page.pin.text() == ""  # a PIN never stays in the box
    texts = visible_texts(screen)
    assert "That staff name or PIN is not right." in texts
    # The next try, even with the right PIN, is refused without checking: locked for 5 minutes.
    sign_in(qtbot, screen, VOLUNTEER["name"], VOLUNTEER_PIN)
    assert not window.staff.active
    texts = " ".join(visible_texts(screen))
    assert "Too many wrong PINs for this account. Try again in 5 minutes" in texts
    assert "Sign-in is locked. It opens again at" in texts
    assert not page.sign_in_button.isEnabled()
    actions = [e["action"] for e in audit.entries(db)]
    assert actions.count("staff.sign_in_failed") == MAX_FAILURES
    assert "staff.locked_out" in actions and "staff.sign_in" not in actions


def test_an_empty_form_gets_a_message_and_nothing_is_audited(qtbot, window, device):
    db, _settings = device
    screen = open_staff(qtbot, window)
    press(qtbot, screen.sign_in_page.sign_in_button)
    assert "Enter your staff name or number and your PIN." in visible_texts(screen)
    assert audit.entries(db) == []


def test_home_depends_on_role_and_sign_out_by_hand_returns_to_sign_in(qtbot, kiosk_window, device):
    db, _settings = device
    window = kiosk_window
    screen = open_staff(qtbot, window)
    sign_in(qtbot, screen, ADMIN["id"], ADMIN_PIN)  # by staff number too
    home = screen.home_page
    assert "Signed in as Ada Admin (Hub admin)" in visible_texts(screen)
    assert home.leave_kiosk.isVisible() and home.quarantine_button.isVisible()
    assert home.outreach.isVisible()  # a hub admin may check out outreach cases
    with qtbot.waitSignal(screen.navigate, timeout=2000) as opened:
        home.outreach.click()
    assert opened.args == ["outreach"]
    window.back()
    assert window.navigator.current is screen
    assert screen.sign_in_page.who.text() == ""
    press(qtbot, home.sign_out)
    assert not window.staff.active and screen.sign_in_page.isVisible()
    sign_in(qtbot, screen, VOLUNTEER["name"], VOLUNTEER_PIN)
    assert home.quarantine_button.isVisible() and not home.leave_kiosk.isVisible()
    assert not home.outreach.isVisible()
    reasons = [e["subject"] for e in audit.entries(db) if e["action"] == "staff.sign_out"]
    assert reasons == ["by_hand"]


def test_staff_left_alone_are_signed_out_and_the_kiosk_goes_back_to_attract(qtbot, kiosk_window, device):
    db, _settings = device
    window = kiosk_window
    now = [datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)]
    window.staff.clock = lambda: now[0]
    screen = open_staff(qtbot, window)
    sign_in(qtbot, screen, ADMIN["name"], ADMIN_PIN)
    now[0] += timedelta(seconds=500)
    qtbot.mouseClick(screen, Qt.MouseButton.LeftButton)
    window.staff.check()  # a tap 500 s in: still signed in, the countdown starts again
    assert window.staff.active
    now[0] += timedelta(seconds=599)
    window.staff.check()
    assert window.staff.active
    now[0] += timedelta(seconds=2)
    with qtbot.waitSignal(window.session_ended, timeout=2000) as ended:
        window.staff.check()
    assert ended.args == ["timeout"] and not window.staff.active and window.on_attract
    reasons = [e["subject"] for e in audit.entries(db) if e["action"] == "staff.sign_out"]
    assert reasons == ["inactivity"]


def test_quick_exit_signs_staff_out(qtbot, kiosk_window, device):
    window = kiosk_window
    screen = open_staff(qtbot, window)
    sign_in(qtbot, screen, VOLUNTEER["name"], VOLUNTEER_PIN)
    press(qtbot, window.footer.quick_exit)
    assert window.on_attract and not window.staff.active
    window.start_session()
    again = open_staff(qtbot, window)
    assert again.sign_in_page.isVisible()  # the next person must sign in again


class GatedClient:
    """A sync client whose cycle waits for the test: proves the window keeps working meanwhile."""

    def __init__(self, db, gate: threading.Event, calls: list):
        self.db, self.gate, self.calls = db, gate, calls

    def cycle(self):
        self.calls.append(threading.current_thread().name)
        assert self.gate.wait(10)
        from sync import backoff

        backoff.record_success(self.db, datetime(2026, 11, 22, 9, 30, tzinfo=timezone.utc))
        return {"ok": True, "applied": 2, "pulled": 5, "rejected": 0, "conflicts": 0}


def test_sync_now_runs_on_a_worker_thread_and_refreshes_the_status(qtbot, device, request):
    from safety_kit import make_window

    gate, calls = threading.Event(), []
    request.addfinalizer(gate.set)  # a failing test must not leave the worker waiting
    window = make_window(qtbot, device, "assisted",
                         sync_client_factory=lambda data_dir, db: GatedClient(db, gate, calls))
    screen = open_staff(qtbot, window)
    sign_in(qtbot, screen, VOLUNTEER["name"], VOLUNTEER_PIN)
    home = screen.home_page
    assert "Last successful sync: Never" in visible_texts(screen)
    press(qtbot, home.sync_now)
    qtbot.waitUntil(lambda: bool(calls), timeout=5000)
    # The cycle is blocked on another thread and the window still answers.
    assert calls == ["kiosk-sync"]
    assert not home.sync_now.isEnabled() and home.sync_now.text() == "Syncing…"
    press(qtbot, home.quarantine_button)
    assert screen.quarantine_page.isVisible()
    press(qtbot, screen.quarantine_page.back_button)
    gate.set()
    qtbot.waitUntil(lambda: home.sync_now.isEnabled(), timeout=5000)
    texts = visible_texts(screen)
    assert "Sync finished: 2 sent, 5 received, 0 refused." in texts
    assert "Last successful sync: 22 Nov 2026 09:30" in texts  # Europe/London (GMT in November)
    assert "sync.sync_now" in [e["action"] for e in audit.entries(device[0])]


def test_a_sync_result_is_not_shown_to_the_next_session(qtbot, device, request):
    from safety_kit import make_window

    gate, calls = threading.Event(), []
    request.addfinalizer(gate.set)  # a failing test must not leave the worker waiting
    window = make_window(qtbot, device, "kiosk",
                         sync_client_factory=lambda data_dir, db: GatedClient(db, gate, calls))
    screen = open_staff(qtbot, window)
    sign_in(qtbot, screen, VOLUNTEER["name"], VOLUNTEER_PIN)
    press(qtbot, screen.home_page.sync_now)
    qtbot.waitUntil(lambda: bool(calls), timeout=5000)
    shown = []
    window.sync_runner.session_result.connect(shown.append)
    press(qtbot, window.footer.quick_exit)
    with qtbot.waitSignal(window.sync_runner.cycle_done, timeout=5000):
        gate.set()
    assert shown == []  # dropped: it belonged to the session that ended
    assert "Last sync" in window.header.status.text()  # the shell's status did refresh


def test_quarantine_lists_type_time_and_reason_never_the_payload(qtbot, window, device):
    db, _settings = device
    with db.atomic():
        op_id = outbox.enqueue(db, "feedback.rating", {"rating_id": "r-1", "rating": 9, "note": "SECRET-PAYLOAD"})
    db.execute("update outbox set state = 'rejected', created_at = '2026-07-01T08:05:00.000000Z', reason = ? "
               "where op_id = ?", ['{"status":"rejected","code":"invalid_payload","message":"rating: too big"}', op_id])
    screen = open_staff(qtbot, window)
    sign_in(qtbot, screen, VOLUNTEER["name"], VOLUNTEER_PIN)
    assert "1 item refused by the council (quarantine)" in visible_texts(screen)
    press(qtbot, screen.home_page.quarantine_button)
    texts = visible_texts(screen)
    assert "Rating (feedback.rating)" in texts
    assert "Made on this device: 01 Jul 2026 09:05" in texts  # British Summer Time
    assert "Reason: invalid_payload – rating: too big" in texts
    assert not any("SECRET-PAYLOAD" in text for text in texts)
    assert "sync.view_quarantine" in [e["action"] for e in audit.entries(db)]
