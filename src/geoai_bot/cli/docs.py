"""docs/cli.md from the argparse definitions: every command, its usage and every option.

Regenerate after changing a command's arguments or help: `python -m geoai_bot.cli.docs >
docs/cli.md` (tests/test_cli_docs.py fails when the page and the parser disagree).

The page is built from the parser's actions rather than from `--help` output, whose layout
changes between Python versions ("optional arguments:" became "options:" in 3.10 -> 3.11).
"""

from __future__ import annotations

import argparse
import sys

from geoai_bot.cli.main import COMMANDS, build_parser

HEADER = """# geoai-bot command reference

Every command reads one paper list (`README.md` or any Markdown file in the list shape, see
[format.md](format.md)) and exits `0` when clean, `1` when it found problems or changes are
needed, `2` on a usage or input error. Settings come from the nearest `geoai-bot.toml`
(searched from the list's folder upwards) or the file given with `--config`; every key is in
[configuration.md](configuration.md).

This page is generated from the argument parser (`python -m geoai_bot.cli.docs >
docs/cli.md`); `geoai-bot COMMAND --help` prints the same.
"""

# Where each command is explained at length (links relative to docs/).
MORE: dict[str, str] = {
    "fmt": "[format.md](format.md): the canonical form and the safety check",
    "export": "[format.md](format.md#export): the JSON contract and the CSV columns",
    "log": "[log.md](log.md): what counts as the log and every rule",
    "links": "[links.md](links.md): states, politeness, the cache, configuration",
    "lint": "[rules.md](rules.md): every rule with a wrong and a right example",
    "check": "[adopting.md](adopting.md): how the Action runs it on pull requests and pushes",
    "action": "[adopting.md](adopting.md): workflows, inputs, outputs and tokens",
    "submit": "[submissions.md](submissions.md): the form, validation and every message",
}


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse keeps subcommands only here
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _flags(action: argparse.Action) -> str:
    if not action.option_strings:
        return f"`{action.metavar or action.dest}`"
    if action.nargs == 0:
        value = ""
    elif action.metavar is not None:
        value = f" {action.metavar}"
    elif action.choices is not None:
        value = " " + "|".join(str(c) for c in action.choices)
    else:
        value = f" {action.dest.upper()}"
    return ", ".join(f"`{flag}{value}`" for flag in action.option_strings)


def _help(action: argparse.Action) -> str:
    text = " ".join((action.help or "").split())
    default = action.default
    if action.option_strings and action.nargs != 0 and default not in (None, "", [], False):
        text += f" (default: `{default}`)"
    return text.replace("|", "\\|")


def _usage(name: str, p: argparse.ArgumentParser) -> str:
    """The usage line as one logical line, whatever width argparse would wrap it at."""
    usage = p.format_usage().removeprefix("usage: ")
    return " ".join(usage.split())


def _prose(text: str | None, raw: bool) -> str:
    if not text:
        return ""
    if raw:  # laid out by hand (columns, indented lists): keep it as written
        return "```text\n" + text.rstrip() + "\n```\n"
    return " ".join(text.split()) + "\n"


def render_cli_md() -> str:
    parser = build_parser()
    out = [HEADER]
    out.append("| command | what it does |\n| --- | --- |")
    helps = {
        a.dest: a.help
        for sub in parser._actions
        if isinstance(sub, argparse._SubParsersAction)
        for a in sub._choices_actions
    }
    for name in COMMANDS:
        out.append(f"| [`{name}`](#geoai-bot-{name}) | {helps.get(name, '')} |")
    out.append("")
    for name, p in _subparsers(parser).items():
        raw = p.formatter_class is argparse.RawDescriptionHelpFormatter
        out.append(f"## geoai-bot {name}\n")
        out.append(f"```text\n{_usage(name, p)}\n```\n")
        out.append(_prose(p.description, raw))
        rows = [
            a
            for a in p._actions
            if a.help is not argparse.SUPPRESS and not isinstance(a, argparse._HelpAction)
        ]
        out.append("| argument | meaning |\n| --- | --- |")
        # A `|` splits a GFM table cell even inside a code span; `\|` is the escape.
        out.extend(f"| {_flags(a).replace('|', chr(92) + '|')} | {_help(a)} |" for a in rows)
        out.append("")
        if p.epilog:
            out.append(_prose(p.epilog, raw))
        if name in MORE:
            out.append(f"More: {MORE[name]}.\n")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(render_cli_md())
