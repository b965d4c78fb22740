#!/usr/bin/env bash
# Creates .venv in the checkout and installs Bolthíd into it (editable).
#   python-env.sh          the program
#   python-env.sh --test   plus the test tools
set -euo pipefail
cd "$(dirname "$0")/../.."

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
extra=""
if [ "${1:-}" = "--test" ]; then
  extra="[test]"
fi
stamp=".venv/.installed${extra}"
# Reinstall only when pyproject.toml changed since the last install.
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extra}"
  touch "$stamp"
fi
