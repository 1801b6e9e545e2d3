"""`kiosk selftest` reports each check on its own line and fails when one fails.

The full selftest (screen, council service) runs against the built bundle in CI
(.ci/run); here the cheap checks run from the checkout.
"""

from __future__ import annotations

import sys

from ui import selftest


def test_passing_checks_print_ok_and_return_true(tmp_path, monkeypatch):
    monkeypatch.setattr(selftest, "CHECKS", [("database", selftest.check_database), ("qr", selftest.check_qr),
                                             ("catalogues", selftest.check_catalogues)])
    lines: list[str] = []
    assert selftest.run_checks(tmp_path, out=lines.append)
    assert [line.split()[:2] for line in lines] == [["ok", "database"], ["ok", "qr"], ["ok", "catalogues"]]


def test_missing_catalogues_fail_the_selftest_with_a_reason(tmp_path, monkeypatch):
    empty = tmp_path / "resources"
    (empty / "locale").mkdir(parents=True)
    monkeypatch.setenv("KIOSK_RESOURCES_DIR", str(empty))
    monkeypatch.setattr(selftest, "CHECKS", [("catalogues", selftest.check_catalogues),
                                             ("database", selftest.check_database)])
    lines: list[str] = []
    assert not selftest.run_checks(tmp_path, out=lines.append)
    assert lines[0].startswith("FAIL  catalogues") and "no catalogue found" in lines[0]
    assert lines[1].startswith("ok    database")  # the other checks still run and report


def speech_line(tmp_path, monkeypatch) -> str:
    monkeypatch.setattr(selftest, "CHECKS", [("speech", selftest.check_speech)])
    lines: list[str] = []
    selftest.run_checks(tmp_path, out=lines.append)
    assert len(lines) == 1 and lines[0].split()[1] == "speech"
    return lines[0]


def test_the_selftest_runs_the_speech_check():
    assert ("speech", selftest.check_speech) in selftest.CHECKS


def test_speech_check_from_the_checkout_loads_the_module_and_names_the_engine_plugins(tmp_path, monkeypatch):
    line = speech_line(tmp_path, monkeypatch)
    assert line.startswith("ok    speech")
    # The PySide6 wheel ships Speech Dispatcher's plugin; Qt's test engine is never reported.
    assert "Qt speech module loaded; engine plugins: speechd" in line and "mock" not in line


def test_no_usable_speech_engine_hides_listen_but_does_not_fail(tmp_path, monkeypatch):
    from ui import listen

    monkeypatch.setattr(listen, "_library_present", lambda engine: False)  # no libspeechd2 on the device
    line = speech_line(tmp_path, monkeypatch)
    assert line.startswith("ok    speech")
    assert "Listen hidden: no speech engine (see docs/INSTALL.md)" in line


def test_a_working_speech_engine_is_reported_with_its_voices(tmp_path, monkeypatch):
    from ui import listen

    # Qt's silent test engine stands in for Speech Dispatcher: it starts and has voices.
    monkeypatch.setattr(listen, "engine_names", lambda: [listen.TEST_ENGINE])
    line = speech_line(tmp_path, monkeypatch)
    assert line.startswith("ok    speech")
    voices = int(line.split("Listen shown, reading with mock (")[1].split()[0])
    assert voices > 0


def test_a_listed_engine_that_does_not_start_is_reported_but_does_not_fail(tmp_path, monkeypatch):
    from ui import listen

    class BrokenEngine:  # what QTextToSpeech is when Speech Dispatcher cannot be reached
        def state(self):
            from PySide6.QtTextToSpeech import QTextToSpeech

            return QTextToSpeech.State.Error

        def errorString(self):
            return "Text to speech engine not initialized"

    monkeypatch.setattr(listen, "engine_names", lambda: ["speechd"])
    monkeypatch.setattr(listen, "make_engine", lambda name, parent: BrokenEngine())
    line = speech_line(tmp_path, monkeypatch)
    assert line.startswith("ok    speech")
    assert "Listen hides on its first press: engine speechd does not start (Text to speech engine not initialized)" \
        in line


def test_a_checkout_without_the_speech_module_only_hides_listen(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)  # import fails, as without the module
    line = speech_line(tmp_path, monkeypatch)
    assert line.startswith("ok    speech") and "Qt's speech module does not load" in line
    assert "Listen hidden: no speech engine" in line


def test_a_bundle_without_the_speech_module_fails_the_selftest(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # as inside the PyInstaller bundle
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)
    line = speech_line(tmp_path, monkeypatch)
    assert line.startswith("FAIL  speech")
    assert "the bundle cannot load Qt's speech module (PySide6.QtTextToSpeech)" in line


def test_a_bundle_with_the_speech_module_passes_whether_or_not_the_device_has_a_voice(tmp_path, monkeypatch):
    from ui import listen

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(listen, "_library_present", lambda engine: False)
    line = speech_line(tmp_path, monkeypatch)
    assert line.startswith("ok    speech") and "engine plugins: speechd" in line
    assert "Listen hidden: no speech engine" in line
