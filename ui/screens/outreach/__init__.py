"""The outreach worker's case list: checked-out cases with a countdown, a case, a visit record, check-in.

``outreach_screen(context)`` is the factory (route ``"outreach"`` in ``ui.screens.ROUTES``);
the staff home links to it for a signed-in member of staff who ``can(role, CHECK_OUT_CASES)``.
"""

from __future__ import annotations


def outreach_screen(context):
    from ui.screens.outreach.screen import OutreachScreen

    return OutreachScreen(context)


PURGE_MS = 60_000


def start_purge_timer(parent, db, clock=None):
    """Purge expired outreach cases now and every minute while ``parent`` (the main window) lives,
    whatever screen is open and whether or not the device is online. Returns the QTimer."""
    import sqlite3

    from PySide6.QtCore import QTimer

    from kiosk import outreach
    from kiosk.timeutil import utcnow

    clock = clock or utcnow

    def purge() -> None:
        try:
            outreach.purge_expired(db, clock())
        except sqlite3.ProgrammingError:  # the database was closed (the window is going away): stop
            timer.stop()
        except Exception:  # a busy or failing database must not stop the kiosk; the next tick tries again
            import logging

            logging.getLogger(__name__).exception("could not purge expired outreach cases")

    timer = QTimer(parent)
    timer.setObjectName("outreachPurgeTimer")
    timer.setInterval(PURGE_MS)
    timer.timeout.connect(purge)
    purge()
    timer.start()
    return timer
