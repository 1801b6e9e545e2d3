"""Every screen the demo tour visits, as a resident who reads Somali at the largest text size
and in high contrast would meet it: nothing cut off, every control named and big enough to
touch in kiosk mode. (Contrast of every token pair: test_ui_theme.py; focus order on the same
screens: test_ui_keyboard.py.)"""

from __future__ import annotations

from kiosk import i18n
from ui.theme import TEXT_SIZES, theme_for_mode
from ui_helpers import clipped_texts, interactive_widgets, make_window, settle, walk_the_tour

TOUR_SHOTS_THAT_MUST_BE_CHECKED = {
    "council-tax-calculator", "find-help-results", "find-help-detail", "time-bank-member-home",
    "time-bank-rewards", "how-did-we-do",
}


def tour_problems(window, name: str, minimum: int) -> list[str]:
    problems = [f"{name}: {problem}" for problem in clipped_texts(window)]
    for widget in interactive_widgets(window):
        label = f"{type(widget).__name__} {widget.objectName()!r} {getattr(widget, 'text', lambda: '')()!r}"
        if not widget.accessibleName().strip():
            problems.append(f"{name}: {label} has no accessible name")
        if min(widget.width(), widget.height()) < minimum:
            problems.append(f"{name}: {label} is {widget.width()}x{widget.height()}, under {minimum}px")
    return problems


def test_somali_at_the_largest_text_size_on_every_tour_screen(qtbot, device_with_members):
    """In high contrast: colours change nothing of the layout, so one walk covers both schemes."""
    window = make_window(qtbot, device_with_members, "kiosk")
    minimum = theme_for_mode("kiosk").touch_target
    largest = max(TEXT_SIZES)
    visited: list[str] = []
    problems: list[str] = []

    def choose() -> None:
        i18n.set_language("so")
        window.set_text_size(largest)
        window.set_high_contrast(True)

    def start() -> None:
        window.start_session()
        choose()

    def check(name: str) -> None:
        settle()
        if window.on_attract:
            return
        # Some steps end a session and start the next one (back to the device's defaults):
        # the resident there chooses Somali, the largest text and their colours again.
        choose()
        settle()
        visited.append(name)
        problems.extend(tour_problems(window, name, minimum))

    walk_the_tour(window, check, start)
    assert TOUR_SHOTS_THAT_MUST_BE_CHECKED <= set(visited), visited
    assert not problems, "\n".join(problems)
