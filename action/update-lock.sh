#!/usr/bin/env bash
# Regenerate action/requirements.lock: geoai-bot's runtime dependencies (pyproject.toml)
# and its build backend (action/build-requirements.in), every version pinned with the
# sha256 of every file on PyPI, for every Python from 3.10 and every platform. Run it after
# changing dependencies in pyproject.toml; tests/attacks/test_action_attacks.py fails until
# the lock matches. Needs `uv` (pip install uv).
set -euo pipefail
cd "$(dirname "$0")/.."
uv pip compile pyproject.toml action/build-requirements.in \
  --universal --python-version 3.10 --generate-hashes \
  --custom-compile-command "bash action/update-lock.sh" \
  -o action/requirements.lock "$@"
