"""Background sync: the shell's timer asks the schedule, runs a cycle on a worker thread when due, re-arms."""

from __future__ import annotations

import threading

from kiosk import mirror
from kiosk.timeutil import utcnow
from safety_kit import VOLUNTEER, VOLUNTEER_PIN, make_window, open_staff, sign_in
from sync import backoff


class Token:
    def __init__(self, token):
        self.token = token

    def get_token(self):
        return self.token


class CountingClient:
    """Records the thread each cycle ran on and succeeds, as a council answering would."""

    def __init__(self, db, token, runs):
        self.db, self.credentials, self.runs = db, Token(token), runs

    def cycle(self):
        self.runs.append(threading.current_thread().name)
        backoff.record_attempt(self.db, utcnow())
        backoff.record_success(self.db, utcnow())
        return {"ok": True, "applied": 0, "pulled": 0}


def test_background_sync_is_off_unless_asked_for(qtbot, device):
    db, settings = device
    settings["council_url"] = "http://127.0.0.1:9"
    runs = []
    window = make_window(qtbot, device, "kiosk",
                         sync_client_factory=lambda data_dir, db: CountingClient(db, "t", runs))
    qtbot.waitUntil(lambda: window.idle is not None, timeout=5000)
    assert not window.background_sync.enabled and not window.background_sync.timer.isActive()
    qtbot.wait(300)
    assert runs == []


def test_a_due_sync_runs_on_a_worker_and_the_timer_re_arms_from_the_schedule(qtbot, device):
    db, settings = device
    settings["council_url"] = "http://127.0.0.1:9"
    settings["sync_interval_seconds"] = 30
    runs = []
    window = make_window(qtbot, device, "kiosk", background_sync=True,
                         sync_client_factory=lambda data_dir, db: CountingClient(db, "token", runs))
    # Never synced: due at once (the timer waits at least a second).
    with qtbot.waitSignal(window.sync_runner.cycle_done, timeout=15000):
        pass
    assert runs == ["kiosk-sync"]
    assert "Online" in window.header.status.text()  # the header refreshed after the cycle
    # Re-armed from next_wakeup: about one interval from now, not at once again.
    timer = window.background_sync.timer
    assert timer.isActive() and 20_000 <= timer.remainingTime() <= 32_000  # (coarse timers may add 5 %)
    assert backoff.state(db)["last_sync_at"]


def test_without_a_token_nothing_is_sent_and_it_does_not_spin(qtbot, device):
    db, settings = device
    settings["council_url"] = "http://127.0.0.1:9"
    runs, asked = [], []

    def factory(data_dir, db):
        asked.append(1)
        return CountingClient(db, None, runs)

    window = make_window(qtbot, device, "kiosk", background_sync=True, sync_client_factory=factory)
    with qtbot.waitSignal(window.sync_runner.cycle_done, timeout=15000) as done:
        pass
    assert done.args[0]["skipped"] and runs == []
    assert window.background_sync.timer.remainingTime() > 30_000  # looks again in a minute


def test_a_sync_that_disables_the_signed_in_account_signs_them_out(qtbot, device):
    db, _settings = device

    class Disabling(CountingClient):
        def cycle(self):
            account = {**mirror.get(self.db, "staff.account", VOLUNTEER["id"]), "active": False, "verifier": None}
            mirror.apply_page(self.db, [{"seq": 9, "entity": "staff.account", "key": VOLUNTEER["id"],
                                          "op": "upsert", "data": account}], "v1.test.9")
            return {"ok": True}

    window = make_window(qtbot, device, "kiosk",
                         sync_client_factory=lambda data_dir, db: Disabling(db, "t", []))
    screen = open_staff(qtbot, window)
    sign_in(qtbot, screen, VOLUNTEER["name"], VOLUNTEER_PIN)
    with qtbot.waitSignal(window.staff.signed_out, timeout=15000) as out:
        screen.home_page.sync_now.click()
    assert out.args == ["disabled"] and window.on_attract
