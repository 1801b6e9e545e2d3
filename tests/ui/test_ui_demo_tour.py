"""`kiosk demo --tour DIR`: a real council service, this device pointed at it, screenshots of every screen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db

ROOT = Path(__file__).resolve().parents[2]


def run_demo(data_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "demo", *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_demo_without_display_tours_and_saves_one_png_per_screen(tmp_path):
    # No display (offscreen, as in CI): `kiosk demo` tours into <data-dir>/tour by itself.
    shots = tmp_path / "demo" / "tour"
    proc = run_demo(tmp_path / "demo")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    printed = [Path(line) for line in proc.stdout.splitlines() if line.endswith(".png")]
    names = [path.stem.split("-", 1)[1] for path in printed]
    for expected in ("attract", "start-en", "start-pt", "find-help", "council-tax", "time-bank",
                     "question-error", "check-answers", "confirmation"):
        assert expected in names, names
    images = {}
    for path in printed:
        assert path.parent == shots
        image = QImage(str(path))
        assert not image.isNull() and image.width() >= 1000, path
        images[path.stem.split("-", 1)[1]] = image
    # The Portuguese start screen really is different from the English one.
    assert images["start-en"] != images["start-pt"]
    # The device was pointed at the demo's own council service on loopback.
    settings = Settings(open_db(device_db_path(tmp_path / "demo")))
    assert settings["council_url"].startswith("http://127.0.0.1:")
    assert "Council service: http://127.0.0.1:" in proc.stdout


def test_demo_says_clearly_when_the_council_service_cannot_start(tmp_path):
    demo = tmp_path / "demo"
    demo.mkdir()
    (demo / "council").write_text("a file where the council's folder should be")
    proc = run_demo(demo, "--tour", str(tmp_path / "shots"))
    assert proc.returncode == 1
    assert "could not start the council service" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "shots").exists()
