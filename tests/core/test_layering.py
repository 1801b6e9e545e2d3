"""The core and the sync layer never import Qt (import-linter contract in pyproject.toml)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contract_holds():
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Contracts: 1 kept, 0 broken" in proc.stdout


def test_contract_catches_a_qt_import(tmp_path):
    """The contract really fails when core code imports PySide6."""
    offender = ROOT / "kiosk" / "_layering_probe.py"
    offender.write_text("import PySide6.QtCore  # deliberate breach for the test\n")
    try:
        lint = Path(sys.executable).with_name("lint-imports")
        proc = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.returncode != 0
        assert "kiosk._layering_probe -> PySide6" in proc.stdout
    finally:
        offender.unlink()
