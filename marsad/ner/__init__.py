"""Named-entity recognition: a CRF over clitic-aware features (PERS, LOC, ORG, MISC).

``load()`` gives the pipeline stage with the model shipped in ``marsad/ner/data`` (trained by
``marsad train ner``; see docs/ner.md and data/MODEL_CARD.md).
"""

from __future__ import annotations

from pathlib import Path

from marsad.ner.component import NerComponent
from marsad.ner.stacking import StackedTagger, load_tagger
from marsad.ner.tagger import DEFAULT_MODEL, CrfTagger, ModelNotFoundError

__all__ = [
    "DEFAULT_MODEL",
    "CrfTagger",
    "ModelNotFoundError",
    "NerComponent",
    "StackedTagger",
    "load",
    "load_tagger",
]


def load(
    *, home: Path | None = None, model_path: Path | None = None, stacked: bool = True
) -> NerComponent:
    """The NER stage with the shipped model (``home`` is unused: the model ships with the code);
    ``stacked=False`` skips the label-consistency pass (faster, less accurate)."""
    return NerComponent(tagger=load_tagger(model_path or DEFAULT_MODEL, stacked=stacked))
