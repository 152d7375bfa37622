"""Time: publication dates and date expressions (explicit, weekday, relative) → ACLED precision."""

from __future__ import annotations

from pathlib import Path

from marsad.time.resolve import DateMention, DateResolver, default_resolver

__all__ = ["DateMention", "DateResolver", "default_resolver", "load"]


def load(*, home: Path | None = None) -> DateResolver:
    """The date resolver with the shipped calendar words (``data/calendar.toml``)."""
    return default_resolver()
