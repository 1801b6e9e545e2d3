"""Kiosk start-up on Linux: the systemd unit and install-kiosk.sh (only ever run with --dry-run here)."""

from __future__ import annotations

import configparser
import os
import shutil
import stat
import subprocess
from pathlib import Path

from install_kit import ROOT

LINUX = ROOT / "installer" / "linux"
SCRIPT = LINUX / "install-kiosk.sh"
UNIT = LINUX / "coop-kiosk.service"
# Commands that change a machine. In a dry run none of them may run at all.
MUTATING = ["apt-get", "useradd", "usermod", "userdel", "groupadd", "systemctl", "install", "cp", "mv", "rm",
            "mkdir", "ln", "chown", "chmod", "env", "dpkg"]


def spy_path(tmp_path: Path) -> tuple[str, Path]:
    """A PATH where every mutating command only records that it was called."""
    bin_dir = tmp_path / "spybin"
    bin_dir.mkdir(exist_ok=True)
    calls = tmp_path / "calls.log"
    for name in MUTATING:
        spy = bin_dir / name
        spy.write_text(f'#!/bin/sh\necho "{name} $*" >> "{calls}"\nexit 0\n')
        spy.chmod(spy.stat().st_mode | stat.S_IXUSR)
    return f"{bin_dir}{os.pathsep}{os.environ['PATH']}", calls


def dry_run(tmp_path: Path, *args: str) -> str:
    path, calls = spy_path(tmp_path)
    bundle = tmp_path / "bundle"
    bundle.mkdir(exist_ok=True)
    (bundle / "kiosk").write_text("#!/bin/sh\n")
    (bundle / "kiosk").chmod(0o755)
    result = subprocess.run(["bash", str(SCRIPT), "--dry-run", "--bundle", str(bundle), *args],
                            capture_output=True, text=True, timeout=30, env=dict(os.environ, PATH=path))
    assert result.returncode == 0, result.stderr
    assert not calls.exists(), f"a dry run changed something: {calls.read_text()}"
    return result.stdout


def changes(output: str) -> list[str]:
    return [line[len("CHANGE: "):] for line in output.splitlines() if line.startswith("CHANGE: ")]


def test_dry_run_lists_every_change_and_makes_none(tmp_path):
    out = dry_run(tmp_path)
    listed = "\n".join(changes(out))
    assert out.startswith("Dry run: nothing below is changed.")
    # On this test machine the kiosk was never installed, so every step is a change.
    for expected in ("install packages: cage", "create the system user and group coop-kiosk",
                     f"copy the bundle {tmp_path / 'bundle'} to /opt/coop-kiosk.new",
                     "move the new bundle into place at /opt/coop-kiosk",
                     "install the PAM service /etc/pam.d/coop-kiosk",
                     "install the unit /etc/systemd/system/coop-kiosk.service",
                     "enable coop-kiosk.service at boot", "(re)start coop-kiosk.service now"):
        assert expected in listed, expected
    # Each change is followed by the exact command it runs.
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("CHANGE: "):
            assert lines[i + 1].startswith("    $ ")
    assert "systemctl enable coop-kiosk.service" in out and "useradd --system" in out
    assert "--uninstall" in out  # how to undo it


def test_dry_run_uninstall_on_a_machine_without_the_kiosk_changes_nothing(tmp_path):
    out = dry_run(tmp_path, "--uninstall")
    assert "apt-get remove cage" in out
    # Nothing is installed on this machine, so there is nothing to remove (and nothing listed as removed).
    assert all("/var/lib/coop-kiosk" not in change for change in changes(out))


def test_a_real_run_makes_exactly_the_changes_the_dry_run_listed(tmp_path):
    planned = [line.strip()[2:] for line in dry_run(tmp_path).splitlines() if line.startswith("    $ ")]
    path, calls = spy_path(tmp_path)
    calls.unlink(missing_ok=True)
    # `id -u` answers 0 (root) so the script goes ahead; every command that changes anything is a spy.
    (tmp_path / "spybin" / "id").write_text("#!/bin/sh\necho 0\n")
    (tmp_path / "spybin" / "id").chmod(0o755)
    result = subprocess.run(["bash", str(SCRIPT), "--bundle", str(tmp_path / "bundle")],
                            capture_output=True, text=True, timeout=30, env=dict(os.environ, PATH=path))
    assert result.returncode == 0, result.stderr
    made = calls.read_text().splitlines()
    assert made == planned
    assert made[0].startswith("env DEBIAN_FRONTEND=noninteractive apt-get install")


def test_unit_runs_the_bundle_under_cage_as_its_own_user_and_restarts_it():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(UNIT)
    service = unit["Service"]
    assert service["ExecStart"].startswith("/usr/bin/cage ") and "/opt/coop-kiosk/kiosk gui --mode kiosk" in service["ExecStart"]
    assert service["Restart"] == "always" and service["User"] == "coop-kiosk"
    assert unit["Unit"]["StartLimitIntervalSec"] == "0"
    assert unit["Install"]["WantedBy"]


def test_unit_passes_systemd_analyze_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:  # not on every machine; the structural test above still runs
        return
    # cage is not installed on a build machine; point ExecStart at a program that exists.
    copy = tmp_path / UNIT.name
    copy.write_text(UNIT.read_text().replace("/usr/bin/cage", "/bin/sh"))
    result = subprocess.run([analyze, "verify", "--man=no", str(copy)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    complaints = [line for line in result.stderr.splitlines() if UNIT.name in line]
    assert complaints == []  # unknown keys and bad values are only warnings: none allowed


def nothing_installed(tmp_path: Path) -> None:
    """dpkg-query says no package is installed, whatever this test machine has."""
    (tmp_path / "spybin").mkdir(exist_ok=True)
    (tmp_path / "spybin" / "dpkg-query").write_text("#!/bin/sh\nexit 1\n")
    (tmp_path / "spybin" / "dpkg-query").chmod(0o755)


def installed_packages(out: str) -> list[str]:
    [line] = [change for change in changes(out) if change.startswith("install packages: ")]
    return line.split(": ", 1)[1].split()


def test_speech_packages_for_listen_are_installed_only_with_the_speech_option(tmp_path):
    nothing_installed(tmp_path)
    plain = dry_run(tmp_path)
    assert "libpulse0" in installed_packages(plain) and "speech-dispatcher" not in installed_packages(plain)
    assert "rerun with --speech" in plain
    assert all("group audio" not in change for change in changes(plain))

    with_speech = dry_run(tmp_path, "--speech")
    packages = installed_packages(with_speech)
    for package in ("libpulse0", "libspeechd2", "speech-dispatcher", "speech-dispatcher-espeak-ng", "espeak-ng"):
        assert package in packages, package
    if subprocess.run(["getent", "group", "audio"], capture_output=True).returncode == 0:
        assert "usermod -a -G audio coop-kiosk" in with_speech  # Speech Dispatcher plays as the kiosk user
    assert "AudioOutputMethod" in with_speech  # what is left to the engineer is said


def test_uninstall_names_the_optional_speech_packages_too(tmp_path):
    out = dry_run(tmp_path, "--uninstall")
    assert "apt-get remove libspeechd2 speech-dispatcher" in out
