"""Importing paper records of exchanges from outreach sessions (CSV).

Columns (header row required, any order, case-insensitive; extra columns ignored):

=============  ========  ==========================================================
column         needed    meaning
=============  ========  ==========================================================
date           yes       the day the help was given: 25/12/2026, 25/12/26 or 2026-12-25
giver          yes       member number of who gave the help (earns the credits)
receiver       yes       member or organisation number of who received it (pays)
hours          yes       1.5, 1:30, 90m or 1h30
category       yes       category code or its English name (gardening, "Gardening")
description    no        what was done
confirmed_by   no        the time broker who countersigned the paper form; without
                         it the exchange waits for the receiver or a broker
=============  ========  ==========================================================

Every row is imported on its own: a bad row is reported (row number, reason)
and the others go in. Importing the same file again imports nothing twice
(each row has a key made from its content and its occurrence in the file).
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kiosk.i18n import _
from kiosk.timebank import members
from kiosk.timebank.errors import TimeBankError
from kiosk.timebank.ledger import Authorisation
from kiosk.timebank.recording import record_exchange

REQUIRED = ("date", "giver", "receiver", "hours", "category")
OPTIONAL = ("description", "confirmed_by")
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class RowReport:
    row: int               # line of the file (the header is row 1)
    ok: bool
    code: str              # "imported", "duplicate" or the error code
    message: str
    exchange_id: str | None = None


@dataclass
class ImportReport:
    rows: list[RowReport]
    error: str | None = None  # a problem with the whole file (nothing imported)

    @property
    def imported(self) -> int:
        return sum(1 for r in self.rows if r.code == "imported")

    @property
    def failed(self) -> int:
        return sum(1 for r in self.rows if not r.ok)

    def as_dict(self) -> dict[str, Any]:
        return {"error": self.error, "imported": self.imported, "failed": self.failed,
                "rows": [r.__dict__ for r in self.rows]}


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):  # Excel on Windows saves cp1252 unless told otherwise
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    first = text.splitlines()[0] if text else ""
    try:
        return csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def import_file(db: Database, path: Path, *, recorded_by: str) -> ImportReport:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return ImportReport([], _("The file is too large ({size} bytes); split it into smaller files.").format(
                size=size))
        raw = path.read_bytes()
    except OSError as exc:
        return ImportReport([], _("Cannot read {path}: {error}").format(path=path, error=exc.strerror or exc))
    return import_text(db, _decode(raw), recorded_by=recorded_by)


def import_text(db: Database, text: str, *, recorded_by: str) -> ImportReport:
    reader = csv.reader(io.StringIO(text), _dialect(text))
    try:
        header = next(reader)
    except StopIteration:
        return ImportReport([], _("The file is empty."))
    except csv.Error as exc:
        return ImportReport([], _("The file is not a CSV file we can read: {error}").format(error=exc))
    columns = {name.strip().lower().replace(" ", "_"): index for index, name in enumerate(header)}
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        return ImportReport([], _("The first row must name the columns; missing: {columns}.").format(
            columns=", ".join(missing)))
    reports: list[RowReport] = []
    seen: dict[str, int] = {}
    row_number = 1
    while True:
        row_number += 1  # spreadsheet row: the header is row 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            reports.append(RowReport(row_number, False, "csv_error", _("This row cannot be read: {error}").format(
                error=exc)))
            continue
        if not any(cell.strip() for cell in cells):
            continue  # blank lines on paper-typed sheets are common
        if len(reports) >= MAX_ROWS:
            reports.append(RowReport(row_number, False, "too_many_rows", _(
                "Only the first {n} rows are imported; put the rest in another file.").format(n=MAX_ROWS)))
            break
        values = {name: (cells[index].strip() if index < len(cells) else "") for name, index in columns.items()}
        content = "\x1f".join(values.get(name, "") for name in REQUIRED + OPTIONAL)
        seen[content] = seen.get(content, 0) + 1
        key = hashlib.sha256(f"{content}\x1e{seen[content]}".encode("utf-8")).hexdigest()
        reports.append(_import_row(db, row_number, values, key, recorded_by))
    return ImportReport(reports)


def _account(db: Database, text: str, column: str) -> dict[str, Any]:
    try:
        return members.find_by_card(db, text)
    except TimeBankError as exc:
        raise TimeBankError(exc.code, _("{column}: {problem}").format(column=column, problem=exc.message)) from None


def _import_row(db: Database, row: int, values: dict[str, str], key: str, recorded_by: str) -> RowReport:
    if db.execute("select 1 from tb_exchanges where import_key = ?", [key]).fetchone():
        return RowReport(row, True, "duplicate", _("Already imported; skipped."))
    try:
        for name in REQUIRED:
            if not values.get(name):
                raise TimeBankError("missing_" + name, _("The {column} is empty.").format(column=name))
        giver = _account(db, values["giver"], _("Giver"))
        receiver = _account(db, values["receiver"], _("Receiver"))
        broker = values.get("confirmed_by", "")
        auth = Authorisation("broker", broker) if broker else None
        exchange = record_exchange(
            db, giver_id=giver["id"], receiver_id=receiver["id"], minutes=values["hours"],
            category=values["category"], service_date=values["date"], description=values.get("description", ""),
            recorded_by=recorded_by, authorisation=auth, source="import", import_key=key)
    except TimeBankError as exc:
        return RowReport(row, False, exc.code, exc.message)
    return RowReport(row, True, "imported", _("Imported."), exchange["id"])
