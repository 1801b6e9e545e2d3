"""The staff area of the kiosk: PIN sign-in, sync status and quarantine, leaving kiosk mode.

``staff_screen(context)`` is the factory ``ui.screens.ROUTES["staff"]`` uses; the
context carries the window's ``StaffController`` and ``SyncRunner``.
"""

from __future__ import annotations


def staff_screen(context):
    from ui.screens.staff.screen import StaffScreen

    return StaffScreen(context)
