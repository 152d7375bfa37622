"""The stacked second pass: label consistency across a document.

A name is usually written the same way several times in an article, and the first CRF pass
often finds some of its mentions but not all ("بنفيكا" after "نادي" but not alone). The second
pass sees, for each word that may be a name, which entity types the first pass gave the same
stem in the ±``window`` sentences around it (the classic +1–3 F1 "label consistency" features
of feature-based NER). Sentences are read as a stream in their order: a document's sentences,
or a corpus file's, where the window runs across article boundaries harmlessly.

Training needs first-pass labels that look like those at tagging time, i.e. made by a model
that did not see the sentence: ``jackknife_labels`` tags each fold of the training data with a
model trained on the other folds (crfsuite L-BFGS is deterministic, so this is too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from marsad.ner.contexts import read_contexts, write_contexts
from marsad.ner.features import FeatureExtractor
from marsad.ner.tagger import DEFAULT_MODEL, CrfTagger

if TYPE_CHECKING:
    from marsad.ner.conll import Sentence
    from marsad.ner.train import TrainConfig

#: sentences either side whose first-pass labels inform a word (chosen on the held-back slice)
WINDOW = 8
#: folds of the jackknife that gives the second pass its training inputs
FOLDS = 4
STACK_FILE = "ner.stack.crfsuite"
#: the corpus label prior the second pass reads (beside the models; see ``corpus_prior``)
PRIOR_FILE = "ner.prior.tsv.gz"
#: a stem needs this many occurrences in the unlabeled corpus for a prior
PRIOR_MIN_COUNT = 3
#: share of a stem's corpus occurrences with a label → bucket digit (≥ 50 %, 20 %, 5 %)
PRIOR_BUCKETS: tuple[tuple[float, str], ...] = ((0.5, "3"), (0.2, "2"), (0.05, "1"))


def name_keys(features: FeatureExtractor, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """Each token's stem key for label consistency ("" for a word that cannot be a name)."""
    known = features.name_key_of.get
    word = features.word
    out: list[list[str]] = []
    for words in sentences:
        keys: list[str | None] = list(map(known, words))
        if None in keys:  # words not cached (a full cache): computed
            keys = [word(w).name_key if k is None else k for w, k in zip(words, keys, strict=True)]
        out.append(keys)  # type: ignore[arg-type]
    return out


def consistency(
    features: FeatureExtractor,
    sentences: Sequence[Sequence[str]],
    labels: Sequence[Sequence[str]],
    *,
    window: int = WINDOW,
    keys: Sequence[Sequence[str]] | None = None,
) -> list[list[list[str]]]:
    """Per token, the second pass's attributes: ``LC:T`` for every type T (or O) the first pass
    gave other occurrences of the same stem nearby, ``LM:T`` for the type of half or more.
    Tokens with equal attributes share one list (fewer allocations at tagging time).
    ``keys``: the tokens' ``name_keys`` when the caller has them already."""
    if keys is None:
        keys = name_keys(features, sentences)
    # kinds as small ints in sorted order, so a stem's counts are a list indexed by kind and
    # reading them in index order is reading them sorted
    distinct = set(chain.from_iterable(labels))  # a handful of labels: C-level passes
    names = sorted({label[2:] or "O" for label in distinct})
    index = {name: i for i, name in enumerate(names)}
    kind_of = {label: index[label[2:] or "O"] for label in distinct}
    width = len(names)
    # each stem's occurrences (sentence, position, kind) in document order: most stems occur
    # once in a document and need no window at all; the others slide their own window over
    # their own occurrences (no work per token of the document)
    where: dict[str, list[tuple[int, int, int]]] = {}
    get = where.get
    for j, (row_keys, row_labels) in enumerate(zip(keys, labels, strict=True)):
        for i, key in enumerate(row_keys):
            if not key:
                continue
            occ = (j, i, kind_of[row_labels[i]])
            found = get(key)
            if found is None:
                where[key] = [occ]
            else:
                found.append(occ)
    #: tokens with no attributes share this list (read, don't mutate)
    none: list[str] = []
    out: list[list[list[str]]] = [[none] * len(row) for row in keys]
    #: (own kind, counts) → attributes, memoised: few distinct count patterns recur (tokens
    #: with the same attributes share one list)
    memo: dict[tuple[int, tuple[int, ...]], list[str]] = {}

    def attributes(own: int, seen: tuple[int, ...], others: int) -> list[str]:
        attrs: list[str] = []
        for kind, n in enumerate(seen):
            if kind == own:
                n -= 1
            if n > 0:
                attrs.append("LC:" + names[kind])
                if 2 * n >= others:
                    attrs.append("LM:" + names[kind])
        return attrs

    for occs in where.values():
        count = len(occs)
        if count < 2:
            continue
        counts = [0] * width  # the kinds of occs[lo:hi]: the sentences j-window … j+window
        lo = hi = 0
        for j, i, own in occs:
            while hi < count and occs[hi][0] <= j + window:
                counts[occs[hi][2]] += 1
                hi += 1
            while occs[lo][0] < j - window:
                counts[occs[lo][2]] -= 1
                lo += 1
            others = hi - lo - 1  # every occurrence in the window but this one
            if others > 0:
                seen = tuple(counts)
                attrs = memo.get((own, seen))
                if attrs is None:
                    attrs = memo[own, seen] = attributes(own, seen, others)
                out[j][i] = attrs
    return out


