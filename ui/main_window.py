"""The kiosk's one window: attract screen, or header + screens + footer."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLayout, QStackedWidget, QVBoxLayout, QWidget
from sqlite_utils import Database

from kiosk import i18n
from kiosk.i18n import _
from kiosk.settings import Settings
from ui import screens
from ui.footer import Footer
from ui.header import Header
from ui.language import notifier
from ui.navigator import Navigator
from ui.screens import ScreenContext, ScreenFactory
from ui.screens.attract import AttractScreen
from ui.screens.start import StartScreen
from ui.session import IdleWatcher
from ui.status import describe, read_status
from ui.theme import nearest_text_size, stylesheet, theme_for_mode

log = logging.getLogger(__name__)

STATUS_REFRESH_MS = 5000
# Loading the full sync status (the HTTP stack) and touch scrolling waits this long
# after the window is built, so the start screen is up first.
AFTER_FIRST_PAINT_MS = 300


class MainWindow(QWidget):
    """``mode``: kiosk (attract screen, frameless full screen) or assisted/outreach (a normal window)."""

    session_ended = Signal(str)  # why: "finish", "quick_exit" or "timeout"

    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        mode: str | None = None,
        routes: dict[str, ScreenFactory | str] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db, self.settings = db, settings
        self.mode = mode or settings["device_mode"]
        self.theme = theme_for_mode(self.mode)
        self.context = ScreenContext(db=db, settings=settings, mode=self.mode)
        self.routes = dict(routes if routes is not None else screens.ROUTES)
        self.text_size = nearest_text_size(settings["text_scale_percent"])
        hub_name = settings["hub_name"]

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # The window takes the size it is given (full screen, or what the user drags it to).
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages)

        self.attract = AttractScreen(hub_name)
        self.attract.start_requested.connect(self.start_session)
        self.pages.addWidget(self.attract)

        self.shell = QWidget()
        self.shell.setObjectName("shell")
        column = QVBoxLayout(self.shell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.header = Header(hub_name)
        self.header.text_size_chosen.connect(self.set_text_size)
        self.start_screen = StartScreen()
        self.start_screen.navigate.connect(self.open)
        self.navigator = Navigator(self.start_screen)
        self.navigator.changed.connect(self._navigation_changed)
        self.footer = Footer()
        self.footer.back.clicked.connect(self.back)
        self.footer.finish.clicked.connect(lambda: self.end_session("finish"))
        self.footer.quick_exit.clicked.connect(self.quick_exit)
        column.addWidget(self.header)
        column.addWidget(self.navigator, 1)
        column.addWidget(self.footer)
        self.pages.addWidget(self.shell)

        notifier().changed.connect(self.retranslate)
        self.status_timer = QTimer(self)
        self.status_timer.setInterval(STATUS_REFRESH_MS)
        self.status_timer.timeout.connect(self.refresh_status)
        self.status_timer.start()
        self._status_quick = True  # until the first full read, after the window is up
        self.idle: IdleWatcher | None = None
        QTimer.singleShot(AFTER_FIRST_PAINT_MS, self._after_first_paint)

        self.header.set_text_size(self.text_size)
        self._apply_style()
        self.pages.setCurrentWidget(self.attract if self.mode == "kiosk" else self.shell)
        self.retranslate()
        self._navigation_changed()

    # Showing the window -----------------------------------------------------------------------

    def show_for_mode(self) -> None:
        if self.mode == "kiosk":
            self.setWindowFlags(
                self.windowFlags() | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
            )
            self.showFullScreen()
        else:
            self.resize(1280, 900)
            self.show()

    def _apply_style(self) -> None:
        self.setStyleSheet(stylesheet(self.theme, self.text_size))

    def set_text_size(self, percent: int) -> None:
        self.text_size = nearest_text_size(percent)
        self.header.set_text_size(self.text_size)
        self._apply_style()

    # Navigation --------------------------------------------------------------------------------

    @property
    def on_attract(self) -> bool:
        return self.pages.currentWidget() is self.attract

    def current_screen(self):
        return None if self.on_attract else self.navigator.current

    def open(self, route: str) -> None:
        factory = self.routes.get(route)
        if factory is None:
            return
        try:
            screen = screens.resolve_factory(factory)(self.context)
        except Exception:  # a broken task screen must not take the kiosk down
            log.exception("could not open screen %r", route)
            return
        screen.navigate.connect(self.open)
        self.navigator.push(screen)

    def back(self) -> None:
        self.navigator.back()

    def start_session(self, language: str = "") -> None:
        if language:
            i18n.set_language(language)
        self.navigator.reset()
        self.pages.setCurrentWidget(self.shell)
        self.navigator.current.focus_first()
        if self.idle is not None:
            self.idle.poke()

    def quick_exit(self) -> None:
        self.end_session("quick_exit")

    def end_session(self, reason: str) -> None:
        """Forget the resident: their screens, typing, clipboard, language and text size."""
        popup = QApplication.activePopupWidget()  # an open drop-down list goes too
        if popup is not None:
            popup.close()
        self.navigator.reset()
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.clear()
        default_language = self.settings["default_language"]
        if default_language in i18n.LANGUAGES and i18n.current_language() != default_language:
            i18n.set_language(default_language)
        self.set_text_size(self.settings["text_scale_percent"])
        if self.mode == "kiosk":
            self.pages.setCurrentWidget(self.attract)
            self.attract.setFocus(Qt.FocusReason.OtherFocusReason)
        self.session_ended.emit(reason)

    def _idle(self) -> None:
        # The countdown warning comes with the safety issue; for now the session simply ends.
        if not self.on_attract and (self.mode == "kiosk" or self.navigator.depth() > 1):
            self.end_session("timeout")

    def _navigation_changed(self) -> None:
        self.footer.back.setVisible(self.navigator.depth() > 1)
        self.navigator.current.focus_first()
        self.refresh_status()

    # Live updates -----------------------------------------------------------------------------

    def _after_first_paint(self) -> None:
        """What the start screen need not wait for: sync details, touch scrolling, idle watch."""
        self._status_quick = False
        self.refresh_status()
        self.start_screen.enable_touch_scrolling()
        self.idle = IdleWatcher(self.settings["idle_timeout_seconds"], self)
        self.idle.idle.connect(self._idle)

    def refresh_status(self) -> None:
        try:
            text = describe(read_status(self.db, self.settings, quick=self._status_quick))
        except Exception:  # a busy or damaged database must not take the window down
            text = _("Sync status unavailable")
        self.header.set_status_text(text)

    def retranslate(self, _code: str = "") -> None:
        self.setWindowTitle(_("Co-op Kiosk – {hub}").format(hub=self.settings["hub_name"]))
        self.header.retranslate()
        self.footer.retranslate()
        self.attract.retranslate()
        for screen in self.navigator.stack:
            screen.retranslate()
        self.refresh_status()
