#!/usr/bin/env bash
# Installs what is missing and starts Bolthíd (from a source checkout, Debian/Ubuntu).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/system-packages.sh"
bash "$here/python-env.sh"
cd "$here/../.."
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
  echo "Nincs grafikus kijelző: a program ablaka itt nem nyitható meg." >&2
  echo "Az adatbázis előkészítve; a készlet parancssorból (bolthid stock):" >&2
  .venv/bin/bolthid migrate
  .venv/bin/bolthid stock
  echo "További parancsok: .venv/bin/bolthid --help" >&2
  exit 0
fi
exec .venv/bin/bolthid "$@"
