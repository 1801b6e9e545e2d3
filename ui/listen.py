"""Listen: read the current screen aloud with Qt's text to speech, when the device has a voice.

Qt's speech module (``PySide6.QtTextToSpeech``) needs PulseAudio's client library
(``libpulse0``) and an engine plugin. The PySide6 wheel ships two: ``speechd``
(Speech Dispatcher, which speaks through espeak-ng, flite, ...) and ``mock`` (Qt's
own silent test engine, never offered to residents). With no usable engine the Listen
button stays hidden. Packages: docs/INSTALL.md.

What is read: the labels, headings and buttons a resident can see on the current
screen, top to bottom and left to right, never what they typed into a box.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import QLocale, QLoggingCategory, QObject, Qt, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

log = logging.getLogger(__name__)

TEST_ENGINE = "mock"  # Qt's test engine: it says nothing out loud
# Engine plugins that are listed whether or not the library they load is installed.
ENGINE_LIBRARIES = {"speechd": "libspeechd.so.2"}
# Qt's speech module loads Qt Multimedia, which looks for PipeWire first and warns when it is
# not there before it uses PulseAudio: noise on every kiosk without PipeWire.
QUIET_AUDIO_PROBE = "qt.multimedia.symbolsresolver.warning=false"
SENTENCE_ENDS = (".", "!", "?", ":", ";", "…", "。", "؟")


def _library_present(engine: str) -> bool:
    library = ENGINE_LIBRARIES.get(engine)
    if library is None:
        return True
    import ctypes  # only after the first paint, when engines are looked for

    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def engine_names() -> list[str]:
    """The speech engines this device offers (empty: no Listen button)."""
    QLoggingCategory.setFilterRules(QUIET_AUDIO_PROBE)
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:  # no libpulse0, or a Qt built without speech
        return []
    return [name for name in QTextToSpeech.availableEngines() if name != TEST_ENGINE and _library_present(name)]


def make_engine(name: str, parent: QObject) -> Any:
    """A ``QTextToSpeech`` using engine ``name``."""
    from PySide6.QtTextToSpeech import QTextToSpeech

    return QTextToSpeech(name, parent)


def _plain(label: QLabel) -> str:
    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text))
    return QTextDocumentFragment.fromHtml(text).toPlainText() if rich else text


def _has_visible_labels(widget: QWidget) -> bool:
    return any(label.isVisibleTo(widget) and label.text() for label in widget.findChildren(QLabel))


def spoken_text(widget: QWidget) -> str:
    """What Listen says for one widget ("" for nothing)."""
    if isinstance(widget, QLabel):
        if widget.text():
            return " ".join(_plain(widget).split())
        return widget.accessibleName() if widget.pixmap() is not None and not widget.pixmap().isNull() else ""
    if isinstance(widget, QAbstractButton):
        if _has_visible_labels(widget):
            return ""  # a tile: its title and text are read as labels
        return widget.accessibleName() or " ".join(widget.text().split())
    return ""


def _reading_order(widgets: list[QWidget]) -> list[QWidget]:
    """Siblings top to bottom in lines, each line left to right. A widget whose top lies
    within the upper half of a line's first widget shares that line."""
    lines: list[list[QWidget]] = []
    for widget in sorted(widgets, key=lambda w: (w.y(), w.x())):
        first = lines[-1][0] if lines else None
        if first is not None and widget.y() < first.y() + max(first.height() // 2, 1):
            lines[-1].append(widget)
        else:
            lines.append([widget])
    return [widget for line in lines for widget in sorted(line, key=lambda w: w.x())]


def screen_texts(root: QWidget) -> list[str]:
    """The texts of ``root``'s visible labels and buttons in reading order.

    The widget tree is walked with each widget's children in reading order, so what
    belongs together is read together (a tile's title, then its description).
    """
    texts: list[str] = []

    def walk(parent: QWidget) -> None:
        children = [child for child in parent.children()
                    if isinstance(child, QWidget) and not child.isWindow() and child.isVisibleTo(root)]
        for child in _reading_order(children):
            text = spoken_text(child).strip()
            if text and (not texts or texts[-1] != text):
                texts.append(text)
            walk(child)

    walk(root)
    return texts


def utterance(texts: list[str]) -> str:
    """One text to say, each piece its own sentence so the voice pauses between them."""
    return " ".join(text if text.endswith(SENTENCE_ENDS) else text + "." for text in texts)


def choose_locale(engine: Any, language: str) -> bool:
    """Give ``engine`` a voice for ``language`` if it has one (else it keeps its default)."""
    wanted = QLocale(language).language()
    for locale in engine.availableLocales():
        if locale.language() == wanted:
            if locale != engine.locale():
                engine.setLocale(locale)
            return True
    return False


def _state_name(state: Any) -> str:
    return getattr(state, "name", "")


class Reader(QObject):
    """Says screens aloud through the device's first speech engine.

    Engines are looked for on the first question (not while the window is built:
    loading Qt's speech module takes time) and the engine is made on first use.
    """

    speaking_changed = Signal(bool)
    available_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._engines: list[str] | None = None
        self._engine: Any = None
        self.speaking = False

    @property
    def engines(self) -> list[str]:
        if self._engines is None:
            self._engines = engine_names()
        return self._engines

    @property
    def available(self) -> bool:
        return bool(self.engines)

    def _ready_engine(self) -> Any:
        if self._engine is None and self.engines:
            engine = make_engine(self.engines[0], self)
            if _state_name(engine.state()) == "Error":
                log.warning("speech engine %r does not work: %s", self.engines[0], engine.errorString())
                engine.deleteLater()
                self._engines = []
                self.available_changed.emit(False)
                return None
            engine.stateChanged.connect(self._state_changed)
            self._engine = engine
        return self._engine

    def read(self, texts: list[str], language: str) -> bool:
        """Start saying ``texts`` (what ``screen_texts`` found); False when there is no voice."""
        engine = self._ready_engine()
        if engine is None or not texts:
            return False
        if not choose_locale(engine, language):
            log.info("no %s voice; reading with %s", language, engine.locale().name())
        engine.say(utterance(texts))
        return True

    def stop(self) -> None:
        if self._engine is not None:
            self._engine.stop()
        self._set_speaking(False)

    def _state_changed(self, state: Any) -> None:
        self._set_speaking(_state_name(state) in ("Speaking", "Synthesizing"))

    def _set_speaking(self, speaking: bool) -> None:
        if speaking != self.speaking:
            self.speaking = speaking
            self.speaking_changed.emit(speaking)
