#!/usr/bin/env bash
# The test command (README.md's and .ci/run's): installs what the tests need on this machine, then runs
# pytest with any arguments given (`tests/run.sh -m "not browser"`, `tests/run.sh -k i18n`).
#   - where apt-get exists (Debian, Ubuntu): Debian's Chromium and the CJK fonts, nginx and Redis (the
#     classroom through deploy/serve.sh: tests/test_deploy_classroom.py, tests/test_classroom.py), plus
#     python3-venv if this Python cannot make a venv; as root, or through sudo;
#   - .venv (made if missing) with requirements-dev.txt, at the versions of constraints.txt (the lock file);
#   - where there is no /usr/bin/chromium after that: Playwright's own Chromium (tests/test_browser.py
#     launches it when /usr/bin/chromium is absent).
# Then ruff (lint and format, configured in pyproject.toml): a finding fails the run, after the tests ran.
# pytest collecting no tests (exit 5) is a failure here, not a pass.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "tests/run.sh: $*" >&2; }

# grep without -q reads all of fc-list's output: with -q, fc-list could die of SIGPIPE and pipefail
# would report the font missing
has_font() { command -v fc-list >/dev/null && fc-list | grep -i "$1" >/dev/null; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else return 1
  fi
}

if command -v apt-get >/dev/null; then
  need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  has_font "Noto Sans CJK" || need+=(fonts-noto-cjk fontconfig)
  [ -x /usr/sbin/nginx ] || need+=(nginx-light)
  command -v redis-server >/dev/null || need+=(redis-server)
  python3 -c "import ensurepip" 2>/dev/null || [ -x .venv/bin/python ] || need+=(python3-venv)
  if [ "${#need[@]}" -gt 0 ]; then
    say "apt-get install ${need[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q \
      && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" \
      || say "could not install ${need[*]} (not root and no sudo?); going on without them"
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -r requirements-dev.txt -c constraints.txt  # the versions the suite passed with

if ! [ -x /usr/bin/chromium ]; then
  say "no /usr/bin/chromium: installing Playwright's own Chromium"
  .venv/bin/python -m playwright install chromium \
    || say "could not fetch Playwright's Chromium: the browser tests will fail, the others still run"
  if command -v fc-list >/dev/null && ! has_font "CJK"; then
    say "no CJK font found: Chinese text in the browser tests' screenshots may show as boxes"
  fi
fi

lint=0
.venv/bin/ruff check --quiet . && .venv/bin/ruff format --check --quiet . || lint=$?

status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  say "pytest collected no tests: that is a failure, not a pass"
  exit 1
fi
if [ "$lint" -ne 0 ]; then
  say "ruff found problems (above): run .venv/bin/ruff check --fix . && .venv/bin/ruff format ."
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
