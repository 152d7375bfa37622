"""Training helpers: pseudo-labelled paragraph selection for self-training."""

from __future__ import annotations

from marsad.ner.train import TrainConfig, select_pseudo


def test_select_pseudo_keeps_confident_paragraphs_evenly_spaced() -> None:
    words = ["كلمة"] * 10
    corpus = [words] * 6 + [["قصيرة", "جدا"]]
    found = [
        [("PERS", 1, 2, 0.99)],
        [],  # no entity: teaches nothing but O
        [("LOC", 0, 0, 0.97), ("ORG", 4, 4, 0.5)],  # one unsure entity spoils it
        [("ORG", 3, 3, 0.96)],
        [("LOC", 5, 5, 0.999)],
        [("MISC", 0, 0, 0.98)],
        [("LOC", 0, 0, 0.99)],  # too short
    ]
    config = TrainConfig(self_train=10, self_train_min_score=0.95)
    picked = select_pseudo(corpus, found, config)
    assert [p.tags.count("O") for p in picked] == [8, 9, 9, 9]
    assert picked[0].tags[:4] == ["O", "B-PERS", "I-PERS", "O"]
    assert picked[1].tags[3] == "B-ORG"
    # fewer wanted than qualify: evenly spaced over the qualifying ones, in corpus order
    two = select_pseudo(corpus, found, TrainConfig(self_train=2, self_train_min_score=0.95))
    assert [p.tags for p in two] == [picked[0].tags, picked[2].tags]
