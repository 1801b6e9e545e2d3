import subprocess
import sys

from kiosk.cli import chosen_command, main


def test_command_found_after_global_options():
    assert chosen_command(["--data-dir", "/tmp/x", "settings", "list"]) == "settings"
    assert chosen_command(["--data-dir=/tmp/x", "counciltax", "bill"]) == "counciltax"
    assert chosen_command(["--help"]) is None
    assert chosen_command(["nonsense"]) is None


def test_settings_command_round_trip(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "settings", "set", "hub_name", "Stockwell Forum"]) == 0
    assert main(["--data-dir", str(data_dir), "settings", "get", "hub_name"]) == 0
    assert capsys.readouterr().out.strip() == "Stockwell Forum"


def test_a_core_command_does_not_start_qt(data_dir):
    code = (
        "import sys; from kiosk.cli import main; main(['--data-dir', sys.argv[1], 'settings', 'list']);"
        "print('PySide6' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(data_dir)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False"
