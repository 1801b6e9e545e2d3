"""Results: services matching the words typed or the topic chosen, with filters that need one tap each.

Filters are plain check boxes, a drop-down list and two short boxes — nothing needs
hover or a double tap. Check boxes and the language list apply at once; age and
postcode apply with "Update results" (or the Enter key). The time of day shows only
once a day is chosen (with "Any day" it would be ignored).

Results come a page at a time: "Show more results" adds the next page under the ones
shown and moves the focus to the first new one, so a keyboard or screen-reader user
carries on reading from there.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFrame, QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.directory import query, schedules
from kiosk.directory.needs import NEEDS_BY_ID
from kiosk.i18n import N_, _, current_language, ngettext
from kiosk.timeutil import LONDON
from ui.govuk.basics import Button, Label, LinkButton, Text, Translatable, button_row, resolve
from ui.screens.findhelp.panel import FindHelpPanel
from ui.screens.findhelp.widgets import ResultCard

RESULT_LIMIT = 30  # one page of results
SUGGESTIONS = (
    N_("Check the spelling."),
    N_("Try fewer words, or different ones: \"food\" rather than \"food bank on Saturday\"."),
    N_("Remove some filters."),
    N_("Choose a topic instead."),
)


class CheckBox(QCheckBox, Translatable):
    def __init__(self, text: Text) -> None:
        super().__init__()
        self._source = text
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(resolve(self._source))
        self.setAccessibleName(self.text())


def language_label(code: str | None, name: str | None) -> str:
    """A language's name in the current language (CLDR via babel), else as the feed wrote it."""
    if code:
        try:
            from babel import Locale

            found = Locale.parse(code).get_display_name(current_language().replace("tw", "ak"))
            if found:
                return found[:1].upper() + found[1:]
        except Exception:  # noqa: BLE001 - an odd code from a feed: fall back to its own name
            pass
    return name or code or ""


DAY_OFFSETS = tuple(range(7))  # today and the next six days
PARTS_OF_DAY = ((N_("Morning (10am)"), 10), (N_("Afternoon (2pm)"), 14), (N_("Evening (6pm)"), 18))


def day_label(day: date, offset: int) -> str:
    """'Today', 'Tomorrow', else the weekday and date in the current language."""
    if offset == 0:
        return _("Today")
    if offset == 1:
        return _("Tomorrow")
    from babel.dates import format_date

    try:
        return format_date(day, "EEEE d MMMM", locale=current_language().replace("tw", "ak"))
    except Exception:  # noqa: BLE001 - a locale babel lacks: the English form
        return day.strftime("%A %d %B")


def distance_text(km: float) -> str:
    from babel.numbers import format_decimal

    try:
        number = format_decimal(km, format="#,##0.0", locale=current_language().replace("tw", "ak"))
    except Exception:  # noqa: BLE001
        number = f"{km:.1f}"
    return _("{distance} km away").format(distance=number)


