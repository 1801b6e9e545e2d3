"""Find help steps for the headless demo tour: search results, a detail page with its opening
status, and the take-away QR code.

``run_steps(window, snap)`` drives an open ``MainWindow`` and calls ``snap(name)`` after
each step (``ui.tour`` passes its own ``snap``). It leaves the window on the start screen
(the session ends). With an empty directory it shows what a resident would see.
"""

from __future__ import annotations

from typing import Callable


def run_steps(window, snap: Callable[[str], None]) -> None:
    from ui.screens.findhelp.screen import FindHelpScreen

    window.open("find-help")
    screen = window.navigator.current
    assert isinstance(screen, FindHelpScreen)
    home = screen.current
    home.search_edit.setText("food bank")
    home.search_button.click()
    snap("find-help-results")
    results = screen.current
    cards = list(getattr(results, "cards", {}).values())
    if cards:
        cards[0].click()
        snap("find-help-detail")
        screen.current.take_button.click()
        snap("find-help-take-away")
    window.end_session("finish")
