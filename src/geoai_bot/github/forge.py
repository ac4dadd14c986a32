"""GitHub through PyGithub: `GitHubForge` implements the submission flow's `Forge` protocol
(files, branches, pull requests, comments, labels) and keeps the link-rot tracking issue.

Every call goes through `Retrying.call` (github/retry.py): bounded retries that never
duplicate a write. Methods return the project's values (github/types.py), never PyGithub
objects, so nothing above this package depends on PyGithub.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable

from github import Auth, Github, GithubException, InputGitTreeElement
from github.GitCommit import GitCommit
from github.GitRef import GitRef
from github.GitTree import GitTree
from github.Issue import Issue
from github.IssueComment import IssueComment
from github.PullRequest import PullRequest

from geoai_bot.core.errors import GeoaiError
from geoai_bot.github.retry import Retrying
from geoai_bot.github.types import (
    BaseCommit,
    CommentRef,
    CommitInfo,
    ForgeConflict,
    ForgeError,
    PullRef,
    TrackingResult,
)

DEFAULT_API_URL = "https://api.github.com"


def _pull_ref(pr: PullRequest) -> PullRef:
    return PullRef(
        number=pr.number,
        state="open" if pr.state == "open" else "closed",
        html_url=pr.html_url,
        head_sha=pr.head.sha,
        title=pr.title or "",
        body=pr.body or "",
    )


def _comment_ref(c: IssueComment) -> CommentRef:
    return CommentRef(id=c.id, html_url=c.html_url, body=c.body or "")


# Who writes with the workflow's GITHUB_TOKEN.
ACTIONS_LOGIN = "github-actions[bot]"


class GitHubForge(Retrying):
    """One repository on a GitHub (or GitHub Enterprise) API, with bounded, safe retries."""

    def __init__(
        self,
        repo_name: str,
        token: str | None,
        api_url: str = DEFAULT_API_URL,
        *,
        max_wait: float = 120.0,
        attempts: int = 5,
        backoff: float = 2.0,
        seconds_between_requests: float = 0.25,
        seconds_between_writes: float = 1.0,
        timeout: int = 30,
        sleep: Callable[[float], None] = time.sleep,
        login: str | None = None,
    ) -> None:
        super().__init__(max_wait=max_wait, attempts=attempts, backoff=backoff, sleep=sleep)
        self.repo_name = repo_name
        self._login = login
        self.owner = repo_name.split("/", 1)[0]
        self.gh = Github(
            auth=Auth.Token(token) if token else None,
            base_url=api_url.rstrip("/"),
            timeout=timeout,
            per_page=100,  # long comment threads: fewer pages to find the bot's comment
            retry=None,  # our loop below decides what may be retried
            seconds_between_requests=seconds_between_requests,
            seconds_between_writes=seconds_between_writes,
            lazy=True,  # objects by URL, no request until an attribute is needed
        )
        self.repo = self.gh.get_repo(repo_name)

    # -- reading --------------------------------------------------------------------------
    def default_branch(self) -> str:
        return self.call(
            "reading the repository", lambda: self.gh.get_repo(self.repo_name).default_branch
        )

    def read_base(self, branch: str) -> BaseCommit:
        b = self.call(f"reading branch {branch}", lambda: self.repo.get_branch(branch))
        return BaseCommit(branch, b.commit.sha, b.commit.commit.tree.sha)

    def read_file(self, path: str, ref: str) -> str | None:
        """A text file at REF, or None when it does not exist."""

        def get() -> str | None:
            try:
                content = self.repo.get_contents(path, ref=ref)
            except GithubException as exc:
                if exc.status == 404:
                    return None
                raise
            if isinstance(content, list):
                return None  # a directory
            if content.encoding == "base64":
                return content.decoded_content.decode("utf-8")
            # Over 1 MB the contents API omits the content: fetch the blob instead.
            blob = self.repo.get_git_blob(content.sha)
            return base64.b64decode(blob.content).decode("utf-8")

        try:
            return self.call(f"reading {path}", get)
        except UnicodeDecodeError:
            raise GeoaiError("not UTF-8 text; save the file as UTF-8", path) from None

    def find_pulls(self, branch: str) -> list[PullRef]:
        """PRs from BRANCH, open ones first. `head` needs the `owner:` form: without it
        GitHub ignores the filter and returns every PR."""
        prs = self.call(
            f"looking for the pull request from {branch}",
            lambda: [
                _pull_ref(p)
                for p in self.repo.get_pulls(state="all", head=f"{self.owner}:{branch}")
            ],
        )
        return sorted(prs, key=lambda p: (p.state != "open", -p.number))

    def git_commit(self, sha: str) -> CommitInfo:
        def read() -> CommitInfo:
            c = self.repo.get_git_commit(sha)
            return CommitInfo(c.sha, tuple(p.sha for p in c.parents), c.message or "")

        return self.call("reading the branch's commit", read)

    # -- writing a branch -----------------------------------------------------------------
    def commit_files(self, base: BaseCommit, files: dict[str, str], message: str) -> str:
        """A commit on top of BASE with FILES replaced (Git Data API); returns its sha.
        Trees and commits are content-addressed, so retrying these POSTs is harmless."""
        requester = self.repo.requester
        base_tree = GitTree(requester, {}, {"sha": base.tree, "url": ""}, completed=True)
        parent = GitCommit(requester, {}, {"sha": base.sha, "url": ""}, completed=True)
        elements = [InputGitTreeElement(p, "100644", "blob", content=t) for p, t in files.items()]
        tree = self.call(
            "creating the tree",
            lambda: self.repo.create_git_tree(elements, base_tree),
            conflict=True,
        )
        commit = self.call(
            "creating the commit",
            lambda: self.repo.create_git_commit(message, tree, [parent]),
            conflict=True,
        )
        return commit.sha

    def set_branch(self, branch: str, sha: str, exists: bool) -> None:
        """Point BRANCH at SHA, creating it or force-moving it (a re-run replaces it)."""
        ref = f"heads/{branch}"
        update = lambda: self._patch_ref(ref, sha)  # noqa: E731
        if exists:
            self.call(f"updating branch {branch}", update, conflict=True)
            return
        try:
            self.call(
                f"creating branch {branch}",
                lambda: self.repo.create_git_ref(f"refs/{ref}", sha),
                recheck=lambda: self._ref_at(ref, sha),
                conflict=True,
            )
        except ForgeConflict as exc:
            if "already exists" not in exc.reason:
                raise
            self.call(f"updating branch {branch}", update, conflict=True)

    def _git_ref(self, ref: str) -> GitRef:
        url = f"{self.repo.url}/git/refs/{ref}"  # lazy: no request until edited or deleted
        return GitRef(self.repo.requester, {}, {"ref": f"refs/{ref}", "url": url}, completed=True)

    def _patch_ref(self, ref: str, sha: str) -> None:
        self._git_ref(ref).edit(sha, force=True)

    def _ref_at(self, ref: str, sha: str) -> object | None:
        r = self.repo.get_git_ref(ref)
        return r if r.object.sha == sha else None

    # -- pull requests, comments, labels --------------------------------------------------
    def open_pull(self, branch: str, base: str, title: str, body: str) -> PullRef:
        def recheck() -> PullRef | None:
            prs = [p for p in self.find_pulls(branch) if p.state == "open"]
            return prs[0] if prs else None

        try:
            return self.call(
                "opening the pull request",
                lambda: _pull_ref(
                    self.repo.create_pull(base=base, head=branch, title=title, body=body)
                ),
                recheck=recheck,
                conflict=True,
            )
        except ForgeConflict as exc:
            if "already exists" in exc.reason:  # a concurrent run opened it: update that one
                pr = recheck()
                if pr is not None:
                    self.edit_pull(pr, title, body)
                    return pr
            raise

    def edit_pull(self, pr: PullRef, title: str, body: str) -> bool:
        if pr.title == title and pr.body == body:
            return False
        pull = self._pull(pr.number)
        self.call("updating the pull request", lambda: pull.edit(title=title, body=body))
        return True

    def close_pull(self, pr: PullRef) -> None:
        self.call("closing the pull request", lambda: self._pull(pr.number).edit(state="closed"))

    def delete_branch(self, branch: str) -> None:
        """Delete BRANCH; GitHub answers 422 (or 404) when it does not exist: fine."""
        try:
            self.call(f"deleting branch {branch}", self._git_ref(f"heads/{branch}").delete)
        except ForgeError as exc:
            if exc.status not in (404, 422):
                raise

    def _pull(self, number: int) -> PullRequest:
        url = f"{self.repo.url}/pulls/{number}"  # lazy: no request until edited
        return PullRequest(self.repo.requester, {}, {"number": number, "url": url}, completed=True)

    def issue(self, number: int) -> Issue:
        return self.repo.get_issue(number)  # lazy: no request

    def login(self) -> str:
        """The token's own account: `GET /user`, or `github-actions[bot]` for the workflow's
        GITHUB_TOKEN (an installation token, which `/user` refuses)."""
        if self._login is None:
            user = self.gh.get_user()
            try:
                self._login = self.call("reading the token's account", lambda: str(user.login))
            except ForgeError as exc:
                if exc.status not in (401, 403, 404):
                    raise
                self._login = ACTIONS_LOGIN
        return self._login

    def _find_comment(
        self, number: int, marker: str, author: str | None = None
    ) -> IssueComment | None:
        """The bot's comment carrying MARKER: written by the token's own account, never a
        stranger's comment that copies the marker (the bot would edit it, under their name).
        AUTHOR (the issue's author) is never the bot, even when it is the same account."""
        comments = self.call(
            "reading the issue's comments", lambda: list(self.issue(number).get_comments())
        )
        me = self.login()
        mine = [c for c in comments if marker in (c.body or "") and me == c.user.login != author]
        return mine[0] if mine else None

    def upsert_comment(
        self, number: int, marker: str, body: str, author: str | None = None
    ) -> CommentRef:
        """One comment per MARKER on the issue, edited in place on later runs."""
        existing = self._find_comment(number, marker, author)
        if existing is not None:
            if existing.body != body:
                found = existing
                try:
                    self.call("updating the comment", lambda: found.edit(body))
                except ForgeError as exc:
                    if exc.status not in (403, 404):
                        raise
                    existing = None  # not ours to edit after all: post a new one
            if existing is not None:
                return _comment_ref(existing)  # PyGithub's edit() updates its body
        return _comment_ref(
            self.call(
                "posting the comment",
                lambda: self.issue(number).create_comment(body),
                recheck=lambda: self._find_comment(number, marker, author),
            )
        )

    def set_labels(self, number: int, current: set[str], add: set[str], remove: set[str]) -> None:
        todo = sorted(add - current)
        if todo:
            self.call("adding labels", lambda: self.issue(number).add_to_labels(*todo))
        for name in sorted(remove & current):

            def drop(name: str = name) -> None:
                try:
                    self.issue(number).remove_from_labels(name)
                except GithubException as exc:
                    if exc.status != 404:  # already gone: fine
                        raise

            self.call(f"removing label {name}", drop)

    def ensure_label(self, name: str, color: str, description: str) -> bool:
        """Create the repository label NAME when it is missing; True when it was created.
        GitHub applies an issue form's labels only when they exist, so a fresh repository's
        form issues would never carry the label the submission job waits for."""

        def exists() -> bool:
            try:
                # Lazy objects make no request until an attribute is read.
                _ = self.repo.get_label(name).color
            except GithubException as exc:
                if exc.status == 404:
                    return False
                raise
            return True

        if self.call(f"reading label {name}", exists):
            return False

        def create() -> None:
            try:
                self.repo.create_label(name, color, description)
            except GithubException as exc:
                if exc.status != 422:  # 422: created meanwhile by another run
                    raise

        self.call(f"creating label {name}", create)
        return True

    def _close_with_comment(self, issue: Issue, note: str) -> None:
        def comment() -> IssueComment:
            return issue.create_comment(note)

        def landed() -> IssueComment | None:
            return next((c for c in issue.get_comments() if c.body == note), None)

        def close() -> None:
            issue.edit(state="closed")

        self.call("commenting on the tracking issue", comment, recheck=landed)
        self.call("closing the tracking issue", close)

    # -- the tracking issue ---------------------------------------------------------------
    def sync_tracking_issue(
        self, *, label: str, title: str, body: str, broken: bool
    ) -> TrackingResult:
        marker = f"<!-- geoai-bot:tracking:{label} -->"
        full = f"{body.rstrip()}\n\n{marker}\n"

        def open_ones() -> list[Issue]:
            issues = [
                i
                for i in self.repo.get_issues(state="open", labels=[label])
                if i.pull_request is None
            ]
            marked = [i for i in issues if marker in (i.body or "")]
            return sorted(marked or issues, key=lambda i: i.number)

        existing = self.call(f"listing open '{label}' issues", open_ones)
        if broken:
            if existing:
                issue = existing[0]
                if issue.body == full and issue.title == title:
                    return TrackingResult("none", issue.number, issue.html_url)
                self.call("updating the tracking issue", lambda: issue.edit(title=title, body=full))
                return TrackingResult("updated", issue.number, issue.html_url)
            created = self.call(
                "opening the tracking issue",
                lambda: self.repo.create_issue(title=title, body=full, labels=[label]),
                recheck=lambda: next(iter(open_ones()), None),
            )
            return TrackingResult("opened", created.number, created.html_url)
        if not existing:
            return TrackingResult("none", None, None)
        note = f"All links are fine again; closing. {marker}"
        for issue in existing:
            self._close_with_comment(issue, note)
        return TrackingResult("closed", existing[0].number, existing[0].html_url)


def sync_tracking_issue(
    repo_name: str,
    *,
    label: str = "link-rot",
    title: str,
    body: str,
    broken: bool,
    token: str | None = None,
    api_url: str = DEFAULT_API_URL,
    forge: GitHubForge | None = None,
) -> TrackingResult:
    """Keep ONE open issue labelled LABEL: open it when BROKEN and none is open, update its
    body while open, close it with a comment when nothing is broken. Never one per run."""
    f = forge or GitHubForge(repo_name, token, api_url)
    return f.sync_tracking_issue(label=label, title=title, body=body, broken=broken)
