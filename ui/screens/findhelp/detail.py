"""A service's details: what it is, who it is for, how to get there, when it is open, and the rest.

Every text from the feed is shown as plain text (``Label`` is plain by default). The
address of a confidential service (a refuge) is not in what ``get_service`` returns,
and this page says why there is none instead.
"""

from __future__ import annotations

from datetime import date
from typing import Any


from kiosk.directory import feedback_ops, query, schedules
from kiosk.i18n import N_, _
from kiosk.timeutil import LONDON
from ui.govuk.basics import Button, Label, LinkButton, Text, button_row
from ui.govuk.wrapping import breakable
from ui.screens.findhelp import takeaway_text
from ui.screens.findhelp.panel import FindHelpPanel
from ui.screens.findhelp.results import language_label
from ui.screens.findhelp.widgets import DefinitionTable, inset


def money_text(pence: int) -> str:
    from decimal import Decimal

    from babel.numbers import format_currency

    from kiosk.i18n import current_language

    amount = Decimal(pence) / 100
    try:
        return format_currency(amount, "GBP", locale=current_language().replace("tw", "ak"))
    except Exception:  # noqa: BLE001
        return f"£{amount:.2f}"


def age_text(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return _("Ages {minimum} to {maximum}").format(minimum=minimum, maximum=maximum)
    if minimum is not None:
        return _("Age {minimum} and over").format(minimum=minimum)
    if maximum is not None:
        return _("Up to age {maximum}").format(maximum=maximum)
    return ""


def checked_text(last_checked: str | None) -> str:
    try:
        day = date.fromisoformat(str(last_checked or "")[:10])
    except ValueError:
        return _("We do not know when this listing was last checked.")
    from babel.dates import format_date

    from kiosk.i18n import current_language

    try:
        shown = format_date(day, "d MMMM y", locale=current_language().replace("tw", "ak"))
    except Exception:  # noqa: BLE001
        shown = day.isoformat()
    return _("This listing was last checked on {date}.").format(date=shown)


class DetailPanel(FindHelpPanel):
    def __init__(self, host, service_id: int):
        service: dict[str, Any] = query.get_service(host.db, service_id) or {}
        organisation = (service.get("organization") or {}).get("name")
        super().__init__(host, caption=(lambda: organisation) if organisation else N_("Find help"))
        self.service = service
        self.title = lambda: service.get("name", "")
        self.heading = Label(self.title, "heading-xl")
        self.column.addWidget(self.heading)
        now = self.host.clock()
        self.status = schedules.opening_status(service, now)
        self.status_label = Label(self.status.text, "open" if self.status.is_open else "closed")
        self.column.addWidget(self.status_label)
        if service.get("alert"):
            self.column.addWidget(inset(lambda: service["alert"], warning=True))

        self.take_button = Button(N_("Take the details with you"), "primary",
                                  description=N_("A QR code for your phone, or a printed slip"))
        self.take_button.clicked.connect(self.take_away)
        self.list_button = Button(self._list_text, "secondary")
        self.list_button.clicked.connect(self.toggle_list)
        self.column.addLayout(button_row(self.take_button, self.list_button))
        self.list_note = LinkButton(self._list_note_text)
        self.list_note.clicked.connect(self.open_shortlist)
        self.column.addWidget(self.list_note)

        self.section(N_("What it is"), service.get("description") or N_("No description given."))
        ages = (service.get("minimum_age"), service.get("maximum_age"))
        if service.get("eligibility_description") or any(a is not None for a in ages):
            self.section(N_("Who it is for"), lambda: "\n".join(
                filter(None, (service.get("eligibility_description"), age_text(*ages)))))
        if service.get("application_process"):
            self.section(N_("How to use it"), lambda: service["application_process"])
        self.section(N_("How to get there"), self._address_text)
        self._opening_times(now.astimezone(LONDON).date())
        self.section(N_("Cost"), self._cost_text)
        if service.get("languages"):
            self.section(N_("Languages spoken"), lambda: ", ".join(
                language_label(language.get("code"), language.get("name")) for language in service["languages"]))
        self.section(N_("Access"), self._access_text)
        self.section(N_("Contact"), self._contact_text)
        self.checked_heading = Label(N_("Last checked"), "heading-m")
        self.column.addWidget(self.checked_heading)
        self.checked = Label(lambda: checked_text(service.get("last_checked")))
        self.column.addWidget(self.checked)
        self.overdue = inset(N_("This listing may be out of date: it has not been checked for more than a year. "
                                "Phone before you go."), warning=True)
        self.column.addWidget(self.overdue)  # a parent first: a shown widget without one is a window
        self.overdue.setVisible(bool(service.get("check_overdue")))
        self.report_link = LinkButton(N_("Report a problem with this listing"))
        self.report_link.clicked.connect(self.report)
        self.column.addWidget(self.report_link)
        self.refresh()
        if service:
            self.host.count("service_view", feedback_ops.service_key(service))

    def section(self, heading: Text, text: Text) -> Label:
        self.column.addWidget(Label(heading, "heading-m"))
        label = Label(text)
        self.column.addWidget(label)
        return label

    def _opening_times(self, today: date) -> None:
        self.column.addWidget(Label(N_("Opening times"), "heading-m"))
        self.column.addWidget(Label(self.status.text, "heading-s"))
        rows = schedules.opening_table(self.service, today)
        self.table = DefinitionTable()
        if any(not row.closed for row in rows):
            # Labels are re-read on a language switch (day names come from CLDR in the new language).
            def label(index: int) -> str:
                return schedules.opening_table(self.service, today)[index].label

            self.table.set_rows([(lambda index=index: label(index), row.periods_text, row.weekday == today.weekday())
                                 for index, row in enumerate(rows)])
            self.column.addWidget(self.table)
        else:
            self.table.setVisible(False)
        if self.service.get("schedule_notes"):
            self.column.addWidget(Label(lambda: self.service["schedule_notes"]))

    def _address_text(self) -> str:
        if self.service.get("address_withheld"):
            return _("The address is not shown, to keep the people who use this service safe. "
                     "Phone them to find out how to get there.")
        lines = takeaway_text.address_lines(self.service)
        return "\n".join(lines) if lines else _("No address given. Phone them to find out where to go.")

    def _cost_text(self) -> str:
        service = self.service
        lines = []
        if service.get("is_free"):
            lines.append(_("Free"))
        for option in service.get("cost_options") or []:
            if option.get("amount_pence"):
                words = " ".join(filter(None, (option.get("option"), option.get("amount_description"))))
                amount = money_text(option["amount_pence"])
                lines.append(f"{words}: {amount}" if words else amount)
        fees = service.get("fees_description")
        if fees and fees.strip().lower() != "free":
            lines.append(fees)
        return "\n".join(lines) or _("Not known. Ask them before you go.")

    def _access_text(self) -> str:
        lines = []
        if self.service.get("step_free") is True:
            lines.append(_("Step-free access"))
        elif self.service.get("step_free") is False:
            lines.append(_("No step-free access"))
        for location in self.service.get("locations") or []:
            for item in location.get("accessibility") or []:
                text = item.get("description") or item.get("details")
                if text and text not in lines:
                    lines.append(text)
        return "\n".join(lines) or _("Not known. Ask them before you go.")

    def _contact_text(self) -> str:
        lines = [_("Phone: {number}").format(number=number) for number in takeaway_text.phones(self.service)]
        if self.service.get("email"):
            lines.append(_("Email: {address}").format(address=self.service["email"]))
        link = takeaway_text.web_link(self.service)
        if link:
            lines.append(_("Website: {link}").format(link=link))
        # Long web addresses wrap inside the address rather than run off the screen.
        return breakable("\n".join(lines)) or _("No contact details given.")

    # The shortlist ---------------------------------------------------------------------------

    def _list_text(self) -> str:
        if self.host.in_shortlist(self.service.get("id")):
            return _("Remove from your list")
        from ui.screens.findhelp.screen import MAX_SHORTLIST

        if len(self.host.shortlist) >= MAX_SHORTLIST:
            return _("Your list is full")
        return _("Add to your list")

    def _list_note_text(self) -> str:
        count = len(self.host.shortlist)
        from kiosk.i18n import ngettext

        return ngettext("See your list ({count} service)", "See your list ({count} services)",
                        count).format(count=count)

    def toggle_list(self) -> None:
        if self.host.in_shortlist(self.service["id"]):
            self.host.remove_from_shortlist(self.service["id"])
        else:
            self.host.add_to_shortlist(self.service)
        self.refresh()

    def refresh(self) -> None:
        self.list_button.retranslate()
        from ui.screens.findhelp.screen import MAX_SHORTLIST

        self.list_button.setEnabled(bool(self.service) and (
            self.host.in_shortlist(self.service.get("id")) or len(self.host.shortlist) < MAX_SHORTLIST))
        self.list_note.retranslate()
        self.list_note.setVisible(bool(self.host.shortlist))

    def open_shortlist(self) -> None:
        from ui.screens.findhelp.shortlist import ShortlistPanel

        self.host.open(ShortlistPanel(self.host))

    def take_away(self) -> None:
        from ui.screens.findhelp.takeaway import TakeAwayPanel

        self.host.open(TakeAwayPanel(self.host, [self.service["id"]]))

    def report(self) -> None:
        from ui.screens.findhelp.report import ReportPanel

        self.host.open(ReportPanel(self.host, self.service))
