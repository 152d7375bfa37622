"""The CRF tagger: one class wrapping python-crfsuite, plus the resources it was trained with."""

from __future__ import annotations

import os
import tempfile
import weakref
from collections.abc import Sequence
from itertools import chain, repeat
from pathlib import Path
from typing import TypeVar

import numpy as np
import pycrfsuite

try:  # compiled decoding loop (see ``_viterbi_kernel``); numpy's loop when numba is missing
    import numba
except ImportError:  # pragma: no cover - numba is a pinned dependency
    numba = None  # type: ignore[assignment]

from marsad.ner.clusters import read_clusters
from marsad.ner.contexts import CONTEXTS_FILE, read_contexts
from marsad.ner.features import WINDOW, FeatureExtractor
from marsad.ner.lexicons import ACTORS_FILE, DATA_DIR, PLACES_FILE, NerLexicons
from marsad.text import CliticSplitter, default_splitter

MODEL_FILE = "ner.crfsuite"
CLUSTERS_FILE = "clusters.tsv.gz"
DEFAULT_MODEL = DATA_DIR / MODEL_FILE


#: what ``CrfTagger._split`` cuts into sentences: label indices, marginals or emission rows
_Flat = TypeVar("_Flat", list[int], list[float], np.ndarray)

#: ``_add_words`` sums attribute lists in groups of lengths padded to a multiple of this
_PAD_TO = 8
#: … when it scores fewer new words than this at once
_PAD_BELOW = 256


def _viterbi_loop(
    em: np.ndarray, ends: np.ndarray, trans: np.ndarray, out: np.ndarray
) -> None:  # pragma: no cover - compiled by numba (its Python form runs in the tests)
    """Viterbi over sentences laid end to end in ``em`` (tokens × labels), sentence k ending
    before ``ends[k]``; the best labels go into ``out`` (tokens).

    The same float operations as numpy's batched loop (``CrfTagger._viterbi_numpy``), so the
    same scores and the same paths: a candidate is ``previous + transition``, the best is the
    first maximum over the previous labels (numpy's argmax), the new score ``best + emission``.
    Compiled, it costs ~0.1 ms per report instead of ~0.65 ms of numpy call overhead (three
    small calls per token position)."""
    n = em.shape[1]
    score = np.empty(n)
    new = np.empty(n)
    back = np.empty((em.shape[0], n), dtype=np.intp)
    lo = 0
    for hi in ends:
        if hi > lo:
            for j in range(n):
                score[j] = em[lo, j]
            for t in range(lo + 1, hi):
                for j in range(n):
                    best = score[0] + trans[0, j]
                    arg = 0
                    for i in range(1, n):
                        cand = score[i] + trans[i, j]
                        if cand > best:
                            best = cand
                            arg = i
                    back[t, j] = arg
                    new[j] = best + em[t, j]
                for j in range(n):
                    score[j] = new[j]
            current = 0
            for j in range(1, n):
                if score[j] > score[current]:
                    current = j
            out[hi - 1] = current
            for t in range(hi - 1, lo, -1):
                current = back[t, current]
                out[t - 1] = current
        lo = hi


def _sum_loop(
    weights: np.ndarray,
    rows_of_ids: np.ndarray,
    flat: np.ndarray,
    lengths: np.ndarray,
    scores: np.ndarray,
    first: int,
) -> None:  # pragma: no cover - compiled by numba (its Python form runs in the tests)
    """Score new words: segment s of ``flat`` (``lengths[s]`` attribute ids) is the attribute
    list of word ``first + s // slots`` at slot ``s % slots`` (0: its own; 1 + k: what it gives
    the word at ``WINDOW[k]``); its weight rows (``rows_of_ids[id, slot]``) are summed in
    order into ``scores[slot, word]``, starting from the first row as numpy's ``sum`` does, so
    the sums are the same floats as ``CrfTagger._score``'s."""
    slots = scores.shape[0]
    n = scores.shape[2]
    pos = 0
    for s in range(len(lengths)):
        word = first + s // slots
        slot = s % slots
        size = lengths[s]
        if size == 0:
            for c in range(n):
                scores[slot, word, c] = 0.0
            continue
        row = rows_of_ids[flat[pos], slot]
        for c in range(n):
            scores[slot, word, c] = weights[row, c]
        for k in range(pos + 1, pos + size):
            row = rows_of_ids[flat[k], slot]
            for c in range(n):
                scores[slot, word, c] += weights[row, c]
        pos += size


def _bigram_row(keys: np.ndarray, code: int) -> int:  # pragma: no cover - compiled by numba
    """The index of ``code`` among the sorted ``keys``, or -1."""
    if keys.size == 0:
        return -1
    k = min(int(np.searchsorted(keys, code)), keys.size - 1)
    return k if keys[k] == code else -1


