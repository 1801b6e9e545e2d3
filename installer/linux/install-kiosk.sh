#!/usr/bin/env bash
# Set up (or remove) a Co-op Kiosk machine on Debian/Ubuntu: the app starts full
# screen on boot under the cage kiosk compositor and restarts after a crash.
#
#   sudo installer/linux/install-kiosk.sh [--bundle DIR] [--no-start] [--speech]   install or upgrade
#   sudo installer/linux/install-kiosk.sh --uninstall [--purge]         remove
#   installer/linux/install-kiosk.sh --dry-run [...]                    print every change, change nothing
#
# What it changes (each printed as "CHANGE: ..." before it is made):
#   - apt packages: cage (Wayland kiosk compositor), fonts and the X/Wayland client
#     libraries Qt needs that are not in the bundle; with --speech (optional) also
#     Speech Dispatcher and the espeak-ng voice, for the Listen button (read the screen aloud);
#   - a system user and group "coop-kiosk" (no login shell, home /var/lib/coop-kiosk),
#     member of video, input and render (and audio, with --speech);
#   - the bundle (dist/kiosk from `make bundle`) copied to /opt/coop-kiosk; an
#     installed older bundle is kept as /opt/coop-kiosk.previous (roll back by moving it back);
#   - /etc/pam.d/coop-kiosk (a logind session for cage) and
#     /etc/systemd/system/coop-kiosk.service, enabled (it takes over tty1).
# The device's data (/var/lib/coop-kiosk: database, queued work, logs, backups) is
# never touched by an upgrade, and --uninstall keeps it unless --purge is given.
# Packages are not removed by --uninstall (other software may use them); the
# command to remove them is printed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"

APP_USER="coop-kiosk"
PREFIX="/opt/coop-kiosk"
DATA_DIR="/var/lib/coop-kiosk"
UNIT_NAME="coop-kiosk.service"
UNIT_PATH="/etc/systemd/system/$UNIT_NAME"
PAM_PATH="/etc/pam.d/coop-kiosk"
# libpulse0: the on-screen keyboard's QML components link against it (through Qt Multimedia).
PACKAGES=(cage fonts-dejavu-core libegl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0
          libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libdbus-1-3 libpulse0)
# Optional (--speech): a voice for Listen (ui/listen.py). The bundle carries Qt's speech module and
# its Speech Dispatcher plugin; the plugin needs the client library libspeechd2, the server
# speech-dispatcher and a voice (espeak-ng). Without them the kiosk works, with no Listen button.
SPEECH_PACKAGES=(libspeechd2 speech-dispatcher speech-dispatcher-espeak-ng espeak-ng)
EXTRA_GROUPS="video,input,render"

BUNDLE="$REPO/dist/kiosk"
DRY_RUN=0
UNINSTALL=0
PURGE=0
START=1
SPEECH=0

usage() { sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --dry-run) DRY_RUN=1 ;;
        --uninstall) UNINSTALL=1 ;;
        --purge) PURGE=1 ;;
        --no-start) START=0 ;;
        --speech) SPEECH=1 ;;
        --bundle) shift; BUNDLE="${1:?--bundle needs a folder}" ;;
        -h|--help) usage; exit 0 ;;
        *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

# change DESCRIPTION COMMAND...: say what changes, then do it (or, with --dry-run, only say it).
change() {
    local description="$1"; shift
    echo "CHANGE: $description"
    echo "    \$ $*"
    if [ "$DRY_RUN" -eq 0 ]; then
        "$@"
    fi
}

note() { echo "NOTE: $*"; }

if [ "$SPEECH" -eq 1 ]; then
    PACKAGES+=("${SPEECH_PACKAGES[@]}")
    EXTRA_GROUPS="$EXTRA_GROUPS,audio"  # Speech Dispatcher speaks through the sound card as the kiosk user
fi

if [ "$DRY_RUN" -eq 1 ]; then
    echo "Dry run: nothing below is changed."
elif [ "$(id -u)" -ne 0 ]; then
    echo "Run as root (sudo), or with --dry-run to see what would change." >&2
    exit 1
fi

