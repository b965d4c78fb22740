#!/usr/bin/env bash
# A part of the test suite under the Windows CPython of the Wine build: the UNAS client, the
# business services and the value types – where path, encoding, time-zone and process habits of
# Windows show. PostgreSQL tests skip here (no Windows PostgreSQL in the prefix); Linux runs them.
#   bash installer/windows/wine/build.sh   then   bash installer/windows/wine/tests.sh [pytest args]
set -euo pipefail
# shellcheck source=installer/windows/wine/env.sh
source "$(dirname "$0")/env.sh"
cd "$repo"
[ -f "$WINEPREFIX/drive_c/Python311/python.exe" ] \
  || { echo "Nincs Windows Python: futtassa előbb az installer/windows/wine/build.sh-t." >&2; exit 1; }
unset BOLTHID_REQUIRE_POSTGRES   # the Linux run proves PostgreSQL
export PYTHONUTF8=1               # readable output through Wine's pipe on any code page
if [ "$#" -eq 0 ]; then
  set -- tests/values tests/unas tests/services
fi
win "$win_python" -m pytest -q -p no:cacheprovider "$@"
