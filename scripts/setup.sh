#!/usr/bin/env bash
# Prepare a fresh machine: system tools for test fixtures (espeak-ng, sox, docker-compose, redis-server, and Chromium
# with its driver for the Mini App's browser tests), a virtualenv, the project with all extras.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v espeak-ng >/dev/null || need_apt+=(espeak-ng)
command -v sox >/dev/null || need_apt+=(sox)
command -v docker-compose >/dev/null || need_apt+=(docker-compose)
command -v redis-server >/dev/null || need_apt+=(redis-server)  # the distributed mode's tests start their own
command -v chromium >/dev/null || need_apt+=(chromium)  # the Mini App's tests open it headless
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
    else
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
    fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
log=.venv/install.log
if ! { .venv/bin/python -m pip install -q --upgrade pip && .venv/bin/python -m pip install -q -e ".[api,bot,dev]"; } >"$log" 2>&1; then
    tail -40 "$log" >&2
    echo "setup failed; the whole install log is in $log" >&2
    exit 1
fi
