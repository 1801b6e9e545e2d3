"""The printed slip: the chosen services' details, opening times and the same QR code, on A4.

Laid out as a ``QTextDocument`` (it paginates a long shortlist by itself) and printed
on a ``QPrinter``, or written with ``QPdfWriter`` when the kiosk has no printer.
Feed texts are escaped: they are plain text, never markup.
"""

from __future__ import annotations

import html
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping, Sequence

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPagedPaintDevice, QPdfWriter, QTextDocument

from kiosk.directory import schedules
from kiosk.i18n import _
from kiosk.timeutil import LONDON
from ui.screens.findhelp import takeaway_text
from ui.screens.findhelp.widgets import qr_image

QR_URL = QUrl("slip:qrcode.png")


def slip_html(services: Sequence[Mapping[str, Any]], hub: str, printed: datetime) -> str:
    e = html.escape
    when = printed.astimezone(LONDON).strftime("%d/%m/%Y")
    parts = [f"<h1>{e(_('Find help'))}</h1>",
             f"<p>{e(_('Printed at {hub} on {date}').format(hub=hub, date=when))}</p>"]
    for service in services:
        block = takeaway_text.plain_block(service)
        parts.append(f"<h2>{e(block[0])}</h2>")
        parts.append("<p>" + "<br>".join(e(line) for line in block[1:]) + "</p>")
        rows = [row for row in schedules.opening_table(service) if not row.closed]
        if rows:
            parts.append(f"<p><b>{e(_('Opening times'))}</b><br>"
                         + "<br>".join(f"{e(row.label)}: {e(row.periods_text())}" for row in rows) + "</p>")
    parts.append(f"<p>{e(_('Scan the code with your phone camera to keep these details.'))}</p>")
    parts.append(f'<p><img src="{QR_URL.toString()}" width="220" height="220"></p>')
    return "<html><body>" + "".join(parts) + "</body></html>"


def slip_document(services: Sequence[Mapping[str, Any]], hub: str, printed: datetime) -> QTextDocument:
    document = QTextDocument()
    image: QImage = qr_image(takeaway_text.qr_text(services), target_px=600)
    document.addResource(QTextDocument.ResourceType.ImageResource, QR_URL, image)
    document.setHtml(slip_html(services, hub, printed))
    return document


def print_slip(services: Sequence[Mapping[str, Any]], hub: str, printed: datetime, *,
               printer: QPagedPaintDevice | None = None, pdf_path: Path | None = None) -> Path | None:
    """Print on ``printer``; without one write an A4 PDF (``pdf_path`` or a new temporary file)
    and return its path."""
    document = slip_document(services, hub, printed)
    if printer is not None:
        document.print_(printer)
        return None
    if pdf_path is None:
        handle = tempfile.NamedTemporaryFile(prefix="find-help-", suffix=".pdf", delete=False)
        handle.close()
        pdf_path = Path(handle.name)
    writer = QPdfWriter(str(pdf_path))
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    writer.setTitle(_("Find help"))
    document.print_(writer)
    return Path(pdf_path)


def available_printer():
    """The system's default printer, or None (most kiosks have none)."""
    from PySide6.QtPrintSupport import QPrinterInfo

    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        printers = QPrinterInfo.availablePrinters()
        return printers[0] if printers else None
    return info
