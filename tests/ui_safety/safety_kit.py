"""Helpers for the safety UI tests (imported by name; conftest modules are not importable reliably)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea

from kiosk import mirror
from kiosk.staff_pins import make_verifier

WINDOW_SIZE = (1280, 960)
ADMIN_PIN, VOLUNTEER_PIN = "40271895", "58203714"
ADMIN = {"id": "staff-admin-1", "name": "Ada Admin", "role": "hub_admin"}
VOLUNTEER = {"id": "staff-vol-1", "name": "Vic Volunteer", "role": "volunteer"}


@lru_cache(maxsize=None)
def verifier(pin: str) -> str:
    return make_verifier(pin)  # scrypt: slow on purpose, so made once per PIN


def add_staff_accounts(db) -> None:
    """The hub's staff as a pull from the council would leave them (verifiers only)."""
    changes = []
    for seq, (account, pin) in enumerate(((ADMIN, ADMIN_PIN), (VOLUNTEER, VOLUNTEER_PIN)), start=1):
        data = {**account, "hub_id": "hub-1", "verifier": verifier(pin), "active": True,
                "updated_at": "2026-11-22T08:00:00.000000Z"}
        changes.append({"seq": seq, "entity": "staff.account", "key": account["id"], "op": "upsert", "data": data})
    assert mirror.apply_page(db, changes, "v1.test.2")


def store_council_key(db):
    """The device knows a council public key (as after enrolment); returns the private key."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from kiosk import sealing

    private = X25519PrivateKey.generate()
    assert sealing.store_public_key(db, sealing.public_key_text(private.public_key()))
    return private


def settle(rounds: int = 3) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def flush_deletes() -> None:
    """Run the deferred deletes the event loop would run next (screens dropped at session end)."""
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()


def make_window(qtbot, device, mode: str, **kwargs):
    from ui.main_window import MainWindow

    db, settings = device
    window = MainWindow(db, settings, mode=mode, **kwargs)
    qtbot.addWidget(window, before_close_func=allow_close)
    window.resize(*WINDOW_SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    if mode == "kiosk":
        window.lock_down()  # as show_for_mode() does on a real kiosk
    settle()
    return window


def allow_close(window) -> None:
    """Test teardown only: a kiosk window refuses to close, so let it (as a hub admin would)."""
    window._may_close = True
    window.background_sync.stop()
    window.sync_runner.wait()


def press(qtbot, button: QAbstractButton) -> None:
    """A tap: scrolled into view first; a real mouse click where the offscreen screen (800 x 800)
    has the point, else ``click()``."""
    assert button.isVisible() and button.isEnabled(), button.text()
    parent = button.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(button, 0, 0)
        settle()
    centre = button.mapToGlobal(button.rect().center())
    if button.screen().geometry().contains(centre):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    else:
        button.click()
    settle()


def open_staff(qtbot, window):
    from ui.screens.staff.screen import StaffScreen

    if window.on_attract:
        window.start_session()
    press(qtbot, window.start_screen.staff)
    screen = window.navigator.current
    assert isinstance(screen, StaffScreen)
    return screen


def sign_in(qtbot, screen, who: str, pin: str) -> None:
    page = screen.sign_in_page
    page.who.setFocus()
    page.who.clear()
    qtbot.keyClicks(page.who, who)
    page.pin.setFocus()
    qtbot.keyClicks(page.pin, pin)
    press(qtbot, page.sign_in_button)
