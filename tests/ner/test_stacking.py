"""The label-consistency second pass: its attributes, and a toy stacked model end to end."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from marsad.ner.conll import Sentence
from marsad.ner.features import FeatureExtractor
from marsad.ner.lexicons import NerLexicons
from marsad.ner.stacking import (
    PRIOR_FILE,
    StackedTagger,
    consistency,
    corpus_prior,
    jackknife_labels,
    load_tagger,
    with_prior,
)
from marsad.ner.tagger import CrfTagger
from marsad.ner.train import TrainConfig, train_model


@pytest.fixture(scope="module")
def features() -> FeatureExtractor:
    return FeatureExtractor(lexicons=NerLexicons.load(), clusters={})


def test_consistency_counts_other_mentions_in_the_window(features: FeatureExtractor) -> None:
    sentences = [
        ["وصل", "كرمل", "أمس"],
        ["غادر", "كرمل", "اليوم"],
        ["قال", "كرمل", "شيئا"],
        ["بعيد"],
        ["ثم", "كرمل"],
    ]
    labels = [
        ["O", "B-PERS", "O"],
        ["O", "B-PERS", "O"],
        ["O", "O", "O"],
        ["O"],
        ["O", "B-LOC"],
    ]
    attrs = consistency(features, sentences, labels, window=1)
    # sentence 0 sees sentence 1 only: the other كرمل was PERS
    assert attrs[0][1] == ["LC:PERS", "LM:PERS"]
    # sentence 1 sees PERS (0) and O (2): both kinds, each half
    assert attrs[1][1] == ["LC:O", "LM:O", "LC:PERS", "LM:PERS"]
    # sentence 4 sees only sentence 3, which has no كرمل: nothing
    assert attrs[4][1] == []
    # a token's own label never counts, and words that cannot be names get nothing
    assert consistency(features, [["كرمل"]], [["B-PERS"]], window=3) == [[[]]]
    assert attrs[2][0] == []  # "قال" is a cue word


def test_consistency_equals_a_per_token_window_count(features: FeatureExtractor) -> None:
    """The per-stem sliding windows give what counting every token's window afresh gives
    (several stems recurring at random distances, every window size)."""
    rng = random.Random(7)
    vocab = ["كرمل", "سامر", "حمص", "نادي", "برق", "وصل"]
    kinds = ["O", "B-PERS", "I-PERS", "B-LOC", "B-ORG"]
    sentences = [[rng.choice(vocab) for _ in range(rng.randint(0, 6))] for _ in range(40)]
    labels = [[rng.choice(kinds) for _ in words] for words in sentences]
    keys = [[features.word(w).name_key for w in words] for words in sentences]
    names = sorted({label[2:] or "O" for sent in labels for label in sent})
    for window in (0, 1, 2, 5, 50):
        got = consistency(features, sentences, labels, window=window)
        for j, words in enumerate(sentences):
            for i in range(len(words)):
                key = keys[j][i]
                near = [
                    labels[k][m][2:] or "O"
                    for k in range(max(0, j - window), min(len(sentences), j + window + 1))
                    for m in range(len(sentences[k]))
                    if key and keys[k][m] == key and (k, m) != (j, i)
                ]
                want: list[str] = []
                for name in names:
                    n = near.count(name)
                    if n > 0:
                        want.append("LC:" + name)
                        if 2 * n >= len(near):
                            want.append("LM:" + name)
                assert got[j][i] == want, (window, j, i)


def toy() -> list[Sentence]:
    people, places = ["سامر", "خالد", "ليلى", "مازن"], ["حمص", "حلب", "دمشق", "الرقة"]
    return [
        Sentence(
            ["وصل", people[i % 4], "إلى", places[(i // 4) % 4], "."],
            ["O", "B-PERS", "O", "B-LOC", "O"],
        )
        for i in range(24)
    ]


def test_stacked_model_trains_and_loads(tmp_path: Path, features: FeatureExtractor) -> None:
    config = TrainConfig(max_iterations=20)
    labels = jackknife_labels(toy(), features, config, tmp_path, folds=3)
    assert len(labels) == 24 and not list(tmp_path.glob(".fold*"))  # fold models removed
    tagger = train_model(toy(), features, tmp_path / "ner.crfsuite", config)
    assert isinstance(tagger, StackedTagger)
    words = [s.tokens for s in toy()[:6]]
    tagged = tagger.tag_many(words)
    assert tagged == [s.tags for s in toy()[:6]]
    # the second pass equals crfsuite's own decoding of the same attributes
    extra = consistency(features, words, tagger.first.tag_many(words))
    for w, e, t in zip(words, extra, tagged, strict=True):
        assert tagger.second.tag_reference(w, extra=e) == t
    assert [x[:3] for x in tagger.entities(words[0])] == [("PERS", 1, 1), ("LOC", 3, 3)]
    # a model directory without the second pass loads as a single CRF
    (tmp_path / "ner.stack.crfsuite").unlink()
    assert isinstance(load_tagger(tmp_path / "ner.crfsuite"), CrfTagger)


def test_corpus_prior_buckets_first_pass_tags(tmp_path: Path, features: FeatureExtractor) -> None:
    config = TrainConfig(max_iterations=20, stack=False)
    tagger = train_model(toy(), features, tmp_path / "ner.crfsuite", config)
    assert isinstance(tagger, CrfTagger)
    # سامر is tagged PERS wherever it follows وصل; a word seen twice gets no prior
    corpus = [["وصل", "سامر", "إلى", "حمص", "."] for _ in range(12)] + [["رأى", "نادر"]] * 2
    prior = corpus_prior(tagger, corpus, batch=5)
    assert "CP:B-PERS3" in prior[features.word("سامر").name_key]
    assert "CP:B-LOC3" in prior[features.word("حمص").name_key]
    assert features.word("نادر").name_key not in prior
    assert features.word("وصل").name_key not in prior  # never a name: no attribute at all
    # the second pass's attributes gain the prior of each token's stem, nothing else changes
    words = [["وصل", "سامر"], ["نادر"]]
    extra = [[["LC:O"], []], [[]]]
    added = with_prior(features, words, extra, prior)
    assert added[0][0] is extra[0][0]
    assert added[0][1] == list(prior[features.word("سامر").name_key])
    assert added[1][0] == []


def test_stacked_model_with_prior_writes_and_reads_it(
    tmp_path: Path, features: FeatureExtractor
) -> None:
    config = TrainConfig(max_iterations=20)
    corpus = [s.tokens for s in toy()]
    tagger = train_model(toy(), features, tmp_path / "ner.crfsuite", config, corpus=corpus)
    assert isinstance(tagger, StackedTagger) and tagger.prior
    assert (tmp_path / PRIOR_FILE).is_file()
    loaded = load_tagger(tmp_path / "ner.crfsuite")
    assert isinstance(loaded, StackedTagger) and loaded.prior == tagger.prior
    words = [s.tokens for s in toy()[:6]]
    assert loaded.tag_many(words) == tagger.tag_many(words) == [s.tags for s in toy()[:6]]
