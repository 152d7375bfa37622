"""Deterministic training of the CRF NER model from ``../shared/data``.

Steps: learn word clusters from the unlabeled news corpus, snapshot the place-name list, read
ANERcorp (and optionally the Wojood sample mapped to our types), hold back the last 10 % of
ANERcorp sentences (a fixed slice) for the held-back figures, train crfsuite L-BFGS. crfsuite's
L-BFGS has no randomness and the cluster step uses fixed seeds, so one command gives one model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycrfsuite

from marsad.ner.clusters import corpus_sentences, learn_clusters, write_clusters
from marsad.ner.conll import LABELS, Sentence, read_conll, read_wojood
from marsad.ner.contexts import CONTEXTS_FILE, learn_contexts, write_contexts
from marsad.ner.features import FeatureExtractor
from marsad.ner.lexicons import (
    ACTORS_FILE,
    PLACES_FILE,
    NerLexicons,
    build_actors,
    build_places,
    write_places,
)
from marsad.ner.stacking import (
    FOLDS,
    PRIOR_FILE,
    STACK_FILE,
    StackedTagger,
    consistency,
    jackknife,
    prior_from_labels,
    with_prior,
    write_prior,
)
from marsad.ner.tagger import CLUSTERS_FILE, CrfTagger, load_features

ANERCORP = "data/ner/anercorp_train.conll"
AQMAR = "data/ner/aqmar_dev.conll"
WOJOOD = "data/ner/wojood_sample_train.txt"
UNLABELED = "data/unlabeled/ant_arabic_news.jsonl"


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """Hyper-parameters (chosen on the held-back slice and AQMAR dev; see docs/ner.md)."""

    c1: float = 0.05
    c2: float = 0.05
    max_iterations: int = 150
    #: fraction of ANERcorp sentences (the last ones, a fixed slice) held back; 0 = use all
    holdout: float = 0.1
    use_wojood: bool = False
    #: train the stacked second pass (label consistency, stacking.py) beside the first
    stack: bool = True
    #: give the second pass a corpus label prior (first-pass tags of the unlabeled news; off:
    #: +1.4–1.8 on AQMAR but −0.0 / −1.2 on two ANERcorp slices, see docs/ner.md)
    prior: bool = False
    #: self-training: retrain the first pass with this many confidently tagged unlabeled
    #: paragraphs added (0 = off; needs the corpus, i.e. ``prior``)
    self_train: int = 0
    #: a pseudo-labelled paragraph's entities must all have at least this marginal
    self_train_min_score: float = 0.95
    #: features seen fewer times are dropped (crfsuite feature.minfreq)
    min_freq: int = 1
    seed: int = 0


def split_holdout(
    sentences: Sequence[Sentence], fraction: float
) -> tuple[list[Sentence], list[Sentence]]:
    """(train, held back): the last ``fraction`` of sentences are held back, in file order."""
    if fraction <= 0:
        return list(sentences), []
    cut = len(sentences) - round(len(sentences) * fraction)
    return list(sentences[:cut]), list(sentences[cut:])


def build_resources(shared: Path, out_dir: Path, *, seed: int = 0) -> None:
    """Write the cluster table, the place snapshot and the corpus-context table the features use
    into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    table = learn_clusters(corpus_sentences(shared / UNLABELED), seed=seed)
    write_clusters(table, out_dir / CLUSTERS_FILE)
    write_places(build_places(), out_dir / PLACES_FILE)
    write_places(build_actors(), out_dir / ACTORS_FILE)
    plain = FeatureExtractor(
        lexicons=NerLexicons.load(places_path=out_dir / PLACES_FILE), clusters={}
    )
    contexts = learn_contexts(corpus_sentences(shared / UNLABELED), plain)
    write_contexts(contexts, out_dir / CONTEXTS_FILE)


