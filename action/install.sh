#!/usr/bin/env bash
# Install geoai-bot into a private virtualenv and output the launcher's path (`exe`).
# The work is in install.py (standard library only; read it for what is trusted and why):
# this only finds the interpreter, setup-python's or the runner's own.
set -euo pipefail
py="${GEOAI_BOT_PYTHON:-}"
if [ -z "$py" ]; then
  py="$(command -v python3 || command -v python)"
fi
# -I: the step runs in the workspace; PYTHON* variables must not change what runs.
exec "$py" -I "$GITHUB_ACTION_PATH/action/install.py"
