"""When pydantic builds the models' validation schemas: one setting for every model.

Building a schema costs about 2-5 ms per model class, so the models build theirs on first
validation (`defer_build`), not at import: the parser builds its models without validation
and `links` without a geoai-bot.toml never validates a configuration. pydantic builds a
deferred schema under a lock from 2.14 on; before that, two threads validating a model for
the first time at once could use the wrong validator, so older versions build at import.
"""

from __future__ import annotations

from pydantic import VERSION as PYDANTIC_VERSION

DEFER_BUILD = tuple(int(x) for x in PYDANTIC_VERSION.split(".")[:2]) >= (2, 14)
