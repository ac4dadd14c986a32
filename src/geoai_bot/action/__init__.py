"""The GitHub Action: read the runner's environment, plan the job from the event, run it,
and report the GitHub way (annotations within the per-step limits, job summary, step
outputs, a JSON report). `geoai-bot action` is what action.yml runs.
"""

from typing import TYPE_CHECKING

from geoai_bot.lazy import exports

if TYPE_CHECKING:
    from geoai_bot.action.env import (
        ActionEnv,
        Inputs,
    )
    from geoai_bot.action.run import (
        JobOutcome,
        Plan,
        plan,
        run,
    )

# Public name -> the module that owns it (imported on first use: see geoai_bot/lazy.py).
_OWNERS = {
    "ActionEnv": "env",
    "Inputs": "env",
    "JobOutcome": "run",
    "Plan": "run",
    "plan": "run",
    "run": "run",
}
__all__ = [
    "ActionEnv",
    "Inputs",
    "JobOutcome",
    "Plan",
    "plan",
    "run",
]
__getattr__ = exports(__name__, _OWNERS)
