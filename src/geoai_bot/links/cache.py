"""A persistent result cache: one SQLite file, a time-to-live per state, safe to share.

WAL mode and a busy timeout let two runs (a matrix of shards) use the same file; a cache
of ours that is no longer readable is moved aside and rebuilt with a warning, never a
crash. A file geoai-bot did not create (another program's database, any other file the
path happens to name) is never written, renamed or removed: the run goes on without a
cache. Ours is marked with SQLite's application_id; files from before the mark are
recognised by their one `results` table.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from geoai_bot.links.model import STATES, LinkOutcome

DAY = 86400.0
# Successes are trusted for a week; failures are checked again on every run, so a
# transient problem never sticks and a fixed link is noticed at once.
DEFAULT_TTL_DAYS: dict[str, float] = {"ok": 7.0, "redirect": 7.0}
SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    url TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    code INTEGER,
    final_url TEXT,
    message TEXT NOT NULL,
    checked_at REAL NOT NULL,
    permanent INTEGER NOT NULL DEFAULT 0
)
"""
# The table before redirects kept their permanence (upgraded in place when opened).
SCHEMA_BEFORE_PERMANENT = SCHEMA.replace(",\n    permanent INTEGER NOT NULL DEFAULT 0", "")


APPLICATION_ID = 0x47424F54  # "GBOT", in the SQLite header at offset 68
_SQLITE_MAGIC = b"SQLite format 3\x00"


def _normal_sql(sql: str) -> str:
    return " ".join(sql.replace("IF NOT EXISTS ", "").split())


def ownership(path: Path) -> str:
    """'new' (nothing there, or an empty file), 'ours', or 'foreign'."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        return "new"
    except OSError:
        return "foreign"
    if not head:
        return "new"
    if len(head) < 100 or not head.startswith(_SQLITE_MAGIC):
        return "foreign"
    if int.from_bytes(head[68:72], "big") == APPLICATION_ID:
        return "ours"
    # A cache written before the mark: exactly our one table (read-only look, no writes).
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
        try:
            rows = db.execute("SELECT type, sql FROM sqlite_master").fetchall()
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return "foreign"
    tables = [_normal_sql(sql or "") for kind, sql in rows if kind == "table"]
    known = ([_normal_sql(SCHEMA)], [_normal_sql(SCHEMA_BEFORE_PERMANENT)])
    return "ours" if tables in known else "foreign"


class Cache:
    def __init__(
        self,
        path: str | Path,
        ttl_days: Mapping[Any, float] | None = None,
        warn: Callable[[str], None] = lambda _m: None,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        self.ttl = {s: DAY * d for s, d in (ttl_days or DEFAULT_TTL_DAYS).items()}
        self.warn = warn
        self.now = now
        self.db: sqlite3.Connection | None = None
        self._open()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None)
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute(SCHEMA)
        columns = {row[1] for row in db.execute("PRAGMA table_info(results)")}
        if "permanent" not in columns:  # a cache from before moved links were rewritten
            db.execute("ALTER TABLE results ADD COLUMN permanent INTEGER NOT NULL DEFAULT 0")
        db.execute(
            "SELECT url, state, code, final_url, message, checked_at, permanent FROM results "
            "LIMIT 1"
        )
        check = db.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            db.close()
            raise sqlite3.DatabaseError(f"integrity check failed: {check}")
        return db

    def _open(self) -> None:
        owner = ownership(self.path)
        if owner == "foreign" or (owner == "new" and self.path.is_symlink()):
            self.warn(
                f"{self.path}: not a geoai-bot link cache, so it is left untouched; running "
                "without a cache (point [links] cache or --cache at a new file)"
            )
            return
        try:
            self.db = self._connect()
            return
        except sqlite3.DatabaseError as exc:
            aside = self.path.with_name(self.path.name + f".corrupt-{int(self.now())}")
            self.warn(
                f"{self.path}: not a usable link cache ({exc}); moved to {aside.name} and rebuilt"
            )
            try:
                self.path.replace(aside)
                for suffix in ("-wal", "-shm"):
                    Path(str(self.path) + suffix).unlink(missing_ok=True)
            except OSError:
                pass
        except OSError as exc:
            self.warn(f"{self.path}: cannot open the link cache ({exc}); running without it")
            return
        try:
            self.db = self._connect()
        except (sqlite3.DatabaseError, OSError) as exc:
            self.warn(f"{self.path}: cannot rebuild the link cache ({exc}); running without it")
            self.db = None

    def get_many(self, urls: Iterable[str]) -> dict[str, LinkOutcome]:
        """Fresh results for these URLs (expired ones and failures are left out)."""
        if self.db is None:
            return {}
        wanted = list(dict.fromkeys(urls))
        out: dict[str, LinkOutcome] = {}
        now = self.now()
        try:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = self.db.execute(
                    "SELECT url, state, code, final_url, message, checked_at, permanent "
                    f"FROM results WHERE url IN ({marks})",
                    chunk,
                ).fetchall()
                for url, state, code, final_url, message, checked_at, permanent in rows:
                    ttl = self.ttl.get(state, 0.0)
                    if state in STATES and ttl > 0 and now - float(checked_at) < ttl:
                        out[url] = LinkOutcome(
                            state, code, final_url, str(message), permanent_chain=bool(permanent)
                        )
        except sqlite3.DatabaseError as exc:
            self.warn(f"{self.path}: cannot read the link cache ({exc}); checking everything")
            return {}
        return out

    def put_many(self, results: Mapping[str, LinkOutcome]) -> None:
        """Store results worth keeping (states with a time-to-live); one short transaction."""
        if self.db is None:
            return
        now = self.now()
        rows = [
            (url, o.state, o.code, o.final_url, o.message, now, int(o.permanent_chain))
            for url, o in results.items()
            if self.ttl.get(o.state, 0.0) > 0
        ]
        stale = [(url,) for url, o in results.items() if self.ttl.get(o.state, 0.0) <= 0]
        try:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            self.db.executemany("DELETE FROM results WHERE url = ?", stale)
            self.db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(sqlite3.DatabaseError):
                self.db.execute("ROLLBACK")
            self.warn(f"{self.path}: cannot write the link cache ({exc}); results not kept")

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
