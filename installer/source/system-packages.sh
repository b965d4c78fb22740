#!/usr/bin/env bash
# Debian/Ubuntu packages Bolthíd needs when run from source.
#   system-packages.sh          Qt in a real window (users)
#   system-packages.sh --test   plus what the test suite needs (PostgreSQL, poppler, Xvfb)
#   system-packages.sh --build  plus what the PyInstaller build needs (binutils)
set -euo pipefail

runtime=(
  python3 python3-venv python3-pip
  # Qt offscreen and on X11 (see shared toolchain notes: xcb-cursor0's message may mean icccm4 or keysyms1)
  libglib2.0-0 libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xfixes0 libxrender1 libxi6
)
tests=(postgresql poppler-utils xvfb xauth)
build=(binutils)

wanted=("${runtime[@]}")
if [ "${1:-}" = "--test" ]; then
  wanted+=("${tests[@]}")
fi
if [ "${1:-}" = "--build" ]; then
  wanted+=("${build[@]}")
fi

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "Rendszercsomagok telepítése: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
