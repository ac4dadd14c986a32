"""geoai-bot: keeps curated paper-list READMEs healthy.

Two flows, one package each way down: README -> `core` (parse) -> `lint` / `links` ->
`report` -> `check` / `action` / `cli`; and issue body -> `submit` (form, validation, the
README edit) -> `github` (the forge) -> pull request. `log` keeps the update log true for
both. The layers are listed, with their rules, in .importlinter.
"""

__version__ = "0.1.0"
