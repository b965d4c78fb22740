#!/usr/bin/env bash
# Installs what is missing and starts Bolthíd (from a source checkout, Debian/Ubuntu).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/system-packages.sh"
bash "$here/python-env.sh"
cd "$here/../.."
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
  echo "Nincs grafikus kijelző: a program ablaka itt nem nyitható meg." >&2
  echo "Helyette grafikus felület nélküli bemutató: a beépített tesztbolt rendelései beérkeznek," >&2
  echo "a termékek és a készlet a tesztboltba kerülnek (bolthid demo):" >&2
  .venv/bin/bolthid demo
  echo "Készlet (bolthid stock):" >&2
  .venv/bin/bolthid stock
  echo "További parancsok: .venv/bin/bolthid --help" >&2
  exit 0
fi
# --demo: on a fresh machine the program opens in test mode with the built-in test shop.
exec .venv/bin/bolthid --demo "$@"
