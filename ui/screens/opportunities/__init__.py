"""The time bank's board: offers, requests, organisations' opportunities, "Matched for you", the shortlist.

``opportunities_screen(context, member=None)`` is the factory behind the route
``opportunities``; ``member`` (an account dict, account id or member number) is
the signed-in member: it adds "Matched for you", "My shortlist" and posting.
``open_for_member(widget, context, member)`` pushes the screen for a signed-in
member from inside another screen (the time-bank member home).
"""

from __future__ import annotations

from typing import Any


def opportunities_screen(context, member: Any = None):
    from ui.screens.opportunities.screen import OpportunitiesScreen

    return OpportunitiesScreen(context, member=member)


def open_for_member(widget, context, member: Any):
    """Open the board for ``member`` on top of the current screen (Back returns to it).

    ``widget``: any widget of the window (its ``window()`` has the navigator).
    The navigator's session reset wipes the board and forgets the member with
    every other screen of the session.
    """
    window = widget.window()
    screen = opportunities_screen(context, member=member)
    if hasattr(window, "open"):
        screen.navigate.connect(window.open)
    window.navigator.push(screen)
    return screen
