"""The events stage: triggers → ACLED/PLOVER-coded events with actors, place, date, counts,
route, source and background flag; plus exports (ACLED CSV, GeoJSON, PLOVER JSON).

Usage: ``marsad.events.load()`` returns the pipeline component (name ``"events"``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path

from marsad.model import Extraction

__all__ = ["EventComponent", "load"]


class EventComponent:
    """Pipeline stage: fills ``extraction.events`` from tokens, places and actors."""

    name = "events"

    def __init__(self, *, published: date | None = None) -> None:
        from marsad.events.cues import default_cues
        from marsad.events.linking import EventLinker
        from marsad.events.taxonomy import default_taxonomy
        from marsad.events.triggers import default_lexicon
        from marsad.time import default_resolver

        self.published = published
        self.linker = EventLinker(
            taxonomy=default_taxonomy(),
            lexicon=default_lexicon(),
            cues=default_cues(),
            dates=default_resolver(),
            generic_ids=_generic_ids(),
        )

    def __call__(self, extraction: Extraction) -> Extraction:
        if not extraction.tokens:
            from marsad.text import load as load_text

            load_text()(extraction)
        extraction.events = self.linker.link(
            extraction, published=extraction.document.published or self.published
        )
        return extraction


def _generic_ids() -> Callable[[str], str | None]:
    """English name → actor KB id, for the generic actors events name themselves (civilians,
    protesters, unidentified armed groups); no ids when the actor KB is not installed."""
    try:
        from marsad.actors.kb import ActorKB

        kb = ActorKB.load()
    except (ImportError, AttributeError, OSError, ValueError):
        return lambda name: None

    @lru_cache(maxsize=256)
    def resolve(name: str) -> str | None:
        try:
            entries = kb.lookup(name)
        except ImportError:  # the actor resolver is not installed
            return None
        return entries[0].id if entries else None

    return resolve


def load(*, home: Path | None = None) -> EventComponent:
    """The events stage with the shipped taxonomy, trigger lexicon, cues and calendar."""
    return EventComponent()
