"""`python -m geoai_bot`: the same as the `geoai-bot` command."""

from .cli import main

raise SystemExit(main())
