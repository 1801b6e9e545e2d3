"""The broker's member management: find a member, see their details, change contact details and skills,
give or take away badges for references and checks (taking one away needs a reason), suspend or reinstate
them with a reason.

Changes go through ``kiosk.timebank.member_admin`` (outbox, sealed, audited with the
broker's staff id); every refusal shown is the core's own message, and what was
typed stays in the boxes. Viewing a member is audited too (ids only). On a
self-service kiosk the details are shown, not changed (the council refuses
these changes from a kiosk). ``wipe`` forgets the member and every box.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QFormLayout, QFrame, QLineEdit, QVBoxLayout, QWidget

from kiosk.i18n import N_, _
from kiosk.timebank import member_admin, members, numbers
from kiosk.timebank.errors import TimeBankError
from kiosk.timeutil import from_iso, to_london
from ui.govuk.basics import Button, Label, LinkButton, Translatable, button_row
from ui.govuk.question import Choice, Question
from ui.govuk.wrapping import WrappingCheckboxInput

MAX_RESULTS = 8
STATUS_LABELS = {"active": N_("Active"), "pending": N_("Waiting for approval"), "suspended": N_("Suspended")}
# Editable fields: (field, label); lists are typed comma-separated.
FIELDS = (
    ("phone", N_("Phone")),
    ("email", N_("E-mail")),
    ("postcode", N_("Postcode")),
    ("skills", N_("Skills (separate with commas)")),
    ("interests", N_("Passions and interests (separate with commas)")),
    ("availability", N_("When they are free")),
)


BADGES_QUESTION = Question(
    key="badges", label=N_("References and checks"),
    choices=tuple(Choice(badge, members.BADGE_LABELS[badge]) for badge in members.BADGES))


class BadgeBoxes(WrappingCheckboxInput, Translatable):
    """A check box for each badge; retranslated with the screen."""


def status_text(status: str) -> str:
    label = STATUS_LABELS.get(status)
    return _(label) if label else status


def shown(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else (value or "")


class MembersSection(QFrame):
    def __init__(self, context, staff_id: Callable[[], str | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.staff_id = staff_id
        self.account: dict[str, Any] | None = None
        self.result_buttons: list[Button] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(Label(N_("Members"), "heading-l"))
        column.addWidget(Label(N_("Name or member number"), "heading-s"))
        self.query = QLineEdit()
        self.query.setAccessibleName(_("Name or member number"))
        column.addWidget(self.query)
        self.find_button = Button(N_("Find member"), "secondary")
        column.addLayout(button_row(self.find_button))
        self.results_box = QVBoxLayout()
        column.addLayout(self.results_box)
        self.detail = QFrame()
        detail = QVBoxLayout(self.detail)
        detail.setContentsMargins(0, 0, 0, 0)
        self.heading = Label("", "heading-m")
        self.status = Label("")
        self.history = Label("", "hint")
        self.languages = Label("")
        for widget in (self.heading, self.status, self.history, self.languages):
            detail.addWidget(widget)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        self.form_labels: list[Label] = []
        for name, label in FIELDS:
            edit = QLineEdit()
            edit.setAccessibleName(_(label))
            self.edits[name] = edit
            caption = Label(label)
            caption.setBuddy(edit)
            self.form_labels.append(caption)
            form.addRow(caption, edit)
        detail.addLayout(form)
        self.badges_label = Label(BADGES_QUESTION.label, "heading-s")
        self.badges = BadgeBoxes(BADGES_QUESTION)
        self.badge_reason_label = Label(N_("Reason for taking a badge away"))
        self.badge_reason = QLineEdit()
        self.badge_reason.setAccessibleName(_("Reason for taking a badge away"))
        self.badge_reason_label.setBuddy(self.badge_reason)
        for widget in (self.badges_label, self.badges, self.badge_reason_label, self.badge_reason):
            detail.addWidget(widget)
        self.save_button = Button(N_("Save changes"), "primary")
        detail.addLayout(button_row(self.save_button))
        self.reason_label = Label("", "heading-s")
        self.reason = QLineEdit()
        self.reason.setAccessibleName(_("Reason"))
        self.status_button = Button("", "warning")
        self.reason_label.setBuddy(self.reason)
        detail.addWidget(self.reason_label)
        detail.addWidget(self.reason)
        detail.addLayout(button_row(self.status_button))
        self.kiosk_note = Label(N_("On a self-service kiosk members can be seen, not changed; use a staff laptop."),
                                "hint")
        detail.addWidget(self.kiosk_note)
        self.detail.setVisible(False)
        column.addWidget(self.detail)
        self.message = Label("")  # under the detail: next to the button that was pressed
        self.message.setVisible(False)
        column.addWidget(self.message)

        self.find_button.clicked.connect(self.find)
        self.query.returnPressed.connect(self.find)
        self.save_button.clicked.connect(self.save)
        self.status_button.clicked.connect(self.change_status)

    @property
    def editable(self) -> bool:
        return self.context.mode != "kiosk"

    # Finding ------------------------------------------------------------------------------

    def find(self) -> None:
        self._clear_results()
        self.message.setVisible(False)
        self.account = None  # a new search: the last member's details go
        self.detail.setVisible(False)
        try:
            found = members.find_members(self.context.db, self.query.text(), limit=MAX_RESULTS + 1, kind="person")
        except TimeBankError as error:
            self.say(error.message)
            return
        if not found:
            self.say(_("No member found. Check the spelling or the number."))
            return
        if len(found) > MAX_RESULTS:
            self.say(_("More than {count} members match: type more of the name.").format(count=MAX_RESULTS))
        for account in found[:MAX_RESULTS]:
            button = LinkButton(lambda a=account: _("{name} · {number} · {status}").format(
                name=a["name"], number=numbers.format_number(a["number"]), status=status_text(a["status"])))
            button.clicked.connect(lambda _=False, a=account: self.show_member(a["id"]))
            self.results_box.addWidget(button)
            self.result_buttons.append(button)

    def _clear_results(self) -> None:
        for button in self.result_buttons:
            self.results_box.removeWidget(button)
            button.hide()  # at once: deleteLater waits for the event loop
            button.deleteLater()
        self.result_buttons = []

    # One member ---------------------------------------------------------------------------

    def show_member(self, account_id: str) -> None:
        account = members.get_account(self.context.db, account_id)
        if account is None:
            return
        self.account = account
        self._clear_results()
        self.context.staff.record("timebank.view_member", account_id)  # ids only, via kiosk.audit
        self.heading.set_source(lambda: _("{name}, member number {number}").format(
            name=account["name"], number=numbers.format_number(account["number"])))
        self.status.set_source(lambda: _("Status: {status}").format(status=status_text(account["status"])))
        history = member_admin.status_history(self.context.db, account_id)
        last = history[0] if history else None
        self.history.set_source((lambda: _("{status} on {date} by {by}: {reason}").format(
            status=status_text(last["status"]), date=to_london(from_iso(last["at"])).strftime("%d/%m/%Y"),
            by=last["by"], reason=last["reason"])) if last else "")
        self.history.setVisible(last is not None)
        self.languages.set_source(lambda: _("Languages: {languages}").format(
            languages=shown(account.get("languages")) or "-"))
        for name, edit in self.edits.items():
            edit.setText(shown(account.get(name)))
            edit.setReadOnly(not self.editable)
        self.badges.set_value(account.get("badges"))
        self.badges.setEnabled(self.editable)  # shown on a kiosk, not changed
        self.badge_reason.clear()
        suspended = account["status"] == "suspended"
        self.reason_label.set_source(N_("Reason for reinstating") if suspended else N_("Reason for suspending"))
        self.status_button.set_source(N_("Reinstate member") if suspended else N_("Suspend member"))
        self.status_button.setProperty("kind", "primary" if suspended else "warning")
        self.status_button.style().polish(self.status_button)
        self.reason.clear()
        for widget in (self.save_button, self.reason_label, self.reason, self.status_button,
                       self.badge_reason_label, self.badge_reason):
            widget.setVisible(self.editable)
        self.kiosk_note.setVisible(not self.editable)
        self.detail.setVisible(True)

    def save(self) -> None:
        by = self.staff_id()
        if self.account is None or not by or not self.editable:
            return
        given = {name: edit.text() for name, edit in self.edits.items()}
        given["badges"] = self.badges.value() or []
        try:
            member_admin.update_profile(self.context.db, self.account["id"], by=by,
                                        reason=self.badge_reason.text(), **given)
        except TimeBankError as error:
            self.say(error.message)
            if error.code == "reason_missing":
                self.badge_reason.setFocus()
            return
        self.show_member(self.account["id"])
        self.say(_("Saved. The changes go to the council at the next sync."))

    def change_status(self) -> None:
        by = self.staff_id()
        if self.account is None or not by or not self.editable:
            return
        status = "active" if self.account["status"] == "suspended" else "suspended"
        try:
            member_admin.set_status(self.context.db, self.account["id"], status, by=by, reason=self.reason.text())
        except TimeBankError as error:
            self.say(error.message)
            self.reason.setFocus()
            return
        self.show_member(self.account["id"])
        self.say(_("{name} is suspended.").format(name=self.account["name"]) if status == "suspended"
                 else _("{name} is active again.").format(name=self.account["name"]))

    def say(self, text: str) -> None:
        self.message.set_source(lambda: text)
        self.message.setVisible(True)

    def wipe(self) -> None:
        self.account = None
        self._clear_results()
        self.query.clear()
        self.reason.clear()
        self.badge_reason.clear()
        self.badges.clear()
        for edit in self.edits.values():
            edit.clear()
        self.heading.set_source("")
        self.history.set_source("")
        self.detail.setVisible(False)
        self.message.setVisible(False)
