"""`--shard K/N`: a deterministic share of the hosts, and merging the shards' JSON reports."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from geoai_bot.core.errors import GeoaiError


def parse_shard(text: str) -> tuple[int, int]:
    try:
        k_s, n_s = text.split("/", 1)
        k, n = int(k_s), int(n_s)
    except ValueError:
        raise GeoaiError(f"--shard {text!r}: expected K/N, e.g. 1/4") from None
    if not (1 <= k <= n <= 1000):
        raise GeoaiError(f"--shard {text!r}: need 1 <= K <= N <= 1000")
    return k, n


def shard_of(host: str, n: int) -> int:
    """1-based shard of a host; a stable hash (not Python's salted hash()) so every matrix
    job agrees, and all of one host's links land in one shard so per-host limits hold."""
    digest = hashlib.sha256(host.lower().encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n + 1


_WRITE_ONE = "give a report written by `geoai-bot links FILE --format json`"


def _read_report(path: str) -> dict[str, Any]:
    """One shard report, or a one-line GeoaiError naming PATH and what is wrong with it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GeoaiError(f"file not found; {_WRITE_ONE}", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8 text"
        raise GeoaiError(f"cannot read the links report: {why}", path) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        raise GeoaiError(f"not JSON; {_WRITE_ONE}", path, line) from None
    except RecursionError:
        raise GeoaiError(f"not a links report (nested too deeply); {_WRITE_ONE}", path) from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise GeoaiError(f"not a links report (no list of results); {_WRITE_ONE}", path)
    return data


def merge_reports(paths: list[str]) -> dict[str, Any]:
    """One report from several shard reports: results joined by URL, summary recounted."""
    from geoai_bot.links.model import STATES

    by_url: dict[str, dict[str, Any]] = {}
    unchanged = 0
    files: list[str] = []
    for p in paths:
        data = _read_report(p)
        results = data["results"]
        unchanged += int(data.get("unchanged_skipped") or 0)
        if data.get("file") and data["file"] not in files:
            files.append(str(data["file"]))
        for r in results:
            if not isinstance(r, dict) or "url" not in r or r.get("state") not in STATES:
                raise GeoaiError("a result without url/state", p)
            old = by_url.get(r["url"])
            if old is None or (old["state"] == "skipped" and r["state"] != "skipped"):
                merged_locs = (old or {}).get("locations", [])
                by_url[r["url"]] = {**r, "locations": list(r.get("locations") or [])}
                for loc in merged_locs:
                    if loc not in by_url[r["url"]]["locations"]:
                        by_url[r["url"]]["locations"].append(loc)
            else:
                for loc in r.get("locations") or []:
                    if loc not in old["locations"]:
                        old["locations"].append(loc)
    results = list(by_url.values())
    summary: dict[str, int] = {"total": len(results)}
    summary.update({s: 0 for s in STATES})
    for r in results:
        summary[r["state"]] += 1
    out: dict[str, Any] = {"results": results, "summary": summary}
    if files:
        out["file"] = files[0] if len(files) == 1 else files
    out["unchanged_skipped"] = unchanged
    out["merged_from"] = len(paths)
    return out
