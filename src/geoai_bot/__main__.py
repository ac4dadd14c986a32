"""`python -m geoai_bot`: the same as the `geoai-bot` command."""

from geoai_bot.cli.main import main

raise SystemExit(main())