def _emission_loop(
    scores: np.ndarray,
    idx: np.ndarray,
    ends: np.ndarray,
    bos: np.ndarray,
    eos: np.ndarray,
    sids: np.ndarray,
    bigrams: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int, int, int],
    extra_at: np.ndarray,
    extra_rows: np.ndarray,
    em: np.ndarray,
) -> None:  # pragma: no cover - compiled by numba (its Python form runs in the tests)
    """The state scores ``em`` (tokens × labels) of sentences laid end to end (sentence k ends
    before ``ends[k]``; ``idx``: each token's word id). At each token, in this order: the
    word's own sums; what each neighbour of ``WINDOW`` gives it (times 1.0 in the same
    sentence, 0.0 across a boundary); BOS; EOS; the stem bigram before it; after it; its
    extra row (``extra_rows[k]`` for token ``extra_at[k]``). The same float operations in the
    same order as numpy's whole-array steps (``CrfTagger._emission_numpy``), so the same floats
    without a numpy call per step."""
    before_keys, before_rows, after_keys, after_rows, n_stems, bos_sid, eos_sid = bigrams
    n = em.shape[1]
    total = idx.size
    lo = 0
    for hi in ends:
        for i in range(lo, hi):
            word = idx[i]
            for c in range(n):
                em[i, c] = scores[0, word, c]
            for slot in range(1, 5):
                j = i + (-2, -1, 1, 2)[slot - 1]
                if 0 <= j < total:
                    same = 1.0 if lo <= j < hi else 0.0
                    other = idx[j]
                    for c in range(n):
                        em[i, c] += scores[slot, other, c] * same
            if i == lo:
                for c in range(n):
                    em[i, c] += bos[c]
            if i == hi - 1:
                for c in range(n):
                    em[i, c] += eos[c]
            cur = sids[word]
            prev = bos_sid if i == lo else sids[idx[i - 1]]
            nxt = eos_sid if i == hi - 1 else sids[idx[i + 1]]
            if prev >= 0 and cur >= 0:
                k = _bigram_row(before_keys, prev * n_stems + cur)
                if k >= 0:
                    for c in range(n):
                        em[i, c] += before_rows[k, c]
            if cur >= 0 and nxt >= 0:
                k = _bigram_row(after_keys, cur * n_stems + nxt)
                if k >= 0:
                    for c in range(n):
                        em[i, c] += after_rows[k, c]
        lo = hi
    for k in range(extra_at.size):
        i = extra_at[k]
        for c in range(n):
            em[i, c] += extra_rows[k, c]


def _marginal_loop(
    em: np.ndarray, ends: np.ndarray, trans: np.ndarray, path: np.ndarray, out: np.ndarray
) -> None:  # pragma: no cover - compiled by numba (its Python form runs in the tests)
    """Each token's marginal probability of its label ``path[t]`` (``out``), by
    forward-backward with per-step scaling over sentences laid end to end in ``em`` (tokens ×
    labels; sentence k ends before ``ends[k]``); ``trans``: the exponentiated transitions.

    The steps of numpy's batched ``CrfTagger._marginals``, one sentence at a time: the sums
    over labels run in label order where BLAS picks its own, so the figures agree with it to
    ~1e-15, not bit for bit (scores are rounded to 4 decimals). Compiled, it costs a few
    µs per sentence instead of four numpy calls per token position."""
    n = em.shape[1]
    size = em.shape[0]
    expo = np.empty((size, n))
    alpha = np.empty((size, n))
    beta = np.empty((size, n))
    for t in range(size):
        top = em[t, 0]
        for j in range(1, n):
            if em[t, j] > top:
                top = em[t, j]
        for j in range(n):
            expo[t, j] = np.exp(em[t, j] - top)
    lo = 0
    for hi in ends:
        if hi > lo:
            total = 0.0
            for j in range(n):
                total += expo[lo, j]
            for j in range(n):
                alpha[lo, j] = expo[lo, j] / total
            for t in range(lo + 1, hi):
                total = 0.0
                for j in range(n):
                    a = 0.0
                    for i in range(n):
                        a += alpha[t - 1, i] * trans[i, j]
                    a *= expo[t, j]
                    alpha[t, j] = a
                    total += a
                for j in range(n):
                    alpha[t, j] /= total
            for j in range(n):
                beta[hi - 1, j] = 1.0
            for t in range(hi - 2, lo - 1, -1):
                total = 0.0
                for i in range(n):
                    c = 0.0
                    for j in range(n):
                        c += expo[t + 1, j] * beta[t + 1, j] * trans[i, j]
                    beta[t, i] = c
                    total += c
                for i in range(n):
                    beta[t, i] /= total
            for t in range(lo, hi):
                total = 0.0
                for j in range(n):
                    total += alpha[t, j] * beta[t, j]
                out[t] = alpha[t, path[t]] * beta[t, path[t]] / total
        lo = hi


#: compiled once per installation (numba's cache beside this file), on first use
_viterbi_kernel = numba.njit(cache=True, nogil=True)(_viterbi_loop) if numba is not None else None
_sum_kernel = numba.njit(cache=True, nogil=True)(_sum_loop) if numba is not None else None
if numba is not None:  # the emission loop calls the bigram search compiled
    _bigram_row = numba.njit(cache=True, nogil=True, inline="always")(_bigram_row)
_emission_kernel = numba.njit(cache=True, nogil=True)(_emission_loop) if numba is not None else None
_marginal_kernel = numba.njit(cache=True, nogil=True)(_marginal_loop) if numba is not None else None


