"""The kiosk shell: start screen, navigation with a real back stack, quick exit, language, text size."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from kiosk import i18n, outbox
from ui_helpers import settle, visible_texts
from ui.govuk.example import example_flow
from ui.govuk.flow import FlowScreen
from ui.screens.placeholder import ComingSoonScreen
from ui.screens.start import StartScreen


def test_start_screen_offers_the_three_tasks_and_staff(window):
    start = window.current_screen()
    assert isinstance(start, StartScreen)
    texts = visible_texts(start)
    for task in ("Find help", "Council tax", "Time bank"):
        assert task in texts
    assert "Staff" in texts
    assert not window.footer.back.isVisible()  # nowhere to go back to
    assert window.footer.quick_exit.isVisible() and window.footer.finish.isVisible()


def test_header_shows_hub_name_and_not_connected(window, device):
    db, settings = device
    assert window.header.hub.text() == settings["hub_name"]
    assert "Not connected" in window.header.status.text()


def test_status_area_counts_items_waiting_to_sync(window, device):
    db, settings = device
    settings["council_url"] = "http://127.0.0.1:9"
    with db.atomic():
        outbox.enqueue(db, "test.op", {"n": 1})
        outbox.enqueue(db, "test.op", {"n": 2})
    window.refresh_status()
    status = window.header.status.text()
    assert "2 items waiting to sync" in status
    assert "Not connected" not in status


def test_tile_opens_its_screen_and_back_returns(qtbot, window):
    qtbot.mouseClick(window.start_screen.tiles["council-tax"], Qt.MouseButton.LeftButton)
    screen = window.current_screen()
    assert isinstance(screen, ComingSoonScreen)
    texts = visible_texts(screen)
    assert "Council tax" in texts and "Coming soon" in texts
    assert window.footer.back.isVisible()
    qtbot.mouseClick(window.footer.back, Qt.MouseButton.LeftButton)
    assert window.current_screen() is window.start_screen
    assert window.navigator.depth() == 1


def test_staff_entry_opens_staff_screen(qtbot, window):
    qtbot.mouseClick(window.start_screen.staff, Qt.MouseButton.LeftButton)
    assert "Staff" in visible_texts(window.current_screen())


def test_back_stack_is_real_several_levels_deep(qtbot, window):
    window.open("find-help")
    window.open("time-bank")
    assert window.navigator.depth() == 3
    qtbot.mouseClick(window.footer.back, Qt.MouseButton.LeftButton)
    assert "Find help" in visible_texts(window.current_screen())
    qtbot.mouseClick(window.footer.back, Qt.MouseButton.LeftButton)
    assert window.current_screen() is window.start_screen


def test_quick_exit_from_deep_screen_returns_to_start_and_forgets_typing(qtbot, window):
    window.open("find-help")
    flow = FlowScreen(example_flow())
    window.navigator.push(flow)
    name_box = flow.current_page.input
    qtbot.keyClicks(name_box, "Marker Person 123")
    QGuiApplication.clipboard().setText("Marker Person 123")
    assert window.navigator.depth() == 3
    qtbot.mouseClick(window.footer.quick_exit, Qt.MouseButton.LeftButton)
    assert window.current_screen() is window.start_screen
    assert window.navigator.depth() == 1
    settle()
    texts = [edit.text() for edit in window.findChildren(QLineEdit)]
    assert not any("Marker" in text for text in texts)
    # The old screen is wiped before it is destroyed, not merely hidden.
    assert not shiboken6.isValid(name_box) or name_box.text() == ""
    assert "Marker" not in QGuiApplication.clipboard().text()


def test_kiosk_starts_on_attract_and_quick_exit_returns_there(qtbot, kiosk_window):
    window = kiosk_window
    assert window.on_attract
    assert any(text.startswith("Touch to start") for text in visible_texts(window.attract))
    qtbot.mouseClick(window.attract.start, Qt.MouseButton.LeftButton)
    assert window.current_screen() is window.start_screen
    window.open("council-tax")
    qtbot.mouseClick(window.footer.quick_exit, Qt.MouseButton.LeftButton)
    assert window.on_attract
    assert window.navigator.depth() == 1


def test_attract_language_button_starts_in_that_language(qtbot, kiosk_window):
    window = kiosk_window
    names = [button.text() for button in window.attract.language_buttons.values()]
    assert "Português" in names and "English" in names  # each in its own words
    qtbot.mouseClick(window.attract.language_buttons["pt"], Qt.MouseButton.LeftButton)
    assert not window.on_attract
    assert "Encontrar ajuda" in visible_texts(window.start_screen)
    # Finishing hands the kiosk back in the device's default language.
    qtbot.mouseClick(window.footer.finish, Qt.MouseButton.LeftButton)
    assert window.on_attract
    assert i18n.current_language() == "en"
    assert window.attract.start.accessibleName() == "Touch to start"


def test_live_language_switch_redraws_current_screen_without_new_window(qtbot, window):
    window.open("time-bank")
    screen = window.current_screen()
    before = visible_texts(screen) + visible_texts(window.footer)
    assert "Time bank" in before and "Quick exit" in before
    picker = window.header.language
    picker.setCurrentIndex(picker.findData("pt"))
    picker.activated.emit(picker.currentIndex())  # as when a resident picks it
    assert i18n.current_language() == "pt"
    assert window.current_screen() is screen  # same window, same screen object
    after = visible_texts(screen) + visible_texts(window.footer) + visible_texts(window.header)
    assert "Banco de tempo" in after
    assert "Brevemente" in after
    assert "Saída rápida" in after and "Voltar" in after
    assert "Língua" in after
    assert window.footer.quick_exit.accessibleName() == "Saída rápida"
    # The start screen under it follows too.
    qtbot.mouseClick(window.footer.back, Qt.MouseButton.LeftButton)
    assert "Imposto municipal" in visible_texts(window.start_screen)


def test_text_size_control_makes_text_bigger(qtbot, window):
    heading = window.start_screen.heading
    small = heading.fontInfo().pixelSize()
    qtbot.mouseClick(window.header.text_size_buttons[150], Qt.MouseButton.LeftButton)
    settle()
    assert window.text_size == 150
    assert heading.fontInfo().pixelSize() >= small * 1.4
    assert window.header.text_size_buttons[150].isChecked()