def corpus_prior(
    tagger: CrfTagger, corpus: Sequence[Sequence[str]], *, batch: int = 2000
) -> dict[str, tuple[str, ...]]:
    """Stem → label-prior attributes from first-pass tags of an unlabeled corpus.

    The corpus-wide version of label consistency: a name met once in a test article has often
    been tagged, in many unlabeled news sentences, where a cue made it easy ("نادي …",
    "الرئيس …"). ``CP:B-ORG3``: 50 % or more of the stem's occurrences were tagged B-ORG
    (``2``: 20 %, ``1``: 5 %). Only name labels give attributes: a "never a name" attribute
    (``CP:O``) cost recall on ANERcorp (docs/ner.md)."""
    labels: list[list[str]] = []
    for start in range(0, len(corpus), batch):
        labels.extend(tagger.tag_many(corpus[start : start + batch]))
    return prior_from_labels(tagger.features, corpus, labels)


def prior_from_labels(
    features: FeatureExtractor, corpus: Sequence[Sequence[str]], labels: Sequence[Sequence[str]]
) -> dict[str, tuple[str, ...]]:
    """The prior table (see ``corpus_prior``) of a tagged corpus."""
    word = features.word
    totals: Counter[str] = Counter()
    counts: dict[str, Counter[str]] = {}
    for words, tags in zip(corpus, labels, strict=True):
        for w, label in zip(words, tags, strict=True):
            key = word(w).name_key
            if key:
                totals[key] += 1
                if label != "O":
                    counts.setdefault(key, Counter())[label] += 1
    table: dict[str, tuple[str, ...]] = {}
    for key, total in totals.items():
        if total < PRIOR_MIN_COUNT:
            continue
        seen = counts.get(key, Counter())
        attrs = []
        for label, n in sorted(seen.items()):
            for threshold, digit in PRIOR_BUCKETS:
                if n >= threshold * total:
                    attrs.append(f"CP:{label}{digit}")
                    break
        if attrs:
            table[key] = tuple(attrs)
    return table


def with_prior(
    features: FeatureExtractor,
    sentences: Sequence[Sequence[str]],
    extra: list[list[list[str]]],
    prior: dict[str, tuple[str, ...]],
    *,
    keys: Sequence[Sequence[str]] | None = None,
) -> list[list[list[str]]]:
    """``extra`` (consistency attributes) with the corpus-prior attributes of each token's stem
    appended (new lists; equal combinations share one). ``keys``: as in ``consistency``."""
    if keys is None:
        keys = name_keys(features, sentences)
    memo: dict[tuple[int, tuple[str, ...]], list[str]] = {}
    out: list[list[list[str]]] = []
    for row_keys, row in zip(keys, extra, strict=True):
        new_row: list[list[str]] = []
        for key, attrs in zip(row_keys, row, strict=True):
            more = prior.get(key) if key else None
            if more is None:
                new_row.append(attrs)
                continue
            both = memo.get((id(attrs), more))
            if both is None:
                both = memo[id(attrs), more] = [*attrs, *more]
            new_row.append(both)
        out.append(new_row)
    return out


