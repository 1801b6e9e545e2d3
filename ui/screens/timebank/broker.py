"""The time broker's screen: the time audit as a chart and a table, and a member's statement as a PDF.

Route ``"time-bank-broker"`` (``broker_screen(context)``); the staff home links to
it for a signed-in member of staff who ``can(APPROVE_EXCHANGE)``. Anyone else who
reaches it sees only a line saying who may use it. Figures come from
``kiosk.timebank.audit_report`` over the device's mirrored ledger; the chart is
drawn with QPainter (the app bundle leaves QtCharts out) and writes every value
on its bar, so nothing is told by colour alone. A saved statement PDF is a temp
file deleted when the session ends (``wipe``).
"""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QComboBox, QFrame, QHeaderView, QLineEdit, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from kiosk import staff
from kiosk.i18n import N_, _
from kiosk.timebank import audit_report, ledger, members, numbers, recording
from kiosk.timebank.amounts import format_minutes
from kiosk.timebank.errors import TimeBankError
from kiosk.timeutil import from_iso, to_london
from ui.govuk.basics import Button, Label, button_row
from ui.screens.base import Screen
from ui.theme import active_colours, theme_for_mode

STATES = {"confirmed": N_("Confirmed"), "pending": N_("Pending"), "rejected": N_("Rejected")}


def broker_screen(context) -> "BrokerScreen":
    return BrokerScreen(context)


def can_broker(context) -> bool:
    controller = getattr(context, "staff", None)
    return controller is not None and controller.active and controller.can(staff.APPROVE_EXCHANGE)


def hours_text(hours: float) -> str:
    return _("{hours} h").format(hours=f"{hours:g}")


class HoursChart(QWidget):
    """Bars of hours by month, each labelled with its value; the figures are also its accessible description."""

    def __init__(self, mode: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.theme = theme_for_mode(mode)
        self.series: list[tuple[str, float]] = []
        self.setMinimumHeight(260)
        self.setAccessibleName(_("Hours of help by month"))

    def set_series(self, series: list[tuple[str, float]]) -> None:
        self.series = list(series)
        self.retranslate()
        self.update()

    def description(self) -> str:
        if not self.series:
            return _("No confirmed help recorded yet.")
        return "; ".join(f"{label}: {hours_text(hours)}" for label, hours in self.series)

    def retranslate(self) -> None:
        self.setAccessibleName(_("Hours of help by month"))
        self.setAccessibleDescription(self.description())

    def sizeHint(self) -> QSize:
        return QSize(600, 280)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colours = active_colours()  # the window's, so the high-contrast switch reaches the chart
        text, bar = QColor(colours.text), QColor(colours.link)
        painter.setPen(text)
        metrics = painter.fontMetrics()
        line = metrics.height()
        left, bottom, top = metrics.horizontalAdvance("0000 h") + 12, self.height() - 2 * line - 10, line + 8
        right = self.width() - 8
        painter.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignLeft, _("Hours"))
        painter.drawLine(left, top, left, bottom)
        painter.drawLine(left, bottom, right, bottom)
        if not self.series:
            painter.drawText(QRectF(left, top, right - left, bottom - top), Qt.AlignmentFlag.AlignCenter,
                             self.description())
            painter.end()
            return
        peak = max(max(hours for _label, hours in self.series), 0.1)
        painter.drawText(QRectF(0, top - line / 2, left - 6, line), Qt.AlignmentFlag.AlignRight, f"{peak:g}")
        painter.drawText(QRectF(0, bottom - line / 2, left - 6, line), Qt.AlignmentFlag.AlignRight, "0")
        slot = (right - left) / len(self.series)
        for index, (label, hours) in enumerate(self.series):
            x = left + index * slot + slot * 0.15
            height = max(hours, 0) / peak * (bottom - top - line)
            painter.fillRect(QRectF(x, bottom - height, slot * 0.7, height), bar)
            painter.drawText(QRectF(x - slot * 0.15, bottom - height - line, slot, line),
                             Qt.AlignmentFlag.AlignCenter, bar_value(hours, slot, metrics))
            painter.drawText(QRectF(x - slot * 0.15, bottom + 4, slot, 2 * line), Qt.AlignmentFlag.AlignHCenter,
                             month_label(label))
        painter.end()


def bar_value(hours: float, width: float, metrics) -> str:
    """The value written on a bar: "12.5 h" when it fits, else fewer characters (a year has 13 bars)."""
    for text in (hours_text(hours), f"{hours:g}", f"{hours:.0f}"):
        if metrics.horizontalAdvance(text) <= width:
            return text
    return f"{hours:.0f}"


def month_label(label: str) -> str:
    """``2026-09`` as "Sep" over "2026" in the reader's language (other labels as they are)."""
    from datetime import date

    from babel.dates import format_date

    from kiosk.i18n import current_language
    from ui.govuk.question import babel_locale

    try:
        month = date(int(label[:4]), int(label[5:7]), 1)
    except ValueError:
        return label
    try:
        name = format_date(month, format="LLL", locale=babel_locale(current_language()))
    except Exception:  # noqa: BLE001 - an unknown locale must not hide the month
        name = month.strftime("%b")
    return f"{name}\n{month.year}"


