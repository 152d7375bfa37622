"""Checks on the real corpora in ../shared (skipped cleanly when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.eval.ner import score
from marsad.ner.conll import read_conll, read_wojood
from marsad.ner.stacking import load_tagger
from marsad.ner.train import ANERCORP, AQMAR, WOJOOD, split_holdout

pytestmark = pytest.mark.shared


def test_corpora_read_as_iob2(shared_dir: Path) -> None:
    anercorp = read_conll(shared_dir / ANERCORP)
    assert len(anercorp) > 4000
    train, held = split_holdout(anercorp, 0.1)
    assert len(held) == round(len(anercorp) * 0.1) and train[-1] is anercorp[len(train) - 1]
    for sentence in anercorp + read_conll(shared_dir / AQMAR) + read_wojood(shared_dir / WOJOOD):
        assert len(sentence.tokens) == len(sentence.tags)
        for prev, tag in zip(["O", *sentence.tags], sentence.tags, strict=False):
            if tag.startswith("I-"):
                assert prev[2:] == tag[2:], sentence.tags  # IOB2: I- continues its own type


def test_shipped_model_on_aqmar_sample(shared_dir: Path) -> None:
    sentences = read_conll(shared_dir / AQMAR)[:150]
    predicted = load_tagger().tag_many([s.tokens for s in sentences])
    result = score([s.tags for s in sentences], predicted, types=("PERS", "LOC", "ORG"))
    # a sanity floor far below the reported figure: catches a broken model or feature mismatch
    assert result.micro.f1 > 0.3
