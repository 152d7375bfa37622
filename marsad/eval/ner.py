"""NER evaluation: CoNLL entity-level precision, recall and F1 per type and micro (seqeval).

Gold tags are normalized to IOB2 when read (ANERcorp mixes IOB1 and IOB2); predictions are IOB2.
Scoring uses seqeval's default (conlleval-compatible) mode. A restricted set of ``types`` (e.g.
AQMAR's PERS/LOC/ORG) scores only those entities: entities of other types are removed from both
gold and prediction first, so they neither help nor hurt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seqeval.metrics import classification_report

from marsad.ner.conll import LABELS, keep_types, read_conll


@dataclass(slots=True)
class TypeScore:
    precision: float
    recall: float
    f1: float
    support: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.support,
        }


@dataclass(slots=True)
class NerScores:
    """Per-type scores and the micro average over ``types``."""

    types: tuple[str, ...]
    per_type: dict[str, TypeScore] = field(default_factory=dict)
    micro: TypeScore = field(default_factory=lambda: TypeScore(0.0, 0.0, 0.0, 0))
    sentences: int = 0
    tokens: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "types": list(self.types),
            "sentences": self.sentences,
            "tokens": self.tokens,
            "micro": self.micro.to_dict(),
            "per_type": {k: v.to_dict() for k, v in self.per_type.items()},
        }


def score(
    gold: Sequence[Sequence[str]],
    predicted: Sequence[Sequence[str]],
    *,
    types: Sequence[str] = LABELS,
) -> NerScores:
    """Entity-level scores of ``predicted`` against ``gold`` (lists of tag sequences)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold sentences but {len(predicted)} predicted")
    g = [keep_types(s, types) for s in gold]
    p = [keep_types(s, types) for s in predicted]
    for gs, ps in zip(g, p, strict=True):
        if len(gs) != len(ps):
            raise ValueError("a predicted sentence differs in length from its gold sentence")
    report: dict[str, Any] = classification_report(g, p, output_dict=True, zero_division=0)
    scores = NerScores(types=tuple(types), sentences=len(g), tokens=sum(len(s) for s in g))
    for t in types:
        r = report.get(t, {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0})
        scores.per_type[t] = TypeScore(
            float(r["precision"]), float(r["recall"]), float(r["f1-score"]), int(r["support"])
        )
    m = report.get("micro avg", {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0})
    scores.micro = TypeScore(
        float(m["precision"]), float(m["recall"]), float(m["f1-score"]), int(m["support"])
    )
    return scores


def evaluate_file(
    path: Path,
    tag: Callable[[Sequence[str]], Sequence[str]],
    *,
    types: Sequence[str] = LABELS,
) -> NerScores:
    """Tag every sentence of a CoNLL file with ``tag`` (tokens as given) and score it."""
    sentences = read_conll(path)
    gold = [s.tags for s in sentences]
    predicted = [list(tag(s.tokens)) for s in sentences]
    return score(gold, predicted, types=types)
