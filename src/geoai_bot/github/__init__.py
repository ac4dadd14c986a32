"""GitHub: the only package that imports PyGithub.

`types` holds the project's own values for what GitHub returns (a branch head, a pull
request, a comment, a commit) and the `Forge` protocol the submission flow talks to;
`forge.GitHubForge` implements it over PyGithub with bounded retries that never duplicate
a write (`retry`), and `tracking` keeps the one link-rot issue. The link checker's
repository checks use plain HTTP through links/ instead.
"""

from typing import TYPE_CHECKING

from geoai_bot.lazy import exports

if TYPE_CHECKING:
    from geoai_bot.github.forge import (
        GitHubForge,
        sync_tracking_issue,
    )
    from geoai_bot.github.types import (
        BaseCommit,
        CommentRef,
        CommitInfo,
        Forge,
        ForgeConflict,
        ForgeError,
        PullRef,
        TrackingResult,
    )

# Public name -> the module that owns it (imported on first use: see geoai_bot/lazy.py).
_OWNERS = {
    "Forge": "types",
    "ForgeError": "types",
    "ForgeConflict": "types",
    "BaseCommit": "types",
    "CommitInfo": "types",
    "PullRef": "types",
    "CommentRef": "types",
    "TrackingResult": "types",
    "GitHubForge": "forge",
    "sync_tracking_issue": "forge",
}
__all__ = [
    "BaseCommit",
    "CommentRef",
    "CommitInfo",
    "Forge",
    "ForgeConflict",
    "ForgeError",
    "GitHubForge",
    "PullRef",
    "TrackingResult",
    "sync_tracking_issue",
]
__getattr__ = exports(__name__, _OWNERS)
