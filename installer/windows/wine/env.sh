# Sourced by the Wine scripts: one Wine prefix under build/wine, and Wine's habits tamed.
# shellcheck shell=bash
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
wine_root="$repo/build/wine"
export WINEPREFIX="$wine_root/prefix" WINEARCH=win64 WINEDEBUG=-all
# No Mono/Gecko downloads; a crash must not wait forever in winedbg; installs must not write menu
# entries into the Linux desktop (~/.local).
export WINEDLLOVERRIDES="mscoree,mshtml=;winedbg.exe=d;winemenubuilder.exe=d"
# Wine drops QT_* variables; WINEQT_* reach the Windows program as QT_*.
export WINEQT_QPA_PLATFORM=offscreen
unset DISPLAY
win_python='C:\Python311\python.exe'
# The installed program (Inno Setup: {localappdata}\Programs\Bolthid, a per-user install).
win_user_dir() { echo "$WINEPREFIX/drive_c/users/$(id -un)"; }

# Runs a Windows program: its stdin and stdout must not be regular files under Wine, so stdin is
# /dev/null and the output goes through a pipe. The program's exit code is returned.
# LOCALE picks the Windows code page: hu_HU.UTF-8 → 1250, en_US.UTF-8 → 1252.
win() {
  local status
  set +e
  LC_ALL="${LOCALE:-hu_HU.UTF-8}" wine "$@" </dev/null 2>&1 | cat
  status=${PIPESTATUS[0]}
  set -e
  return "$status"
}
# A virtual screen for the whole script: Inno Setup's wizard (even a silent one) needs a window
# station, and an uninstaller finishes in a second copy of itself after the first has exited – with
# xvfb-run around one command, that copy lost its screen and died before its last step.
# Xvfb picks a free display number itself (-displayfd). Call once; it stops when the script ends.
start_screen() {
  local fd_file
  fd_file=$(mktemp)
  Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$fd_file" >/dev/null 2>&1 &
  screen_pid=$!
  trap 'wineserver -k 2>/dev/null || true; kill "$screen_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 100); do
    [ -s "$fd_file" ] && break
    sleep 0.1
  done
  [ -s "$fd_file" ] || { echo "Az Xvfb nem indult el." >&2; exit 1; }
  export DISPLAY=":$(head -1 "$fd_file")"
  rm -f "$fd_file"
}
# Waits until every program of the prefix has exited (an uninstaller's second copy, say).
win_wait() { wineserver -w; }
# A Linux path as Wine's Z: drive sees it.
winpath() { echo "Z:${1//\//\\}"; }
