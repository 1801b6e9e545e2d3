"""Find help: search the signposting directory, see a service, take it away, report a problem.

``find_help_screen(context)`` is the factory ``ui.screens.ROUTES["find-help"]`` uses.
Listings are read only through ``kiosk.directory.query``; what goes to the council
(problem reports, anonymous usage counts) through ``kiosk.directory.feedback_ops``.
"""

from __future__ import annotations


def find_help_screen(context):
    from ui.screens.findhelp.screen import FindHelpScreen

    return FindHelpScreen(context)
