#!/usr/bin/env bash
# Set up (idempotent), then run the main job offline: transcribe, diarize and summarize a recording with the
# packaged model and print the summary exactly as the bot sends it (no tokens, no LLM key needed).
#   scripts/demo.sh [RECORDING] [extra bot.cli options]      default: samples/meeting.ogg
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
recording="${1:-samples/meeting.ogg}"
[ $# -gt 0 ] && shift
exec .venv/bin/python -m bot.cli process "$recording" --out-dir data/demo "$@"
