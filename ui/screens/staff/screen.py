"""The staff area: sign in with a PIN, then sync status, "Sync now", quarantine and leaving kiosk mode.

One screen with three pages (sign-in, home, quarantine). What a member of staff
may see and do comes from ``kiosk.staff.can``; every action is audited.
Nothing here shows an operation's payload: quarantined items are listed by
type, time and the council's reason only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QLineEdit, QVBoxLayout, QWidget

from kiosk import staff
from kiosk.i18n import N_, _, ngettext
from kiosk.timeutil import from_iso, to_london
from ui import screens
from ui.govuk.basics import Button, Label, button_row
from ui.govuk.flow import PageStack
from ui.govuk.question import ErrorSummary
from ui.screens.base import Screen
from ui.screens.staff.controller import SignInRefused, StaffController, role_name

# Operation types staff may meet in quarantine, in plain words.
OP_NAMES = {
    "counciltax.request": N_("Council tax request"),
    "feedback.rating": N_("Rating"),
    "audit.entry": N_("Audit log entry"),
    "timebank.register": N_("Time bank member"),
    "timebank.exchange": N_("Time bank exchange"),
}


def london_time(iso: str | None) -> str:
    if not iso:
        return _("Never")
    try:
        return to_london(from_iso(iso)).strftime("%d %b %Y %H:%M")
    except ValueError:
        return iso


def sync_status(db, settings) -> dict[str, Any]:
    """``sync.client.status`` plus the pause it cannot store: a device never enrolled."""
    from sync.client import PAUSE_MESSAGES, status

    report = status(db)
    if not report.get("paused") and not settings["council_url"]:
        report["paused"] = "not_enrolled"
        report["paused_message"] = _(PAUSE_MESSAGES["not_enrolled"])
    return report


def describe_result(summary: dict[str, Any]) -> str:
    """One line about a finished "Sync now"."""
    if summary.get("ok"):
        return _("Sync finished: {sent} sent, {received} received, {refused} refused.").format(
            sent=summary.get("applied", 0), received=summary.get("pulled", 0),
            refused=int(summary.get("rejected", 0)) + int(summary.get("conflicts", 0)))
    if summary.get("paused"):
        from sync.client import PAUSE_MESSAGES

        message = PAUSE_MESSAGES.get(summary["paused"])
        return _("Sync is paused: {why}").format(why=_(message) if message else summary["paused"])
    return _("Sync did not work this time; it will try again by itself. ({error})").format(
        error=summary.get("error") or _("unknown error"))


class SignInPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.summary = ErrorSummary()
        column.addWidget(self.summary)
        self.caption = Label(N_("Staff"), "caption")
        self.heading = Label(N_("Sign in"), "heading-xl")
        self.intro = Label(N_("For staff and volunteers of this hub. Residents do not need to sign in."))
        for widget in (self.caption, self.heading, self.intro):
            column.addWidget(widget)
        self.who_label = Label(N_("Staff name or number"), "heading-s")
        self.who = QLineEdit()
        self.who.setObjectName("staffWho")
        self.who.setMaxLength(120)
        self.who_label.setBuddy(self.who)
        self.pin_label = Label(N_("PIN"), "heading-s")
        self.pin_hint = Label(N_("6 to 12 digits"), "hint")
        self.pin = QLineEdit()
        self.pin.setObjectName("staffPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.pin.setMaximumWidth(400)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
                                     | Qt.InputMethodHint.ImhNoPredictiveText)
        self.who.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhSensitiveData)
        self.pin_label.setBuddy(self.pin)
        for widget in (self.who_label, self.who, self.pin_label, self.pin_hint, self.pin):
            column.addWidget(widget)
        self.message = Label("", "error-message")
        self.message.setObjectName("signInMessage")
        self.message.setVisible(False)
        column.addWidget(self.message)
        self.sign_in_button = Button(N_("Sign in"), "primary")
        column.addLayout(button_row(self.sign_in_button))
        column.addStretch(1)
        self.pin.returnPressed.connect(self.sign_in_button.click)
        self.who.returnPressed.connect(self.pin.setFocus)
        self.retranslate()

    def retranslate(self) -> None:
        self.who.setAccessibleName(self.who_label.text())
        self.pin.setAccessibleName(self.pin_label.text())
        self.pin.setAccessibleDescription(self.pin_hint.text())


class HomePage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.caption = Label(N_("Staff"), "caption")
        self.heading = Label(N_("Sync and this device"), "heading-xl")
        self.who = Label("")
        self.who.setObjectName("signedInAs")
        for widget in (self.caption, self.heading, self.who):
            column.addWidget(widget)
        self.status_heading = Label(N_("Sync status"), "heading-m")
        column.addWidget(self.status_heading)
        self.status_box = QFrame()
        self.status_box.setObjectName("staffStatus")
        self.status_lines = QVBoxLayout(self.status_box)
        self.status_lines.setContentsMargins(0, 0, 0, 0)
        self.status_lines.setSpacing(8)
        self.lines: dict[str, Label] = {}
        for key in ("waiting", "quarantined", "last_sync", "last_attempt", "next_attempt", "problem", "paused"):
            label = Label("")
            label.setObjectName(f"status_{key}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.lines[key] = label
            self.status_lines.addWidget(label)
        column.addWidget(self.status_box)
        self.sync_now = Button(N_("Sync now"), "primary",
                               description=N_("Send what is waiting and fetch the council's changes now"))
        self.quarantine_button = Button(N_("Items the council refused"), "secondary")
        column.addLayout(button_row(self.sync_now, self.quarantine_button))
        self.result = Label("")
        self.result.setObjectName("syncResult")
        self.result.setVisible(False)
        column.addWidget(self.result)
        self.work_heading = Label(N_("Your work"), "heading-m")
        column.addWidget(self.work_heading)
        self.outreach = Button(N_("Outreach cases"), "secondary",
                               description=N_("Residents to visit, checked out to this device for a set time"))
        self.broker = Button(N_("Time audit and statements"), "secondary",
                             description=N_("Hours of help by month and category, and members' statements"))
        column.addLayout(button_row(self.outreach, self.broker))
        self.device_heading = Label(N_("This device"), "heading-m")
        column.addWidget(self.device_heading)
        self.leave_kiosk = Button(N_("Leave kiosk mode"), "warning",
                                  description=N_("Close the kiosk app so the computer can be looked after"))
        self.sign_out = Button(N_("Sign out"), "secondary")
        self.enrol = Button(N_("Set up this device"), "secondary",
                            description=N_("Connect this device to the council with a one-time code"))
        column.addLayout(button_row(self.sign_out, self.enrol, self.leave_kiosk))
        column.addStretch(1)


class QuarantinePage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.caption = Label(N_("Staff"), "caption")
        self.heading = Label(N_("Items the council refused"), "heading-xl")
        self.intro = Label(N_("These were sent but the council could not accept them. They stay on this "
                              "device so nothing is lost. Tell the council's support team the reason shown."))
        for widget in (self.caption, self.heading, self.intro):
            column.addWidget(widget)
        self.items = QVBoxLayout()
        self.items.setSpacing(16)
        column.addLayout(self.items)
        self.empty = Label(N_("Nothing is in quarantine."))
        column.addWidget(self.empty)
        self.back_button = Button(N_("Back to sync status"), "secondary")
        column.addLayout(button_row(self.back_button))
        column.addStretch(1)
        self.rows: list[QFrame] = []

    def show_items(self, items: list[dict[str, Any]]) -> None:
        for row in self.rows:
            self.items.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for item in items:
            row = QFrame()
            row.setObjectName("summaryRow")
            lines = QVBoxLayout(row)
            lines.setContentsMargins(0, 0, 0, 12)
            op_type = item.get("op_type", "")
            name = OP_NAMES.get(op_type)
            title = Label(lambda name=name, op_type=op_type: (
                _("{name} ({type})").format(name=_(name), type=op_type) if name else op_type), "heading-s")
            when = Label(lambda created=item.get("created_at"): _("Made on this device: {time}").format(
                time=london_time(created)))
            why = Label(lambda code=item.get("code", ""), message=item.get("message", ""): _(
                "Reason: {code} – {message}").format(code=code, message=message))
            held = int(item.get("held") or 0)
            lines.addWidget(title)
            lines.addWidget(when)
            lines.addWidget(why)
            if held:
                lines.addWidget(Label(lambda held=held: ngettext(
                    "{count} later item for the same record waits behind it.",
                    "{count} later items for the same record wait behind it.", held).format(count=held), "hint"))
            row.setProperty("op_id", item.get("op_id", ""))
            self.items.addWidget(row)
            self.rows.append(row)
        self.empty.setVisible(not items)


class StaffScreen(Screen):
    title = N_("Staff")

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent, max_width=1000)
        self.context = context
        self.controller: StaffController = context.staff or StaffController(context.db, parent=self)
        self.runner = context.sync
        self.pages = PageStack()
        self.sign_in_page = SignInPage()
        self.home_page = HomePage()
        self.quarantine_page = QuarantinePage()
        for page in (self.sign_in_page, self.home_page, self.quarantine_page):
            self.pages.addWidget(page)
        self.body.addWidget(self.pages)
        self.body.addStretch(1)
        self.sign_in_page.sign_in_button.clicked.connect(self.sign_in)
        home = self.home_page
        home.sync_now.clicked.connect(self.sync_now)
        home.quarantine_button.clicked.connect(self.show_quarantine)
        home.sign_out.clicked.connect(lambda: self.controller.sign_out("by_hand"))
        home.leave_kiosk.clicked.connect(self.leave_kiosk_mode)
        home.outreach.clicked.connect(lambda: self.navigate.emit("outreach"))
        home.enrol.clicked.connect(lambda: self.navigate.emit("enrol"))
        home.broker.clicked.connect(lambda: self.navigate.emit("time-bank-broker"))
        self.quarantine_page.back_button.clicked.connect(self.show_home)
        self.controller.signed_out.connect(self._signed_out)
        if self.runner is not None:
            self.runner.session_result.connect(self._sync_finished)
            self.runner.started.connect(self._sync_started)
        # A locked-out message counts down by itself.
        self._locked_until = None
        self.lock_timer = QTimer(self)
        self.lock_timer.setInterval(1000)
        self.lock_timer.timeout.connect(self._lock_tick)
        if self.controller.active:
            self.show_home()
        else:
            self.pages.setCurrentWidget(self.sign_in_page)

    # Signing in --------------------------------------------------------------------------------

    def sign_in(self) -> None:
        page = self.sign_in_page
        who, pin = page.who.text(), page.pin.text()
        page.pin.clear()  # never kept on screen, right or wrong
        if not who.strip() or not pin.strip():
            self._refused(_("Enter your staff name or number and your PIN."), None)
            return
        try:
            self.controller.sign_in(who, pin)
        except SignInRefused as refused:
            self._refused(refused.message, refused.locked_until)
            return
        except Exception:  # noqa: BLE001 - a damaged database must not show a traceback
            import logging

            logging.getLogger(__name__).exception("staff sign-in failed")
            self._refused(_("Sign-in is not working on this device. Ask your hub admin."), None)
            return
        page.who.clear()
        page.summary.set_errors([])
        page.message.setVisible(False)
        self.lock_timer.stop()
        self.show_home()

    def _refused(self, message: str, locked_until) -> None:
        page = self.sign_in_page
        page.summary.set_errors([(message, page.pin)])
        page.message.set_source(lambda message=message: message)
        page.message.setVisible(True)
        self._locked_until = locked_until
        if locked_until is not None:
            self._lock_tick()
            self.lock_timer.start()
        page.pin.setFocus(Qt.FocusReason.OtherFocusReason)

    def _lock_tick(self) -> None:
        if self._locked_until is None:
            self.lock_timer.stop()
            return
        now = self.controller.clock()
        seconds = int((self._locked_until - now).total_seconds())
        page = self.sign_in_page
        if seconds <= 0:
            self.lock_timer.stop()
            self._locked_until = None
            page.message.set_source(N_("You can try to sign in again now."))
            page.sign_in_button.setEnabled(True)
            return
        minutes, rest = divmod(seconds, 60)
        until = to_london(self._locked_until).strftime("%H:%M")
        page.message.set_source(lambda m=minutes, s=rest, until=until: _(
            "Sign-in is locked. It opens again at {time} (in {minutes}:{seconds:02d}).").format(
            time=until, minutes=m, seconds=s))
        page.sign_in_button.setEnabled(False)

    def _signed_out(self, _reason: str) -> None:
        self.home_page.result.setVisible(False)
        self.pages.setCurrentWidget(self.sign_in_page)
        self.focus_first()

    # Home --------------------------------------------------------------------------------------

    def show_home(self) -> None:
        session = self.controller.session
        if session is None:
            self.pages.setCurrentWidget(self.sign_in_page)
            return
        home = self.home_page
        home.who.set_source(lambda: _("Signed in as {name} ({role})").format(
            name=session.name, role=role_name(session.role)))
        home.quarantine_button.setVisible(self.controller.can(staff.VIEW_QUARANTINE))
        home.enrol.setVisible(self.controller.can(staff.CHANGE_SETTINGS) and "enrol" in screens.ROUTES)
        home.leave_kiosk.setVisible(self.context.mode == "kiosk" and self.controller.can(staff.LEAVE_KIOSK_MODE))
        outreach = self.controller.can(staff.CHECK_OUT_CASES) and "outreach" in screens.ROUTES
        broker = self.controller.can(staff.APPROVE_EXCHANGE) and "time-bank-broker" in screens.ROUTES
        home.work_heading.setVisible(outreach or broker)
        home.outreach.setVisible(outreach)
        home.broker.setVisible(broker)
        self.refresh_status()
        self.pages.setCurrentWidget(home)
        self.scroll.verticalScrollBar().setValue(0)

    def refresh_status(self) -> None:
        lines = self.home_page.lines
        try:
            report = sync_status(self.context.db, self.context.settings)
        except Exception:  # noqa: BLE001
            for label in lines.values():
                label.setVisible(False)
            lines["problem"].set_source(N_("Sync status unavailable"))
            lines["problem"].setVisible(True)
            return
        waiting, quarantined = int(report.get("waiting", 0)), int(report.get("quarantined", 0))
        texts = {
            "waiting": lambda: ngettext("{count} item waiting to sync", "{count} items waiting to sync",
                                        waiting).format(count=waiting) if waiting else _("Nothing waiting to sync"),
            "quarantined": lambda: ngettext("{count} item refused by the council (quarantine)",
                                            "{count} items refused by the council (quarantine)",
                                            quarantined).format(count=quarantined),
            "last_sync": lambda: _("Last successful sync: {time}").format(time=london_time(report.get("last_sync_at"))),
            "last_attempt": lambda: _("Last attempt: {time}").format(time=london_time(report.get("last_attempt_at"))),
            "next_attempt": lambda: _("Next try after a failure: {time}").format(
                time=london_time(report.get("next_attempt_at"))),
            "problem": lambda: _("Last problem: {error}").format(error=report.get("last_error") or ""),
            "paused": lambda: _("Paused: {why}").format(why=report.get("paused_message") or ""),
        }
        shown = {
            "waiting": True,
            "quarantined": True,
            "last_sync": True,
            "last_attempt": bool(report.get("last_attempt_at")),
            "next_attempt": bool(report.get("next_attempt_at")),
            "problem": bool(report.get("last_error")),
            "paused": bool(report.get("paused")),
        }
        for key, label in lines.items():
            label.set_source(texts[key])
            label.setVisible(shown[key])

    def sync_now(self) -> None:
        if self.runner is None or not self.controller.active:
            return
        self.controller.record("sync.sync_now", self.context.settings["device_id"])
        self.runner.run_cycle()

    def _sync_started(self) -> None:
        button = self.home_page.sync_now
        button.setEnabled(False)
        button.set_source(N_("Syncing…"))
        self.home_page.result.set_source(N_("Syncing… You can keep using the kiosk."))
        self.home_page.result.setVisible(True)

    def _sync_finished(self, summary: dict[str, Any]) -> None:
        button = self.home_page.sync_now
        button.setEnabled(True)
        button.set_source(N_("Sync now"))
        self.home_page.result.set_source(lambda summary=summary: describe_result(summary))
        self.home_page.result.setVisible(True)
        self.refresh_status()
        if self.pages.currentWidget() is self.quarantine_page:
            self.show_quarantine()

    # Quarantine -------------------------------------------------------------------------------

    def show_quarantine(self) -> None:
        if not self.controller.can(staff.VIEW_QUARANTINE):
            return
        from sync.client import quarantine

        items = quarantine(self.context.db)
        self.controller.record("sync.view_quarantine", str(len(items)))
        self.quarantine_page.show_items(items)
        self.pages.setCurrentWidget(self.quarantine_page)
        self.scroll.verticalScrollBar().setValue(0)

    # Kiosk mode --------------------------------------------------------------------------------

    def leave_kiosk_mode(self) -> None:
        if not self.controller.request_leave_kiosk_mode():
            self.home_page.result.set_source(N_("Your role cannot leave kiosk mode. Ask your hub admin."))
            self.home_page.result.setVisible(True)

    # Screen ------------------------------------------------------------------------------------

    def focus_first(self) -> None:
        if self.pages.currentWidget() is self.sign_in_page:
            self.sign_in_page.who.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            super().focus_first()

    def go_back(self) -> bool:
        if self.pages.currentWidget() is self.quarantine_page:
            self.show_home()
            return True
        return False

    def retranslate(self) -> None:
        super().retranslate()
        self.sign_in_page.retranslate()
        if self.controller.active:
            self.refresh_status()

    def wipe(self) -> None:
        self.lock_timer.stop()
        self._locked_until = None
        self.quarantine_page.show_items([])
        super().wipe()
