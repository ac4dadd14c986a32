"""Filling in what a list is missing from arXiv: which entries need a paper link or an
abstract, which arXiv record is surely the same paper, and the README edit that fills
them (nothing else changes). The arXiv look-up itself is `geoai_bot.arxiv`."""

from geoai_bot.enrich.edit import apply_fills
from geoai_bot.enrich.plan import Fill, plan_fills, wanted

__all__ = ["Fill", "apply_fills", "plan_fills", "wanted"]
