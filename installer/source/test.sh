#!/usr/bin/env bash
# Installs everything the tests need and runs the whole test suite (SQLite and PostgreSQL).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/system-packages.sh" --test
bash "$here/python-env.sh" --test
cd "$here/../.."
export QT_QPA_PLATFORM=offscreen
# A skipped PostgreSQL test fails the run (tests/conftest.py): both databases must be proven.
export BOLTHID_REQUIRE_POSTGRES=1
.venv/bin/ruff check app tests benchmarks docs
# The architecture (pyproject.toml [tool.importlinter]) and the types ([tool.mypy]).
.venv/bin/lint-imports
.venv/bin/mypy
if [ "$#" -gt 0 ]; then  # a chosen part of the suite (e.g. test.sh tests/sync -x): as asked
  exec .venv/bin/python -m pytest "$@"
fi
.venv/bin/python -m pytest --ignore=tests/gui
# The Qt widget tests in a process of their own: under heavy load Qt has crashed now and then while
# painting (a segmentation fault inside QFusionStyle, not a failed assertion – under investigation,
# see the issue notes). A crash, and only a crash, runs them once more; a failed test never does.
set +e
.venv/bin/python -m pytest tests/gui
status=$?
set -e
if [ "$status" -ge 128 ]; then
  echo "A grafikus tesztek folyamata összeomlott (jel: $((status - 128))); még egyszer lefuttatjuk." >&2
  .venv/bin/python -m pytest tests/gui
elif [ "$status" -ne 0 ]; then
  exit "$status"
fi
# The installed program: PyInstaller bundle built and smoke-tested (about 2 minutes) on CI
# (CI set) or when asked with BOLTHID_BUILD_INSTALLER=1; BOLTHID_BUILD_INSTALLER=0 skips it.
if [ "${BOLTHID_BUILD_INSTALLER:-${CI:+1}}" = "1" ]; then
  bash installer/build.sh
  bash installer/smoke.sh
fi
# The Windows Setup.exe, built, installed and tried under Wine (about 15 minutes, installs Wine and
# its companions as root): on CI, or when asked with BOLTHID_BUILD_WINDOWS=1.
if [ "${BOLTHID_BUILD_WINDOWS:-${CI:+1}}" = "1" ]; then
  bash installer/windows/wine/ci.sh
fi
