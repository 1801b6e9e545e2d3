"""The header's language and display controls: on one line when they fit, else folded behind a
"Language and display" toggle so the page keeps the screen (Somali at the largest text size)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk import i18n
from kiosk.i18n import _
from ui.theme import theme_for_mode
from keyboard_helpers import activate, focused, reading_order_problems, tab
from ui_helpers import clipped_texts, settle

MOST_OF_THE_WINDOW_FOR_THE_PAGE = 0.30  # the header may take at most this share of the height


def controls(header) -> list:
    return [header.language, *header.text_size_buttons.values(), header.high_contrast]


def in_somali_at_largest(window) -> None:
    i18n.set_language("so")
    window.set_text_size(150)
    settle()


def test_somali_at_largest_text_folds_controls_behind_a_toggle(qtbot, kiosk_window):
    window, header = kiosk_window, kiosk_window.header
    window.start_session()
    in_somali_at_largest(window)
    toggle = header.display_toggle
    assert toggle.isVisible() and not toggle.isChecked()
    assert not any(widget.isVisible() for widget in controls(header))
    assert header.height() <= MOST_OF_THE_WINDOW_FOR_THE_PAGE * window.height(), header.height()
    # A big, named kiosk target that says what it hides.
    assert min(toggle.width(), toggle.height()) >= theme_for_mode("kiosk").touch_target
    assert toggle.accessibleName() == _("Language and display")
    assert toggle.accessibleDescription() == _("Shows or hides the language, text size and colour choices")
    assert toggle.accessibleDescription() != "Shows or hides the language, text size and colour choices"  # in Somali
    assert not clipped_texts(header)
    folded_height = header.height()

    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    settle()
    assert toggle.isChecked() and all(widget.isVisible() for widget in controls(header))
    assert header.height() > folded_height  # the page moves down under the shown controls
    assert "\u25b4" in toggle.text() and not clipped_texts(header)

    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    settle()
    assert not toggle.isChecked() and not header.language.isVisible()
    assert header.height() == folded_height and "\u25be" in toggle.text()


def test_english_standard_size_shows_controls_on_one_line_with_no_toggle(kiosk_window):
    window, header = kiosk_window, kiosk_window.header
    window.start_session()
    settle()
    assert header.display_toggle.isHidden()
    assert all(widget.isVisible() for widget in controls(header))
    tops = {widget.mapTo(header, widget.rect().center()).y() for widget in controls(header)}
    assert max(tops) - min(tops) < header.language.height()  # one line
    # The hub name on one line, the status (small type) beside it, nothing cut off.
    hub, status = header.hub, header.status
    assert hub.height() < 2 * hub.fontMetrics().lineSpacing()
    assert status.fontInfo().pixelSize() < hub.fontInfo().pixelSize()
    assert status.isVisible() and status.y() < hub.y() + hub.height()
    assert not clipped_texts(header)
    # A status too long to sit beside the name goes under it, not squeezing the name.
    header.set_status_text(" · ".join(["Online", "12 changes waiting to sync", "Last sync 11:13"] * 2))
    settle()
    assert status.y() >= hub.y() + hub.height()
    assert hub.height() < 2 * hub.fontMetrics().lineSpacing() and not clipped_texts(header)


def test_keyboard_opens_the_folded_controls_and_tabs_through_them(qtbot, kiosk_window):
    window, header = kiosk_window, kiosk_window.header
    window.start_session()
    in_somali_at_largest(window)
    window.navigator.current.focus_first()
    settle()
    assert not reading_order_problems(window, "folded")
    activate(header.display_toggle)  # Tab to it, Space
    assert header.display_toggle.isChecked() and header.language.isVisible()
    tab()
    assert focused() is header.language  # the controls come next, right under the toggle
    assert not reading_order_problems(window, "open")


def test_choices_keep_the_controls_open_until_the_session_ends(qtbot, kiosk_window):
    window, header = kiosk_window, kiosk_window.header
    window.start_session()
    settle()
    # On one line, the resident picks the largest text: the controls fold, but stay open.
    qtbot.mouseClick(header.text_size_buttons[150], Qt.MouseButton.LeftButton)
    settle()
    assert header.display_toggle.isVisible() and header.display_toggle.isChecked()
    assert header.text_size_buttons[150].isVisible() and header.text_size_buttons[150].isChecked()
    picker = header.language
    picker.setCurrentIndex(picker.findData("so"))
    picker.activated.emit(picker.currentIndex())  # as when a resident picks it
    settle()
    assert i18n.current_language() == "so" and picker.isVisible() and header.display_toggle.isChecked()
    # The next resident meets them folded away.
    window.end_session("finish")
    window.start_session()
    in_somali_at_largest(window)
    assert header.display_toggle.isVisible() and not header.display_toggle.isChecked()
    assert not picker.isVisible()