def jackknife(
    sentences: Sequence[Sentence],
    features: FeatureExtractor,
    config: TrainConfig,
    workdir: Path,
    *,
    folds: int = FOLDS,
    corpus: Sequence[Sequence[str]] | None = None,
) -> tuple[list[list[str]], list[tuple[int, int, dict[str, tuple[str, ...]]]]]:
    """First-pass labels of the training sentences, each fold tagged by a model trained on
    the other folds (contiguous folds, so articles stay whole), and with ``corpus`` each
    fold's ``(first, end, corpus prior)`` from that same model (so the second pass learns how
    far to trust a prior made without the sentence's own labels)."""
    from marsad.ner.train import train_crf

    n = len(sentences)
    out: list[list[str]] = []
    priors: list[tuple[int, int, dict[str, tuple[str, ...]]]] = []
    for f in range(folds):
        lo, hi = n * f // folds, n * (f + 1) // folds
        path = workdir / f".fold{f}.crfsuite"
        train_crf([*sentences[:lo], *sentences[hi:]], features, path, config)
        tagger = CrfTagger(path, features=features)
        out.extend(tagger.tag_many([s.tokens for s in sentences[lo:hi]]))
        if corpus is not None:
            priors.append((lo, hi, corpus_prior(tagger, corpus)))
        path.unlink()
    return out, priors


def jackknife_labels(
    sentences: Sequence[Sentence],
    features: FeatureExtractor,
    config: TrainConfig,
    workdir: Path,
    *,
    folds: int = FOLDS,
) -> list[list[str]]:
    """First-pass labels of the training sentences from a ``folds``-fold jackknife."""
    return jackknife(sentences, features, config, workdir, folds=folds)[0]


class StackedTagger:
    """Two CRFs: the first pass tags, the second re-tags with label-consistency attributes.

    Same interface as ``CrfTagger`` for what the pipeline, ``marsad eval`` and the benchmark
    use (``tag_many``, ``tag``, ``entities_many``, ``entities``)."""

    def __init__(
        self,
        first: CrfTagger,
        second: CrfTagger,
        *,
        window: int = WINDOW,
        prior: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.first = first
        self.second = second
        self.window = window
        #: stem → corpus label-prior attributes (``corpus_prior``); None for models without one
        self.prior = prior
        self.labels = second.labels
        self.features = first.features

    def _extra(self, sentences: Sequence[Sequence[str]]) -> list[list[list[str]]]:
        labels = self.first.tag_many(sentences)
        keys = name_keys(self.features, sentences)
        extra = consistency(self.features, sentences, labels, window=self.window, keys=keys)
        if self.prior:
            extra = with_prior(self.features, sentences, extra, self.prior, keys=keys)
        return extra

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 labels for a stream of sentences (in document order)."""
        return self.second.tag_many(sentences, extra=self._extra(sentences))

    def tag(self, words: Sequence[str]) -> list[str]:
        return self.tag_many([words])[0]

    def entities_many(
        self, sentences: Sequence[Sequence[str]]
    ) -> list[list[tuple[str, int, int, float]]]:
        """Entities ``(label, first, last, score)`` of a stream of sentences (see CrfTagger)."""
        return self.second.entities_many(sentences, extra=self._extra(sentences))

    def entities(self, words: Sequence[str]) -> list[tuple[str, int, int, float]]:
        return self.entities_many([words])[0]


def load_tagger(
    model_path: Path = DEFAULT_MODEL, *, stacked: bool = True
) -> CrfTagger | StackedTagger:
    """The tagger of a trained model: stacked when the second-pass model (``ner.stack.crfsuite``)
    lies beside the first pass's, else the single CRF. ``stacked=False`` keeps the first pass
    only: about 1.5 F1 lower on the held-back slice, cold tagging about 1.4× faster."""
    first = CrfTagger(model_path)
    stack = model_path.with_name(STACK_FILE)
    if not stacked or not stack.is_file():
        return first
    prior_path = model_path.with_name(PRIOR_FILE)
    prior = read_contexts(prior_path) if prior_path.is_file() else None
    return StackedTagger(first, CrfTagger(stack, features=first.features), prior=prior)


def write_prior(prior: dict[str, tuple[str, ...]], path: Path) -> None:
    """Write a corpus prior table (byte-identical for the same table)."""
    write_contexts(prior, path)
