"""On a kiosk: touch targets of at least 64 px and body text of at least 24 px, and a printer used directly."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel

from fhui_helpers import FRIDAY_LUNCHTIME, pdf_text, press, service_id, settle


def test_kiosk_sizes_on_home_results_and_detail(qtbot, data_dir):
    from kiosk.directory import importer
    from kiosk.paths import device_db_path
    from kiosk.settings import Settings
    from kiosk.store import open_db
    from ui.main_window import MainWindow

    db = open_db(device_db_path(data_dir))
    importer.load_demo(db)
    window = MainWindow(db, Settings(db), mode="kiosk")
    qtbot.addWidget(window)
    window.resize(1280, 960)
    window.show()
    window.start_session("en")
    window.start_screen.tiles["find-help"].click()
    settle()
    fh = window.navigator.current
    fh.clock = lambda: FRIDAY_LUNCHTIME
    home = fh.current
    assert home.search_button.height() >= 64 and home.search_edit.height() >= 60
    assert min(tile.height() for tile in home.tiles.values()) >= 64
    press(qtbot, home.tiles["food"])
    results = fh.current
    press(qtbot, results.filters_button)
    targets = [results.filters_button, results.update_button, results.clear_button, results.language,
               *results.findChildren(QCheckBox), *results.cards.values()]
    assert all(widget.height() >= 64 for widget in targets), [(w, w.height()) for w in targets]
    body = [label for label in results.findChildren(QLabel) if label.isVisible() and label.text()]
    assert min(label.font().pixelSize() for label in body) >= 24
    press(qtbot, next(iter(results.cards.values())))
    detail = fh.current
    for button in (detail.take_button, detail.list_button, detail.report_link):
        assert button.height() >= 64
    window.end_session("finish")


def test_with_a_printer_the_slip_goes_to_it(qtbot, tmp_path):
    """The printer branch of the slip, on a QPrinter that writes PDF (no real printer in CI)."""
    from PySide6.QtPrintSupport import QPrinter

    from kiosk.directory import importer, query
    from kiosk.store import open_memory_db
    from ui.screens.findhelp import slip

    db = open_memory_db()
    importer.load_demo(db)

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    services = [query.get_service(db, service_id(db, name))
                for name in ("Stockwell food bank", "Lambeth Women's Refuge")]
    assert slip.print_slip(services, "Elm hub", FRIDAY_LUNCHTIME, printer=printer) is None
    pages, text = pdf_text(tmp_path / "printed.pdf")
    assert pages >= 1 and "Stockwell food bank" in text and "Lambeth Women's Refuge" in text
    assert "Printed at Elm hub on 20/11/2026" in text
