"""`kiosk demo --tour DIR`: a real council service, this device pointed at it, screenshots of every screen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from kiosk.paths import device_db_path
from kiosk.settings import Settings
from kiosk.store import open_db
from ui.theme import theme_for_mode

ROOT = Path(__file__).resolve().parents[2]
TIME_BANK_SHOTS = ("time-bank-membership-card", "time-bank-member-home", "time-bank-record-confirmation",
                   "time-bank-board", "time-bank-rewards", "time-bank-broker-audit", "time-bank-broker-flags")


def content_colours(image: QImage, *, count: int | None = None) -> int:
    """Distinct colours below the header (every 4th pixel), or how many sampled pixels are ``count``'s colour."""
    seen: set[int] = set()
    hits = 0
    for y in range(190, min(850, image.height()), 4):
        for x in range(0, image.width(), 4):
            pixel = image.pixel(x, y)
            seen.add(pixel)
            hits += pixel == count
    return hits if count is not None else len(seen)


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
                     "question-error", "check-answers", "confirmation", *TIME_BANK_SHOTS):
        assert expected in names, names
    images = {}
    for path in printed:
        assert path.parent == shots
        image = QImage(str(path))
        assert not image.isNull() and image.width() >= 1000, path
        images[path.stem.split("-", 1)[1]] = image
    # The Portuguese start screen really is different from the English one.
    assert images["start-en"] != images["start-pt"]
    # The time bank's acceptance shots show something below the header, and the card's QR reads.
    for name in TIME_BANK_SHOTS:
        assert content_colours(images[name]) > 50, name
    import zxingcpp
    from PIL import Image

    card_png = printed[names.index("time-bank-membership-card")]
    card = [result.text for result in zxingcpp.read_barcodes(Image.open(card_png))]
    assert len(card) == 1 and card[0].startswith("CKTB:"), card
    # The time-audit chart has bars: a year of the demo time bank's exchanges, mirrored from the council.
    bar = QColor(theme_for_mode("kiosk").colours.link).rgb()
    assert content_colours(images["time-bank-broker-audit"], count=bar) > 500
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