class ResultsPanel(FindHelpPanel):
    def __init__(self, host, *, text: str | None = None, need: str | None = None):
        super().__init__(host)
        self.text, self.need = text, need
        self.results: query.Results | None = None  # the pages shown so far, merged
        self._wiping = False
        self._page_filters: query.Filters | None = None  # what the shown pages were asked with, for the next page
        self._page_now: datetime | None = None
        self.cards: dict[int, ResultCard] = {}  # shown now, in order
        self._built: dict[tuple[int, float | None], ResultCard] = {}  # (service, distance) -> its card
        if need:
            self.title = NEEDS_BY_ID[need].label
        else:
            self.title = lambda: _("Results for \u201c{words}\u201d").format(words=self.text)
        self.heading = Label(self.title, "heading-xl")
        self.column.addWidget(self.heading)
        # Results first on a small screen; the filters open with one tap (no hover, no double tap).
        self.count_label = Label("", "heading-m")
        self.filters_button = Button(self._filters_button_text, "secondary")
        self.filters_button.setCheckable(True)
        self.filters_button.toggled.connect(self.show_filters)
        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.filters_button)
        self.column.addLayout(top)
        self._build_filters()
        self.filter_box.setVisible(False)
        self.notes = QVBoxLayout()
        self.notes.setSpacing(8)
        self.column.addLayout(self.notes)
        self.note_labels: list[Label] = []
        self.list_widget = QWidget()
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(0)
        self.column.addWidget(self.list_widget)
        self._build_paging()
        self._build_nothing_found()
        self.retranslate()
        self.run()

    # Filters ---------------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.filter_box = QFrame()
        self.filter_box.setObjectName("filters")
        box = QVBoxLayout(self.filter_box)
        box.setSpacing(12)
        self.open_now = CheckBox(N_("Open now"))
        self.free = CheckBox(N_("Free"))
        self.step_free = CheckBox(N_("Step-free access"))
        checks = QGridLayout()
        checks.setHorizontalSpacing(24)
        for index, check in enumerate((self.open_now, self.free, self.step_free)):
            check.toggled.connect(self.run)
            checks.addWidget(check, 0, index)
        checks.setColumnStretch(3, 1)
        box.addLayout(checks)

        fields = QGridLayout()
        fields.setHorizontalSpacing(24)
        fields.setVerticalSpacing(6)
        self.language_heading = Label(N_("Language spoken"), "heading-s")
        self.language = QComboBox()
        self._language_sources = query.languages_spoken(self.host.db)
        self.language_keys: list[str | None] = [None] + [language["key"] for language in self._language_sources]
        for _key in self.language_keys:
            self.language.addItem("")  # texts in retranslate
        self.language.activated.connect(lambda _index: self.run())
        self.language_heading.setBuddy(self.language)
        self.age_heading = Label(N_("Age of the person"), "heading-s")
        self.age = QLineEdit()
        self.age.setMaxLength(3)
        self.age.setMaximumWidth(140)
        self.age.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.age.returnPressed.connect(self.update_results)
        self.age_heading.setBuddy(self.age)
        # "Open on a chosen day": the next seven days, and a part of that day (local time).
        self.day_heading = Label(N_("Open on"), "heading-s")
        self.day = QComboBox()
        for _index in range(1 + len(DAY_OFFSETS)):
            self.day.addItem("")  # texts in retranslate
        self.day.activated.connect(lambda _index: self.run())
        self.day_heading.setBuddy(self.day)
        self.part = QComboBox()
        for _index in PARTS_OF_DAY:
            self.part.addItem("")
        self.part.activated.connect(lambda _index: self.run())
        self.part.setVisible(False)  # until a day is chosen: "Any day" has no time to choose
        self.day.currentIndexChanged.connect(self._follow_day)
        self.postcode_heading = Label(N_("Near a postcode"), "heading-s")
        self.postcode = QLineEdit()
        self.postcode.setMaxLength(10)
        self.postcode.setMaximumWidth(260)
        self.postcode.returnPressed.connect(self.update_results)
        self.postcode_heading.setBuddy(self.postcode)
        # The language list on a row of its own (language names are long at large text sizes),
        # age and postcode under it, side by side.
        self.language.setMaximumWidth(560)
        fields.addWidget(self.language_heading, 0, 0, 1, 2)
        fields.addWidget(self.language, 1, 0, 1, 2)
        fields.setRowMinimumHeight(2, 12)
        fields.addWidget(self.day_heading, 5, 0, 1, 2)
        day_row = QHBoxLayout()
        day_row.setSpacing(12)
        day_row.addWidget(self.day)
        day_row.addWidget(self.part)
        day_row.addStretch(1)
        fields.addLayout(day_row, 6, 0, 1, 2)
        for column, (heading, widget) in enumerate(((self.age_heading, self.age),
                                                    (self.postcode_heading, self.postcode))):
            fields.addWidget(heading, 3, column, Qt.AlignmentFlag.AlignBottom)  # wrapped or not, next to its box
            fields.addWidget(widget, 4, column, Qt.AlignmentFlag.AlignLeft)
            fields.setColumnStretch(column, 1)
        box.addLayout(fields)
        self.filter_error = Label("", "error-message")
        self.filter_error.setVisible(False)
        box.addWidget(self.filter_error)
        self.update_button = Button(N_("Update results"), "secondary")
        self.update_button.clicked.connect(self.update_results)
        self.clear_button = LinkButton(N_("Clear filters"))
        self.clear_button.clicked.connect(self.clear_filters)
        box.addLayout(button_row(self.update_button, self.clear_button))
        self.column.addWidget(self.filter_box)

    def _follow_day(self, index: int) -> None:
        """The time of day belongs to a chosen day: hidden for any day, so Tab skips it too; shown
        right after the day box, its place in the Tab order."""
        self.part.setVisible(index > 0)

    def filters(self) -> query.Filters | None:
        """The filters as chosen; None (with a message shown) when the age is not a number."""
        age_text = self.age.text().strip()
        age = None
        if age_text:
            if not age_text.isdigit() or int(age_text) > 120:
                self._filter_error(_("Enter an age in years, like 16"))
                self.host.scroll_to(self.filter_box)
                return None
            age = int(age_text)
        self._filter_error("")
        index = self.language.currentIndex()
        return query.Filters(
            need=self.need,
            open_now=self.open_now.isChecked(),
            open_at=None if self.open_now.isChecked() else self.chosen_time(),
            free=self.free.isChecked(),
            step_free=self.step_free.isChecked(),
            age=age,
            language=self.language_keys[index] if 0 <= index < len(self.language_keys) else None,
            postcode=self.postcode.text().strip() or None,
        )

    def chosen_time(self) -> datetime | None:
        """The chosen day and part of the day as an aware London time; None for any day."""
        index = self.day.currentIndex()
        if index <= 0:
            return None
        today = self.host.clock().astimezone(LONDON).date()
        day = today + timedelta(days=DAY_OFFSETS[index - 1])
        hour = PARTS_OF_DAY[max(self.part.currentIndex(), 0)][1]
        return datetime.combine(day, time(hour), tzinfo=LONDON)

    def _filter_error(self, message: str) -> None:
        self.filter_error.set_source(lambda: _("Error: {message}").format(message=message) if message else "")
        self.filter_error.setVisible(bool(message))
        for widget in (self.age,):
            widget.setProperty("error", "true" if message else "false")
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def _filters_button_text(self) -> str:
        if not hasattr(self, "age"):  # still being built
            return _("Filter the results")
        if self.filter_box.isVisibleTo(self):
            return _("Hide filters")
        active = self.active_filter_count()
        if active:
            return ngettext("Filters ({count} on)", "Filters ({count} on)", active).format(count=active)
        return _("Filter the results")

    def show_filters(self, shown: bool) -> None:
        self.filter_box.setVisible(shown)
        self.filters_button.retranslate()
        if shown:
            self.host.scroll_to(self.filter_box)

    def active_filter_count(self) -> int:
        return sum(bool(on) for on in (self.open_now.isChecked(), self.free.isChecked(), self.step_free.isChecked(),
                                       self.language.currentIndex() > 0, self.day.currentIndex() > 0, self.age.text().strip(),
                                       self.postcode.text().strip()))

    def filters_active(self) -> bool:
        return bool(self.open_now.isChecked() or self.free.isChecked() or self.step_free.isChecked()
                    or self.language.currentIndex() > 0 or self.day.currentIndex() > 0 or self.age.text().strip() or self.postcode.text().strip())

    def update_results(self) -> None:
        self.run()

    def clear_filters(self) -> None:
        for check in (self.open_now, self.free, self.step_free):
            check.blockSignals(True)
            check.setChecked(False)
            check.blockSignals(False)
        self.language.setCurrentIndex(0)
        self.day.setCurrentIndex(0)
        self.part.setCurrentIndex(0)
        self.age.clear()
        self.postcode.clear()
        self.run()

    # Results ---------------------------------------------------------------------------------

    def _build_nothing_found(self) -> None:
        self.nothing = QWidget()
        column = QVBoxLayout(self.nothing)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(Label(N_("You could:"), "body"))
        for suggestion in SUGGESTIONS:
            column.addWidget(Label(lambda suggestion=suggestion: "\u2022  " + _(suggestion)))
        self.remove_filters_button = Button(N_("Remove all filters"), "secondary")
        self.remove_filters_button.clicked.connect(self.clear_filters)
        self.topics_button = Button(N_("Choose a topic"), "secondary")
        self.topics_button.clicked.connect(self.host.home)
        column.addLayout(button_row(self.remove_filters_button, self.topics_button))
        self.column.addWidget(self.nothing)

    def _build_paging(self) -> None:
        self.showing_label = Label("", "body")
        self.more_button = Button(N_("Show more results"), "secondary", description=self._showing_text)
        self.more_button.clicked.connect(self.show_more)
        self.column.addWidget(self.showing_label)
        self.column.addLayout(button_row(self.more_button))

    def _query(self, filters: query.Filters, now: datetime, offset: int) -> query.Results:
        if self.need:
            return query.browse(self.host.db, filters, limit=RESULT_LIMIT, offset=offset, now=now)
        return query.search(self.host.db, self.text, filters, limit=RESULT_LIMIT, offset=offset, now=now)

    def run(self) -> None:
        if self._wiping:
            return  # the session is ending: nothing to search for
        filters = self.filters()
        if filters is None:
            return
        now = self.host.clock()
        # The next pages use the same filters and the same moment, so they continue this list
        # (a box edited but not applied, or a service closing meanwhile, does not reshuffle it).
        self._page_filters, self._page_now = filters, now
        self.results = self._query(filters, now, 0)
        self._show(self.results, now)

    def show_more(self) -> None:
        """The next page, added under the results shown; the focus goes to its first result."""
        if self._wiping or self.results is None or self._page_filters is None or not self.results.more:
            return
        now = self._page_now or self.host.clock()
        page = self._query(self._page_filters, now, len(self.results.items))
        new = [item for item in page.items if item["id"] not in self.cards]
        self.results.items = self.results.items + new
        self.results.total = page.total
        added = self._add_cards(new, now)
        self._show_paging()
        if added:
            added[0].setFocus(Qt.FocusReason.OtherFocusReason)
            self.host.scroll_to(added[0])

    def _add_cards(self, items: list[dict[str, Any]], now) -> list[ResultCard]:
        added = []
        for item in items:
            key = (item["id"], item.get("distance_km"))
            card = self._built.get(key)
            if card is None:
                card = self._built[key] = self._card(item, now)
                card.clicked.connect(lambda _checked=False, service_id=item["id"]: self.open_service(service_id))
            self.list_layout.addWidget(card)
            card.setVisible(True)
            self.cards[item["id"]] = card
            added.append(card)
        return added

    def _showing_text(self) -> str:
        results = self.results
        if results is None or not results.items:
            return ""
        total = max(results.total, len(results.items))
        return ngettext("Showing {first} to {last} of {total} result", "Showing {first} to {last} of {total} results",
                        total).format(first=1, last=len(results.items), total=total)

    def _show_paging(self) -> None:
        """The 'Showing 1 to 30 of 112' line while there are pages, and the button while more follow."""
        results = self.results
        paged = results is not None and results.total > RESULT_LIMIT
        self.showing_label.set_source(self._showing_text)
        self.showing_label.setVisible(paged)
        self.more_button.setVisible(results is not None and results.more)
        self.more_button.retranslate()  # its description: how many are shown of how many

    def _show(self, results: query.Results, now) -> None:
        # Cards are kept for the life of the page: a filter tap re-orders and shows, it does not rebuild.
        for card in self.cards.values():
            self.list_layout.removeWidget(card)
            card.setVisible(False)
        self.cards = {}
        for label in self.note_labels:
            label.deleteLater()
        self.note_labels = []
        count = max(results.total, len(results.items))
        if not count:
            self.count_label.set_source(lambda: _("No services found"))
        elif results.capped:  # a very broad search: only its best matches are listed
            self.count_label.set_source(lambda count=count: ngettext(
                "More than {count} service found", "More than {count} services found", count).format(count=count))
        else:
            self.count_label.set_source(lambda count=count: ngettext(
                "{count} service found", "{count} services found", count).format(count=count))
        notes: list[Text] = []
        if results.broadened:
            notes.append(N_("No service matched all your words, so these match some of them."))
        if results.corrections:
            words = ", ".join(sorted({w for found in results.corrections.values() for w in found}))
            notes.append(lambda words=words: _("We also looked for: {words}").format(words=words))
        for message in results.messages:
            args = dict(results.message_args)
            notes.append(lambda message=message, args=args: _(message).format(**args))
        for note in notes:
            label = Label(note, "hint")
            self.notes.addWidget(label)
            self.note_labels.append(label)
        self._add_cards(results.items, now)
        self._show_paging()
        self.nothing.setVisible(not count)
        self.remove_filters_button.setVisible(self.filters_active())
        self.filters_button.retranslate()

    def _card(self, item: dict[str, Any], now) -> ResultCard:
        service = query.get_service(self.host.db, item["id"]) or {}
        status = schedules.opening_status(service, now)
        lines: list[tuple[Text, str]] = []
        if item.get("summary"):
            lines.append((lambda text=item["summary"]: text, "body"))
        if item.get("address_withheld"):
            lines.append((N_("Address not shown, for the safety of the people who use it"), "small"))
        elif item.get("place"):
            lines.append((lambda text=item["place"]: text, "small"))
        lines.append((status.text, "open" if status.is_open else "closed"))
        if item.get("distance_km") is not None:
            lines.append((lambda km=item["distance_km"]: distance_text(km), "small"))
        return ResultCard(item["name"], lines, tag=N_("Free") if item.get("is_free") else "")

    def open_service(self, service_id: int) -> None:
        from ui.screens.findhelp.detail import DetailPanel

        self.host.open(DetailPanel(self.host, service_id))

    def retranslate(self) -> None:
        super().retranslate()
        self.language.setItemText(0, _("Any language"))
        for index, language in enumerate(self._language_sources, start=1):
            self.language.setItemText(index, language_label(language["code"], language["name"]))
        self.language.setAccessibleName(self.language_heading.text())
        self.day.setItemText(0, _("Any day"))
        today = self.host.clock().astimezone(LONDON).date()
        for index, offset in enumerate(DAY_OFFSETS, start=1):
            self.day.setItemText(index, day_label(today + timedelta(days=offset), offset))
        for index, (label, _hour) in enumerate(PARTS_OF_DAY):
            self.part.setItemText(index, _(label))
        self.day.setAccessibleName(self.day_heading.text())
        self.part.setAccessibleName(_("Time of day"))
        self.age.setAccessibleName(self.age_heading.text())
        self.postcode.setAccessibleName(self.postcode_heading.text())
        self.postcode.setAccessibleDescription(_("A postcode or the first half of one, like SW9"))

    def wipe(self) -> None:
        self._wiping = True
        self._page_filters = self._page_now = None  # the postcode and age typed
        self.language.setCurrentIndex(0)
        self.day.setCurrentIndex(0)
        self.part.setCurrentIndex(0)
        super().wipe()
