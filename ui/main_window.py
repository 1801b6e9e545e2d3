"""The kiosk's one window: attract screen, or header + screens + footer."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication, QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.i18n import _
from ui import easy_read, focus_order, keyboard, screens
from ui.footer import Footer
from ui.header import Header
from ui.idle import TimeoutWarning, warning_ms
from ui.language import notifier
from ui.listen import Reader, screen_texts
from ui.navigator import Navigator
from ui.screens import ScreenContext, ScreenFactory
from ui.screens.attract import AttractScreen
from ui.screens.panels import retranslate_panels
from ui.screens.staff.kiosk_lock import KioskKeyGuard, TapCounter
from ui.screens.start import StartScreen
from ui.session import IdleWatcher
from ui.theme import HIGH_CONTRAST, nearest_text_size, set_active_colours, stylesheet, theme_for_mode

if TYPE_CHECKING:  # the store's modules load after the first paint (see MainWindow)
    from sqlite_utils import Database

    from kiosk.settings import Settings
    from ui.screens.staff.sync_runner import ClientFactory

    StoreOpener = Callable[[], tuple[Database, Settings]]

log = logging.getLogger(__name__)

STATUS_REFRESH_MS = 5000
# Loading the full sync status (the HTTP stack) and touch scrolling waits this long
# after the window is built, so the start screen is up first.
AFTER_FIRST_PAINT_MS = 300


class _FromStore:
    """A window attribute made when the device database opens; using it opens the database."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, window: "MainWindow | None", owner: type | None = None):
        if window is None:
            return self
        window.ensure_store()
        return getattr(window, self.slot)