def _model_weights(
    crfsuite: pycrfsuite.Tagger,
) -> tuple[dict[tuple[str, str], float], dict[tuple[str, str], float]]:
    """``(transitions, state_features)`` of an open model, ``{(from or attribute, label):
    weight}``: crfsuite's own text dump read as ``pycrfsuite.Tagger.info`` reads it (the same
    weights, the same floats), but split with ``str`` methods instead of a regex per line:
    ~0.2 s less per model at start-up. (crfsuite keeps its weights in private structures;
    its dump is the one way to read them.)"""
    transitions: dict[tuple[str, str], float] = {}
    state_features: dict[tuple[str, str], float] = {}
    fd, name = tempfile.mkstemp(suffix=".crfdump")
    os.close(fd)
    try:
        crfsuite.dump(name)
        with open(name, encoding="utf-8", newline="") as fh:
            section: dict[tuple[str, str], float] | None = None
            for raw in fh:
                line = raw.lstrip().rstrip("\r\n")
                if line.endswith(" = {"):
                    head = line[: -len(" = {")]
                    section = {"TRANSITIONS": transitions, "STATE_FEATURES": state_features}.get(
                        head
                    )
                elif line == "}":
                    section = None
                elif section is not None and line:
                    # "(12) attribute --> label: 0.123456"
                    pair, _, weight = line.rpartition(": ")
                    source, _, label = pair.partition(") ")[2].rpartition(" --> ")
                    section[source, label] = float(weight)
    finally:
        os.unlink(name)
    return transitions, state_features


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
    lexicons = NerLexicons.load(
        places_path=resources / PLACES_FILE, actors_path=resources / ACTORS_FILE, splitter=splitter
    )
    clusters = read_clusters(resources / CLUSTERS_FILE)
    contexts = read_contexts(resources / CONTEXTS_FILE)
    return FeatureExtractor(
        lexicons=lexicons, clusters=clusters, contexts=contexts, splitter=splitter, known=known
    )


class _SharedWords:
    """The word → score-table id map of every tagger built on one feature extractor (the two
    passes of a stacked tagger): a word new to them is scored for all of them at once (one
    feature lookup, one id), and the second pass over the same tokens finds their ids ready
    (the last word list and its ids are kept)."""

    __slots__ = ("ids", "last", "members")

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.members: weakref.WeakSet[CrfTagger] = weakref.WeakSet()
        self.last: tuple[list[str], list[int]] | None = None

    def clear(self) -> None:
        """Forget every word (their rows are overwritten as words get new ids)."""
        self.ids.clear()
        self.last = None


#: feature extractor → the word ids of the taggers that use it
_SHARED: weakref.WeakKeyDictionary[FeatureExtractor, _SharedWords] = weakref.WeakKeyDictionary()


