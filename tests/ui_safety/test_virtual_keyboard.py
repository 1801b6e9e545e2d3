"""Issue 7's on-screen keyboard, for real: Qt Virtual Keyboard's panel appears in kiosk mode and types.

Qt reads the input method once, when the application starts, so the kiosk runs
in a fresh process (vk_kiosk_drive.py) started the way ``kiosk gui`` starts:
the device's mode is kiosk, ``keyboard.prepare`` switches the keyboard on, then
the QApplication and the window. There a tap on a text box shows the panel, its
keys type into the box, and with the panel up a USB card scanner and a physical
keyboard still sign a member in. The panel's QML needs the Debian package
libpulse0 (``make test`` installs it: installer/linux/test-packages.sh).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ui import keyboard

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def run_kiosk(data_dir: Path) -> tuple[dict, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "KIOSK_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring"}  # the member's data key
    for name in (keyboard.IM_MODULE_ENV, keyboard.SWITCH_ENV, "KIOSK_UNSEALED_TEST_MODE"):
        env.pop(name, None)  # the keyboard comes on from the device's mode alone
    done = subprocess.run([sys.executable, str(HERE / "vk_kiosk_drive.py"), str(data_dir)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, \
        f"exit {done.returncode}; is libpulse0 installed (installer/linux/test-packages.sh)?\n{done.stderr[-3000:]}"
    return json.loads(lines[-1][len("RESULT "):]), done.stderr


def test_the_panel_shows_types_and_leaves_the_scanner_and_keys_working_in_kiosk_mode(data_dir):
    found, log = run_kiosk(data_dir)
    assert found["prepared"]  # kiosk mode switched the keyboard on before Qt started
    # A tap on the search box: the panel is up, the box keeps the focus, and nothing is predicted or learned.
    assert found["panel_shown"], "no keyboard panel (is libpulse0 installed?)\n" + log[-3000:]
    assert found["keyboard_height"] > 100 and found["focus_on_box"] and found["private_hints"]
    assert set("abcdefghijklmnopqrstuvwxyz") <= set(found["keys"])
    # Tapping f, o, o, d on the panel types into the box (capitalised as the sentence starts); its Enter searches.
    assert found["typed_by_panel"].lower() == "food"
    assert found["after_panel_enter"] == "ResultsPanel"
    # With the panel up, the card scanner's text and Enter reach the member-number box, and keys the PIN box.
    assert found["panel_for_number_box"] and found["scanner_reached_pin_page"]
    assert found["panel_for_pin_box"] and found["pin_typed"] == 4 and found["panel_up_while_typing"]
    assert found["signed_in"] and found["on_attract_after_quick_exit"]
