"""The membership card: drawn once, shown on screen and printed the same way.

The QR code carries only ``CKTB:<number>`` (``members.card``), made by
``qrcode`` and painted without smoothing so every module stays sharp. The card
is credit-card size (85.6 x 54 mm). ``print_card`` paints it on a printer, or,
without one, into a PDF (a temporary file the caller deletes when the session
ends: the card has the member's name on it).
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

import qrcode
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor, QFont, QImage, QPageLayout, QPageSize, QPagedPaintDevice, QPainter, QPainterPath, QPaintDevice, QPdfWriter,
    QPen,
)

from kiosk.i18n import _

CARD_MM = QSizeF(85.6, 54.0)
MM_PER_INCH = 25.4
SCREEN_DPI = 190  # on screen: about 640 x 400 px, the QR big enough for a phone or scanner to read


def qr_image(text: str) -> QImage:
    """``text`` as a QR code, one pixel per module (scaled up without smoothing when painted)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    image = QImage()
    image.loadFromData(buffer.getvalue(), "PNG")
    return image


def _mm(device: QPaintDevice, mm: float) -> float:
    return mm * device.logicalDpiX() / MM_PER_INCH


def paint_card(painter: QPainter, device: QPaintDevice, card: dict[str, str], origin_mm: tuple[float, float]) -> None:
    """Draw the card with its top-left corner at ``origin_mm`` on ``device``."""
    x0, y0 = _mm(device, origin_mm[0]), _mm(device, origin_mm[1])
    width, height = _mm(device, CARD_MM.width()), _mm(device, CARD_MM.height())
    pad = _mm(device, 4)
    painter.save()
    painter.setPen(QPen(QColor("#0b0c0c"), _mm(device, 0.4)))
    painter.setBrush(QColor("#ffffff"))
    outline = QPainterPath()
    outline.addRoundedRect(QRectF(x0, y0, width, height), _mm(device, 3), _mm(device, 3))
    painter.drawPath(outline)
    # A green band with the title, as GOV.UK's confirmation panel, inside the rounded corners.
    band = QRectF(x0, y0, width, _mm(device, 10))
    painter.setClipPath(outline)
    painter.fillRect(band, QColor("#00703c"))
    painter.setClipping(False)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(outline)
    font = QFont("Arial")
    font.setBold(True)
    font.setPointSizeF(9)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(band.adjusted(pad, 0, -pad, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                     _("Time bank membership card"))
    # The QR code on the right, the words on the left.
    qr_side = height - _mm(device, 10) - 2 * _mm(device, 3)
    qr_rect = QRectF(x0 + width - qr_side - _mm(device, 3), y0 + _mm(device, 13), qr_side, qr_side)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
    painter.drawImage(qr_rect, qr_image(card["qr_text"]))
    text_left = x0 + pad
    text_width = qr_rect.left() - text_left - _mm(device, 2)
    painter.setPen(QColor("#0b0c0c"))
    rows = (
        (_("Name"), card["name"], 11 if len(card["name"]) <= 18 else 9, Qt.TextFlag.TextWordWrap),
        (_("Member number"), card["number"], 12, Qt.TextFlag(0)),
    )
    y = y0 + _mm(device, 13)
    for caption, value, size, wrap in rows:
        font = QFont("Arial")
        font.setPointSizeF(7)
        painter.setFont(font)
        caption_rect = QRectF(text_left, y, text_width, _mm(device, 4))
        painter.drawText(caption_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, caption)
        font.setPointSizeF(size)
        font.setBold(True)
        painter.setFont(font)
        value_rect = QRectF(text_left, y + _mm(device, 3.5), text_width, _mm(device, 12))
        painter.drawText(value_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | wrap, value)
        y += _mm(device, 15)
    font = QFont("Arial")
    font.setPointSizeF(6)
    painter.setFont(font)
    painter.drawText(QRectF(text_left, y0 + height - _mm(device, 9), text_width, _mm(device, 8)),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap,
                     _("Show this card at any hub. The code holds only your member number."))
    painter.restore()


def card_image(card: dict[str, str], dpi: int = SCREEN_DPI) -> QImage:
    """The card as an image (what the screen shows)."""
    dots_per_metre = round(dpi / 0.0254)
    size = (round(CARD_MM.width() / MM_PER_INCH * dpi) + 2, round(CARD_MM.height() / MM_PER_INCH * dpi) + 2)
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    paint_card(painter, image, card, (0.1, 0.1))
    painter.end()
    return image


def print_card(card: dict[str, Any], *, printer: QPagedPaintDevice | None = None,
               pdf_path: Path | None = None) -> Path | None:
    """Print the card on ``printer``; without one, write an A4 PDF (``pdf_path`` or a new temporary
    file) and return its path. The card sits 15 mm from the page's top-left corner."""
    path: Path | None = None
    device = printer
    if device is None:
        if pdf_path is None:
            handle = tempfile.NamedTemporaryFile(prefix="timebank-card-", suffix=".pdf", delete=False)
            handle.close()
            pdf_path = Path(handle.name)
        path = Path(pdf_path)
        writer = QPdfWriter(str(path))
        writer.setResolution(300)
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                         QMarginsF(0, 0, 0, 0)))
        writer.setTitle(_("Time bank membership card"))
        device = writer
    painter = QPainter(device)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        paint_card(painter, device, card, (15, 15))
    finally:
        painter.end()
    return path


def available_printer():
    """The system's default printer, or None (most kiosks have none)."""
    from PySide6.QtPrintSupport import QPrinterInfo

    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        printers = QPrinterInfo.availablePrinters()
        if not printers:
            return None
        info = printers[0]
    return info