class MainWindow(QWidget):
    """``mode``: kiosk (attract screen, frameless full screen) or assisted/outreach (a normal window).

    ``background_sync``: run sync cycles on a timer (``kiosk gui`` turns it on; tests and the
    tour leave it off). ``sync_client_factory``: how the worker thread makes its ``SyncClient``.

    ``open_store``: instead of ``db``, a function that opens the device database. The window
    then paints its first screen from ``settings`` (a snapshot read without sqlite-utils) and
    opens the store right after, or at once when something needs it (a tap on a tile): loading
    sqlite-utils and checking the migrations costs as much as starting Qt itself.
    """

    session_ended = Signal(str)  # why: "finish", "quick_exit" or "timeout"
    store_opened = Signal()

    db = _FromStore()
    staff = _FromStore()
    sync_runner = _FromStore()
    background_sync = _FromStore()
    context = _FromStore()

    def __init__(
        self,
        db: "Database | None",
        settings: "Settings",
        *,
        mode: str | None = None,
        routes: dict[str, ScreenFactory | str] | None = None,
        background_sync: bool = False,
        sync_client_factory: "ClientFactory | None" = None,
        open_store: "StoreOpener | None" = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        if db is None and open_store is None:
            raise ValueError("MainWindow needs db or open_store")
        self.settings = settings
        self._store_open = False
        self._open_store = open_store
        self._sync_client_factory = sync_client_factory
        self.mode = mode or settings["device_mode"]
        self.theme = theme_for_mode(self.mode)
        self._background_sync_wanted = background_sync
        self._task_family: str | None = None  # what the resident came for, for "How did we do?"
        self._may_close = True  # until show_for_mode() locks a kiosk down
        self.routes = dict(routes if routes is not None else screens.ROUTES)
        self.text_size = nearest_text_size(settings["text_scale_percent"])
        self.high_contrast = False  # a session choice, like text size
        hub_name = settings["hub_name"]
        # The style first: children made afterwards are polished once, when first shown.
        self._apply_style()

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
        self.header.high_contrast_chosen.connect(self.set_high_contrast)
        self.start_screen = StartScreen()
        self.start_screen.navigate.connect(self.open)
        self.navigator = Navigator(self.start_screen)
        self.navigator.changed.connect(self._navigation_changed)
        # Listen: the header's button reads the current screen aloud (shown once an engine is found).
        self.reader = Reader(self)
        self.reader.speaking_changed.connect(self.header.set_listening)
        self.reader.available_changed.connect(self.header.set_listen_available)
        self.header.listen_clicked.connect(self.listen)
        self.navigator.changed.connect(self.reader.stop)  # a new screen: stop reading the old one
        self.footer = Footer()
        self.footer.back.clicked.connect(self.back)
        self.footer.finish.clicked.connect(self.finish)
        self.footer.quick_exit.clicked.connect(self.quick_exit)
        column.addWidget(self.header)
        column.addWidget(self.navigator, 1)
        column.addWidget(self.footer)
        self.pages.addWidget(self.shell)

        # The hidden staff way in: five quick taps on the hub name (the Staff link is the other).
        self.hub_taps = TapCounter(self)
        self.header.hub.installEventFilter(self.hub_taps)
        self.attract.hub.installEventFilter(self.hub_taps)
        self.hub_taps.tapped_enough.connect(self.open_staff)
        self.timeout_warning = TimeoutWarning(self, uncovered=self.footer)
        self.timeout_warning.expired.connect(lambda: self.end_session("timeout"))
        self.timeout_warning.continued.connect(self._continue_session)
        self.key_guard: KioskKeyGuard | None = None
        # No learned words or suggestions from residents' typing, however the window was opened.
        keyboard.install(QApplication.instance())

        notifier().changed.connect(self.retranslate)
        easy_read.notifier().changed.connect(self.retranslate)  # easy read: a session choice, like language
        self.status_timer = QTimer(self)
        self.status_timer.setInterval(STATUS_REFRESH_MS)
        self.status_timer.timeout.connect(self.refresh_status)
        self.status_timer.start()
        self._status_quick = True  # until the first full read, after the window is up
        self.idle: IdleWatcher | None = None
        QTimer.singleShot(AFTER_FIRST_PAINT_MS, self._after_first_paint)

        self.header.set_text_size(self.text_size)
        self.pages.setCurrentWidget(self.attract if self.mode == "kiosk" else self.shell)
        self.retranslate()
        self._navigation_changed()
        if db is not None:
            self._attach_store(db, settings)

    # The device database ------------------------------------------------------------------------

    def ensure_store(self) -> None:
        if not self._store_open:
            db, settings = self._open_store()
            self._attach_store(db, settings)

    @property
    def store_is_open(self) -> bool:
        return self._store_open

    def _attach_store(self, db: "Database", settings: "Settings") -> None:
        from ui.screens.staff.controller import StaffController
        from ui.screens.staff.sync_runner import BackgroundSync, SyncRunner

        self._store_open = True
        self._db, self.settings = db, settings
        # The signed-in member of staff and the sync worker belong to the window, not to a screen.
        self._staff = StaffController(db, parent=self)
        self._staff.signed_out.connect(self._staff_signed_out)
        self._staff.leave_kiosk_requested.connect(self.leave_kiosk_mode)
        self._sync_runner = SyncRunner(db, client_factory=self._sync_client_factory, parent=self)
        self._sync_runner.cycle_done.connect(self._sync_cycle_done)
        self._background_sync = BackgroundSync(db, settings, self._sync_runner, self)
        self._context = ScreenContext(db=db, settings=settings, mode=self.mode, staff=self._staff,
                                      sync=self._sync_runner)
        self.refresh_status()
        self.store_opened.emit()

    # Showing the window -----------------------------------------------------------------------

    def show_for_mode(self) -> None:
        if self.mode == "kiosk":
            self.lock_down()
            self.setWindowFlags(
                self.windowFlags() | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
            )
            self.showFullScreen()
        else:
            self.resize(1280, 900)
            self.show()

    def _apply_style(self) -> None:
        colours = HIGH_CONTRAST if self.high_contrast else self.theme.colours
        set_active_colours(colours)  # for the few widgets that paint themselves
        self.setStyleSheet(stylesheet(self.theme, self.text_size, colours))

    def set_text_size(self, percent: int) -> None:
        self.text_size = nearest_text_size(percent)
        self.header.set_text_size(self.text_size)
        self._apply_style()

    def set_high_contrast(self, on: bool) -> None:
        self.header.set_high_contrast(on)
        if on != self.high_contrast:
            self.high_contrast = on
            self._apply_style()

    def listen(self) -> None:
        """Listen: read the current screen aloud; pressed while reading, stop."""
        if self.reader.speaking:
            self.reader.stop()
            return
        if self.timeout_warning.active:
            root = self.timeout_warning.box
        else:
            root = self.current_screen() or self.attract
        self.reader.read(screen_texts(root), i18n.current_language())

    # Navigation --------------------------------------------------------------------------------

    @property
    def on_attract(self) -> bool:
        return self.pages.currentWidget() is self.attract

    def current_screen(self):
        return None if self.on_attract else self.navigator.current

    def open(self, route: str) -> None:
        from ui.screens.feedback import ROUTE_FAMILIES

        factory = self.routes.get(route)
        if factory is None:
            return
        try:
            screen = screens.resolve_factory(factory)(self.context)
        except Exception:  # a broken task screen must not take the kiosk down
            log.exception("could not open screen %r", route)
            return
        screen.navigate.connect(self.open)
        if route in ROUTE_FAMILIES and self._task_family is None:
            self._task_family = ROUTE_FAMILIES[route]
        self.navigator.push(screen)

    def open_staff(self) -> None:
        """The staff sign-in (or the staff home when signed in), from anywhere."""
        if self.on_attract:
            self.start_session()
        if not isinstance(self.navigator.current, self._staff_screen_type()):
            self.open("staff")

    @staticmethod
    def _staff_screen_type():
        from ui.screens.staff.screen import StaffScreen

        return StaffScreen

    def back(self) -> None:
        if getattr(self.navigator.current, "allows_back", True):
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

    def finish(self) -> None:
        """Finish: "How did we do?" for a resident who did something, then the session ends."""
        from ui.screens.feedback import FeedbackScreen

        if self._task_family is None or isinstance(self.navigator.current, FeedbackScreen):
            self.end_session("finish")
            return
        family = self._task_family
        self._forget_resident()  # their screens go before the rating is asked
        screen = FeedbackScreen(self.db, family)
        screen.done.connect(lambda: self.end_session("finish"))
        self.navigator.push(screen)

    def _forget_resident(self) -> None:
        """Wipe and drop every screen of the session, the clipboard and what is pending for it."""
        self.reader.stop()
        self.timeout_warning.cancel()
        if self._store_open:
            self.sync_runner.new_session()  # a sync result arriving later is not for the next resident
            if self.staff.active:
                self.staff.sign_out("session_end")
        popup = QApplication.activePopupWidget()  # an open drop-down list goes too
        if popup is not None:
            popup.close()
        self.navigator.reset()
        self._task_family = None
        if os.environ.get(keyboard.IM_MODULE_ENV) == keyboard.VIRTUAL_KEYBOARD:
            keyboard.forget_learned_words()  # in case an input method ignored the no-learning hints
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.clear()
            if clipboard.supportsSelection():  # X11's middle-click selection
                clipboard.clear(QClipboard.Mode.Selection)
            if clipboard.supportsFindBuffer():
                clipboard.clear(QClipboard.Mode.FindBuffer)

    def end_session(self, reason: str) -> None:
        """Forget the resident: their screens, typing, clipboard, language, text size, contrast,
        and the header's language and display controls folded away again."""
        self._forget_resident()
        default_language = self.settings["default_language"]
        if default_language in i18n.LANGUAGES and i18n.current_language() != default_language:
            i18n.set_language(default_language)
        easy_read.reset()
        self.set_text_size(self.settings["text_scale_percent"])
        self.set_high_contrast(False)
        self.header.collapse()
        if self.mode == "kiosk":
            self.pages.setCurrentWidget(self.attract)
            self.attract.setFocus(Qt.FocusReason.OtherFocusReason)
        self.session_ended.emit(reason)

    def _idle(self) -> None:
        """Nobody has touched the screen: warn with a countdown (GOV.UK timeout pattern), then end."""
        if self.on_attract or self.timeout_warning.active:
            return
        if self._store_open and self.staff.active:
            return  # a signed-in member of staff has their own, longer, inactivity sign-out
        if self.mode == "kiosk" or self.navigator.depth() > 1:
            interval = self.idle.timer.interval() if self.idle is not None else 1000
            self.timeout_warning.start(warning_ms(interval))

    def _continue_session(self) -> None:
        if self.idle is not None:
            self.idle.poke()
        self.navigator.current.focus_first()

    def _staff_signed_out(self, reason: str) -> None:
        if reason in ("inactivity", "disabled"):
            self.end_session("timeout")  # staff screens must not stay open for whoever comes next

    # Kiosk mode -------------------------------------------------------------------------------

    def lock_down(self) -> None:
        """Kiosk mode proper: keys that leave the app do nothing and the window will not close
        until a hub admin signs in and leaves kiosk mode. (A window merely built in kiosk mode,
        as by tests and the tour, is not locked.)"""
        self._may_close = False
        if self.key_guard is None:
            self.key_guard = KioskKeyGuard(self)
            QApplication.instance().installEventFilter(self.key_guard)

    @property
    def locked_down(self) -> bool:
        return not self._may_close

    def leave_kiosk_mode(self) -> None:
        """Only through ``StaffController.request_leave_kiosk_mode`` (a hub admin's PIN)."""
        self._may_close = True
        if self.key_guard is not None:
            QApplication.instance().removeEventFilter(self.key_guard)
            self.key_guard = None
        self.close()

    def closeEvent(self, event) -> None:
        if not self._may_close:
            event.ignore()  # the window manager's close button, Alt+F4, a session logout request
            return
        if self._store_open:
            self.background_sync.stop()
            self.staff.sign_out("by_hand")
        super().closeEvent(event)

    def _navigation_changed(self) -> None:
        self.footer.back.setVisible(self.navigator.depth() > 1 and getattr(self.navigator.current, "allows_back", True))
        self.navigator.current.focus_first()
        self.refresh_status()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 - Qt's names
        """Tab and Shift+Tab: header, page, footer in reading order, whenever the page was made."""
        if not self.on_attract and focus_order.move_focus(
                self, (self.header, self.navigator.current, self.footer), next):
            return True
        return super().focusNextPrevChild(next)

    # Live updates -----------------------------------------------------------------------------

    def _after_first_paint(self) -> None:
        """What the start screen need not wait for: the database, sync details, touch scrolling,
        idle watch."""
        try:
            self.ensure_store()
        except Exception:  # e.g. a failed upgrade: the opener has told staff and is closing the app
            log.exception("the device database could not be opened")
            return
        self._status_quick = False
        self.refresh_status()
        self.start_screen.enable_touch_scrolling()
        self.header.set_listen_available(self.reader.available)  # looks for a speech engine
        self.idle = IdleWatcher(self.settings["idle_timeout_seconds"], self)
        self.idle.idle.connect(self._idle)
        if self._background_sync_wanted:
            self.background_sync.start()

    def _sync_cycle_done(self, _summary) -> None:
        self._status_quick = False  # a sync has run: the full status, even within the first moments
        self.refresh_status()
        if self.staff.active:
            self.staff.check()  # a sync may have brought the account's disabling

    def refresh_status(self) -> None:
        if not self._store_open:
            return  # the first paint: the status follows as soon as the database is open
        from ui.status import describe, read_status

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
        self.timeout_warning.retranslate()
        for screen in self.navigator.stack:
            screen.retranslate()
        if not self.on_attract:
            retranslate_panels(self.navigator.current)
        self.refresh_status()
