"""'Set up this device': a one-time code from a real council service becomes a device token."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from safety_kit import ADMIN, ADMIN_PIN, make_window, open_staff, press, settle, sign_in
from sync.credentials import DEMO_BACKEND, ENV_BACKEND
from sync.enrolment import credentials_for
from ui.screens.enrol import EnrolScreen, needs_enrolment

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
from councilproc import CouncilProcess  # noqa: E402


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    proc = CouncilProcess(tmp_path_factory.mktemp("council"))
    yield proc
    proc.stop()


@pytest.fixture
def demo_keyring(monkeypatch):
    monkeypatch.setenv(ENV_BACKEND, DEMO_BACKEND)


def open_enrol(window) -> EnrolScreen:
    window.open("enrol")
    settle()
    screen = window.navigator.current
    assert isinstance(screen, EnrolScreen)
    return screen


def set_up(qtbot, screen: EnrolScreen, url: str, code: str) -> None:
    screen.url.setText(url)
    screen.code.setFocus()
    screen.code.clear()
    qtbot.keyClicks(screen.code, code)
    press(qtbot, screen.set_up)
    qtbot.waitUntil(lambda: not screen.running, timeout=10_000)
    screen.wait()


def test_a_bad_code_shows_the_councils_message_and_keeps_what_was_typed(qtbot, device, council, demo_keyring):
    db, settings = device
    hub_before = settings["hub_name"]
    window = make_window(qtbot, device, "assisted")
    screen = open_enrol(window)
    set_up(qtbot, screen, council.url, "NOT-A-REAL-CODE")
    assert screen.summary.isVisible()
    assert [link.text() for link in screen.summary.links] == [
        "The council does not know this enrolment code. Check it and try again."]
    assert screen.url.text() == council.url and screen.code.text() == "NOT-A-REAL-CODE"
    assert screen.set_up.isEnabled() and not screen.result.isVisible()
    assert not settings["council_url"] and settings["hub_name"] == hub_before
    assert needs_enrolment(db, settings)


def test_a_good_code_stores_the_token_and_names_the_hub(qtbot, data_dir, device, council, demo_keyring):
    db, settings = device
    hub_before = settings["hub_name"]
    window = make_window(qtbot, device, "assisted")
    screen = open_enrol(window)
    set_up(qtbot, screen, council.url + "/", council.code())
    assert not screen.summary.isVisible()
    assert settings["hub_name"] and settings["hub_name"] != hub_before  # the council's name for its hub
    assert settings["hub_id"] == "demo-hub-sunflower"
    assert screen.result.isVisible()
    assert screen.result.text().startswith(f"This device is now set up for {settings['hub_name']}.")
    assert settings["council_url"] == council.url
    assert credentials_for(data_dir, db).get_token()
    assert council.device(settings["device_id"])["id"] == settings["device_id"]
    assert not needs_enrolment(db, settings)
    # The same code a second time is refused with the council's reason, not a traceback.
    used = council.code()
    set_up(qtbot, screen, council.url, used)
    set_up(qtbot, screen, council.url, used)
    assert [link.text() for link in screen.summary.links] == [
        "This enrolment code has already been used. Ask the council for a new one."]


def test_an_address_that_is_not_a_web_address_is_refused_before_any_request(qtbot, device, demo_keyring):
    window = make_window(qtbot, device, "assisted")
    screen = open_enrol(window)
    set_up(qtbot, screen, "council.example", "ABC")
    assert [link.text() for link in screen.summary.links] == [
        "The council address must start with http:// or https://"]
    assert screen.url.text() == "council.example"


def test_staff_with_settings_rights_reach_it_from_the_staff_home(qtbot, device):
    window = make_window(qtbot, device, "assisted")
    staff_screen = open_staff(qtbot, window)
    sign_in(qtbot, staff_screen, ADMIN["name"], ADMIN_PIN)
    press(qtbot, staff_screen.home_page.enrol)
    assert isinstance(window.navigator.current, EnrolScreen)


@pytest.mark.parametrize("mode", ["assisted", "kiosk"])
def test_kiosk_gui_opens_it_on_a_device_never_enrolled(qtbot, data_dir, mode):
    from safety_kit import allow_close
    from ui.app import open_window

    window = open_window(data_dir, mode, background_sync=False, first_run=True)
    qtbot.addWidget(window, before_close_func=allow_close)
    assert not window.on_attract
    assert isinstance(window.current_screen(), EnrolScreen)


def test_the_tour_and_benchmarks_still_start_on_the_start_screen(qtbot, data_dir):
    from safety_kit import allow_close
    from ui.app import open_window

    window = open_window(data_dir, "assisted", background_sync=False)
    qtbot.addWidget(window, before_close_func=allow_close)
    assert window.current_screen() is window.start_screen
