#!/usr/bin/env bash
# Install geoai-bot from the action's own checkout into a private virtualenv and output the
# executable's path. No logic of its own: everything else lives in `geoai-bot action`.
#
# The jobs this runs in hold write tokens, so nothing is resolved at action time: every
# dependency (and the build backend) comes from action/requirements.lock, pinned with the
# sha256 of each file (--require-hashes: a changed or substituted file fails the install,
# whatever an index or a restored wheel cache serves). geoai-bot itself is then installed
# from this checkout with --no-deps and without build isolation (which would fetch an
# unpinned setuptools). Regenerate the lock with `bash action/update-lock.sh`.
set -euo pipefail
py="${GEOAI_BOT_PYTHON:-}"
if [ -z "$py" ]; then
  py="$(command -v python3 || command -v python)"
fi
venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/geoai-bot-venv"
"$py" -m venv "$venv"
if [ -x "$venv/bin/python" ]; then bin="$venv/bin"; else bin="$venv/Scripts"; fi
pip=("$bin/python" -m pip --quiet --disable-pip-version-check)
"${pip[@]}" install --require-hashes --only-binary=:all: -r "$GITHUB_ACTION_PATH/action/requirements.lock"
"${pip[@]}" install --no-deps --no-build-isolation --no-index "$GITHUB_ACTION_PATH"
echo "exe=$bin/geoai-bot" >> "$GITHUB_OUTPUT"
