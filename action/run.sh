#!/usr/bin/env bash
# Run `geoai-bot action`; it reads INPUT_* and the GITHUB_* runner variables itself.
set -euo pipefail
exec "${GEOAI_BOT_EXE:-geoai-bot}" action
