"""The headless tour: walk through the screens offscreen and save one PNG per screen.

Used by ``kiosk demo`` when there is no display (or with ``--tour DIR``), by the
tests, and for the screenshots in the docs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk import i18n

TOUR_SIZE = (1280, 960)
TASK_ROUTES = ("find-help", "council-tax", "time-bank", "staff")


def run_tour(
    out_dir: Path,
    data_dir: Path,
    *,
    language: str = "en",
    text_size: int | None = None,
    mode: str = "kiosk",
) -> list[Path]:
    """Save the tour's screenshots in ``out_dir``; returns their paths in order."""
    from PySide6.QtWidgets import QApplication

    from ui.app import ensure_app, open_window
    from ui.govuk.example import example_flow
    from ui.govuk.flow import FlowScreen
    from ui.language import available_languages

    ensure_app()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    previous_language = i18n.current_language()
    window = open_window(data_dir, mode, background_sync=False)
    window.resize(*TOUR_SIZE)
    window.show()
    if text_size:
        window.set_text_size(text_size)
    start_session = window.start_session

    def start_as_the_tours_resident(chosen: str = "") -> None:
        # Steps that end a session and start the next (back to the device's defaults) go on in
        # the tour's language and text size, as the same resident choosing them again would.
        start_session(chosen or language)
        if text_size:
            window.set_text_size(text_size)

    window.start_session = start_as_the_tours_resident
    shots: list[Path] = []

    def settle() -> None:
        for _ in range(5):
            QApplication.processEvents()

    def snap(name: str) -> None:
        settle()
        path = out_dir / f"{len(shots) + 1:02d}-{name}.png"
        if not window.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        shots.append(path)

    try:
        if window.mode == "kiosk":
            snap("attract")
            window.start_session(language)
        else:
            i18n.set_language(language)
        snap(f"start-{language}")
        if language == "en" and "pt" in available_languages():
            i18n.set_language("pt")  # the live switch, on the same window
            snap("start-pt")
            i18n.set_language(language)
        for route in TASK_ROUTES:
            window.open(route)
            snap(route)
            window.back()
        from ui import easy_read

        window.open("time-bank")  # the same page in easy read (ui.easy_read), switched by its box
        window.navigator.current.easy_read.switch.click()
        snap("time-bank-easy-read")
        easy_read.reset()
        window.back()
        from ui.screens.counciltax.tour import run_steps as council_tax_steps
        from ui.screens.findhelp.tour import run_steps as find_help_steps
        from ui.screens.staff.tour import run_steps as staff_steps
        from ui.screens.timebank.tour import run_steps as time_bank_steps

        council_tax_steps(window, snap)
        if window.on_attract:
            window.start_session(language)
        find_help_steps(window, snap)
        if window.on_attract:
            window.start_session(language)
        time_bank_steps(window, snap)
        if window.on_attract:
            window.start_session(language)
        staff_steps(window, snap)
        if window.on_attract:
            window.start_session(language)

        flow = FlowScreen(example_flow())
        window.navigator.push(flow)
        first = flow.current_page
        first.continue_button.click()  # nothing typed: the error summary shows
        snap("question-error")
        answers = {
            "name": "Alex Example",
            "phone": "020 7946 0000",
            "day": dt.date.today() + dt.timedelta(days=7),
            "time": "morning",
            "message": True,
        }
        for page in flow.question_pages:
            page.set_value(answers[page.question.key])
            page.continue_button.click()
        snap("check-answers")
        flow.check_page.submit_button.click()
        snap("confirmation")
        window.quick_exit()
        snap("after-quick-exit")
    finally:
        window.close()
        window.deleteLater()
        settle()
        i18n.set_language(previous_language)
    return shots
