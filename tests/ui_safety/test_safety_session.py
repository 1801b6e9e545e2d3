"""The resident session: timeout warning with a live countdown and Continue; "How did we do?" after Finish."""

from __future__ import annotations

import json

from sync.server.ops_feedback import RatingPayload
from safety_kit import press, settle
from ui_helpers_safety import visible_texts


def idle_soon(qtbot, window, milliseconds: int) -> None:
    qtbot.waitUntil(lambda: window.idle is not None, timeout=5000)  # armed after the first paint
    window.idle.timer.setInterval(milliseconds)
    window.idle.poke()


def queued_ratings(db) -> list[dict]:
    return [json.loads(row["payload"]) for row in db.query(
        "select payload from outbox where op_type = 'feedback.rating' order by seq")]


def test_warning_counts_down_and_continue_keeps_the_session(qtbot, kiosk_window):
    window = kiosk_window
    window.start_session()
    window.open("council-tax")
    screen = window.navigator.current
    idle_soon(qtbot, window, 8000)  # a 2-second warning (a quarter of the idle time) ...
    window.idle.idle.emit()  # ... and the idle time is over now rather than in 8 s
    warning = window.timeout_warning
    assert warning.isVisible()
    first = warning.countdown.text()
    assert first == "We will clear your answers in 2 seconds for your privacy."
    assert warning.continue_button.hasFocus()
    qtbot.waitUntil(lambda: warning.countdown.text() != first, timeout=1500)  # it counts down live
    assert warning.countdown.text() == "We will clear your answers in 1 second for your privacy."
    press(qtbot, warning.continue_button)
    assert not warning.isVisible()
    assert window.navigator.current is screen and not window.on_attract
    qtbot.wait(1200)  # the old countdown would have run out by now
    assert window.navigator.current is screen and not window.on_attract


def test_nobody_answers_the_warning_so_the_session_is_wiped(qtbot, kiosk_window):
    window = kiosk_window
    window.start_session()
    window.open("find-help")
    idle_soon(qtbot, window, 400)
    with qtbot.waitSignal(window.session_ended, timeout=5000) as ended:
        pass
    assert ended.args == ["timeout"]
    assert window.on_attract and window.navigator.depth() == 1
    assert not window.timeout_warning.isVisible()


def test_on_a_laptop_the_session_ends_on_the_start_screen(qtbot, window):
    window.open("find-help")
    idle_soon(qtbot, window, 400)
    with qtbot.waitSignal(window.session_ended, timeout=5000):
        pass
    assert window.current_screen() is window.start_screen and window.isVisible()


def test_quick_exit_stays_one_tap_and_cancels_a_pending_warning(qtbot, kiosk_window):
    window = kiosk_window
    window.start_session()
    window.open("find-help")
    idle_soon(qtbot, window, 20000)
    window.idle.idle.emit()  # as if the idle time were over: the warning shows
    warning = window.timeout_warning
    assert warning.isVisible()
    # The warning covers the page but not the footer: Quick exit is still right there.
    footer_top = window.footer.mapTo(window, window.footer.rect().topLeft()).y()
    assert warning.geometry().bottom() < footer_top
    press(qtbot, window.footer.quick_exit)
    assert window.on_attract and not window.timeout_warning.isVisible()
    assert not window.timeout_warning.deadline.isActive()


def test_finish_asks_how_did_we_do_and_one_tap_records_the_rating(qtbot, kiosk_window, device):
    from ui.screens.feedback import FeedbackScreen

    db, _settings = device
    window = kiosk_window
    window.start_session()
    window.open("council-tax")
    press(qtbot, window.footer.finish)
    screen = window.navigator.current
    assert isinstance(screen, FeedbackScreen)
    assert "How did we do?" in visible_texts(screen)
    assert not window.footer.back.isVisible()  # the task's screens are gone already
    assert window.navigator.depth() == 2
    press(qtbot, screen.rating_buttons[5])
    assert window.on_attract
    [payload] = queued_ratings(db)
    assert set(payload) == {"rating_id", "task_family", "rating", "reason", "rated_at"}
    assert (payload["task_family"], payload["rating"], payload["reason"]) == ("counciltax", 5, None)
    RatingPayload.model_validate(payload)  # exactly what the council accepts


def test_a_low_rating_offers_reasons_from_a_list(qtbot, window, device):
    db, _settings = device
    window.open("time-bank")
    press(qtbot, window.footer.finish)
    screen = window.navigator.current
    press(qtbot, screen.rating_buttons[2])
    assert queued_ratings(db) == []  # not yet: a reason may come
    assert "What was the main problem? (optional)" in visible_texts(screen)
    press(qtbot, screen.reason_buttons["took_too_long"])
    assert window.current_screen() is window.start_screen
    [payload] = queued_ratings(db)
    assert (payload["task_family"], payload["rating"], payload["reason"]) == ("timebank", 2, "took_too_long")
    RatingPayload.model_validate(payload)


def test_skipping_the_rating_is_one_tap_and_records_nothing(qtbot, kiosk_window, device):
    db, _settings = device
    window = kiosk_window
    window.start_session()
    window.open("find-help")
    press(qtbot, window.footer.finish)
    press(qtbot, window.navigator.current.skip)
    assert window.on_attract
    assert queued_ratings(db) == []
    settle()


def test_finish_without_a_task_ends_at_once(qtbot, kiosk_window, device):
    window = kiosk_window
    window.start_session()
    press(qtbot, window.footer.finish)
    assert window.on_attract
    assert queued_ratings(device[0]) == []


def test_text_boxes_ask_the_on_screen_keyboard_not_to_learn(qtbot, window):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    window.open("council-tax")
    screen = window.navigator.current
    screen.current.tiles["progress"].click()  # a page made on demand, with a text box
    settle()
    [edit] = [e for e in screen.findChildren(QLineEdit) if e.isVisibleTo(window)][:1]
    edit.setFocus(Qt.FocusReason.MouseFocusReason)
    settle()
    hints = edit.inputMethodHints()
    assert hints & Qt.InputMethodHint.ImhSensitiveData
    assert hints & Qt.InputMethodHint.ImhNoPredictiveText


def test_the_keyboards_learned_words_go_at_session_end(qtbot, kiosk_window, tmp_path, monkeypatch):
    from ui import keyboard

    learned = tmp_path / "qtvirtualkeyboard"
    (learned / "en_GB").mkdir(parents=True)
    (learned / "en_GB" / "userdictionary.txt").write_text("Zebedee\n")
    monkeypatch.setattr(keyboard, "learned_words_folder", lambda: learned)
    monkeypatch.setenv(keyboard.IM_MODULE_ENV, keyboard.VIRTUAL_KEYBOARD)  # the on-screen keyboard is in use
    window = kiosk_window
    window.start_session()
    window.open("find-help")
    press(qtbot, window.footer.quick_exit)
    assert not learned.exists()
