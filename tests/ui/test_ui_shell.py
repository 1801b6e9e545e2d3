"""The kiosk shell: start screen, navigation with a real back stack, quick exit, language, text size."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from kiosk import i18n, outbox
from ui_helpers import settle, visible_texts
from ui.govuk.example import example_flow
from ui.govuk.flow import FlowScreen
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


@pytest.mark.parametrize("route", ["find-help", "council-tax", "time-bank"])
def test_each_tile_opens_its_screen_and_back_returns(qtbot, window, route):
    qtbot.mouseClick(window.start_screen.tiles[route], Qt.MouseButton.LeftButton)
    screen = window.current_screen()
    assert screen is not window.start_screen and screen.isVisible()
    assert window.navigator.depth() == 2
    assert window.footer.back.isVisible()
    qtbot.mouseClick(window.footer.back, Qt.MouseButton.LeftButton)
    assert window.current_screen() is window.start_screen
    assert window.navigator.depth() == 1


def test_staff_entry_opens_staff_screen(qtbot, window):
    qtbot.mouseClick(window.start_screen.staff, Qt.MouseButton.LeftButton)
    assert "Staff" in visible_texts(window.current_screen())


def test_back_stack_is_real_several_levels_deep(qtbot, window):
    window.open("find-help")
    first = window.current_screen()
    window.open("staff")
    assert window.navigator.depth() == 3
    qtbot.mouseClick(window.footer.back, Qt.MouseButton.LeftButton)
    assert window.current_screen() is first
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


def test_status_area_fills_in_sync_details_after_start(qtbot, window, device):
    db, settings = device
    settings["council_url"] = "http://127.0.0.1:9"
    window.refresh_status()
    # The full sync status (from the sync client) follows shortly after the first paint.
    qtbot.waitUntil(lambda: "Not synced yet" in window.header.status.text(), timeout=5000)


def test_kiosk_mode_is_frameless_full_screen_on_top(qtbot, device):
    from ui.main_window import MainWindow
    from PySide6.QtCore import Qt as _Qt

    db, settings = device
    kiosk = MainWindow(db, settings, mode="kiosk")
    qtbot.addWidget(kiosk)
    kiosk.show_for_mode()
    qtbot.waitExposed(kiosk)
    flags = kiosk.windowFlags()
    assert flags & _Qt.WindowType.FramelessWindowHint and flags & _Qt.WindowType.WindowStaysOnTopHint
    assert kiosk.isFullScreen()

    laptop = MainWindow(db, settings, mode="outreach")
    qtbot.addWidget(laptop)
    laptop.show_for_mode()
    qtbot.waitExposed(laptop)
    assert not laptop.windowFlags() & _Qt.WindowType.FramelessWindowHint
    assert not laptop.isFullScreen()
    assert not laptop.on_attract  # a laptop opens on the start screen


def test_a_broken_task_screen_leaves_the_kiosk_on_the_start_screen(window):
    def broken(ctx):
        raise RuntimeError("bug in a task screen")

    window.routes["broken"] = broken
    window.open("broken")
    assert window.current_screen() is window.start_screen
    assert window.isVisible()


def test_kiosk_left_alone_ends_the_session(qtbot, kiosk_window):
    window = kiosk_window
    qtbot.waitUntil(lambda: window.idle is not None, timeout=5000)  # armed after the first paint
    window.start_session()
    window.open("find-help")
    window.idle.timer.setInterval(200)  # instead of minutes
    window.idle.poke()
    with qtbot.waitSignal(window.session_ended, timeout=5000) as ended:
        pass
    assert ended.args == ["timeout"]
    assert window.on_attract and window.navigator.depth() == 1
