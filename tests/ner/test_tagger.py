"""The numpy decoder gives crfsuite's exact answer; a toy model trains deterministically."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.ner.conll import Sentence
from marsad.ner.features import FeatureExtractor
from marsad.ner.lexicons import NerLexicons
from marsad.ner.tagger import CrfTagger, ModelNotFoundError, _model_weights
from marsad.ner.train import TrainConfig, split_holdout, train_crf

SENTENCES = [
    "قال الرئيس الأمريكي جورج بوش في واشنطن إن القوات الأمريكية ستبقى في العراق .",
    "وأعلنت وزارة الدفاع الروسية أن طائراتها قصفت مواقع قرب مدينة إدلب شمال سوريا .",
    "التقى الأمين العام للأمم المتحدة بان كي مون رئيس الوزراء اللبناني في بيروت .",
    "ذكرت وكالة الأنباء الفرنسية أن الاتحاد الأوروبي سيعقد اجتماعا في بروكسل الأسبوع المقبل .",
    "وصل",
    "",
]


@pytest.fixture(scope="module")
def tagger() -> CrfTagger:
    return CrfTagger()


def test_weights_read_as_pycrfsuite_reads_them(tagger: CrfTagger) -> None:
    """Our reader of crfsuite's dump gives ``Tagger.info()``'s weights, in its order."""
    info = tagger._crfsuite.info()
    transitions, state_features = _model_weights(tagger._crfsuite)
    assert list(transitions.items()) == list(info.transitions.items())
    assert list(state_features.items()) == list(info.state_features.items())
    assert len(state_features) > 1000


def test_numpy_decoder_equals_crfsuite(tagger: CrfTagger) -> None:
    sentences = [s.split() for s in SENTENCES]
    batched = tagger.tag_many(sentences)
    for words, labels in zip(sentences, batched, strict=True):
        assert labels == tagger.tag_reference(words)
        assert labels == tagger.tag(words)  # one at a time = in a batch


def test_entity_scores_are_crfsuite_marginals(tagger: CrfTagger) -> None:
    for text in SENTENCES[:4]:
        words = text.split()
        labels = tagger.tag(words)
        reference = tagger.marginals_reference(words, labels)
        for _label, first, last, score in tagger.entities(words):
            assert score == pytest.approx(min(reference[first : last + 1]), abs=1e-4)


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="marsad train ner"):
        CrfTagger(tmp_path / "absent.crfsuite")


def toy_corpus() -> list[Sentence]:
    people = ["سامر", "خالد", "ليلى", "مازن"]
    places = ["حمص", "حلب", "دمشق", "الرقة"]
    out = []
    for i in range(40):
        person, place = people[i % 4], places[(i // 4) % 4]
        out.append(
            Sentence(
                ["وصل", person, "إلى", place, "أمس", "."],
                ["O", "B-PERS", "O", "B-LOC", "O", "O"],
            )
        )
    return out


def test_toy_training_is_deterministic_and_learns(tmp_path: Path) -> None:
    features = FeatureExtractor(lexicons=NerLexicons.load(), clusters={})
    train, held = split_holdout(toy_corpus(), 0.1)
    assert len(held) == 4 and held[-1] == toy_corpus()[-1]
    config = TrainConfig(max_iterations=30)
    first, second = tmp_path / "a" / "ner.crfsuite", tmp_path / "b" / "ner.crfsuite"
    train_crf(train, features, first, config)
    train_crf(train, features, second, config)
    assert first.read_bytes() == second.read_bytes()
    tagger = CrfTagger(first, features=features)
    assert tagger.tag_many([s.tokens for s in held]) == [s.tags for s in held]
