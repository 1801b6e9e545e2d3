"""Every control on every screen has an accessible name and is big enough to touch."""

from __future__ import annotations

import pytest

from ui.govuk.example import example_flow
from ui.govuk.flow import FlowScreen
from ui.screens import ROUTES
from ui.theme import theme_for_mode
from kiosk import i18n
from ui_helpers import clipped_texts, interactive_widgets, make_window, settle


def describe(widget) -> str:
    return f"{type(widget).__name__} {widget.objectName()!r} text={getattr(widget, 'text', lambda: '')()!r}"


def check_screen(window, where: str, minimum: int) -> list[str]:
    problems = []
    widgets = interactive_widgets(window)
    assert widgets, f"{where}: nothing to press?"
    for widget in widgets:
        if not widget.accessibleName().strip():
            problems.append(f"{where}: {describe(widget)} has no accessible name")
        size = widget.size()
        if size.height() < minimum or size.width() < minimum:
            problems.append(f"{where}: {describe(widget)} is {size.width()}x{size.height()}, under {minimum}px")
    return problems


def tour_screens(window):
    """Yield (name) after putting each screen a resident can reach on show."""
    if window.on_attract:
        yield "attract"
        window.start_session()
    yield "start"
    for route in ROUTES:
        window.open(route)
        settle()
        yield route
        window.back()
    flow = FlowScreen(example_flow())
    window.navigator.push(flow)
    for page in flow.question_pages:
        settle()
        yield f"question {page.question.key}"
        page.continue_button.click()  # with the error showing
        settle()
        yield f"question {page.question.key} with error"
        page.set_value({"name": "A", "phone": "020 7946 0000", "time": "morning", "message": False}.get(
            page.question.key, None) if page.question.key != "day" else __import__("datetime").date(2099, 1, 1))
        page.continue_button.click()
    settle()
    yield "check answers"
    flow.check_page.submit_button.click()
    settle()
    yield "confirmation"


@pytest.mark.parametrize("mode", ["assisted", "kiosk"])
def test_every_control_is_named_and_big_enough(qtbot, device, mode):
    window = make_window(qtbot, device, mode)
    minimum = theme_for_mode(mode).touch_target
    problems = []
    visited = []
    for name in tour_screens(window):
        visited.append(name)
        problems += check_screen(window, name, minimum)
    assert "confirmation" in visited and "check answers" in visited
    assert not problems, "\n".join(problems)


def test_largest_text_keeps_targets_at_least_the_minimum(qtbot, device):
    window = make_window(qtbot, device, "kiosk")
    window.start_session()
    window.set_text_size(150)
    settle()
    assert not check_screen(window, "start at 150%", theme_for_mode("kiosk").touch_target)


@pytest.mark.parametrize("language", ["en", "pt"])
def test_nothing_is_cut_off_at_the_largest_text_size(qtbot, device, language):
    window = make_window(qtbot, device, "kiosk")
    window.start_session(language)
    window.set_text_size(150)
    settle()
    problems = clipped_texts(window)
    flow = FlowScreen(example_flow())
    window.navigator.push(flow)
    flow.current_page.continue_button.click()  # error summary and message showing
    settle()
    problems += clipped_texts(window)
    assert i18n.current_language() == language
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scale", [100, 150])
def test_attract_screen_shows_every_language_whole_and_apart(qtbot, device, scale):
    _db, settings = device
    settings["text_scale_percent"] = scale  # the size a new session starts in, and the attract screen
    window = make_window(qtbot, device, "kiosk")
    assert window.on_attract
    settle()
    attract = window.attract
    buttons = list(attract.language_buttons.values())
    assert len(buttons) == 7
    assert not clipped_texts(attract)
    frames = [button.geometry().translated(button.parentWidget().mapTo(attract, button.pos()) - button.pos())
              for button in buttons]
    for index, frame in enumerate(frames):
        assert attract.rect().contains(frame), (buttons[index].text(), frame, attract.rect())
        assert frame.height() >= theme_for_mode("kiosk").touch_target
        for other in frames[index + 1:]:
            assert not frame.intersects(other), (frame, other)
