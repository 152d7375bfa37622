"""Fixtures of the event tests (hand-built Extractions: handbuilt.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def events_stage():  # type: ignore[no-untyped-def]
    """The shipped events stage, loaded once per test module."""
    from marsad.events import load

    return load()
