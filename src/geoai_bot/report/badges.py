"""Badges: self-contained SVG files and shields.io endpoint JSON for a list's numbers.

Three badges: papers, share with code, and link health (only when a links report is
given). Each SVG carries a `<title>` and `role="img"` + `aria-label` so screen readers
read it; the endpoint JSON follows https://shields.io/badges/endpoint-badge.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

from geoai_bot.core.stats import Stats

# Approximate advance widths of Verdana 11px (what shields.io measures with), in pixels:
# close enough that the text never overflows its box.
_NARROW = set("fijlrtI.,:;!|'()[] ")
_WIDE = set("mwMW%@")


def text_width(text: str) -> int:
    w = 0.0
    for ch in text:
        if ch in _NARROW:
            w += 4.0
        elif ch in _WIDE:
            w += 10.5
        elif ch.isupper() or ch.isdigit():
            w += 7.5
        elif ord(ch) > 0x2E80:  # CJK and other wide scripts
            w += 11.0
        else:
            w += 6.6
    return int(w + 0.5)


@dataclass(frozen=True)
class Badge:
    name: str  # file stem: papers, code, links
    label: str
    message: str
    color: str  # hex without '#'


def _health_color(share: float) -> str:
    if share >= 0.98:
        return "4c1"
    if share >= 0.9:
        return "dfb317"
    return "e05d44"


def badges(stats: Stats, link_states: dict[str, str] | None = None) -> list[Badge]:
    out = [
        Badge("papers", "papers", str(stats.papers), "007ec6"),
        Badge("code", "with code", f"{stats.share(stats.with_code):.0%}", "007ec6"),
    ]
    if link_states is not None:
        checked = [s for s in link_states.values() if s not in ("skipped", "excluded")]
        good = sum(s in ("ok", "redirect") for s in checked)
        share = good / len(checked) if checked else 1.0
        out.append(Badge("links", "links ok", f"{share:.0%}", _health_color(share)))
    return out


def to_svg(b: Badge) -> str:
    lw, mw = text_width(b.label) + 10, text_width(b.message) + 10
    total = lw + mw
    label, message = escape(b.label), escape(b.message)
    lx, mx = f"{lw / 2:.1f}", f"{lw + mw / 2:.1f}"
    shadow = 'fill="#010101" fill-opacity=".3"'
    title = f"{label}: {message}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{title}">\n'
        f"  <title>{title}</title>\n"
        f'  <linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        f'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>\n'
        f'  <clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>\n'
        f'  <g clip-path="url(#r)">\n'
        f'    <rect width="{lw}" height="20" fill="#555"/>\n'
        f'    <rect x="{lw}" width="{mw}" height="20" fill="#{b.color}"/>\n'
        f'    <rect width="{total}" height="20" fill="url(#s)"/>\n'
        f"  </g>\n"
        f'  <g fill="#fff" text-anchor="middle" '
        f'font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">\n'
        f'    <text x="{lx}" y="15" {shadow}>{label}</text>\n'
        f'    <text x="{lx}" y="14">{label}</text>\n'
        f'    <text x="{mx}" y="15" {shadow}>{message}</text>\n'
        f'    <text x="{mx}" y="14">{message}</text>\n'
        f"  </g>\n"
        f"</svg>\n"
    )


def to_endpoint_json(b: Badge) -> str:
    data = {"schemaVersion": 1, "label": b.label, "message": b.message, "color": b.color}
    return json.dumps(data) + "\n"


def badge_files(stats: Stats, link_states: dict[str, str] | None = None) -> dict[str, bytes]:
    """NAME.svg and NAME.json (shields.io endpoint) for every badge: what `badges` and the
    Action's published site write."""
    files: dict[str, bytes] = {}
    for b in badges(stats, link_states):
        files[f"{b.name}.svg"] = to_svg(b).encode()
        files[f"{b.name}.json"] = to_endpoint_json(b).encode()
    return files
