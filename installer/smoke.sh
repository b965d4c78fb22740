#!/usr/bin/env bash
# Checks the built bundle: the window opens (offscreen), a headless sandbox sync runs, it opens the
# database of the source install and the other way round, and it upgrades a revision-0001 database.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/dist/bolthid/bolthid
[ -x "$bin" ] || { echo "Nincs lefordított program: futtassa előbb az installer/build.sh-t." >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BOLTHID_HOME="$work/home" BOLTHID_KEYRING=file QT_QPA_PLATFORM=offscreen

echo "1. Főablak (--smoke)"
timeout 120 "$bin" --smoke

echo "2. Bemutató-szinkron a beépített tesztbolttal (grafikus felület nélkül)"
timeout 300 "$bin" demo | tee "$work/demo.txt"
grep -q "új rendelés" "$work/demo.txt"
grep -q "A termékek szinkronizálása" "$work/demo.txt"

echo "3. A forrásból futó program adatbázisát a lefordított megnyitja, és fordítva"
src_db="sqlite:///$work/forras.sqlite"
.venv/bin/bolthid --db "$src_db" import products tests/fixtures/import/smoke.csv >/dev/null
timeout 120 "$bin" --db "$src_db" list products --json | grep -q '"SMOKE-1"'
frozen_db="sqlite:///$work/fagyasztott.sqlite"
timeout 120 "$bin" --db "$frozen_db" import products tests/fixtures/import/smoke.csv >/dev/null
.venv/bin/bolthid --db "$frozen_db" list products --json | grep -q '"SMOKE-1"'

echo "4. Frissítés: a 0001-es változatú adatbázis megnyitása"
cp tests/fixtures/databases/rev_0001.sqlite "$work/regi.sqlite"
timeout 120 "$bin" --db "sqlite:///$work/regi.sqlite" list products --json > "$work/regi.json"
.venv/bin/python - "$work/regi.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
assert rows, "the old database's products are gone"
print(f"   {len(rows)} termék megmaradt")
PY
ls "$BOLTHID_HOME"/data/backups/*.sqlite >/dev/null || { echo "Nem készült mentés a frissítés előtt" >&2; exit 1; }
echo "Minden rendben."
