"""geoai-bot: keeps curated paper-list READMEs healthy."""

__version__ = "0.1.0"
