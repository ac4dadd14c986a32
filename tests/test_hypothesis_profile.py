"""The hypothesis profile follows CI: derandomised there, so CI cannot flake on a new draw."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

# Made at import time like the suite's own `@settings(max_examples=...)`.
EXPLICIT = settings(max_examples=7, deadline=None)


def test_ci_profile_is_derandomised() -> None:
    assert settings.get_profile("ci").derandomize is True
    assert settings.get_profile("dev").derandomize is False


def test_the_loaded_profile_follows_the_ci_variable() -> None:
    if os.environ.get("HYPOTHESIS_PROFILE"):
        want = settings.get_profile(os.environ["HYPOTHESIS_PROFILE"]).derandomize
    else:
        want = bool(os.environ.get("CI"))
    assert settings.default is not None and settings.default.derandomize is want
    # Tests that set their own example counts inherit it.
    assert EXPLICIT.derandomize is want and EXPLICIT.max_examples == 7


def test_derandomised_runs_draw_the_same_examples() -> None:
    seen: list[list[int]] = []
    for _ in range(2):
        seen.append([])

        @settings(EXPLICIT, derandomize=True, database=None)
        @given(st.lists(st.integers()))
        def draws(xs: list[int]) -> None:
            seen[-1].append(sum(xs))

        draws()
    assert seen[0] == seen[1] and len(seen[0]) > 1
