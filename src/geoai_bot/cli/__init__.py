"""One module per subcommand: `register(subparsers)` adds it; `func(args)` returns the exit code."""
