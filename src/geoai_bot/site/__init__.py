"""The list as a website: one self-contained static page (HTML, one data file, a script
and a stylesheet) with instant search and filters, built from the model. No server and no
CDN: it works from `file://` and on GitHub Pages."""

from geoai_bot.site.build import build_site, paper_health

__all__ = ["build_site", "paper_health"]
