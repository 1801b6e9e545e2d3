"""Kiosk mode: Escape, Alt+F4, Ctrl+W and window-close requests do nothing; a hub admin's PIN lets staff out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication

from kiosk import audit
from safety_kit import ADMIN, ADMIN_PIN, allow_close, VOLUNTEER, VOLUNTEER_PIN, open_staff, press, settle, sign_in

ESCAPING_KEYS = [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
]


def try_to_escape(qtbot, window) -> None:
    """Every way a keyboard or the window manager asks a window to go away."""
    target = QApplication.focusWidget() or window
    for key, modifiers in ESCAPING_KEYS:
        qtbot.keyClick(target, key, modifiers)
    close = QCloseEvent()
    QApplication.sendEvent(window, close)
    assert not close.isAccepted()
    assert window.close() is False
    window.windowHandle().close()  # what the window manager's close button does
    settle()


def test_keys_and_close_requests_do_not_leave_kiosk_mode(qtbot, kiosk_window):
    window = kiosk_window
    try_to_escape(qtbot, window)  # on the attract screen
    assert window.isVisible() and window.on_attract
    window.start_session()
    window.open("staff")  # even on the staff sign-in page, without a PIN
    page = window.navigator.current.sign_in_page
    page.who.setFocus()
    qtbot.keyClicks(page.who, "someone")
    try_to_escape(qtbot, window)
    assert window.isVisible() and not window.on_attract
    assert page.who.text() == "someone"  # Escape did not even reach the field


def test_escape_still_works_on_a_laptop(qtbot, window):
    # Only kiosk mode is locked down: an assisted laptop closes like any window.
    window.show_for_mode()
    assert window.key_guard is None and not window.locked_down
    assert window.close() is True


def test_showing_a_kiosk_as_a_kiosk_locks_it_down(qtbot, device):
    from ui.main_window import MainWindow

    db, settings = device
    window = MainWindow(db, settings, mode="kiosk")
    qtbot.addWidget(window, before_close_func=allow_close)
    assert not window.locked_down  # built, not yet a kiosk (tests, the tour)
    window.show_for_mode()
    qtbot.waitExposed(window)
    assert window.locked_down and window.key_guard is not None
    assert window.close() is False and window.isVisible()


def test_a_volunteer_cannot_leave_kiosk_mode(qtbot, kiosk_window):
    window = kiosk_window
    screen = open_staff(qtbot, window)
    sign_in(qtbot, screen, VOLUNTEER["name"], VOLUNTEER_PIN)
    assert window.staff.active and screen.pages.currentWidget() is screen.home_page
    assert not screen.home_page.leave_kiosk.isVisible()
    assert window.staff.request_leave_kiosk_mode() is False
    try_to_escape(qtbot, window)
    assert window.isVisible()


def test_a_hub_admin_pin_leaves_kiosk_mode_and_it_is_audited(qtbot, kiosk_window, device):
    db, _settings = device
    window = kiosk_window
    screen = open_staff(qtbot, window)
    sign_in(qtbot, screen, ADMIN["name"], "11112222")  # a wrong PIN first: still locked in
    assert not window.staff.active
    try_to_escape(qtbot, window)
    assert window.isVisible()
    sign_in(qtbot, screen, ADMIN["name"], ADMIN_PIN)
    assert screen.home_page.leave_kiosk.isVisible()
    press(qtbot, screen.home_page.leave_kiosk)
    assert not window.isVisible()
    actions = [(e["actor"], e["action"]) for e in audit.entries(db)]
    assert (ADMIN["id"], "staff.leave_kiosk_mode") in actions
    assert actions.index((ADMIN["id"], "staff.sign_in")) < actions.index((ADMIN["id"], "staff.leave_kiosk_mode"))
    # The key guard is gone with it: Escape reaches other windows of the desktop again.
    assert window.key_guard is None


def test_five_quick_taps_on_the_hub_name_open_the_staff_sign_in(qtbot, kiosk_window):
    from ui.screens.staff.screen import StaffScreen

    window = kiosk_window
    window.start_session()
    settle()
    for _tap in range(4):
        qtbot.mouseClick(window.header.hub, Qt.MouseButton.LeftButton)
    assert not isinstance(window.navigator.current, StaffScreen)  # four are not enough
    qtbot.mouseClick(window.header.hub, Qt.MouseButton.LeftButton)
    assert isinstance(window.navigator.current, StaffScreen)
    assert window.navigator.current.sign_in_page.isVisible()