class CrfTagger:
    """Tags token sequences with IOB2 labels (PERS/LOC/ORG/MISC) using a trained CRF model.

    crfsuite trains the model; decoding is done here on the model's own weights (read once
    from crfsuite's dump, see ``_model_weights``), with compiled loops (numba) and numpy as
    their fallback. Hand-written on purpose: crfsuite needs every token's
    attributes as strings (~50 per token) converted and looked up on each call, which caps
    throughput far below our goal, while a linear-chain CRF's label scores are sums of
    per-attribute weight vectors that can be summed once per distinct word and cached. Sentences
    are decoded in batches. Output equals
    crfsuite's Viterbi (``tag_reference``; checked in tests/ner).

    The cluster table and place snapshot are read from the model's directory, so a model and
    the resources it was trained with always travel together.
    """

    def __init__(
        self,
        model_path: Path = DEFAULT_MODEL,
        *,
        splitter: CliticSplitter | None = None,
        features: FeatureExtractor | None = None,
        cache_size: int = 2_000_000,
    ) -> None:
        if not model_path.is_file():
            raise ModelNotFoundError(
                f"NER model not found at {model_path}; train it with `marsad train ner`"
            )
        self.model_path = model_path
        self._crfsuite = pycrfsuite.Tagger()
        self._crfsuite.open(str(model_path))
        transitions, state_features = _model_weights(self._crfsuite)
        self.labels: tuple[str, ...] = tuple(self._crfsuite.labels())
        label_index = {label: i for i, label in enumerate(self.labels)}
        n = len(self.labels)
        # all state weights in one matrix, a row per attribute in the order of the model's
        # dump: a word's score is one fancy-indexed sum. Then a zero row, for unknown
        # attributes, and a row of -0.0, the padding of ``_add_words`` (x + -0.0 == x, exactly)
        attr_ids: dict[str, int] = {}
        at: list[int] = []
        label_at: list[int] = []
        for attr, label in state_features:
            at.append(attr_ids.setdefault(attr, len(attr_ids)))
            label_at.append(label_index[label])
        unknown = len(attr_ids)
        self._attr_ids = attr_ids
        self._weights = np.zeros((unknown + 2, n))
        self._weights[at, label_at] = list(state_features.values())
        self._weights[unknown + 1] = -0.0
        self._pad_row = unknown + 1
        # an unprefixed attribute name → its rows as a word's own attribute and behind each
        # window offset's prefix ("w=x", "-2:w=x", "-1:w=x", "1:w=x", "2:w=x"); the feature
        # extractor only interns the unprefixed names
        slot_of = {f"{off}:": k for k, off in enumerate(WINDOW, start=1)}
        self._unknown_slots = (unknown,) * (1 + len(WINDOW))
        by_name: dict[str, list[int]] = {}
        for attr, i in self._attr_ids.items():
            head, sep, rest = attr.partition(":")
            slot = slot_of.get(head + sep, 0)
            name = rest if slot else attr
            slots = by_name.get(name)
            if slots is None:
                slots = by_name[name] = list(self._unknown_slots)
            slots[slot] = i
        #: name → its index in ``_slot_rows`` (one row of five weight-row indices per name, and
        #: a last row for names the model does not know): new names are mapped with one
        #: dictionary pass and one fancy index instead of a tuple per name
        self._slot_index = {name: k for k, name in enumerate(by_name)}
        self._slot_rows = np.array([*by_name.values(), self._unknown_slots], dtype=np.intp)
        # stem-bigram attributes ("b-1=x|y", "b+1=x|y") keyed by (x, y): a tuple of two cached
        # strings hashes faster than formatting a new string per token
        self._before: dict[tuple[str, str], np.ndarray] = {}
        self._after: dict[tuple[str, str], np.ndarray] = {}
        for attr, i in attr_ids.items():
            if attr.startswith(("b-1=", "b+1=")):
                left, _, right = attr[4:].partition("|")
                (self._before if attr[1] == "-" else self._after)[(left, right)] = self._weights[i]
        # the same bigrams as sorted integer codes (left stem id × stems + right stem id) and
        # their rows, looked up for a whole batch at once with searchsorted
        stem_ids: dict[str, int] = {}
        for left, right in [*self._before, *self._after]:
            stem_ids.setdefault(left, len(stem_ids))
            stem_ids.setdefault(right, len(stem_ids))
        self._stem_ids = stem_ids
        self._n_stems = len(stem_ids)
        self._bos_sid = stem_ids.get("<s>", -1)
        self._eos_sid = stem_ids.get("</s>", -1)
        self._before_keys, self._before_rows = self._bigram_table(self._before)
        self._after_keys, self._after_rows = self._bigram_table(self._after)
        #: the bigram tables as the compiled emission loop takes them
        self._bigrams = (
            self._before_keys,
            self._before_rows,
            self._after_keys,
            self._after_rows,
            self._n_stems,
            self._bos_sid,
            self._eos_sid,
        )
        # entity type and "begins an entity" of each label, for span decoding
        self._types = [label[2:] if label != "O" else "" for label in self.labels]
        self._begins = [label.startswith("B-") for label in self.labels]
        self._transitions = np.zeros((n, n))
        for (prev, cur), weight in transitions.items():
            self._transitions[label_index[prev], label_index[cur]] = weight
        #: the forward-backward's transition factors (``_marginal_loop``)
        self._exp_transitions = np.exp(self._transitions)
        self._zero = np.zeros(n)
        self._bos = self._weights[attr_ids["BOS"]] if "BOS" in attr_ids else self._zero
        self._extra_rows: dict[tuple[str, ...], np.ndarray] = {}
        self._eos = self._weights[attr_ids["EOS"]] if "EOS" in attr_ids else self._zero
        if features is None:
            # unknown attributes need no filtering: they index the zero row of the weights
            features = load_features(model_path.parent, splitter=splitter)
        self.features = features
        self.cache_size = cache_size
        # per distinct word: an id into the score table, shared with the other taggers on the
        # same feature extractor (bounded by ``cache_size``; kept across calls, so a
        # long-running pipeline scores each word once); they have no scores of this tagger's
        # yet, so every word is forgotten once
        shared = _SHARED.get(features)
        if shared is None:
            shared = _SHARED[features] = _SharedWords()
        shared.members.add(self)
        shared.clear()
        self._shared = shared
        #: feature-extractor attribute id → its rows of ``_weights``, as a word's own attribute
        #: (column 0) and behind each offset of ``WINDOW`` (column 1 + the offset's index)
        #: (rows past ``_mapped`` are spare capacity: the table grows by doubling, so mapping a
        #: few new names never copies the whole table)
        self._rows_of_ids = np.zeros((1024, 1 + len(WINDOW)), dtype=np.intp)
        self._mapped = 0
        #: (1 + window offsets) × words × labels: a word's own summed weights (slot 0) and what
        #: it gives the word at each offset of ``WINDOW`` (slot 1 + the offset's index)
        #: (stored word-major, ``_score_table``: a word's five rows lie together in memory, and
        #: a token reads all five of its neighbourhood's within a few positions)
        self._scores = self._score_table(1024, n)
        #: per word id: its stem's id among the bigram stems (-1: in no bigram of the model)
        self._sids = np.full(1024, -1, dtype=np.intp)

    @staticmethod
    def _score_table(words: int, labels: int) -> np.ndarray:
        """A zeroed (slots × words × labels) score table laid out word-major in memory."""
        return np.zeros((words, 1 + len(WINDOW), labels)).transpose(1, 0, 2)

    def _bigram_table(
        self, bigrams: dict[tuple[str, str], np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Sorted integer codes of stem bigrams and their weight rows, in the same order."""
        n = len(self.labels)
        codes = np.array(
            [self._stem_ids[a] * self._n_stems + self._stem_ids[b] for a, b in bigrams],
            dtype=np.intp,
        )
        rows = np.array(list(bigrams.values())).reshape(len(bigrams), n)
        order = np.argsort(codes)
        return codes[order], rows[order]

    def _score(self, ids: Sequence[int], slot: int) -> np.ndarray:
        """Summed weights of attributes given by the feature extractor's attribute ids, at
        ``slot`` (0: a word's own; 1 + k: behind ``WINDOW[k]``'s prefix); one word at a time:
        the reference for ``_add_words``, which tests compare it with."""
        self._map_attributes()
        return self._weights[self._rows_of_ids[np.asarray(ids, dtype=np.intp), slot]].sum(axis=0)

    def _map_attributes(self) -> None:
        """Look up the weight rows of attributes new to this tagger (unknown → the zero row)."""
        names = self.features.attribute_names
        done, total = self._mapped, len(names)
        if done < total:
            if total > len(self._rows_of_ids):
                grown = np.zeros((max(total, 2 * len(self._rows_of_ids)), 1 + len(WINDOW)), np.intp)
                grown[:done] = self._rows_of_ids[:done]
                self._rows_of_ids = grown
            found = map(self._slot_index.get, names[done:total], repeat(len(self._slot_index)))
            self._rows_of_ids[done:total] = self._slot_rows[np.fromiter(found, dtype=np.intp)]
            self._mapped = total

    @property
    def _ids(self) -> dict[str, int]:
        """Word → score-table id (shared, see ``_SharedWords``)."""
        return self._shared.ids

    def _word_ids(self, words: Sequence[str]) -> list[int]:
        """Score-table ids of words, scoring the ones not seen before in one batch."""
        shared = self._shared
        last = shared.last
        if last is not None and last[0] == words:  # the other pass over the same tokens
            return last[1]
        get = shared.ids.get
        ids = list(map(get, words, repeat(-1)))
        if -1 in ids:
            new = list(dict.fromkeys(w for w, i in zip(words, ids, strict=True) if i < 0))
            if len(shared.ids) + len(new) > self.cache_size:  # bounded: start again when full
                shared.clear()
                new = list(dict.fromkeys(words))
            self._add_words(new)
            ids = list(map(get, words, repeat(-1)))
        shared.last = (list(words), ids)
        return ids

    def _add_words(self, words: Sequence[str]) -> None:
        """Score new words for every tagger sharing this one's words (``_score_words``)."""
        shared = self._shared
        feats = [self.features.word(w) for w in words]
        first = len(shared.ids)
        # every (word, slot) attribute list as a segment of one array: (start, length)
        flat = np.fromiter(chain.from_iterable([wf.all_ids for wf in feats]), dtype=np.intp)
        lengths = np.fromiter(chain.from_iterable([wf.lengths for wf in feats]), dtype=np.intp)
        stems = [wf.stem for wf in feats]
        for tagger in list(shared.members):
            tagger._score_words(flat, lengths, stems, first)
        shared.ids.update(zip(words, range(first, first + len(words)), strict=True))
        shared.last = None

    def _score_words(
        self, flat: np.ndarray, lengths: np.ndarray, stems: Sequence[str], first: int
    ) -> None:
        """Score new words (ids ``first`` …; ``flat``/``lengths``: their attribute lists, see
        ``_sum_loop``): every (word, slot) attribute list summed by one compiled loop, or
        without numba in numpy steps: lists of about the same length together, each padded at
        its end to its group's length with a row of -0.0. Either way the sums are
        bit-identical to ``_score``'s: a stack of equal-length rows sums each row exactly as
        ``sum(axis=0)`` sums one, in order, and adding -0.0 changes no float
        (tests/ner/test_fast_path.py)."""
        end = first + len(stems)
        capacity = self._scores.shape[1]
        if end > capacity:
            grown = self._score_table(max(end, 2 * capacity), self._scores.shape[2])
            grown[:, :capacity] = self._scores
            self._scores = grown
            self._sids = np.concatenate([self._sids, np.full(grown.shape[1] - capacity, -1)])
        self._map_attributes()
        if _sum_kernel is not None:
            _sum_kernel(self._weights, self._rows_of_ids, flat, lengths, self._scores, first)
        else:
            self._sum_numpy(flat, lengths, first, end)
        self._sids[first:end] = list(map(self._stem_ids.get, stems, repeat(-1)))

    def _sum_numpy(self, flat: np.ndarray, lengths: np.ndarray, first: int, end: int) -> None:
        """``_sum_loop`` in numpy steps (see ``_add_words``)."""
        starts = np.cumsum(lengths) - lengths
        slots = np.tile(np.arange(1 + len(WINDOW)), end - first)
        wids = np.repeat(np.arange(first, end), 1 + len(WINDOW))
        # the rows, then the padding row at index len(flat)
        rows = np.append(self._rows_of_ids[flat, np.repeat(slots, lengths)], self._pad_row)
        weights, scores = self._weights, self._scores
        # few words: groups of lengths rounded up to a multiple of _PAD_TO (few numpy steps);
        # many: one group per length (the steps are amortised, padding would not be)
        pad_to = _PAD_TO if end - first < _PAD_BELOW else 1
        padded = -(-lengths // pad_to) * pad_to
        for length in np.unique(padded).tolist():
            chosen = np.flatnonzero(padded == length)
            span = np.arange(length)
            where = starts[chosen, None] + span
            if pad_to > 1:
                where[span >= lengths[chosen, None]] = len(flat)
            scores[slots[chosen], wids[chosen]] = weights[rows[where]].sum(axis=1)

    def _extra_row(self, attrs: Sequence[str]) -> np.ndarray:
        """The summed weights of a token's extra attributes (few distinct sets: cached)."""
        key = tuple(attrs)
        row = self._extra_rows.get(key)
        if row is None:
            row = self._zero.copy()
            for attr in key:
                i = self._attr_ids.get(attr)
                if i is not None:
                    row += self._weights[i]
            self._extra_rows[key] = row
        return row

    def _emissions(
        self,
        sentences: Sequence[Sequence[str]],
        extra: Sequence[Sequence[Sequence[str]]] | None = None,
    ) -> list[np.ndarray]:
        """(tokens × labels) state scores of each sentence: the sum of its attributes' weights
        (``extra``: more attributes per token, e.g. the stacked pass's; see stacking.py)."""
        em, lengths = self._emission_matrix(sentences, extra)
        return self._split(em, lengths)

    @staticmethod
    def _split(flat: _Flat, lengths: Sequence[int]) -> list[_Flat]:
        """Each sentence's part of ``flat`` (sentences laid end to end; rows of an array are
        views)."""
        out: list[_Flat] = []
        pos = 0
        for length in lengths:
            out.append(flat[pos : pos + length])
            pos += length
        return out

    def _emission_matrix(
        self,
        sentences: Sequence[Sequence[str]],
        extra: Sequence[Sequence[Sequence[str]]] | None = None,
    ) -> tuple[np.ndarray, list[int]]:
        """The state scores of sentences laid end to end (tokens × labels), and their lengths;
        every token's row is computed on its own, so it does not depend on the other sentences
        passed along (``_emissions`` of any batch gives the same rows)."""
        ids = self._word_ids([w for words in sentences for w in words])
        lengths = [len(words) for words in sentences]
        total = len(ids)
        idx = np.asarray(ids, dtype=np.intp)
        extra_at, extra_rows = self._extra_rows_of(extra, lengths, total)
        if _emission_kernel is None:
            return self._emission_numpy(idx, lengths, extra_at, extra_rows), lengths
        em = np.empty((total, len(self.labels)))
        _emission_kernel(
            self._scores,
            idx,
            np.cumsum(np.asarray(lengths, dtype=np.intp)),
            self._bos,
            self._eos,
            self._sids,
            self._bigrams,
            extra_at,
            extra_rows,
            em,
        )
        return em, lengths

    def _extra_rows_of(
        self,
        extra: Sequence[Sequence[Sequence[str]]] | None,
        lengths: Sequence[int],
        total: int,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The tokens that have extra attributes and the summed weights of each one's."""
        found: list[np.ndarray] = []
        where: list[int] = []
        if extra is not None:
            if len(extra) != len(lengths):
                raise ValueError("extra: one list of attribute lists per sentence")
            flat = list(chain.from_iterable(extra))
            if len(flat) != total:
                raise ValueError("extra: one attribute list per token")
            where = [k for k, attrs in enumerate(flat) if attrs]
            rows_of: dict[int, np.ndarray] = {}  # by list identity: equal lists are shared
            for k in where:
                attrs = flat[k]
                row = rows_of.get(id(attrs))
                if row is None:
                    row = rows_of[id(attrs)] = self._extra_row(attrs)
                found.append(row)
        rows = np.array(found) if found else np.zeros((0, len(self.labels)))
        return np.asarray(where, dtype=np.intp), rows

    def _emission_numpy(
        self, idx: np.ndarray, lengths: Sequence[int], extra_at: np.ndarray, extra_rows: np.ndarray
    ) -> np.ndarray:
        """``_emission_loop`` in numpy steps over the whole array."""
        total = len(idx)
        sent = np.repeat(np.arange(len(lengths)), lengths)
        scores = self._scores
        em = scores[0][idx]
        for slot, off in enumerate(WINDOW, start=1):
            if total <= abs(off):
                continue
            neighbour = scores[slot][idx]
            if off < 0:  # token i gets what token i+off (before it) gives
                same = sent[-off:] == sent[:off]
                em[-off:] += neighbour[:off] * same[:, None]
            else:
                same = sent[:-off] == sent[off:]
                em[:-off] += neighbour[off:] * same[:, None]
        # then, in this order at each token: BOS, EOS, the stem bigram before it, after it
        # (the same additions in the same order as one token at a time, so the same floats)
        sizes = np.asarray(lengths, dtype=np.intp)
        ends = np.cumsum(sizes)
        firsts = (ends - sizes)[sizes > 0]
        lasts = ends[sizes > 0] - 1
        em[firsts] += self._bos
        em[lasts] += self._eos
        if total:
            cur = self._sids[idx]
            prev = np.empty_like(cur)
            prev[1:] = cur[:-1]
            prev[firsts] = self._bos_sid
            after = np.empty_like(cur)
            after[:-1] = cur[1:]
            after[lasts] = self._eos_sid
            self._add_bigrams(em, self._before_keys, self._before_rows, prev, cur)
            self._add_bigrams(em, self._after_keys, self._after_rows, cur, after)
        if extra_at.size:  # one row per token that has extra attributes, added at once
            em[extra_at] += extra_rows
        return em

    def _add_bigrams(
        self,
        em: np.ndarray,
        keys: np.ndarray,
        rows: np.ndarray,
        left: np.ndarray,
        right: np.ndarray,
    ) -> None:
        """Add the weights of the stem bigrams (left[i], right[i]) the model knows to em[i]."""
        if not keys.size:
            return
        where = np.flatnonzero((left >= 0) & (right >= 0))
        code = left[where] * self._n_stems + right[where]
        found = np.minimum(np.searchsorted(keys, code), keys.size - 1)
        hit = keys[found] == code
        em[where[hit]] += rows[found[hit]]

    @staticmethod
    def _pad(ems: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Stack a batch into (sentences × steps × labels), zero-padded after each sentence."""
        lengths = np.fromiter((len(e) for e in ems), dtype=np.intp, count=len(ems))
        steps = int(lengths.max())
        padded = np.zeros((len(ems), steps, ems[0].shape[1]))
        for b, e in enumerate(ems):
            padded[b, : len(e)] = e
        return padded, lengths

    def _viterbi_numpy(self, ems: Sequence[np.ndarray]) -> list[list[int]]:
        """Best label paths of a batch of sentences, with numpy (when numba is missing; the
        reference the compiled loop is checked against).

        Padding only follows a sentence, so each sentence's scores and back-pointers up to its
        own last token are exact; after its end the back-pointers are set to "stay", so every
        path is traced back from the last step, starting at its sentence's own best end label.
        Time-major arrays and reused buffers: a handful of numpy steps per position."""
        em, lengths = self._pad(ems)
        batch, steps, n = em.shape
        em = em.transpose(1, 0, 2).copy()  # steps × batch × labels: each step contiguous
        trans = self._transitions[None, :, :]
        back = np.empty((steps, batch, n), dtype=np.intp)
        history = np.empty_like(em)
        history[0] = em[0]
        cand = np.empty((batch, n, n))
        best = np.empty((batch, n))
        before = history[:, :, :, None]  # before[t - 1]: the scores entering step t, as columns
        for t in range(1, steps):
            np.add(before[t - 1], trans, out=cand)
            cand.argmax(axis=1, out=back[t])
            np.maximum.reduce(cand, axis=1, out=best)
            np.add(best, em[t], out=history[t])
        rows = np.arange(batch)
        current = history[lengths - 1, rows].argmax(axis=1)
        back[np.arange(steps)[:, None] >= lengths] = np.arange(n)  # after the end: stay
        paths = np.empty((steps, batch), dtype=np.intp)
        for t in range(steps - 1, 0, -1):
            paths[t] = current
            current = back[t, rows, current]
        paths[0] = current
        return [paths[: lengths[b], b].tolist() for b in range(batch)]

    def _marginals(self, ems: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Per-token label marginals of a batch: forward-backward with per-step scaling.

        The forward pass runs on sentences padded after their end, the backward pass on the
        same sentences padded before their start, so no step ever mixes in padding. Arrays are
        time-major (each step contiguous) and the steps write into reused buffers."""
        trans = np.exp(self._transitions)
        trans_t = trans.T
        lengths = np.fromiter((len(e) for e in ems), dtype=np.intp, count=len(ems))
        batch, steps, n = len(ems), int(lengths.max()), ems[0].shape[1]
        # time-major, zero-padded after each sentence (forward) and before it (backward)
        em = np.zeros((steps, batch, n))
        em_r = np.zeros((steps, batch, n))
        for k, e in enumerate(ems):
            em[: len(e), k] = e
            em_r[steps - len(e) :, k] = e
        expo = np.exp(em - em.max(axis=2, keepdims=True))
        alpha = np.empty_like(expo)
        a = expo[0]
        alpha[0] = a / a.sum(axis=1, keepdims=True)
        a = np.empty((batch, n))
        total = np.empty((batch, 1))
        for t in range(1, steps):
            np.matmul(alpha[t - 1], trans, out=a)
            a *= expo[t]
            np.divide(a, np.add.reduce(a, axis=1, keepdims=True, out=total), out=alpha[t])
        expo_r = np.exp(em_r - em_r.max(axis=2, keepdims=True))
        beta = np.ones_like(expo_r)
        b = np.empty((batch, n))
        c = np.empty((batch, n))
        for t in range(steps - 2, -1, -1):
            np.multiply(expo_r[t + 1], beta[t + 1], out=b)
            np.matmul(b, trans_t, out=c)
            np.divide(c, np.add.reduce(c, axis=1, keepdims=True, out=total), out=beta[t])
        # every sentence's tokens in one array (sentence by sentence): row-wise products and
        # sums, the same floats as one sentence at a time
        sentence = np.repeat(np.arange(batch), lengths)
        position = np.arange(len(sentence)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        product = alpha[position, sentence] * beta[position + steps - lengths[sentence], sentence]
        return self._split(product / product.sum(axis=1, keepdims=True), lengths.tolist())

    def _spans(self, path: Sequence[int]) -> list[tuple[str, int, int]]:
        """Entity spans of a label path, as seqeval/conlleval read IOB2 (hand-written: this runs
        for every sentence and seqeval's generic decoder dominated the stage's time)."""
        types, begins = self._types, self._begins
        spans: list[tuple[str, int, int]] = []
        current = ""
        start = 0
        for i, k in enumerate(path):
            kind = types[k]
            if current and (kind != current or begins[k]):
                spans.append((current, start, i - 1))
                current = ""
            if kind and not current:
                current, start = kind, i
        if current:
            spans.append((current, start, len(path) - 1))
        return spans

    def _batches(self, sentences: Sequence[Sequence[str]], size: int = 64) -> list[list[int]]:
        """Indices of non-empty sentences grouped by similar length (less padding)."""
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        return [order[k : k + size] for k in range(0, len(order), size)]

    def _decode(
        self,
        sentences: Sequence[Sequence[str]],
        extra: Sequence[Sequence[Sequence[str]]] | None,
    ) -> tuple[list[list[int]], list[np.ndarray]]:
        """Best label path (label indices) and emission rows of every sentence, decoded in
        batches of similar length (``_batches``)."""
        paths: list[list[int]] = [[] for _ in sentences]
        ems: list[np.ndarray] = [self._zero[:0] for _ in sentences]
        for group in self._batches(sentences):
            em, lengths = self._emission_matrix(
                [sentences[i] for i in group], None if extra is None else [extra[i] for i in group]
            )
            group_ems = self._split(em, lengths)
            if _viterbi_kernel is not None:  # the batch laid end to end, one compiled loop
                labels = np.empty(len(em), dtype=np.intp)
                ends = np.cumsum(np.asarray(lengths, dtype=np.intp))
                _viterbi_kernel(em, ends, self._transitions, labels)
                group_paths = self._split(labels.tolist(), lengths)
            else:
                group_paths = self._viterbi_numpy(group_ems)
            for i, e, path in zip(group, group_ems, group_paths, strict=True):
                paths[i], ems[i] = path, e
        return paths, ems

    def tag_many(
        self,
        sentences: Sequence[Sequence[str]],
        *,
        extra: Sequence[Sequence[Sequence[str]]] | None = None,
    ) -> list[list[str]]:
        """IOB2 labels for many sentences of tokens; ``extra``: more attributes per token (the
        stacked pass's)."""
        labels = self.labels
        paths, _ = self._decode(sentences, extra)
        return [[labels[k] for k in path] for path in paths]

    def tag(self, words: Sequence[str]) -> list[str]:
        """IOB2 labels for one sentence of tokens."""
        return self.tag_many([words])[0]

    def entities_many(
        self,
        sentences: Sequence[Sequence[str]],
        *,
        extra: Sequence[Sequence[Sequence[str]]] | None = None,
    ) -> list[list[tuple[str, int, int, float]]]:
        """Entities of each sentence as ``(label, first, last, score)`` with inclusive token
        indices; the score is the lowest marginal probability of the entity's labels."""
        out: list[list[tuple[str, int, int, float]]] = [[] for _ in sentences]
        paths, ems = self._decode(sentences, extra)
        found = [self._spans(path) if path else [] for path in paths]
        with_entities = [i for i, spans in enumerate(found) if spans]
        if not with_entities:
            return out
        if _marginal_kernel is not None:  # the sentences laid end to end, one compiled loop
            lengths = [len(paths[i]) for i in with_entities]
            flat = np.empty(sum(lengths))
            _marginal_kernel(
                np.concatenate([ems[i] for i in with_entities]),
                np.cumsum(np.asarray(lengths, dtype=np.intp)),
                self._exp_transitions,
                np.fromiter(chain.from_iterable(paths[i] for i in with_entities), np.intp),
                flat,
            )
            chosen_of: list[list[float]] = self._split(flat.tolist(), lengths)
        else:  # numpy, in batches of similar length
            chosen_of = [[] for _ in with_entities]
            for group in self._batches([sentences[i] for i in with_entities]):
                marginals = self._marginals([ems[with_entities[k]] for k in group])
                for k, marg in zip(group, marginals, strict=True):
                    path = paths[with_entities[k]]
                    chosen_of[k] = marg[np.arange(len(path)), path].tolist()
        for i, chosen in zip(with_entities, chosen_of, strict=True):
            # each token's marginal of its own label: an entity's score is the lowest
            out[i] = [
                (label, first, last, min(chosen[first : last + 1]))
                for label, first, last in found[i]
            ]
        return out

    def entities(self, words: Sequence[str]) -> list[tuple[str, int, int, float]]:
        """Entities of one sentence (see ``entities_many``)."""
        return self.entities_many([words])[0]

    def tag_reference(
        self, words: Sequence[str], *, extra: Sequence[Sequence[str]] | None = None
    ) -> list[str]:
        """crfsuite's own Viterbi over the same features (slow; to check ``tag``)."""
        if not words:
            return []
        more = None if extra is None else [extra]
        return list(self._crfsuite.tag(self.features.sentences([words], more)[0]))

    def marginals_reference(self, words: Sequence[str], labels: Sequence[str]) -> list[float]:
        """crfsuite's marginal probability of ``labels[i]`` at each token (to check scores)."""
        self._crfsuite.set(self.features.sentence(words))
        return [self._crfsuite.marginal(label, i) for i, label in enumerate(labels)]
