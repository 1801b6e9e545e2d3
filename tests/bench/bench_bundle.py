"""Bundle size: dist/kiosk from `make bundle`, against the Qt it is built from.

Reports the one-folder bundle's total size and file count, its largest parts,
and — as the floor measured in the same run — the size of the PySide6 package
installed in the build environment (what a bundle that copied Qt wholesale
would carry). Ratio = bundle / installed PySide6; below 1 means the trimming in
installer/kiosk.spec (unused Qt modules, plugins, locale data) is working.
Also the cold start of the bundled program (``kiosk --version``, median of 3)
and how long the last ``make bundle`` took (it writes build/bundle-build-seconds.txt).
Nothing is measured when the bundle has not been built.
"""

from __future__ import annotations

import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "kiosk"
MB = 1024 * 1024


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def run() -> dict:
    if not (BUNDLE / "kiosk").exists() and not (BUNDLE / "kiosk.exe").exists():
        return {"built": False, "note": "no dist/kiosk: run `make bundle` first"}
    total, count = folder_size(BUNDLE)
    internal = BUNDLE / "_internal"
    parts = {}
    if internal.is_dir():
        for child in internal.iterdir():
            size = folder_size(child)[0] if child.is_dir() else child.lstat().st_size
            parts[child.name] = size
    largest = dict(sorted(parts.items(), key=lambda kv: -kv[1])[:6])
    import PySide6

    floor, _n = folder_size(Path(PySide6.__file__).parent)
    starts = []
    for _run in range(3):
        started = time.perf_counter()
        subprocess.run([str(BUNDLE / "kiosk"), "--version"], capture_output=True, timeout=60, check=True)
        starts.append(time.perf_counter() - started)
    build_file = ROOT / "build" / "bundle-build-seconds.txt"
    return {
        "built": True,
        "last_build_seconds": int(build_file.read_text()) if build_file.exists() else None,
        "bundle_mb": round(total / MB, 1),
        "files": count,
        "largest_parts_mb": {name: round(size / MB, 1) for name, size in largest.items()},
        "floor_installed_pyside6_mb": round(floor / MB, 1),
        "ratio_bundle_to_installed_pyside6": round(total / floor, 2),
        "cold_start_version_seconds_median": round(statistics.median(starts), 2),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
