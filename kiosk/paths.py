"""Where a device keeps its data.

Every command takes ``--data-dir``; without it the per-user data folder of the
operating system is used (platformdirs), so tests and demos never touch it.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "coop-kiosk"
ENV_DATA_DIR = "KIOSK_DATA_DIR"

_REPO_ROOT = Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    import platformdirs  # only here: every kiosk started with --data-dir skips its import

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resources_dir() -> Path:
    """The shipped resources (translations, demo data, styles)."""
    env = os.environ.get("KIOSK_RESOURCES_DIR")
    return Path(env) if env else _REPO_ROOT / "resources"


def device_db_path(data_dir: Path) -> Path:
    return Path(data_dir) / "device.sqlite3"
