"""The command line: argument parsing only, one module per subcommand.

Each module's `register(subparsers)` adds its subcommand and `func(args)` returns the exit
code; the work is done by the packages below (core, lint, links, log, submit, check,
action, report). `cli.main` builds the parser, importing only the subcommand it runs.
"""