def train_crf(
    sentences: Sequence[Sentence],
    features: FeatureExtractor,
    model_path: Path,
    config: TrainConfig,
    *,
    on_iteration: Callable[[int], None] | None = None,
    extra: Sequence[Sequence[Sequence[str]]] | None = None,
) -> None:
    """Train crfsuite L-BFGS on ``sentences`` and write the model to ``model_path``
    (``extra``: more attributes per token, for the stacked pass)."""

    class _Trainer(pycrfsuite.Trainer):  # type: ignore[misc]
        def on_iteration(self, log: str, info: dict[str, Any]) -> None:
            if on_iteration is not None:
                on_iteration(int(info.get("num", 0)))

    trainer = _Trainer(verbose=False)
    attributes = features.sentences([sent.tokens for sent in sentences], extra)
    for sent, attrs in zip(sentences, attributes, strict=True):
        trainer.append(attrs, sent.tags)
    trainer.set_params(
        {
            "c1": config.c1,
            "c2": config.c2,
            "max_iterations": config.max_iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": config.min_freq,
        }
    )
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))


def training_sentences(shared: Path, config: TrainConfig) -> tuple[list[Sentence], list[Sentence]]:
    """(train, held back) sentences for ``config`` from the shared corpora."""
    train, held = split_holdout(read_conll(shared / ANERCORP), config.holdout)
    if config.use_wojood:
        train = train + read_wojood(shared / WOJOOD)
    return train, held


@dataclass(slots=True)
class TrainResult:
    """What a training run wrote and measured (the model card is written from it)."""

    model_path: Path
    config: TrainConfig
    final_all: bool
    train_sentences: int
    heldback_sentences: int
    figures: dict[str, Any] = field(default_factory=dict)


def train_model(
    sentences: Sequence[Sentence],
    features: FeatureExtractor,
    model_path: Path,
    config: TrainConfig,
    *,
    on_stage: Callable[[str], None] | None = None,
    on_iteration: Callable[[int], None] | None = None,
    corpus: Sequence[Sequence[str]] | None = None,
) -> CrfTagger | StackedTagger:
    """The first-pass CRF at ``model_path`` and, with ``config.stack``, the second pass beside
    it (trained on jackknifed first-pass labels; with ``corpus``, also on the corpus label prior
    of each fold's model, and the final first pass's prior is written beside the models);
    returns the tagger of both."""
    stack_path = model_path.with_name(STACK_FILE)
    prior_path = model_path.with_name(PRIOR_FILE)
    stack_path.unlink(missing_ok=True)
    prior_path.unlink(missing_ok=True)
    if config.stack:
        if on_stage is not None:
            on_stage(f"first-pass labels of {len(sentences)} sentences ({FOLDS}-fold jackknife)")
        labels, fold_priors = jackknife(
            sentences, features, config, model_path.parent, corpus=corpus
        )
    if on_stage is not None:
        on_stage(f"training on {len(sentences)} sentences")
    train_crf(sentences, features, model_path, config, on_iteration=on_iteration)
    first = CrfTagger(model_path, features=features)
    if not config.stack:
        return first
    if on_stage is not None:
        on_stage("training the label-consistency pass")
    words = [s.tokens for s in sentences]
    extra = consistency(features, words, labels)
    prior = None
    if corpus is not None:
        for lo, hi, fold_prior in fold_priors:
            extra[lo:hi] = with_prior(features, words[lo:hi], extra[lo:hi], fold_prior)
        if on_stage is not None:
            on_stage(f"corpus prior from {len(corpus)} unlabeled paragraphs")
        found = first.entities_many(corpus)
        prior = prior_from_labels(
            features, corpus, [_tags(len(w), e) for w, e in zip(corpus, found, strict=True)]
        )
        write_prior(prior, prior_path)
        if config.self_train > 0:
            pseudo = select_pseudo(corpus, found, config)
            if on_stage is not None:
                on_stage(f"self-training: first pass with {len(pseudo)} pseudo-labelled paragraphs")
            train_crf(
                [*sentences, *pseudo], features, model_path, config, on_iteration=on_iteration
            )
            first = CrfTagger(model_path, features=features)
    train_crf(sentences, features, stack_path, config, on_iteration=on_iteration, extra=extra)
    return StackedTagger(first, CrfTagger(stack_path, features=features), prior=prior)


def _tags(n: int, entities: Sequence[tuple[str, int, int, float]]) -> list[str]:
    """IOB2 tags of ``n`` tokens with the given entities."""
    tags = ["O"] * n
    for label, first, last, _score in entities:
        tags[first] = "B-" + label
        for k in range(first + 1, last + 1):
            tags[k] = "I-" + label
    return tags


