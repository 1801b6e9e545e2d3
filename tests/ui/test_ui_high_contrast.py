"""The high-contrast switch in the header: on at any time, kept while moving on, gone with the session."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from ui.theme import HIGH_CONTRAST, KIOSK, active_colours
from ui_helpers import settle


def page_colour(window) -> str:
    """The colour of the page just inside the current screen's top left corner."""
    settle()
    corner = window.navigator.mapTo(window, QPoint(4, 4))
    return QColor(window.grab().toImage().pixel(corner)).name()


def test_high_contrast_switch_turns_the_page_black_and_back(qtbot, window):
    assert page_colour(window) == KIOSK.colours.background
    button = window.header.high_contrast
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.isChecked() and window.high_contrast
    assert page_colour(window) == HIGH_CONTRAST.background
    assert active_colours() == HIGH_CONTRAST  # what the time audit chart paints with
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not button.isChecked()
    assert page_colour(window) == KIOSK.colours.background


def test_high_contrast_stays_on_across_screens_and_text_sizes(qtbot, window):
    qtbot.mouseClick(window.header.high_contrast, Qt.MouseButton.LeftButton)
    window.open("find-help")
    assert page_colour(window) == HIGH_CONTRAST.background
    qtbot.mouseClick(window.header.text_size_buttons[150], Qt.MouseButton.LeftButton)
    assert page_colour(window) == HIGH_CONTRAST.background and window.header.high_contrast.isChecked()


def test_session_end_puts_the_next_resident_back_to_standard_colours(qtbot, kiosk_window):
    window = kiosk_window
    window.start_session()
    qtbot.mouseClick(window.header.high_contrast, Qt.MouseButton.LeftButton)
    window.open("time-bank")
    window.quick_exit()
    window.start_session()
    assert not window.high_contrast and not window.header.high_contrast.isChecked()
    assert page_colour(window) == KIOSK.colours.background
    assert active_colours() == KIOSK.colours


def test_the_time_out_box_follows_high_contrast(qtbot, window):
    qtbot.mouseClick(window.header.high_contrast, Qt.MouseButton.LeftButton)
    window.open("time-bank")
    window.timeout_warning.start(5000)
    settle()
    box = window.timeout_warning.box
    inside = box.mapTo(window, QPoint(box.width() // 2, 12))
    assert QColor(window.grab().toImage().pixel(inside)).name() == HIGH_CONTRAST.background
    window.timeout_warning.cancel()
