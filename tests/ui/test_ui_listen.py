"""Listen: what the header's button reads aloud, and when the button is there at all."""

from __future__ import annotations

import enum
import importlib

import pytest
from PySide6.QtCore import QLocale, QObject, Qt, Signal

from kiosk import i18n
from ui import listen
from ui.govuk.example import example_flow
from ui.govuk.flow import FlowScreen
from ui.listen import screen_texts, utterance
from ui_helpers import make_window, settle


class State(enum.Enum):  # the names Qt's QTextToSpeech.State uses
    Ready = 0
    Speaking = 1
    Error = 4


class FakeEngine(QObject):
    """Stands in for QTextToSpeech (the CI image has no libpulse0, so Qt's speech module cannot load)."""

    stateChanged = Signal(object)

    def __init__(self, state: State = State.Ready):
        super().__init__()
        self._state = state
        self._locale = QLocale("en_GB")
        self.said: list[str] = []
        self.stops = 0

    def state(self):
        return self._state

    def errorString(self) -> str:
        return "no speech server" if self._state is State.Error else ""

    def availableLocales(self) -> list[QLocale]:
        return [QLocale("en_GB"), QLocale("pt_PT"), QLocale("fr_FR")]

    def locale(self) -> QLocale:
        return self._locale

    def setLocale(self, locale: QLocale) -> None:
        self._locale = locale

    def say(self, text: str) -> None:
        self.said.append(text)
        self._set(State.Speaking)

    def stop(self) -> None:
        self.stops += 1
        self._set(State.Ready)

    def finish(self) -> None:
        self._set(State.Ready)

    def _set(self, state: State) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit(state)


@pytest.fixture
def engine(monkeypatch):
    fake = FakeEngine()
    monkeypatch.setattr(listen, "engine_names", lambda: ["fake"])
    monkeypatch.setattr(listen, "make_engine", lambda name, parent: fake)
    return fake


def first_paint_done(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.idle is not None, timeout=3000)  # the engine check runs then


def before(texts: list[str], *in_order: str) -> bool:
    positions = [texts.index(text) for text in in_order]
    return positions == sorted(positions)


def test_start_screen_is_read_heading_first_then_each_tile_with_its_description(window):
    texts = screen_texts(window.current_screen())
    assert texts[0] == "What do you want to do?"
    assert before(texts, "What do you want to do?",
                  "Find help", "Services near you: food, money, housing, health, work",
                  "Council tax", "Your bill, payments, discounts, moving home", "Time bank", "Staff")


def test_question_page_reads_its_question_and_button_but_never_what_was_typed(window):
    flow = FlowScreen(example_flow())
    window.navigator.push(flow)
    flow.current_page.set_value("Alex Example")
    settle()
    texts = screen_texts(window.current_screen())
    assert before(texts, "Example: ask for a call back", "What is your name?", "Continue")
    assert not any("Alex" in text for text in texts)
    assert "What number should we call?" not in texts  # the next page is not on screen yet


@pytest.mark.parametrize("route, heading, then", [
    ("find-help", "Find help", "Search"),
    ("time-bank", "Time bank", "Join the time bank"),
])
def test_task_screens_are_read_from_their_heading(window, route, heading, then):
    window.open(route)
    settle()
    texts = screen_texts(window.current_screen())
    assert before(texts, heading, then)


def test_each_piece_is_its_own_sentence():
    assert utterance(["Time bank", "What is your name?", "Continue"]) == "Time bank. What is your name? Continue."


def test_no_speech_engine_no_listen_button(qtbot, device, monkeypatch):
    monkeypatch.setattr(listen, "engine_names", lambda: [])
    window = make_window(qtbot, device, "assisted")
    first_paint_done(qtbot, window)
    assert not window.header.listen.isVisible()


def test_listen_reads_the_current_screen_in_the_current_language(qtbot, device, engine):
    window = make_window(qtbot, device, "assisted")
    first_paint_done(qtbot, window)
    assert window.header.listen.isVisible()
    assert window.header.listen.text() == "Listen"
    qtbot.mouseClick(window.header.listen, Qt.MouseButton.LeftButton)
    assert engine.said and engine.said[-1].startswith("What do you want to do? Find help.")
    assert engine.locale().language() == QLocale.Language.English
    assert window.header.listen.text() == "Stop reading"
    engine.finish()
    assert window.header.listen.text() == "Listen"

    i18n.set_language("pt")
    try:
        qtbot.mouseClick(window.header.listen, Qt.MouseButton.LeftButton)
        assert engine.locale().language() == QLocale.Language.Portuguese
        assert engine.said[-1].startswith(screen_texts(window.current_screen())[0])
    finally:
        i18n.set_language("en")


def test_listen_pressed_again_stops_and_quick_exit_stops(qtbot, device, engine):
    window = make_window(qtbot, device, "assisted")
    first_paint_done(qtbot, window)
    qtbot.mouseClick(window.header.listen, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.header.listen, Qt.MouseButton.LeftButton)
    assert engine.stops == 1 and len(engine.said) == 1
    assert window.header.listen.text() == "Listen"

    window.open("time-bank")  # a new screen stops the old one being read
    qtbot.mouseClick(window.header.listen, Qt.MouseButton.LeftButton)
    assert "Time bank." in engine.said[-1]
    stops = engine.stops
    window.quick_exit()
    assert engine.stops > stops and not window.reader.speaking
    assert window.header.listen.text() == "Listen"


def test_an_engine_that_does_not_start_hides_the_button(qtbot, device, monkeypatch):
    broken = FakeEngine(State.Error)
    monkeypatch.setattr(listen, "engine_names", lambda: ["speechd"])
    monkeypatch.setattr(listen, "make_engine", lambda name, parent: broken)
    window = make_window(qtbot, device, "assisted")
    first_paint_done(qtbot, window)
    assert window.header.listen.isVisible()
    qtbot.mouseClick(window.header.listen, Qt.MouseButton.LeftButton)
    assert not window.header.listen.isVisible() and broken.said == []


def test_qt_speech_speaks_through_its_own_test_engine_where_the_module_loads(qtbot, monkeypatch):
    names = listen.engine_names()  # also quiets Qt Multimedia's PipeWire probe
    assert listen.TEST_ENGINE not in names  # Qt's silent engine is never offered to residents
    try:
        importlib.import_module("PySide6.QtTextToSpeech")  # needs libpulse0
    except ImportError:
        assert names == []  # no speech module on this machine: no Listen button
        return
    # The say() path through Qt itself, with the "mock" engine the PySide6 wheel ships.
    monkeypatch.setattr(listen, "engine_names", lambda: [listen.TEST_ENGINE])
    reader = listen.Reader()
    changes: list[bool] = []
    reader.speaking_changed.connect(changes.append)
    assert reader.read(["Hello"], "en")
    qtbot.waitUntil(lambda: changes == [True, False], timeout=5000)
    assert reader.read(["Hello again, a longer text to be cut short"], "en")
    reader.stop()
    assert not reader.speaking