def select_pseudo(
    corpus: Sequence[Sequence[str]],
    found: Sequence[Sequence[tuple[str, int, int, float]]],
    config: TrainConfig,
) -> list[Sentence]:
    """``config.self_train`` confidently tagged paragraphs (8–60 tokens, at least one entity,
    every entity's marginal ≥ ``config.self_train_min_score``), evenly spaced over the corpus
    order among those that qualify (deterministic; not the most confident, which are the
    easiest and teach least)."""
    chosen = [
        i
        for i, (words, entities) in enumerate(zip(corpus, found, strict=True))
        if entities
        and 8 <= len(words) <= 60
        and min(e[3] for e in entities) >= config.self_train_min_score
    ]
    if len(chosen) > config.self_train:
        step = len(chosen) / config.self_train
        chosen = [chosen[int(k * step)] for k in range(config.self_train)]
    return [Sentence(list(corpus[i]), _tags(len(corpus[i]), found[i])) for i in chosen]


def _figures(
    tagger: CrfTagger | StackedTagger, sentences: Sequence[Sentence], types: Sequence[str]
) -> dict[str, Any]:
    from marsad.eval.ner import score

    predicted = tagger.tag_many([x.tokens for x in sentences])
    s = score([x.tags for x in sentences], predicted, types=types)
    return s.to_dict()


def run_training(
    shared: Path,
    model_path: Path,
    config: TrainConfig,
    *,
    final_all: bool = True,
    on_stage: Callable[[str], None] | None = None,
    on_iteration: Callable[[int], None] | None = None,
) -> TrainResult:
    """The whole of ``marsad train ner``: resources, held-back run with figures, final model."""

    def stage(what: str) -> None:
        if on_stage is not None:
            on_stage(what)

    resources = model_path.parent
    stage("learning word clusters")
    build_resources(shared, resources, seed=config.seed)
    features = load_features(resources)
    train, held = training_sentences(shared, config)
    aqmar = read_conll(shared / AQMAR) if (shared / AQMAR).exists() else []
    corpus = list(corpus_sentences(shared / UNLABELED)) if config.prior and config.stack else None
    result = TrainResult(
        model_path=model_path,
        config=config,
        final_all=final_all and bool(held),
        train_sentences=len(train),
        heldback_sentences=len(held),
    )
    if held:
        stage(f"held back {len(held)} sentences")
        heldback_dir = resources if not final_all else resources / ".heldback"
        heldback_dir.mkdir(exist_ok=True)
        heldback_model = heldback_dir / model_path.name
        tagger = train_model(
            train,
            features,
            heldback_model,
            config,
            on_stage=on_stage,
            on_iteration=on_iteration,
            corpus=corpus,
        )
        stage("scoring the held-back slice and AQMAR dev")
        result.figures["anercorp_heldback"] = _figures(tagger, held, LABELS)
        if aqmar:
            result.figures["aqmar_dev_heldback_model"] = _figures(
                tagger, aqmar, ("PERS", "LOC", "ORG")
            )
        if final_all:
            heldback_model.unlink()
            heldback_model.with_name(STACK_FILE).unlink(missing_ok=True)
            heldback_model.with_name(PRIOR_FILE).unlink(missing_ok=True)
            heldback_dir.rmdir()
    if final_all or not held:
        everything = train + held
        stage(f"final model on {len(everything)} sentences")
        tagger = train_model(
            everything,
            features,
            model_path,
            config,
            on_stage=on_stage,
            on_iteration=on_iteration,
            corpus=corpus,
        )
        result.train_sentences = len(everything)
        if aqmar:
            stage("scoring AQMAR dev")
            result.figures["aqmar_dev"] = _figures(tagger, aqmar, ("PERS", "LOC", "ORG"))
            result.figures["aqmar_dev_all_types"] = _figures(tagger, aqmar, LABELS)
    return result


__all__ = [
    "ANERCORP",
    "AQMAR",
    "TrainConfig",
    "TrainResult",
    "build_resources",
    "load_features",
    "run_training",
    "split_holdout",
    "train_crf",
    "training_sentences",
]
