#!/usr/bin/env bash
# Builds the one-folder Linux bundle (build/dist/bolthid) with PyInstaller and packs it as a .tar.gz.
#   installer/build.sh        then   installer/smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/source/system-packages.sh --build
bash installer/source/python-env.sh
.venv/bin/python -m pip install -q "pyinstaller>=6.5,<7"
version=$(grep -m1 '^version = ' pyproject.toml | cut -d'"' -f2)
started=$(date +%s)
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath build/dist --workpath build/work installer/bolthid.spec
cp installer/linux/bolthid.desktop installer/linux/bolthid.png installer/linux/install-menu.sh build/dist/bolthid/
archive="build/Bolthid-${version}-linux-$(uname -m).tar.gz"
tar -C build/dist -czf "$archive" bolthid
seconds=$(( $(date +%s) - started ))
echo "Kész: build/dist/bolthid ($(du -sh build/dist/bolthid | cut -f1)), $archive ($(du -sh "$archive" | cut -f1)), ${seconds} s"
