"""The actors stage: resolves actor mentions (KB aliases, modifiers, provisional groups).

``load()`` returns the pipeline component; :class:`~marsad.actors.kb.ActorKB` is the knowledge
base other stages (events, evaluation) look names up in.
"""

from __future__ import annotations

from pathlib import Path

from marsad.actors.kb import ActorEntry, ActorKB
from marsad.actors.resolve import ActorResolver, ResolutionRules, resolver_for
from marsad.model import Extraction
from marsad.text import tokenize

__all__ = ["ActorComponent", "ActorEntry", "ActorKB", "ActorResolver", "ResolutionRules", "load"]


class ActorComponent:
    """Pipeline stage: fills ``extraction.actors`` from tokens, NER mentions and places."""

    name = "actors"

    def __init__(self, *, resolver: ActorResolver) -> None:
        self.resolver = resolver

    @property
    def kb(self) -> ActorKB:
        return self.resolver.kb

    def __call__(self, extraction: Extraction) -> Extraction:
        if not extraction.tokens:
            extraction.tokens = tokenize(extraction.text)
        extraction.actors = self.resolver.resolve(
            extraction.text,
            extraction.tokens,
            mentions=extraction.mentions,
            country=self.resolver.document_country(extraction),
            on=extraction.document.published,
        )
        return extraction


def load(*, home: Path | None = None) -> ActorComponent:
    """The actors stage over the shipped KB (``marsad/actors/data``) plus the user's entries
    in ``<home>/actors/*.toml`` if any; the matcher is built once per process."""
    kb = ActorKB.load(home=home)
    return ActorComponent(resolver=resolver_for(kb))
