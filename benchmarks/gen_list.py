"""Generate a large paper list in the seed's shape, for benchmarks and scale tests.

    python benchmarks/gen_list.py OUT.md [--entries 10000] [--seed 1] [--no-quirks]

`generate(n_entries, seed)` returns the text; the same arguments always give the same
text. Titles, authors, URLs and abstracts are made from a small vocabulary written here
(no corpus text). About 1.7 KB per entry, so 10,000 entries make about 17 MB.

With quirks on (the default), a small share of entries carry the variations real lists
show (abstract at 2 spaces, `None` values, lowercase labels, three blank lines, a
Dataset link), at fixed rates, so a formatter has something to do and a linter has
something to find. `--no-quirks` writes every entry in canonical form.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_WORDS = _words(
    "remote sensing satellite imagery segmentation detection change model network "
    "spatial temporal spectral multi scale feature learning representation foundation "
    "urban land cover building road cloud ocean crop forest river terrain elevation "
    "radar optical hyperspectral lidar point cloud image text retrieval caption dataset "
    "benchmark training inference transformer diffusion contrastive masked encoder decoder "
    "attention token prompt label noise domain adaptation generalization resolution "
    "super geometric semantic instance panoptic tracking video sequence graph embedding "
    "global local region patch pixel object scene context fusion alignment efficient "
    "lightweight robust accurate sparse dense unsupervised supervised weakly self mapping"
)
_TITLE_HEADS = (
    "Towards",
    "Learning",
    "Rethinking",
    "Scaling",
    "Unified",
    "Efficient",
    "Robust",
    "Bridging",
    "Exploring",
    "Revisiting",
)
_GIVEN = _words(
    "Ada Bell Chen Dara Emil Fei Gita Hugo Ines Jun Kai Lena Mina Noor Omar Pia Quan "
    "Rosa Sami Tao Uma Vera Wen Xin Yara Zane"
)
_FAMILY = _words(
    "Abe Brandt Costa Diaz Eklund Fischer Garcia Huang Ito Jensen Kowalski Li Moreau "
    "Nakamura Okafor Petrov Quinn Rossi Silva Tanaka Ueda Varga Wang Xu Yilmaz Zhou"
)
_HOSTS = ("github.com/geo-lab", "github.com/eo-group", "gitlab.com/rs-team")
ABSTRACT_CHARS = 1300  # with the rest of an entry: ~1.7 KB, ~17 MB for 10,000


def _title(rng: random.Random, i: int) -> str:
    words = rng.choices(_WORDS, k=rng.randint(5, 11))
    name = "".join(w.capitalize() for w in rng.choices(_WORDS, k=2))
    return f"{name}{i}: {rng.choice(_TITLE_HEADS)} " + " ".join(words).capitalize()


def _authors(rng: random.Random) -> str:
    k = rng.randint(2, 9)
    return ", ".join(f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}" for _ in range(k))


def _abstract(rng: random.Random) -> str:
    parts: list[str] = []
    size = 0
    while size < ABSTRACT_CHARS:
        sentence = " ".join(rng.choices(_WORDS, k=rng.randint(8, 22))).capitalize() + "."
        parts.append(sentence)
        size += len(sentence) + 1
    return " ".join(parts)


def _entry(rng: random.Random, i: int, quirks: bool) -> list[str]:
    arxiv = f"https://arxiv.org/abs/{24 + i % 2}{(i % 12) + 1:02d}.{10000 + i:05d}"
    code = f"https://{rng.choice(_HOSTS)}/{rng.choice(_WORDS)}-{i}"
    roll = rng.random() if quirks else 1.0
    paper_label, code_label = "Paper", "Code"
    code_value = code
    abstract_indent = "    "
    if roll < 0.03:
        code_value = "None"
    elif roll < 0.05:
        code_label = "code"
    elif roll < 0.10:
        abstract_indent = "  "  # as in the seed's first entry
    lines = [
        f"#### {_title(rng, i)}",
        "",
        f"> {_authors(rng)}",
        "",
        f"* {paper_label}: {arxiv}",
        f"* {code_label}: {code_value}",
    ]
    if quirks and rng.random() < 0.1:
        lines.append(f"* Dataset: https://huggingface.co/datasets/geo/{rng.choice(_WORDS)}-{i}")
    lines += [
        "* <details>",
        "    <summary>Abstract (Click to expand):</summary>",
        f"{abstract_indent}{_abstract(rng)}",
        "  </details>",
    ]
    return lines


def generate(n_entries: int, seed: int = 1, *, quirks: bool = True) -> str:
    """A paper list of `n_entries` entries in the seed's shape (deterministic for a seed)."""
    rng = random.Random(seed)
    out = [
        "# <p align=center>`GeoAI Benchmark List`</p>",
        "",
        ":star2:**A generated list for measuring geoai-bot on large inputs.**",
        "",
        "## 📢 Latest Updates",
        ":fire::fire::fire: Last Updated on 2025.06.29 :fire::fire::fire:",
        f"- **2025.06.29**: Update {n_entries} papers.",
        "",
        "",
        "## :memo: Benchmark Accepted Paper List",
        "",
        "",
    ]
    for i in range(n_entries):
        blank = 3 if quirks and rng.random() < 0.05 else 2
        if i:
            out.extend([""] * blank)
        out.extend(_entry(rng, i, quirks))
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a generated paper list in the seed's shape.")
    ap.add_argument("out", help="output Markdown path ('-' for stdout)")
    ap.add_argument("--entries", type=int, default=10_000, help="number of entries (10000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (1)")
    ap.add_argument("--no-quirks", action="store_true", help="every entry in canonical form")
    args = ap.parse_args(argv)
    text = generate(args.entries, args.seed, quirks=not args.no_quirks)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8", newline="")
        print(f"{args.out}: {args.entries} entries, {len(text.encode())} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
