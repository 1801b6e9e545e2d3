"""Check what you will pay: the screen shows exactly the figures ``kiosk counciltax bill`` gives."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kiosk import mirror
from kiosk.counciltax.calculator import BillRequest, calculate
from kiosk.counciltax.charges import load_charges
from kiosk.counciltax.display import format_day
from kiosk.counciltax.money import format_pounds
from kiosk.counciltax.validators import today
from kiosk.counciltax.year import financial_year_of
from ui.screens.counciltax.calculator import CalculatorPanel
from ui.screens.counciltax.charges_source import demo_charges_file

from ctui_helpers import press, visible_texts

# (band, only adult, instalments, payment day, move-in date or None)
CASES = [("C", True, 12, 15, None), ("F", False, 10, 25, date(2025, 9, 27))]


def open_calculator(qtbot, ct) -> CalculatorPanel:
    press(qtbot, ct.current.tiles["calculator"])
    panel = ct.current
    assert isinstance(panel, CalculatorPanel)
    return panel


def fill(qtbot, panel: CalculatorPanel, band, single, scheme, dd_day, move_in) -> None:
    press(qtbot, panel.band.button_for(band))
    press(qtbot, panel.single.button_for(single))
    press(qtbot, panel.scheme.button_for(scheme))
    press(qtbot, panel.dd_day.button_for(dd_day))
    for part in ("day", "month", "year"):
        panel.move_in.boxes[part].clear()
        if move_in is not None:
            qtbot.keyClicks(panel.move_in.boxes[part], str(getattr(move_in, part)))
    press(qtbot, panel.calculate_button)


def cli_bill(charges_file: Path, band, single, scheme, dd_day, move_in) -> dict:
    args = [sys.executable, "-m", "kiosk", "counciltax", "bill", "--charges", str(charges_file), "--band", band,
            "--instalments", str(scheme), "--dd-day", str(dd_day), "--json"]
    if single:
        args.append("--single-person")
    if move_in is not None:
        args += ["--start", move_in.isoformat()]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=Path(__file__).parents[2])
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_screen_and_command_line_give_identical_figures(qtbot, ct):
    panel = open_calculator(qtbot, ct)
    assert panel.source == "demo"  # nothing synced: the shipped example charges, and the screen says so
    assert any("Example charges" in text for text in visible_texts(panel))
    for case in CASES:
        fill(qtbot, panel, *case)
        cli = cli_bill(demo_charges_file(), *case)
        shown = visible_texts(panel.results)
        assert panel.total.text() == f"You would pay {format_pounds(cli['payable_pence'])} for 2025/26"
        assert panel.instalment_texts() == [(format_day(date.fromisoformat(i["due"])), format_pounds(i["amount_pence"]))
                                            for i in cli["instalments"]]
        for line in cli["lines"][1:]:  # every breakdown line, same words, same amount
            assert line["label"] in shown
            assert any(format_pounds(abs(line["amount_pence"])) in text for text in shown), line
        assert sum(i["amount_pence"] for i in cli["instalments"]) == cli["payable_pence"]


def test_published_charges_are_used_when_the_device_has_them(qtbot, ct, shared):
    year = financial_year_of(today())
    doc = {"year": year, "authority": "Test Borough",
           "elements": [{"name": "Test Borough", "band_d": "1500.00"}, {"name": "GLA", "band_d": "500.00"}]}
    mirror.apply_page(shared.db, [{"seq": 1, "entity": "counciltax.charges", "key": str(year), "op": "upsert",
                                   "data": doc}], "test-cursor-1")
    try:
        panel = open_calculator(qtbot, ct)
        assert panel.source == "published" and panel.charges.authority == "Test Borough"
        fill(qtbot, panel, "D", False, 10, 1, None)
        expected = calculate(panel.charges, BillRequest(band="D"))
        assert expected.payable_pence == 200000
        assert panel.total.text().startswith(f"You would pay {format_pounds(200000)}")
        assert any("set by Test Borough" in text for text in visible_texts(panel))
    finally:
        mirror.reset(shared.db)


@pytest.mark.parametrize("move_in, message", [
    (date(2024, 5, 1), "must be within the 2025/26 year"),
    ({"day": "31", "month": "2", "year": "2025"}, "real date"),
])
def test_a_wrong_move_in_date_shows_the_error_summary(qtbot, ct, move_in, message):
    panel = open_calculator(qtbot, ct)
    press(qtbot, panel.band.button_for("B"))
    parts = move_in if isinstance(move_in, dict) else {p: str(getattr(move_in, p)) for p in ("day", "month", "year")}
    for part, text in parts.items():
        qtbot.keyClicks(panel.move_in.boxes[part], text)
    press(qtbot, panel.calculate_button)
    assert panel.summary.isVisible() and not panel.results.isVisible()
    assert any(message in text for text in visible_texts(panel.summary))
    assert panel.move_error.isVisible()


def test_no_band_chosen_asks_for_one(qtbot, ct):
    panel = open_calculator(qtbot, ct)
    press(qtbot, panel.calculate_button)
    assert "Select the band your home is in" in visible_texts(panel.summary)
    press(qtbot, panel.summary.links[0])
    assert ct.window().focusWidget() is panel.band.buttons[0][2]  # the error link takes you to the band


def test_language_switch_redraws_the_result(qtbot, ct):
    from kiosk import i18n

    panel = open_calculator(qtbot, ct)
    fill(qtbot, panel, "A", False, 10, 1, None)
    english = panel.total.text()
    i18n.set_language("pt")
    try:
        assert panel.total.text() != "" and panel.results.isVisible()
        assert format_pounds(calculate(load_charges(demo_charges_file()), BillRequest(band="A")).payable_pence) \
            in panel.total.text()
    finally:
        i18n.set_language("en")
    assert panel.total.text() == english
