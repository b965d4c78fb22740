#!/usr/bin/env bash
# The Windows path in CI, on Linux under Wine: packages, the bundle and Setup.exe, the silent
# install/uninstall smoke test on two code pages, and a part of the suite under Windows Python.
# Each stage's time is printed (docs/benchmarks.md keeps the measured ones).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
timings=()
run_stage() {
  local name=$1 started
  shift
  started=$(date +%s)
  echo "=== Windows (Wine): $name" >&2
  "$@"
  timings+=("$name: $(( $(date +%s) - started )) s")
}
run_stage "csomagok" bash "$here/packages.sh"
run_stage "bundle és Setup.exe" bash "$here/build.sh"
run_stage "telepítés, indítás, eltávolítás" bash "$here/smoke.sh"
run_stage "tesztek Windows Pythonnal" bash "$here/tests.sh"
echo "Windows (Wine) szakaszok ideje:" >&2
for timing in "${timings[@]}"; do echo "  $timing" >&2; done
