#!/usr/bin/env bash
# Creates .venv in the checkout and installs Bolthíd into it (editable).
#   python-env.sh          the program
#   python-env.sh --test   plus the test tools
set -euo pipefail
cd "$(dirname "$0")/../.."

python=${PYTHON:-python3}
# Said plainly before pip fails somewhere inside (Ubuntu 22.04 has Python 3.10).
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "A Bolthídhoz Python 3.11 vagy újabb kell; ezen a gépen: $("$python" --version 2>&1 || echo 'nincs python3')." >&2
  echo "Debian 12 / 13, Ubuntu 24.04 megfelel; más Python: PYTHON=/út/python3.11 bash $0" >&2
  exit 1
fi
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
