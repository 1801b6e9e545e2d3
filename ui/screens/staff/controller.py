"""The signed-in member of staff: one ``StaffSession`` for the whole window, with its inactivity timer.

``kiosk.staff`` does the checking (PIN verifiers, lock-out, audit); this keeps
the session, touches it on every key or tap while it is open, and signs it out
by hand, after ``staff_idle_timeout_seconds`` without input, when a sync brings
the account's disabling, or when the resident session ends.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication
from sqlite_utils import Database

from kiosk import audit, staff
from kiosk.i18n import _
from kiosk.staff import SignInRefused, StaffSession
from kiosk.timeutil import utcnow

log = logging.getLogger(__name__)

CHECK_MS = 5000  # how often an open session is checked for inactivity and disabling
_INPUT = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel}


class StaffController(QObject):
    signed_in = Signal()
    signed_out = Signal(str)  # reason: by_hand | inactivity | disabled | session_end
    leave_kiosk_requested = Signal()

    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.clock = clock
        self.session: StaffSession | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self._filtering = False

    # Signing in and out --------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.session is not None

    def sign_in(self, who: str, pin: str) -> StaffSession:
        """Raises ``SignInRefused`` with a translated ``message`` (wrong PIN, locked out, ...)."""
        if self.session is not None:
            self.sign_out("by_hand")
        session = staff.sign_in(self.db, who, pin, self.clock())
        self.session = session
        self.timer.start()
        app = QApplication.instance()
        if app is not None and not self._filtering:
            app.installEventFilter(self)
            self._filtering = True
        self.signed_in.emit()
        return session

    def sign_out(self, reason: str = "by_hand") -> None:
        session, self.session = self.session, None
        self.timer.stop()
        if self._filtering:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._filtering = False
        if session is None:
            return
        try:
            staff.sign_out(self.db, session, self.clock(), reason=reason)
        except Exception:  # the audit write failed (disk full?): the session is over all the same
            log.exception("could not record the staff sign-out")
        self.signed_out.emit(reason)

    def can(self, permission: str) -> bool:
        return self.session is not None and self.session.can(permission)

    def record(self, action: str, subject: str = "") -> None:
        """Audit a staff action of the signed-in member of staff (ids only, never a resident's name)."""
        if self.session is None:
            return
        audit.record(self.db, self.session.staff_id, action, subject, at=self.clock())

    def check(self) -> None:
        """Sign out an expired session, or one whose account the council has disabled."""
        if self.session is None:
            return
        if self.session.expired(self.clock()):
            self.sign_out("inactivity")
        elif not staff.still_active(self.db, self.session):
            self.sign_out("disabled")

    def request_leave_kiosk_mode(self) -> bool:
        """The hidden exit: only a role allowed to ``leave_kiosk_mode`` gets it."""
        if self.session is None or self.session.expired(self.clock()) or not self.can(staff.LEAVE_KIOSK_MODE):
            return False
        self.record("staff.leave_kiosk_mode", self.session.staff_id)
        self.leave_kiosk_requested.emit()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.session is not None and event.type() in _INPUT:
            self.session.touch(self.clock())
        return False


def role_name(role: str) -> str:
    names = {
        staff.VOLUNTEER: _("Volunteer"),
        staff.BROKER: _("Time broker"),
        staff.OUTREACH: _("Outreach worker"),
        staff.HUB_ADMIN: _("Hub admin"),
    }
    return names.get(role, role)


__all__ = ["SignInRefused", "StaffController", "role_name"]
