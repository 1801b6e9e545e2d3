"""First run: "Set up this device" exchanges the council's one-time code for a device token.

The same exchange as ``kiosk enrol`` (``sync.enrolment.enrol``): the token goes to
the OS keyring, the council's answer fills in the hub and mode. The request runs
on a worker thread with its own database connection (SQLite connections stay on
their thread), so a slow council never freezes the screen; the result comes back
as a queued signal. Nothing typed is cleared when it fails.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from kiosk.i18n import N_, _
from ui.govuk.basics import Button, Label, button_row
from ui.govuk.question import ErrorSummary
from ui.screens.base import Screen

log = logging.getLogger(__name__)


def needs_enrolment(db, settings) -> bool:
    """True when the device has no council address or certainly no device token.

    A keyring that cannot be read says nothing about the token, so it does not
    count (staff see the pause in the sync status instead).
    """
    if not settings["council_url"]:
        return True
    from sync.client import data_dir_of
    from sync.credentials import CredentialsUnavailable
    from sync.enrolment import credentials_for

    try:
        return not credentials_for(data_dir_of(db), db).get_token()
    except CredentialsUnavailable:
        return False


def run_enrolment(data_dir: Path, council_url: str, code: str) -> dict[str, Any]:
    """Enrol the device in ``data_dir`` (any thread): ``{"ok", "hub_name", "insecure"}`` or ``{"ok", "message"}``."""
    from kiosk.paths import device_db_path
    from kiosk.settings import Settings
    from kiosk.store import open_db
    from sync.credentials import CredentialsUnavailable
    from sync.enrolment import EnrolmentError, credentials_for, enrol

    db = None
    try:
        db = open_db(device_db_path(data_dir))
        settings = Settings(db)
        credentials = credentials_for(data_dir, db)
        answer = enrol(db, council_url, code, credentials, settings=settings)
        hub = answer.get("hub") or {}
        return {"ok": True, "hub_name": str(hub.get("name") or settings["hub_name"] or ""),
                "insecure": bool(getattr(credentials, "insecure_demo", False))}
    except (CredentialsUnavailable, EnrolmentError) as exc:
        return {"ok": False, "message": str(exc)}
    except Exception:  # noqa: BLE001 - never a traceback on screen; the log has it
        log.exception("enrolment failed")
        return {"ok": False, "message": _("Setting up this device did not work. Try again, or ask the council.")}
    finally:
        if db is not None:
            db.close()


class _Relay(QObject):
    """Carries the worker's result to the GUI thread (a queued connection)."""

    finished = Signal(object)


class EnrolScreen(Screen):
    title = N_("Set up this device")

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent, max_width=1000)
        self.context = context
        self.running = False
        self._thread: threading.Thread | None = None
        self.summary = ErrorSummary()
        self.body.addWidget(self.summary)
        self.caption = Label(N_("Staff"), "caption")
        self.heading = Label(N_("Set up this device"), "heading-xl")
        self.intro = Label(N_("Connect this device to the council service. The council gives you a one-time "
                              "code for it; this device keeps its own key in the system keyring."))
        for widget in (self.caption, self.heading, self.intro):
            self.body.addWidget(widget)
        self.url_label = Label(N_("Council service address"), "heading-s")
        self.url_hint = Label(N_("For example, https://kiosk.council.example"), "hint")
        self.url = QLineEdit()
        self.url.setObjectName("enrolCouncilUrl")
        self.url.setMaxLength(500)
        self.url.setText(context.settings["council_url"] or "")
        self.url.setInputMethodHints(Qt.InputMethodHint.ImhUrlCharactersOnly | Qt.InputMethodHint.ImhNoPredictiveText)
        self.url_label.setBuddy(self.url)
        self.code_label = Label(N_("One-time code"), "heading-s")
        self.code_hint = Label(N_("The enrolment code the council gave you"), "hint")
        self.code = QLineEdit()
        self.code.setObjectName("enrolCode")
        self.code.setMaxLength(200)
        self.code.setMaximumWidth(500)
        self.code.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhSensitiveData)
        self.code_label.setBuddy(self.code)
        for widget in (self.url_label, self.url_hint, self.url, self.code_label, self.code_hint, self.code):
            self.body.addWidget(widget)
        self.set_up = Button(N_("Set up"), "primary",
                             description=N_("Exchange the one-time code for this device's key"))
        self.body.addLayout(button_row(self.set_up))
        self.result = Label("")
        self.result.setObjectName("enrolResult")
        self.result.setVisible(False)
        self.body.addWidget(self.result)
        self.body.addStretch(1)
        self.relay = _Relay(self)
        self.relay.finished.connect(self._finished)
        self.set_up.clicked.connect(self.start)
        self.url.returnPressed.connect(self.code.setFocus)
        self.code.returnPressed.connect(self.set_up.click)
        self.retranslate()

    # Enrolling ---------------------------------------------------------------------------------

    def start(self) -> bool:
        """Start the exchange on a worker thread; False if one is running already."""
        if self.running:
            return False
        from sync.client import data_dir_of

        self.running = True
        self.summary.set_errors([])
        self.set_up.setEnabled(False)
        self.result.set_source(N_("Setting up… This can take a few seconds."))
        self.result.setVisible(True)
        url, code = self.url.text(), self.code.text()
        self._thread = threading.Thread(target=self._work, args=(data_dir_of(self.context.db), url, code),
                                        name="kiosk-enrol", daemon=True)
        self._thread.start()
        return True

    def _work(self, data_dir: Path, url: str, code: str) -> None:
        outcome = run_enrolment(data_dir, url, code)
        try:
            self.relay.finished.emit(outcome)
        except RuntimeError:  # the screen was closed meanwhile; the settings are saved all the same
            pass

    def _finished(self, outcome: dict[str, Any]) -> None:
        self.running = False
        if self._thread is not None:
            self._thread.join(timeout=1)
            self._thread = None
        self.set_up.setEnabled(True)
        if outcome.get("ok"):
            self.code.clear()  # used up: a one-time code is no good a second time
            hub, insecure = outcome.get("hub_name", ""), outcome.get("insecure")

            def success() -> str:
                text = _("This device is now set up for {hub}.").format(hub=hub)
                if insecure:
                    text += " " + _("Warning: the device key is kept in a test/demo keyring file, "
                                    "which is NOT secure.")
                return text

            self.result.set_source(success)
            self.result.setVisible(True)
            return
        message = outcome.get("message") or ""
        target = self.url if not self.url.text().strip().lower().startswith(("http://", "https://")) else self.code
        self.result.setVisible(False)
        self.summary.set_errors([(message, target)])
        self.scroll.verticalScrollBar().setValue(0)
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def wait(self, timeout: float = 10.0) -> None:
        """For closing (and tests): let a running exchange end."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    # Screen ------------------------------------------------------------------------------------

    def focus_first(self) -> None:
        (self.code if self.url.text() else self.url).setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        super().retranslate()
        self.url.setAccessibleName(self.url_label.text())
        self.url.setAccessibleDescription(self.url_hint.text())
        self.code.setAccessibleName(self.code_label.text())
        self.code.setAccessibleDescription(self.code_hint.text())


def enrol_screen(context) -> EnrolScreen:
    return EnrolScreen(context)
