"""Helpers for the time-bank screen tests: pressing, filling flows, reading the screen, QR codes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QLabel, QLineEdit, QScrollArea, QTextEdit, QWidget,
)
from sqlite_utils import Database

from kiosk.settings import Settings
from kiosk.timebank import members
from kiosk.timebank.members import Consent

WINDOW_SIZE = (1280, 960)
PIN = "4821"
REWARDS = (
    {"id": "leisure-discount", "name": "Leisure centre discount", "kind": "financial", "cost_minutes": 120,
     "requires_online": False, "description": "A discounted swim."},
    {"id": "council-tax-reduction", "name": "Council tax reduction", "kind": "financial", "cost_minutes": 600,
     "requires_online": True, "description": "Ten hours off your bill.",
     "terms": {"reward_kind": "council_tax_reduction", "pence_per_hour": 250, "cap_pence_per_year": 10000}},
    {"id": "skills-exchange", "name": "An hour of someone else's skills", "kind": "non_financial",
     "cost_minutes": 60, "requires_online": False, "description": "Help from another member."},
)


@dataclass
class Device:
    db: Database
    settings: Settings
    data_dir: Path


def settle(rounds: int = 3) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def press(qtbot, button: QAbstractButton) -> None:
    """A tap: scrolled into view first; a real click where the offscreen screen has the point."""
    assert button.isVisible() and button.isEnabled(), button.text()
    parent = button.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(button, 0, 0)
        settle(1)
    centre = button.mapToGlobal(button.rect().center())
    if button.screen().geometry().contains(centre):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    else:
        button.click()
    settle()


def type_into(qtbot, edit: QLineEdit, text: str, *, enter: bool = False) -> None:
    """Type as a keyboard (or a USB scanner, which is one) would, then Enter."""
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, text)
    if enter:
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    settle()


def open_time_bank(qtbot, window):
    from ui.screens.timebank.screen import TimeBankScreen

    press(qtbot, window.start_screen.tiles["time-bank"])
    screen = window.navigator.current
    assert isinstance(screen, TimeBankScreen)
    return screen


def answer(qtbot, flow, value: Any) -> None:
    """Answer the flow's current question page and press Continue."""
    page = flow.current_page
    page.set_value(value)
    press(qtbot, page.continue_button)


def visible_texts(root: QWidget) -> list[str]:
    return [w.text() for w in root.findChildren(QWidget)
            if w.isVisibleTo(root.window()) and isinstance(w, (QLabel, QAbstractButton)) and w.text()]


def all_texts(root: QWidget) -> str:
    return "\n".join(visible_texts(root))


def interactive_widgets(root: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit)
    return [w for w in root.findChildren(QWidget)
            if isinstance(w, kinds) and w.isVisibleTo(root.window()) and w.isEnabled()
            and not isinstance(w.parent(), QComboBox)]


def person(db: Database, name: str, pin: str = PIN, *, active: bool = True) -> dict[str, Any]:
    """A member registered by a volunteer (active at once), or by themselves (pending)."""
    return members.register_member(db, name=name, consent=Consent("We keep your details.", "en"),
                                   registered_by="vol-1", self_service=not active, pin=pin)


def publish(db: Database, changes: list[tuple[str, str, dict[str, Any]]]) -> None:
    """What a pull from the council does: one page of the change log through the real mirror."""
    from kiosk import mirror

    start = db.execute("select coalesce(max(seq), 0) from mirror").fetchone()[0]
    page = [{"entity": entity, "key": key, "op": "upsert", "data": data, "seq": start + index + 1}
            for index, (entity, key, data) in enumerate(changes)]
    assert mirror.apply_page(db, page, f"cursor-{start + len(page)}")


def publish_balance(db: Database, account_id: str, minutes: int, as_of: str = "2026-11-20T10:15:00Z") -> None:
    publish(db, [("timebank.balance", account_id,
                  {"account_id": account_id, "confirmed_minutes": minutes, "as_of": as_of})])


def publish_rewards(db: Database) -> None:
    publish(db, [("timebank.reward", reward["id"], reward) for reward in REWARDS])


def outbox_rows(db: Database, op_type: str) -> list[dict[str, Any]]:
    return list(db.query("select * from outbox where op_type = ? order by seq", [op_type]))


def decode_qr(image: QImage) -> list[str]:
    """Every QR code zxing-cpp finds in ``image``."""
    import zxingcpp
    from PIL import Image

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(bytes(buffer.data()))))]


def render_pdf(path: Path) -> QImage:
    """The PDF's first page as an image (Qt's own PDF renderer)."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument(None)
    assert document.load(str(path)) == QPdfDocument.Error.None_, path
    size = document.pagePointSize(0).toSize() * 2  # 144 dpi: the QR's modules are several pixels wide
    image = document.render(0, QSize(size.width(), size.height()))
    document.close()
    return image


def publish_demo_time_bank(db: Database, members: int = 40) -> None:
    """What a device at the tour's hub pulls once the council has loaded the demo time bank (a small one),
    with the board's demo entries."""
    from kiosk.timebank import demo_data

    scopes = {"all", f"hub:{demo_data.TOUR_HUB}"}
    bank = demo_data.generate(members=members)
    published = demo_data.publications(bank, "2026-11-20T10:15:00Z", demo_data.board_items(bank.accounts))
    publish(db, [(entity, key, data) for (entity, scope), items in published.items() if scope in scopes
                 for key, data in items])
