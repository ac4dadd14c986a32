"""Reproducible loopback link farms for the links benchmark, with their ground truth.

    python benchmarks/links/farm.py --print-mix

Eight hosts (127.0.0.1 .. 127.0.0.8, one server each, 50-200 ms per answer) and a list
in the paper-list shape. Every link's expected state is known from the behaviour its path
asks for (see tests/fakes/linkfarm.py). Two mixes:

- `slow`: 2,000 links, slow hosts and timeouts dominate (the wall time is the slow work);
- `dead`: 400 links, no slow host, but a few links that always answer 500 and a few hosts
  that refuse connections (the wall time is the retry schedule's floor, issue 14).
"""

from __future__ import annotations

import random
import socket
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))

from fakes.linkfarm import Farm

HOSTS = 8
LATENCY = (0.05, 0.20)
# behaviour -> (how many, expected state)
MIX: dict[str, tuple[int, str]] = {
    "ok": (1300, "ok"),
    "404": (150, "broken"),
    "410": (20, "broken"),
    "moved": (150, "redirect"),  # 1-3 permanent hops
    "temp": (50, "ok"),  # 302 to a page that works
    "ratelimit": (60, "ok"),  # 429 + Retry-After: 1, then 200
    "flaky": (100, "ok"),  # 503 once, then 200
    "head405": (80, "ok"),
    "head404": (30, "ok"),
    "slow": (40, "ok"),  # 1-2 s, under the timeout
    "timeout": (20, "timeout"),  # answers after 30 s
}
# The dead-heavy farm: ~1 % always 500, 0.5 % refused connections, no slow host.
DEAD_MIX: dict[str, tuple[int, str]] = {
    "ok": (280, "ok"),
    "moved": (40, "redirect"),
    "temp": (20, "ok"),
    "ratelimit": (20, "ok"),
    "flaky": (34, "ok"),
    "500": (4, "broken"),
    "refused": (2, "broken"),  # a port with nothing listening
}
MIXES = {"slow": MIX, "dead": DEAD_MIX}


def path_for(kind: str, i: int, rng: random.Random) -> str:
    if kind == "ok":
        return f"/ok/p{i}"
    if kind in ("404", "410", "500"):
        return f"/status/{kind}/p{i}"
    if kind == "moved":
        return f"/chain/{rng.randint(1, 3)}/p{i}"
    if kind == "temp":
        return f"/temp/p{i}"
    if kind == "ratelimit":
        return f"/ratelimit/1/p{i}"
    if kind == "flaky":
        return f"/flaky/1/p{i}"
    if kind in ("head405", "head404"):
        return f"/{kind}/p{i}"
    if kind == "slow":
        return f"/sleep/{rng.randint(1000, 2000)}/p{i}"
    if kind == "timeout":
        return f"/sleep/30000/p{i}"
    raise ValueError(kind)


class LinkFarm:
    """Eight servers plus the list that points at them and the truth about every link."""

    def __init__(self, seed: int = 1, scale: int = 1, mix: str = "slow") -> None:
        self.seed = seed
        self.mix = mix
        table = MIXES[mix]
        self.farms = [
            Farm(host=f"127.0.0.{h + 1}", latency=LATENCY, seed=seed + h) for h in range(HOSTS)
        ]
        # Refused connections: a socket bound on each host but never listening, held for
        # the farm's lifetime (connecting to it is refused at once, and no other program
        # can take the port meanwhile).
        self.closed: list[socket.socket] = []
        rng = random.Random(seed)
        kinds = [k for k, (n, _) in table.items() for _ in range(n * scale)]
        rng.shuffle(kinds)
        self.truth: dict[str, str] = {}
        self.kind: dict[str, str] = {}
        for i, kind in enumerate(kinds):
            h = rng.randrange(HOSTS)
            if kind == "refused":
                url = f"http://127.0.0.{h + 1}:{self._closed_port(h)}/p{i}"
            else:
                url = self.farms[h].url(path_for(kind, i, rng))
            self.truth[url] = table[kind][1]
            self.kind[url] = kind

    def _closed_port(self, h: int) -> int:
        s = socket.socket()
        s.bind((f"127.0.0.{h + 1}", 0))
        self.closed.append(s)
        return int(s.getsockname()[1])

    def start(self) -> LinkFarm:
        for f in self.farms:
            f.start()
        return self

    def reset(self) -> None:
        """Forget request counts, so flaky and rate-limited links misbehave again."""
        for f in self.farms:
            with f.lock:
                f.hits.clear()
                f.methods.clear()
                f.starts.clear()
                f.auth.clear()
                f.max_in_flight = 0

    def stop(self) -> None:
        for f in self.farms:
            f.stop()
        for s in self.closed:
            s.close()

    def markdown(self) -> str:
        urls = list(self.truth)
        out = ["# Benchmark list", "", "## Papers", ""]
        for n in range(0, len(urls), 2):
            out += [f"#### Paper {n // 2 + 1}", "", "> A. Author, B. Author", ""]
            out.append(f"* Paper: {urls[n]}")
            if n + 1 < len(urls):
                out.append(f"* Code: {urls[n + 1]}")
            out += ["", ""]
        return "\n".join(out)


if __name__ == "__main__":
    if "--print-mix" in sys.argv:
        for name, table in MIXES.items():
            print(f"[{name}]")
            for k, (n, state) in table.items():
                print(f"{k:10} {n:5}  expected {state}")
            print(f"{'total':10} {sum(n for n, _ in table.values()):5}")
