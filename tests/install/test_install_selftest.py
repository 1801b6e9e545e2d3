"""`kiosk selftest` reports each check on its own line and fails when one fails.

The full selftest (screen, council service) runs against the built bundle in CI
(.ci/run); here the cheap checks run from the checkout.
"""

from __future__ import annotations

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
