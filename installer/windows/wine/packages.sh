#!/usr/bin/env bash
# Debian packages for building and trying the Windows installer on Linux under Wine (CI only; the
# README's test command without CI never installs these). ISCC.exe is a 32-bit program, so the i386
# architecture is added and wine32 is needed beside wine64.
set -euo pipefail

# x11-utils: xwininfo, to see when the installed program's window is up for its screenshot.
wanted=(wine wine64 wine32 fonts-wine xvfb x11-utils locales gcc-mingw-w64-x86-64-win32 unzip)

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}
missing=()
for name in "${wanted[@]}"; do
  installed "$name" || missing+=("$name")
done

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "A Wine-os Windows-építéshez rendszergazdai jog kell. Futtassa root-ként: bash $0" >&2
    exit 1
  fi
fi

if [ "${#missing[@]}" -gt 0 ]; then
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    $sudo dpkg --add-architecture i386
  fi
  # `apt-get update` exits 0 even when one index could not be read (it only warns), and a
  # mirror has once served the i386 security index with a size mismatch: wine32 then cannot be
  # installed. The warnings are read, the update retried, and a lasting fault named plainly.
  for attempt in 1 2 3 4; do
    log=$($sudo apt-get update 2>&1) || true
    failed=$(grep -E '^(W|E): (Failed to fetch|Some index files failed)' <<<"$log" || true)
    if [ -z "$failed" ]; then break; fi
    if [ "$attempt" -eq 4 ]; then
      echo "A csomagtároló egy indexe nem olvasható (tükörszerver-hiba, nem a program hibája):" >&2
      echo "$failed" >&2
      exit 2
    fi
    echo "Csomagindex olvasási hiba, újrapróbálás ($attempt/3): $failed" >&2
    sleep $((attempt * 15))
    $sudo rm -rf /var/lib/apt/lists/partial/*
  done
  echo "Wine és társai telepítése: ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# Wine maps the Linux locale to the Windows code page: hu_HU.UTF-8 → 1250 (Hungarian), en_US.UTF-8
# → 1252 (Western). Both are generated here; minbase systems have neither.
for loc in hu_HU en_US; do
  if ! locale -a 2>/dev/null | grep -qi "^${loc}\.utf-\?8$"; then
    $sudo localedef -i "$loc" -c -f UTF-8 "${loc}.UTF-8"
  fi
done
