#!/usr/bin/env bash
# Debian/Ubuntu libraries the PySide6 wheel needs to run the tests and build the
# bundle (`make test` and `make bundle` call this first). Installs only what is
# missing, quietly; does nothing when all are there or on a system without dpkg.
#
#   installer/linux/test-packages.sh            install what is missing (root, or sudo without a password)
#   installer/linux/test-packages.sh --check    list what is missing, install nothing (exit 1 if any)
#
# libpulse0: Qt Virtual Keyboard's QML components (the on-screen keyboard of kiosk
# mode) link against Qt Multimedia, which needs PulseAudio's client library; without
# it the keyboard's panel never appears. The others are what Qt's GUI libraries link
# against (docs/INSTALL.md, "On-screen keyboard").
set -euo pipefail

PACKAGES=(libpulse0 libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3)

command -v dpkg-query >/dev/null 2>&1 || exit 0  # not Debian: see docs/INSTALL.md for other systems

missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "${1:-}" = "--check" ]; then
    echo "missing Debian packages: ${missing[*]}" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run=(sudo -n)
else
    echo "Missing Debian packages for the tests: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "installing Debian packages: ${missing[*]}"
install() {
    ${run[@]+"${run[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
# The package lists may be empty or stale on a fresh machine (as in a CI image): update them
# once when the first try cannot find or fetch a package.
if ! install; then
    ${run[@]+"${run[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    install
fi
