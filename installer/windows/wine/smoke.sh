#!/usr/bin/env bash
# Tries the Wine-built Setup.exe as a Windows user would: a silent install, the Start-menu entries,
# the installed window (--smoke) and the demo under a Hungarian (1250) and a Western (1252) code page,
# a silent uninstall that keeps the data, and one with /DELETEDATA=1 that removes the data folder and
# the secrets stored in the Credential Manager.
#   bash installer/windows/wine/build.sh   then   bash installer/windows/wine/smoke.sh
set -euo pipefail
# shellcheck source=installer/windows/wine/env.sh
source "$(dirname "$0")/env.sh"
cd "$repo"
version=$(grep -m1 '^version = ' pyproject.toml | cut -d'"' -f2)
setup="build/Bolthid-Setup-$version-wine-test.exe"
[ -f "$setup" ] || { echo "Nincs $setup: futtassa előbb az installer/windows/wine/build.sh-t." >&2; exit 1; }
user_dir=$(win_user_dir)
app="$user_dir/AppData/Local/Programs/Bolthid"
data="$user_dir/AppData/Local/Bolthid"
menu="$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Bolthíd"
log="$wine_root/smoke"
rm -rf "$log" && mkdir -p "$log"
fail() { echo "HIBA: $*" >&2; exit 1; }
# Secrets the program stored through keyring (Wine keeps the Credential Manager in the registry).
stored_secrets() { win_wait; grep -c '^\[Software\\\\Wine\\\\Credential Manager\\\\Generic: .*Bolthid\]' "$WINEPREFIX/user.reg" || true; }

install() {
  win "$setup" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART "/LOG=$(winpath "$log/$1.log")" >/dev/null \
    || { tail -20 "$log/$1.log" >&2; fail "a telepítés nem sikerült ($1)"; }
  [ -f "$app/bolthid.exe" ] && [ -f "$app/bolthid-cli.exe" ] || fail "a telepítés után nincs bolthid.exe"
  [ -f "$menu/Bolthíd.lnk" ] && [ -f "$menu/Bolthíd eltávolítása.lnk" ] || fail "hiányzik a Start menü bejegyzése"
}
uninstall() {
  win "$app/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART "/LOG=$(winpath "$log/$1.log")" "${@:2}" \
    >/dev/null || { tail -20 "$log/$1.log" >&2; fail "az eltávolítás nem sikerült ($1)"; }
  win_wait  # the uninstaller finishes in a copy of itself
  [ ! -e "$app/bolthid.exe" ] || fail "az eltávolítás után is ott a bolthid.exe ($1)"
  [ ! -e "$menu" ] || fail "az eltávolítás után is ott a Start menü bejegyzése ($1)"
}

start_screen
rm -rf "$data" "$app"
echo "1. Csendes telepítés (/VERYSILENT), Start menü"
install install
for locale in hu_HU.UTF-8 en_US.UTF-8; do
  echo "2. Kódlap: $locale"
  LOCALE=$locale win "$app/bolthid.exe" --smoke | tee "$log/smoke-$locale.txt" \
    || fail "a --smoke nem 0-val lépett ki ($locale)"
  grep -q "főablak megnyílt" "$log/smoke-$locale.txt" || fail "a --smoke kimenete hibás ($locale)"
  LOCALE=$locale win "$app/bolthid-cli.exe" demo | tee "$log/demo-$locale.txt" \
    || fail "a bemutató nem 0-val lépett ki ($locale)"
  grep -q "rendelés" "$log/demo-$locale.txt" && grep -q "A termékek szinkronizálása" "$log/demo-$locale.txt" \
    || fail "a bemutató kimenete hibás ($locale)"
done
echo "2b. A főablak a Windows-os Qt-val, képernyőkép: $log/window.png"
# The real "windows" platform (offscreen Windows Qt finds no fonts), on the virtual screen.
# Its output through a pipe: with a regular file as stdout the windowed program cannot even start
# ("Failed to start embedded python interpreter").
(unset WINEQT_QPA_PLATFORM; LC_ALL=hu_HU.UTF-8 wine "$app/bolthid.exe" </dev/null 2>&1 | cat >"$log/window.txt") &
window_up=""
for _ in $(seq 120); do
  if xwininfo -root -tree 2>/dev/null | grep -q '"Bolthíd'; then window_up=yes; break; fi
  sleep 0.5
done
[ -n "$window_up" ] || { cat "$log/window.txt" >&2; fail "nem nyílt meg a főablak"; }
sleep 5  # the lists fill in the background after the window shows
"$repo/.venv/bin/python" -c "import os, sys; from PIL import ImageGrab; ImageGrab.grab(xdisplay=os.environ['DISPLAY']).save(sys.argv[1])" \
  "$log/window.png"
wineserver -k || true
win_wait

echo "3. Egy webáruház API kulcsa a Windows hitelesítőadat-kezelőjében"
win "$app/bolthid-cli.exe" shop add "Próba bolt" --api-key WINE-SMOKE-KEY --url http://127.0.0.1:9/shop/
[ "$(stored_secrets)" -gt 0 ] || fail "nem került kulcs a hitelesítőadat-kezelőbe"
[ -f "$data/Bolthid/bolthid.sqlite" ] || fail "nincs adatbázis az adatmappában"

echo "4. Csendes eltávolítás: az adatok maradnak"
uninstall uninstall-keep
[ -f "$data/Bolthid/bolthid.sqlite" ] || fail "a csendes eltávolítás törölte az adatbázist"
[ "$(stored_secrets)" -gt 0 ] || fail "a csendes eltávolítás törölte a tárolt kulcsokat"

echo "5. Újratelepítés, a régi adatok megvannak"
install reinstall
win "$app/bolthid-cli.exe" shop list --json | grep -q "Próba bolt" || fail "az újratelepítés után nincs meg a webáruház"

echo "6. Eltávolítás /DELETEDATA=1: az adatok és a tárolt kulcsok is törlődnek"
uninstall uninstall-delete /DELETEDATA=1
[ ! -e "$data" ] || fail "a /DELETEDATA=1 után is ott az adatmappa"
[ "$(stored_secrets)" -eq 0 ] || fail "a /DELETEDATA=1 után is maradt tárolt kulcs"
echo "Minden rendben ($(du -h "$setup" | cut -f1) Setup.exe)."
