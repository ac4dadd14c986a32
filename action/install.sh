#!/usr/bin/env bash
# Install geoai-bot from the action's own checkout into a private virtualenv and output the
# executable's path. No logic of its own: everything else lives in `geoai-bot action`.
set -euo pipefail
py="${GEOAI_BOT_PYTHON:-}"
if [ -z "$py" ]; then
  py="$(command -v python3 || command -v python)"
fi
venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/geoai-bot-venv"
"$py" -m venv "$venv"
if [ -x "$venv/bin/python" ]; then bin="$venv/bin"; else bin="$venv/Scripts"; fi
"$bin/python" -m pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH"
echo "exe=$bin/geoai-bot" >> "$GITHUB_OUTPUT"