def _table(headers: list[str], rows: list[list[str]], name: str) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setAccessibleName(name)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.setMinimumHeight(min(60 + 40 * len(rows), 400))
    return table


class BrokerScreen(Screen):
    title = N_("Time audit and statements")

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent, max_width=1000)
        self.context = context
        self.pdf_path: Path | None = None
        self.account: dict[str, Any] | None = None
        self.rows: list[dict[str, Any]] = []
        self.caption = Label(N_("Time bank · time broker"), "caption")
        self.heading = Label(self.title, "heading-xl")
        self.body.addWidget(self.caption)
        self.body.addWidget(self.heading)
        self.refused = Label(N_("Only a time broker signed in at Staff can see the time audit and statements."))
        self.body.addWidget(self.refused)
        self.content = QFrame()
        column = QVBoxLayout(self.content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.body.addWidget(self.content)
        self.body.addStretch(1)

        column.addWidget(Label(N_("Time audit"), "heading-l"))
        self.total = Label("")
        column.addWidget(self.total)
        column.addWidget(Label(N_("Hours of help by month"), "heading-m"))
        self.chart = HoursChart(context.mode)
        column.addWidget(self.chart)
        column.addWidget(Label(N_("Hours of help by category"), "heading-m"))
        self.category_box = QVBoxLayout()
        column.addLayout(self.category_box)
        self.category_table: QTableWidget | None = None

        # Flagged overspends and member management (their own modules; both go to the council via the outbox).
        from ui.screens.timebank.broker_flags import FlagsSection
        from ui.screens.timebank.broker_members import MembersSection

        self.flags = FlagsSection(context, self._staff_id)
        column.addWidget(self.flags)
        self.members = MembersSection(context, self._staff_id)
        column.addWidget(self.members)

        column.addWidget(Label(N_("Member statement"), "heading-l"))
        column.addWidget(Label(N_("Member number"), "heading-s"))
        self.number = QLineEdit()
        self.number.setAccessibleName(_("Member number"))
        column.addWidget(self.number)
        self.show_button = Button(N_("Show statement"), "primary")
        self.pdf_button = Button(N_("Save as PDF"), "secondary",
                                 description=N_("Save the statement as a PDF file on this device until you sign out"))
        column.addLayout(button_row(self.show_button, self.pdf_button))
        self.message = Label("")
        self.message.setVisible(False)
        column.addWidget(self.message)
        self.statement_heading = Label("", "heading-m")
        self.balance = Label("")
        column.addWidget(self.statement_heading)
        column.addWidget(self.balance)
        self.statement_box = QVBoxLayout()
        column.addLayout(self.statement_box)
        self.statement_table: QTableWidget | None = None
        # Reversing a confirmed exchange: a new linked exchange the other way, with a reason (audited by the core).
        self.reverse_box = QFrame()
        reverse = QVBoxLayout(self.reverse_box)
        reverse.setContentsMargins(0, 0, 0, 0)
        reverse.addWidget(Label(N_("Reverse a confirmed exchange"), "heading-s"))
        self.reverse_choice = QComboBox()
        self.reverse_choice.setAccessibleName(_("Exchange to reverse"))
        reverse.addWidget(self.reverse_choice)
        reverse.addWidget(Label(N_("Reason for the reversal"), "heading-s"))
        self.reason = QLineEdit()
        self.reason.setAccessibleName(_("Reason for the reversal"))
        reverse.addWidget(self.reason)
        self.reverse_button = Button(N_("Reverse exchange"), "warning")
        reverse.addLayout(button_row(self.reverse_button))
        self.reverse_box.setVisible(False)
        column.addWidget(self.reverse_box)
        self.reverse_button.clicked.connect(self.reverse)
        self.show_button.clicked.connect(self.show_statement)
        self.number.returnPressed.connect(self.show_statement)
        self.pdf_button.clicked.connect(self.save_pdf)
        controller = getattr(context, "staff", None)
        if controller is not None:
            controller.signed_out.connect(self._staff_signed_out)
        self.refresh()

    # The audit ------------------------------------------------------------------------------

    def refresh(self) -> None:
        allowed = can_broker(self.context)
        self.refused.setVisible(not allowed)
        self.content.setVisible(allowed)
        if not allowed:
            return
        report = audit_report.device_report(self.context.db)
        series = audit_report.chart_series(report)
        self.total.set_source(lambda minutes=report.help_minutes, count=report.help_exchanges: _(
            "Help exchanged: {time} in {count} exchanges").format(time=format_minutes(minutes), count=count))
        self.chart.set_series(series["month"])
        if self.category_table is not None:
            self.category_box.removeWidget(self.category_table)
            self.category_table.deleteLater()
        self.category_table = _table([_("Category"), _("Hours")],
                                     [[label, hours_text(hours)] for label, hours in series["category"]],
                                     _("Hours of help by category"))
        self.category_box.addWidget(self.category_table)
        self.flags.refresh()

    def _staff_id(self) -> str | None:
        return self.context.staff.session.staff_id if can_broker(self.context) else None

    # The statement --------------------------------------------------------------------------

    def show_statement(self) -> None:
        if not can_broker(self.context):
            return
        try:
            account = members.find_by_card(self.context.db, self.number.text())
        except TimeBankError as error:
            self._say(error.message)
            return
        self.account = account
        self.rows = ledger.statement(self.context.db, account["id"])
        confirmed = ledger.balance(self.context.db, account["id"]).confirmed
        self.context.staff.record("timebank.view_statement", account["id"])  # ids only, via kiosk.audit
        self.message.setVisible(False)
        self.statement_heading.set_source(lambda name=account["name"], number=account["number"]: _(
            "{name}, member number {number}").format(name=name, number=numbers.format_number(number)))
        self.balance.set_source(lambda: _("Confirmed balance: {time}").format(time=format_minutes(confirmed)))
        if self.statement_table is not None:
            self.statement_box.removeWidget(self.statement_table)
            self.statement_table.deleteLater()
        self.statement_table = _table(self._headers(), self._cells(), _("Statement entries"))
        self.statement_box.addWidget(self.statement_table)
        cells = self._cells()
        self.reverse_choice.clear()
        reversed_ids = {row["reverses_id"] for row in self.rows
                        if row["kind"] == "reversal" and row["state"] != "rejected"}
        for row, cell in zip(self.rows, cells):
            if row["state"] == "confirmed" and row["kind"] != "reversal" and row["id"] not in reversed_ids:
                self.reverse_choice.addItem(f"{cell[0]} · {cell[1]} · {cell[3]}", row["id"])
        # The council takes reversals only from a staff device, never a self-service kiosk.
        self.reverse_box.setVisible(self.reverse_choice.count() > 0 and self.context.mode != "kiosk")

    def reverse(self) -> None:
        exchange_id = self.reverse_choice.currentData()
        if not can_broker(self.context) or self.account is None or not exchange_id:
            return
        try:
            recording.reverse_exchange(self.context.db, exchange_id, broker=self.context.staff.session.staff_id,
                                       reason=self.reason.text().strip())
        except TimeBankError as error:
            self._say(error.message)
            return
        self.reason.clear()
        self.number.setText(self.account["number"])
        self.show_statement()
        self.refresh()
        self._say(_("The exchange is reversed. The reversal goes to the council at the next sync."))

    def _say(self, text: str) -> None:
        self.message.set_source(lambda: text)
        self.message.setVisible(True)

    @staticmethod
    def _headers() -> list[str]:
        return [_("Date"), _("Other party"), _("Category"), _("Time"), _("State")]

    def _cells(self) -> list[list[str]]:
        labels = audit_report.device_report(self.context.db).labels.get("category", {})
        cells = []
        for row in self.rows:
            when = to_london(from_iso(row["recorded_at"])).strftime("%d/%m/%Y %H:%M") if row.get("recorded_at") \
                else row.get("service_date", "")
            state = STATES.get(row["state"])
            cells.append([when, row.get("other_name") or "", labels.get(row["category"], row["category"] or ""),
                          format_minutes(int(row["signed_minutes"])), _(state) if state else row["state"]])
        return cells

    def save_pdf(self) -> None:
        if self.account is None:
            self._say(_("Show a member's statement first."))
            return
        self._remove_pdf()
        handle, name = tempfile.mkstemp(prefix="statement-", suffix=".pdf")
        os.close(handle)
        self.pdf_path = Path(name)
        cells = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in self._cells())
        heads = "".join(f"<th align='left'>{html.escape(v)}</th>" for v in self._headers())
        document = QTextDocument()
        document.setHtml(f"<h1>{html.escape(self.statement_heading.text())}</h1><p>{html.escape(self.balance.text())}"
                         f"</p><table cellpadding='4'><tr>{heads}</tr>{cells}</table>")
        writer = QPdfWriter(str(self.pdf_path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
        writer.setTitle(self.statement_heading.text())
        document.print_(writer)
        del writer
        self.context.staff.record("timebank.statement_pdf", self.account["id"])
        self._say(_("Statement saved as {path}. It is deleted when you sign out.").format(path=str(self.pdf_path)))

    def _remove_pdf(self) -> None:
        if self.pdf_path is not None:
            self.pdf_path.unlink(missing_ok=True)
            self.pdf_path = None

    # Screen ---------------------------------------------------------------------------------

    def _staff_signed_out(self, _reason: str) -> None:
        self.wipe()
        self.refresh()

    def wipe(self) -> None:
        self.flags.wipe()
        self.members.wipe()
        self._remove_pdf()
        self.account = None
        self.rows = []
        if self.statement_table is not None:
            self.statement_box.removeWidget(self.statement_table)
            self.statement_table.deleteLater()
            self.statement_table = None
        self.statement_heading.set_source("")
        self.balance.set_source("")
        self.reverse_choice.clear()
        self.reverse_box.setVisible(False)
        self.message.setVisible(False)
        super().wipe()
