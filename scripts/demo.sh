#!/usr/bin/env bash
# Set up (idempotent) and transcribe a recording offline with the packaged model.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python scripts/transcribe_demo.py "$@"