user_exists() { getent passwd "$APP_USER" >/dev/null 2>&1; }
package_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# Only what is not already so is listed (and done): a dry run prints exactly what would change.
remove_kiosk() {
    if [ -e "$UNIT_PATH" ]; then
        change "stop and disable $UNIT_NAME (tty1 gets its login prompt back)" systemctl disable --now "$UNIT_NAME"
        change "remove the unit $UNIT_PATH" rm -f "$UNIT_PATH"
        change "reload systemd" systemctl daemon-reload
    fi
    if [ -e "$PAM_PATH" ]; then
        change "remove the PAM service $PAM_PATH" rm -f "$PAM_PATH"
    fi
    local dir
    for dir in "$PREFIX" "$PREFIX.previous" "$PREFIX.new"; do
        if [ -e "$dir" ]; then
            change "remove the bundle $dir" rm -rf "$dir"
        fi
    done
    if user_exists; then
        change "remove the user and group $APP_USER" userdel "$APP_USER"
    fi
    if [ "$PURGE" -eq 1 ] && [ -e "$DATA_DIR" ]; then
        change "delete the device data $DATA_DIR (database, queued work, logs, backups)" rm -rf "$DATA_DIR"
    elif [ -e "$DATA_DIR" ]; then
        note "kept the device data in $DATA_DIR (queued work is not lost); --purge deletes it"
    fi
    note "packages were left installed; to remove them: apt-get remove ${PACKAGES[*]}"
    if [ "$SPEECH" -eq 0 ]; then
        note "if installed with --speech, also: apt-get remove ${SPEECH_PACKAGES[*]}"
    fi
}

install_kiosk() {
    if [ ! -x "$BUNDLE/kiosk" ]; then
        if [ "$DRY_RUN" -eq 1 ]; then
            note "no bundle at $BUNDLE yet (build it with: make bundle)"
        else
            echo "No bundle at $BUNDLE: build it first with 'make bundle' or pass --bundle DIR." >&2
            exit 1
        fi
    fi
    local missing=() package
    for package in "${PACKAGES[@]}"; do
        package_installed "$package" || missing+=("$package")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        change "install packages: ${missing[*]}" \
            env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
    fi
    if ! user_exists; then
        change "create the system user and group $APP_USER (home $DATA_DIR, no login shell)" \
            useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home --shell /usr/sbin/nologin "$APP_USER"
    fi
    local groups=""
    groups="$(id -nG "$APP_USER" 2>/dev/null || true)"
    local group
    for group in ${EXTRA_GROUPS//,/ }; do
        if ! getent group "$group" >/dev/null 2>&1; then
            note "no group $group on this system; skipped"
        elif [[ " $groups " != *" $group "* ]]; then
            local why="display and touch screen"
            [ "$group" = audio ] && why="sound, for Listen"
            change "add $APP_USER to the group $group ($why)" usermod -a -G "$group" "$APP_USER"
        fi
    done
    if [ ! -d "$DATA_DIR" ]; then
        change "create the device data folder $DATA_DIR (owner $APP_USER, mode 700)" \
            install -d -m 0700 -o "$APP_USER" -g "$APP_USER" "$DATA_DIR"
    fi
    if [ -e "$PREFIX.new" ]; then
        change "remove $PREFIX.new left by an interrupted install" rm -rf "$PREFIX.new"
    fi
    change "copy the bundle $BUNDLE to $PREFIX.new" cp -a "$BUNDLE" "$PREFIX.new"
    if [ -d "$PREFIX" ]; then
        if [ -e "$PREFIX.previous" ]; then
            change "remove the older bundle $PREFIX.previous" rm -rf "$PREFIX.previous"
        fi
        change "keep the installed bundle as $PREFIX.previous (for rolling back)" mv "$PREFIX" "$PREFIX.previous"
    fi
    change "move the new bundle into place at $PREFIX" mv "$PREFIX.new" "$PREFIX"
    change "install the PAM service $PAM_PATH" install -m 0644 "$HERE/coop-kiosk.pam" "$PAM_PATH"
    change "install the unit $UNIT_PATH" install -m 0644 "$HERE/$UNIT_NAME" "$UNIT_PATH"
    change "reload systemd" systemctl daemon-reload
    change "enable $UNIT_NAME at boot (it takes over tty1)" systemctl enable "$UNIT_NAME"
    if [ "$START" -eq 1 ]; then
        change "(re)start $UNIT_NAME now" systemctl restart "$UNIT_NAME"
    fi
    note "configure the device: sudo -u $APP_USER KIOSK_DATA_DIR=$DATA_DIR $PREFIX/kiosk config show"
    if [ "$SPEECH" -eq 1 ]; then
        note "Listen: with no PulseAudio/PipeWire server in the cage session, set AudioOutputMethod \"alsa\" in /etc/speech-dispatcher/speechd.conf; check with: sudo -u $APP_USER spd-say Hello, then $PREFIX/kiosk selftest (docs/INSTALL.md)"
    else
        note "no voice for Listen (read the screen aloud): rerun with --speech to install Speech Dispatcher"
    fi
    note "undo everything: $0 --uninstall"
}

if [ "$UNINSTALL" -eq 1 ]; then
    remove_kiosk
else
    install_kiosk
fi
