"""docs/rules.md from the registry: every rule with its id, severity, fix and examples.

Regenerate after changing a rule: `python -m geoai_bot.lint.rules.docs > docs/rules.md`
(tests/test_rules_docs.py fails when the page and the registry disagree).
"""

from __future__ import annotations

import sys

from geoai_bot.lint.rules import FAMILIES

HEADER = """# geoai-bot lint rules

`geoai-bot lint README.md` checks a paper list against the rules below. Each finding names
the rule, its severity, what is wrong and how to fix it, and the exact line and column.
Rules marked **fixable** are fixed by `geoai-bot lint --fix`; the others need a person.

Select, ignore or re-grade rules in `geoai-bot.toml` (by id, id prefix such as `GB01`, or
name), or silence rules for one entry with a comment on the line before its heading:

```markdown
<!-- geoai-bot: disable=GB012,GB017 -->
#### A Paper Whose Authors Are Not Known Yet
```

This page is generated from the rule registry (`python -m geoai_bot.lint.rules.docs`).
"""


def render_rules_md() -> str:
    out = [HEADER]
    for family, rules, _check in FAMILIES:
        out.append(f"## {family}\n")
        out.append("| id | name | severity | fixable |")
        out.append("| --- | --- | --- | --- |")
        for r in rules:
            sev = r.severity + ("" if r.enabled_by_default else " (off by default)")
            out.append(f"| {r.id} | `{r.name}` | {sev} | {'yes' if r.fixable else 'no'} |")
        out.append("")
        for r in rules:
            out.append(f"### {r.id} {r.name}\n")
            out.append(f"{r.summary}\n")
            out.append(
                f"Severity: {r.severity}. Fixable by `--fix`: {'yes' if r.fixable else 'no'}.\n"
            )
            out.append("Wrong:\n")
            out.append(f"```markdown\n{r.wrong}\n```\n")
            out.append("Right:\n")
            out.append(f"```markdown\n{r.right}\n```\n")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(render_rules_md())
