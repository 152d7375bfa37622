"""The CRF tagger: one class wrapping python-crfsuite, plus the resources it was trained with."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pycrfsuite
from seqeval.metrics.sequence_labeling import get_entities

from marsad.ner.clusters import read_clusters
from marsad.ner.features import FeatureExtractor
from marsad.ner.lexicons import DATA_DIR, PLACES_FILE, NerLexicons
from marsad.text import CliticSplitter, default_splitter

MODEL_FILE = "ner.crfsuite"
CLUSTERS_FILE = "clusters.tsv.gz"
DEFAULT_MODEL = DATA_DIR / MODEL_FILE


class ModelNotFoundError(FileNotFoundError):
    """The NER model file is missing (run ``marsad train ner``)."""


def load_features(
    resources: Path,
    *,
    splitter: CliticSplitter | None = None,
    known: frozenset[str] | None = None,
) -> FeatureExtractor:
    """The feature extractor with the cluster table and place snapshot found in ``resources``
    (the model's directory) and the hand-written lists shipped in ``marsad/ner/data``."""
    splitter = splitter or default_splitter()
    lexicons = NerLexicons.load(places_path=resources / PLACES_FILE, splitter=splitter)
    clusters = read_clusters(resources / CLUSTERS_FILE)
    return FeatureExtractor(lexicons=lexicons, clusters=clusters, splitter=splitter, known=known)


class CrfTagger:
    """Tags token sequences with IOB2 labels (PERS/LOC/ORG/MISC) using a trained CRF model.

    The cluster table and place snapshot are read from the model's directory, so a model and
    the resources it was trained with always travel together.
    """

    def __init__(
        self,
        model_path: Path = DEFAULT_MODEL,
        *,
        splitter: CliticSplitter | None = None,
        features: FeatureExtractor | None = None,
    ) -> None:
        if not model_path.is_file():
            raise ModelNotFoundError(
                f"NER model not found at {model_path}; train it with `marsad train ner`"
            )
        self.model_path = model_path
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self.labels = tuple(self._tagger.labels())
        if features is None:
            # only the attributes the model weighs are extracted: fewer lookups in crfsuite
            known = frozenset(self._tagger.info().attributes)
            features = load_features(model_path.parent, splitter=splitter, known=known)
        self.features = features

    def tag(self, words: Sequence[str]) -> list[str]:
        """IOB2 labels for one sentence of tokens."""
        if not words:
            return []
        return list(self._tagger.tag(self.features.sentence(words)))

    def tag_with_marginals(self, words: Sequence[str]) -> tuple[list[str], list[float]]:
        """Labels plus the marginal probability of each chosen label (a confidence)."""
        if not words:
            return [], []
        labels = list(self._tagger.tag(self.features.sentence(words)))
        marginals = [self._tagger.marginal(lab, i) for i, lab in enumerate(labels)]
        return labels, marginals

    def entities(self, words: Sequence[str]) -> list[tuple[str, int, int, float]]:
        """Entities of one sentence as ``(label, first, last, score)`` with inclusive token
        indices; the score is the lowest marginal probability of the entity's labels."""
        if not words:
            return []
        labels = list(self._tagger.tag(self.features.sentence(words)))
        found: list[tuple[str, int, int, float]] = []
        for label, first, last in get_entities(labels):
            score = min(self._tagger.marginal(labels[i], i) for i in range(first, last + 1))
            found.append((label, first, last, score))
        return found
