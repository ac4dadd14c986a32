"""Building many pydantic models fast: construction without validation, and a GC pause."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}
# BaseModel's four slots, set through their descriptors: object.__setattr__ looks each
# name up on the class first, and that was a third of building a model this way.
_SLOTS = BaseModel.__dict__
_set_dict = _SLOTS["__dict__"].__set__
_set_fields_set = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__
_new = object.__new__


def new_model(cls: type[M], **fields: Any) -> M:
    """Build a model from values the parser has already made well-typed, without validation.

    pydantic's validation (about 8 us per Entry) and `model_construct` (slower still) were
    a third of the parse time of a 17 MB list. This sets what `model_construct` sets when
    every field is given; the set of given fields is shared by all instances of a class
    (a set per instance was a third of a parsed list's memory). When a field is missing
    (one added to the model later), it falls back to validation, which fills defaults.
    tests/test_properties.py checks that parsed models equal validated ones.
    """
    return model_of(cls, fields)


def model_of(cls: type[M], fields: dict[str, Any]) -> M:
    """new_model with the fields in a dict the caller has just built and gives up (it becomes
    the model's __dict__). Hot paths use this: CPython builds a dict literal in one step,
    while keyword arguments are collected into a new dict by the call, which cost as much
    as the rest of building a Link or an Entry."""
    every = _ALL_FIELDS.get(cls)
    if every is None:
        every = _ALL_FIELDS[cls] = set(cls.model_fields)
    if len(fields) != len(every):
        return cls(**fields)
    obj = _new(cls)
    _set_dict(obj, fields)
    _set_fields_set(obj, every)
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many long-lived objects.

    A parsed list keeps a few objects per line; the collector would rescan them again and
    again for nothing (40% of the parse time, and 90% of building the export records, on
    a 17 MB list). Nothing here makes reference cycles. Nests; restores the old state.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
