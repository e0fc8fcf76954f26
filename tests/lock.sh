#!/usr/bin/env bash
# Refresh constraints.txt (the lock file): install requirements-dev.txt without it into a fresh venv — the
# newest releases that the requirements allow — and write what got installed. Then run the whole suite
# (tests/run.sh) on that venv before committing the new constraints.txt:
#   tests/lock.sh && rm -rf .venv && tests/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(mktemp -d)/venv
python3 -m venv "$venv"
"$venv/bin/pip" install -q -r requirements-dev.txt
{
  echo "# The exact versions the test suite passed with (Python $("$venv/bin/python" -c 'import sys; print(".".join(map(str, sys.version_info[:2])))'), $(date -u +%Y-%m-%d)): README's"
  echo "# install and test commands install with -c constraints.txt. Refresh: tests/lock.sh, then the full suite."
  # torch's local version (+cpu) names the build, not the release: the pin stays torch==X.Y.Z
  "$venv/bin/pip" freeze --exclude-editable | sed 's/+cpu$//'
} > constraints.txt
rm -rf "$(dirname "$venv")"
echo "tests/lock.sh: constraints.txt rewritten; now run the whole suite on it (rm -rf .venv && tests/run.sh)" >&2
