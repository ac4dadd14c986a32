#!/usr/bin/env bash
# Regenerate action/requirements.lock: geoai-bot's runtime dependencies (pyproject.toml),
# every version pinned with the sha256 of every file on PyPI, for every Python from 3.10
# and every platform. install.sh installs exactly this list (--no-deps, so the lock must be
# complete: uv writes every transitive dependency) and no build backend: geoai-bot itself
# runs from the action's checkout. Run it after changing dependencies in pyproject.toml;
# tests/attacks/test_action_attacks.py fails until the lock matches. Versions already in
# the lock are kept (uv prefers them); `--upgrade` moves everything to the newest. Needs
# `uv` (pip install uv).
set -euo pipefail
cd "$(dirname "$0")/.."
uv pip compile pyproject.toml \
  --universal --python-version 3.10 --generate-hashes \
  --custom-compile-command "bash action/update-lock.sh" \
  -o action/requirements.lock "$@"
