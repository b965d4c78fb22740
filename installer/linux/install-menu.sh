#!/usr/bin/env bash
# Puts Bolthíd into the desktop menu of the current user (no root): run it from the unpacked bundle.
#   bolthid/install-menu.sh
# The menu entry gets the full path of the program, and the icon goes where desktops look for
# "Icon=bolthid" (the user's hicolor theme), so both resolve wherever the bundle was unpacked.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$data/applications" "$data/icons/hicolor/256x256/apps"
cp "$here/bolthid.png" "$data/icons/hicolor/256x256/apps/bolthid.png"
sed "s|^Exec=.*|Exec=\"$here/bolthid\"|" "$here/bolthid.desktop" >"$data/applications/bolthid.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
echo "A Bolthíd bekerült a menübe: $data/applications/bolthid.desktop"
