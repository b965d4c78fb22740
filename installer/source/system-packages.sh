#!/usr/bin/env bash
# Debian/Ubuntu packages Bolthíd needs when run from source.
#   system-packages.sh          Qt in a real window (users)
#   system-packages.sh --test   plus what the test suite needs (PostgreSQL, poppler; Qt runs offscreen)
#   system-packages.sh --build  plus what the PyInstaller bundle needs (binutils, libpython3.11)
# A package written "a|b" is satisfied by either name: Debian 13 and Ubuntu 24.04 renamed several
# libraries with a t64 suffix (libglib2.0-0 → libglib2.0-0t64).
set -euo pipefail

runtime=(
  python3 python3-venv python3-pip
  # Qt offscreen and on X11 (see shared toolchain notes: xcb-cursor0's message may mean icccm4 or keysyms1)
  "libglib2.0-0t64|libglib2.0-0" libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1
  "libdbus-1-3" fonts-dejavu-core
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xfixes0 libxrender1 libxi6
)
tests=(postgresql poppler-utils)
build=(binutils "libpython3.11t64|libpython3.11")

wanted=("${runtime[@]}")
case "${1:-}" in
  --test) wanted+=("${tests[@]}") ;;
  --build) wanted+=("${build[@]}") ;;
  --all) wanted+=("${tests[@]}" "${build[@]}") ;;
esac

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# "a|b": installed under either name → nothing to do; otherwise the first name this system's
# package index knows (checked with apt-cache) is the one to install.
missing=()
for spec in "${wanted[@]}"; do
  IFS='|' read -r -a names <<<"$spec"
  found=""
  for name in "${names[@]}"; do
    if installed "$name"; then found="yes"; break; fi
  done
  [ -n "$found" ] && continue
  choice="${names[-1]}"
  if [ "${#names[@]}" -gt 1 ]; then
    for name in "${names[@]}"; do
      if apt-cache show "$name" >/dev/null 2>&1; then choice="$name"; break; fi
    done
  fi
  missing+=("$choice")
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
    echo "A hiányzó rendszercsomagok telepítéséhez rendszergazdai jog kell (a sudo kérheti a jelszavát)." >&2
  else
    echo "Hiányzó rendszercsomagok: ${missing[*]}" >&2
    echo "Ezeket rendszergazdaként kell telepíteni (a sudo itt nem érhető el). Futtassa root-ként:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    echo "majd indítsa újra ezt a parancsot." >&2
    exit 1
  fi
fi
echo "Rendszercsomagok telepítése: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
