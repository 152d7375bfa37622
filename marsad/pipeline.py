"""The pipeline: a document goes through one component per stage and comes out an Extraction.

Every stage package exposes ``load(*, home=None) -> Component``; a component is any callable
that takes an ``Extraction`` and returns it enriched (spaCy's uniform interface).
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from marsad.model import Document, Extraction


class Component(Protocol):
    name: str

    def __call__(self, extraction: Extraction) -> Extraction: ...


#: stage order of the flow: text → mentions (NER) → places → actors → events (with time)
STAGES: tuple[str, ...] = ("text", "ner", "geo", "actors", "events")


class Pipeline:
    """Runs components in order over documents."""

    def __init__(self, components: Sequence[Component]) -> None:
        self.components = list(components)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    def __call__(self, document: Document) -> Extraction:
        extraction = Extraction(document=document)
        for component in self.components:
            extraction = component(extraction)
        return extraction

    def pipe(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        for document in documents:
            yield self(document)

    @classmethod
    def default(
        cls,
        *,
        home: Path | None = None,
        stages: Sequence[str] | None = None,
        freeze: bool = True,
    ) -> Pipeline:
        """The full pipeline with the shipped models and the gazetteer under ``home``.

        ``freeze``: move everything loaded so far out of the garbage collector's sight
        (``gc.freeze``). Models, gazetteers and the actor KB are some 300k long-lived objects
        that each full collection would otherwise walk again (about 2 ms per report of the
        example's size in a fresh process); they live as long as the process anyway."""
        unknown = [s for s in stages or () if s not in STAGES]
        if unknown:
            raise ValueError(
                f"unknown stage(s) {', '.join(unknown)}; choose from {', '.join(STAGES)}"
            )
        components: list[Component] = []
        for stage in stages or STAGES:
            module = importlib.import_module(f"marsad.{stage}")
            components.append(module.load(home=home))
        if freeze:
            gc.collect()  # what loading left as garbage is freed, not frozen
            gc.freeze()
        return cls(components)


#: Young-generation threshold for processes that run the pipeline over many reports. A report
#: of the example's size builds some 2,000 token objects; with Python's default (700) every
#: report sets off several collections that walk them again (~1 ms of ~10 in steady state).
COLLECTOR_THRESHOLDS = (20_000, 20, 20)


def tune_collector(*, thresholds: tuple[int, int, int] = COLLECTOR_THRESHOLDS) -> None:
    """Collect garbage less often in a process whose work is running the pipeline.

    A process-wide choice, so the entry points make it (the CLI, batch workers, the API
    server), not ``Pipeline``; a program embedding marsad keeps its own settings."""
    gc.set_threshold(*thresholds)
