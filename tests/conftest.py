"""Shared test settings: Hypothesis profiles (CI runs the default, bounded profile), and no
``COLUMNS`` from the shell."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def _tables_at_100_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text tables fit ``COLUMNS`` when it is set (boernesag.cli.common.table_width): a shell
    that exports it must not change what the tests see; a test that wants a width sets it."""
    monkeypatch.delenv("COLUMNS", raising=False)
