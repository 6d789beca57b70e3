#!/usr/bin/env bash
# Set up (idempotent), check the formatting, lint and type-check, then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff format --check .
.venv/bin/ruff check .
.venv/bin/mypy transcription_api bot database confined_ffmpeg command_lines
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
