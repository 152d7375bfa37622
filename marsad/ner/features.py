"""CRF features of a token sequence: the word, its clitic-split stem, affixes, shape, gazetteer and
cue membership, distributional clusters, over a ±2 window.

Speed matters more than elegance here (the goal is ≥ 100k tokens/s on one core): everything that
depends only on the word is computed once per distinct word and cached as attribute ids (what
depends only on the stem, once per stem). A neighbour's attributes are the same names behind an
offset prefix ("-1:w=…"), so only the unprefixed names are built and interned; the tagger maps
each name to the weight row of every offset once. ``sentence()`` assembles crfsuite attribute
lists (training, reference tagging) from the same ids; the fast tagger (tagger.py) uses
``word()`` only and sums weights per distinct word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from marsad.ner.lexicons import CUE_KINDS, NerLexicons
from marsad.text import CliticSplitter, default_splitter, normalize

#: window offsets whose (reduced) features are copied onto a token
WINDOW: tuple[int, ...] = (-2, -1, 1, 2)

# A neighbour's marks → the context attribute it gives the word beside it ("this word follows a
# title / an organisation head / a place head / a place preposition / a first name / a source
# cue, or precedes a speech verb / a nationality / an organisation head"); counted over the
# unlabeled corpus by contexts.py.
_AS_PREV = {
    "c:title": "cx:pt",
    "c:org": "cx:po",
    "c:loc": "cx:pl",
    "c:prep": "cx:pp",
    "c:src": "cx:pc",
    "g:first": "cx:pf",
}
_AS_NEXT = {"c:say": "cx:ns", "g:nat": "cx:nn", "c:org": "cx:no"}
_NONE: frozenset[str] = frozenset()
#: each window offset with the prefix of the attributes it gives ("-1:")
_WINDOW_PREFIXES = tuple((off, f"{off}:") for off in WINDOW)

_AR_LO, _AR_HI = "\u0621", "\u06ff"
#: invisible direction and joiner marks (ZWNJ, ZWJ, LRM, RLM, ALM)
_FORMAT_MARKS = frozenset("\u200c\u200d\u200e\u200f\u061c")
_CUE_SHORT = {
    "person_title": "title",
    "speech_verb": "say",
    "org_cue": "org",
    "loc_cue": "loc",
    "source_cue": "src",
    "loc_prep": "prep",
}


#: words whose shape is "ar": Arabic letters (not its digits), format marks anywhere, at least
#: one letter (the character loop of ``_shape`` decides every other word)
_ARABIC_WORD = re.compile(
    "[\u200c-\u200f\u061c]*[\u0621-\u065f\u066a-\u06ff][\u0621-\u065f\u066a-\u06ff\u200c-\u200f\u061c]*"
)


def _shape(word: str) -> str:
    """A coarse character class of the word: ar, lat, dig, punct or mixed."""
    if _ARABIC_WORD.fullmatch(word):
        return "ar"
    kinds = set()
    for ch in word:
        if ch in _FORMAT_MARKS:
            continue  # ANERcorp glues right-to-left marks to words: "غزة\u200f" is Arabic
        if _AR_LO <= ch <= _AR_HI and not ("\u0660" <= ch <= "\u0669"):
            kinds.add("ar")
        elif ch.isdigit():
            kinds.add("dig")
        elif ch.isalpha():
            kinds.add("lat")
        else:
            kinds.add("punct")
    if not kinds:
        return "punct"
    if len(kinds) == 1:
        return kinds.pop()
    if kinds == {"dig", "punct"}:
        return "num"
    return "mixed"


#: What a clitic-free stem gives every word built on it (shared: words with the same stem, e.g.
#: والمدينة and بالمدينة, compute it once), as attribute ids: s=; len= and p1 x1 … p4 x4; the
#: gazetteer/cue marks; fq=; ks0 ks1 … (used when the stem differs from the word) and ks1
#: alone; corpus contexts; x2= again when a neighbour sees it (stems of 4+ letters); whether
#: the stem may be a name (no cue); the index of its (as_prev, as_next) pair. A plain tuple of
#: ints and tuples of ints: the garbage collector stops tracking it (a large cache would
#: otherwise slow every full collection down).
_StemFeatures = tuple[
    int,
    tuple[int, ...],
    tuple[int, ...],
    int,
    tuple[int, ...],
    tuple[int, ...],
    tuple[int, ...],
    tuple[int, ...],
    bool,
    int,
]
#: A cluster path's ids: all levels, the ones a neighbour sees (k0 k1 k2) and the one a word
#: two away sees (k1); shared by every word with the same path (a plain tuple, as above).
_ClusterFeatures = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]


class WordFeatures:
    """The cached features of one distinct word, as attribute ids (``ids``): its own and the
    reduced views its neighbours at ±1 and ±2 get, each of which is the attribute name behind
    the offset's prefix ("-1:w=…"). The taggers only read the ids; the strings (``local``,
    ``window``: crfsuite's view for training and reference tagging) are built on first use."""

    __slots__ = (
        "_known",
        "_names",
        "_strings",
        "all_ids",
        "as_next",
        "as_prev",
        "lengths",
        "name_key",
        "stem",
    )

    def __init__(
        self,
        *,
        names: list[str],
        known: frozenset[str] | None,
        stem: str,
        name_key: str,
        as_prev: frozenset[str],
        as_next: frozenset[str],
        own_ids: Sequence[int],
        near_ids: Sequence[int],
        far_ids: Sequence[int],
    ) -> None:
        self._names = names
        self._known = known
        self._strings: tuple[tuple[str, ...], dict[int, tuple[str, ...]]] | None = None
        self.stem = stem
        #: the stem when the word may be (part of) a name: an Arabic content word, not a cue
        self.name_key = name_key
        #: context attributes this word gives the word after / before it
        self.as_prev = as_prev
        self.as_next = as_next
        #: own ids, then those of each offset of ``WINDOW`` in order, in one tuple (the
        #: garbage collector stops tracking a tuple of ints, so a large word cache does not slow
        #: every full collection down), and the length of each of the five parts
        self.all_ids = (*own_ids, *far_ids, *near_ids, *near_ids, *far_ids)
        self.lengths = (len(own_ids), len(far_ids), len(near_ids), len(near_ids), len(far_ids))

    def ids(self, off: int) -> tuple[int, ...]:
        """Attribute ids of this word's own features (``off`` 0) or of what it gives the word
        ``-off`` away (the name at the offset's prefix)."""
        own, far, near = self.lengths[:3]
        if off == 0:
            return self.all_ids[:own]
        if abs(off) == 1:
            return self.all_ids[own + far : own + far + near]
        return self.all_ids[own : own + far]

    def _build_strings(self) -> tuple[tuple[str, ...], dict[int, tuple[str, ...]]]:
        names, known = self._names, self._known
        local = tuple(names[i] for i in self.ids(0))
        window = {
            off: tuple(prefix + names[i] for i in self.ids(off)) for off, prefix in _WINDOW_PREFIXES
        }
        if known is not None:
            local = tuple(f for f in local if f in known)
            window = {off: tuple(f for f in fs if f in known) for off, fs in window.items()}
        self._strings = (local, window)
        return self._strings

    @property
    def local(self) -> tuple[str, ...]:
        """The word's own crfsuite attributes."""
        return (self._strings or self._build_strings())[0]

    @property
    def window(self) -> dict[int, tuple[str, ...]]:
        """Per window offset, the attributes this word gives the word at that offset from it."""
        return (self._strings or self._build_strings())[1]


class FeatureExtractor:
    """Turns a sentence (a list of token strings) into crfsuite attribute lists."""

    def __init__(
        self,
        *,
        lexicons: NerLexicons,
        clusters: dict[str, tuple[str, ...]],
        contexts: dict[str, tuple[str, ...]] | None = None,
        splitter: CliticSplitter | None = None,
        known: frozenset[str] | None = None,
        cache_size: int = 1_000_000,
    ) -> None:
        """``known``: the attributes a trained model has weights for; when given, every other
        attribute is dropped from the string lists (``sentence``; the tagger would ignore it
        anyway, but looking it up costs crfsuite time). The ids keep every attribute."""
        self.lexicons = lexicons
        self.clusters = clusters
        #: stem → corpus-context attributes (contexts.py); empty while learning that table
        self.contexts = contexts or {}
        self.splitter = splitter or default_splitter()
        self.known = known
        self.cache_size = cache_size
        self._cache: dict[str, WordFeatures] = {}
        #: word → its ``name_key``, for the words in ``_cache`` (read per token by the stacked
        #: pass's label consistency, see stacking.name_keys: one dict lookup, no call)
        self.name_key_of: dict[str, str] = {}
        self._stems: dict[str, _StemFeatures] = {}
        self._cluster_ids: dict[tuple[str, ...] | None, _ClusterFeatures] = {}
        #: every attribute string seen so far, by id (shared by the taggers using this extractor)
        self.attribute_names: list[str] = []
        self._attribute_ids: dict[str, int] = {}
        self._bias = self._id("bias")
        #: the distinct (as_prev, as_next) pairs of stems, and their indices
        self._context_sets: list[tuple[frozenset[str], frozenset[str]]] = []
        self._context_index: dict[tuple[frozenset[str], frozenset[str]], int] = {}
        #: word sets whose stems get a mark, in the order the marks are listed
        self._flag_marks: tuple[tuple[frozenset[str], str], ...] = (
            (lexicons.first_names, "g:first"),
            (lexicons.nationalities, "g:nat"),
            (lexicons.countries, "g:country"),
            *(
                (lexicons.cues.get(kind, frozenset()), "c:" + _CUE_SHORT[kind])
                for kind in CUE_KINDS
            ),
        )

    def word(self, word: str) -> WordFeatures:
        """Features of one word (cached)."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        feats = self._compute(word)
        if len(self._cache) < self.cache_size:
            self._cache[word] = feats
            self.name_key_of[word] = feats.name_key
        return feats

    def _id(self, attr: str) -> int:
        """The id of an attribute string (new ones appended to ``attribute_names``)."""
        table = self._attribute_ids
        i = table.setdefault(attr, len(table))
        if i == len(self.attribute_names):
            self.attribute_names.append(attr)
        return i

    def _ids(self, attrs: list[str]) -> list[int]:
        """The ids of attribute strings (one C-level pass when all are known)."""
        ids: list[int | None] = list(map(self._attribute_ids.get, attrs))
        if None in ids:
            for k, i in enumerate(ids):
                if i is None:
                    ids[k] = self._id(attrs[k])
        return ids  # type: ignore[return-value]

    def _compute(self, word: str) -> WordFeatures:
        norm = normalize(word) or word
        shape = _shape(word)
        if shape == "ar":
            parts, _kinds = self.splitter.split_norm(norm)
            stem = parts[-1]
            prefix = "+".join(parts[:-1])
        else:
            stem, prefix = norm, ""
        sf = self._stems.get(stem)
        if sf is None:
            sf = self._stem_features(stem)
            if len(self._stems) < self.cache_size:
                self._stems[stem] = sf
        names = ["w=" + norm, "pre=" + prefix, "sh=" + shape]
        if len(norm) > 2:
            names.append("wx2=" + norm[-2:])
        w, pre, sh, *wx2 = self._ids(names)
        s = sf[0]
        clusters = self.clusters.get(norm)
        cf = self._cluster_ids.get(clusters)
        if cf is None:
            cf = self._cluster_features(clusters)
            if len(self._cluster_ids) < self.cache_size:
                self._cluster_ids[clusters] = cf
        # the order of every list is the order crfsuite saw in training (the taggers sum the
        # weights in this order: same order, same floats)
        _, shape_ids, mark_ids, fq, ks, ks1, contexts, near_x2, may_be_name, sets = sf
        k_all, k_near, k_far = cf
        own = [self._bias, w, s, pre, sh, *shape_ids, *wx2, *mark_ids, fq, *k_all]
        differs = stem != norm
        if differs:
            own.extend(ks)
        own.extend(contexts)
        near = [w, s, sh, pre, *mark_ids, *contexts, *k_near]
        if differs:
            near.extend(ks1)
        near.extend(near_x2)
        far = [w, s, *mark_ids, *k_far]
        if differs:
            far.extend(ks1)
        as_prev, as_next = self._context_sets[sets]
        return WordFeatures(
            names=self.attribute_names,
            known=self.known,
            stem=stem,
            name_key=stem if shape == "ar" and len(stem) > 2 and may_be_name else "",
            as_prev=as_prev,
            as_next=as_next,
            own_ids=own,
            near_ids=near,
            far_ids=far,
        )

    def _stem_features(self, stem: str) -> _StemFeatures:
        """What ``stem`` gives any word built on it (see ``_StemFeatures``)."""
        lex = self.lexicons
        size = len(stem)
        names = ["s=" + stem, "len=" + str(min(size, 8))]
        for n in (1, 2, 3, 4):
            if size > n:
                names.append(f"p{n}={stem[:n]}")
                names.append(f"x{n}={stem[-n:]}")
        n_shape = len(names) - 1
        # gazetteer and cue membership, on the clitic-free stem
        marks: list[str] = []
        place = lex.places.get(stem)
        if place is not None:
            marks.append("g:place_" + place)
        actor = lex.actors.get(stem)
        if actor is not None:
            marks.append("g:actor_" + actor)
        for words, mark in self._flag_marks:
            if stem in words:
                marks.append(mark)
        names.extend(marks)
        stem_clusters = self.clusters.get(stem)
        if stem_clusters is not None:
            names.append("fq=" + stem_clusters[-1])
            names.extend([f"ks{i}={c}" for i, c in enumerate(stem_clusters[:-1])])
        else:
            names.append("fq=oov")
        n_clusters = len(names)
        contexts = self.contexts.get(stem, ())
        names.extend(contexts)
        if size > 3:
            names.append("x2=" + stem[-2:])
        ids = tuple(self._ids(names))
        at = 1 + n_shape + len(marks)  # where fq is
        sets = (
            frozenset(_AS_PREV[m] for m in marks if m in _AS_PREV) if marks else _NONE,
            frozenset(_AS_NEXT[m] for m in marks if m in _AS_NEXT) if marks else _NONE,
        )
        index = self._context_index.get(sets)
        if index is None:
            index = self._context_index[sets] = len(self._context_sets)
            self._context_sets.append(sets)
        ks = ids[at + 1 : n_clusters]
        return (
            ids[0],
            ids[1 : 1 + n_shape],
            ids[1 + n_shape : at],
            ids[at],
            ks,
            ks[1:2],
            ids[n_clusters : n_clusters + len(contexts)],
            ids[n_clusters + len(contexts) :],
            not any(m.startswith("c:") for m in marks),
            index,
        )

    def _cluster_features(self, clusters: tuple[str, ...] | None) -> _ClusterFeatures:
        """The ids of a word's cluster path (``k=oov`` when the word has none)."""
        if clusters is None:
            return (self._id("k=oov"),), (), ()
        ids = tuple(self._id(f"k{i}={c}") for i, c in enumerate(clusters[:-1]))
        return ids, ids[:3], ids[1:2]

    def sentences(
        self,
        sentences: Sequence[Sequence[str]],
        extra: Sequence[Sequence[Sequence[str]]] | None = None,
    ) -> list[list[list[str]]]:
        """crfsuite attributes of many sentences, with each token's ``extra`` attributes (the
        stacked second pass's, see stacking.py) appended when given."""
        out = [self.sentence(words) for words in sentences]
        if extra is not None:
            for attrs, more in zip(out, extra, strict=True):
                for token_attrs, token_more in zip(attrs, more, strict=True):
                    token_attrs.extend(token_more)
        return out

    def sentence(self, words: Sequence[str]) -> list[list[str]]:
        """crfsuite attributes for every token of a sentence."""
        feats = [self.word(w) for w in words]
        n = len(feats)
        known = self.known
        out: list[list[str]] = []
        for i, wf in enumerate(feats):
            attrs = list(wf.local)
            for off in WINDOW:
                j = i + off
                if 0 <= j < n:
                    attrs.extend(feats[j].window[off])
                elif off == -1 and j == -1:
                    attrs.append("BOS")  # first token
                elif off == 1 and j == n:
                    attrs.append("EOS")  # last token
            prev_stem = feats[i - 1].stem if i > 0 else "<s>"
            next_stem = feats[i + 1].stem if i + 1 < n else "</s>"
            before = f"b-1={prev_stem}|{wf.stem}"
            after = f"b+1={wf.stem}|{next_stem}"
            if known is None or before in known:
                attrs.append(before)
            if known is None or after in known:
                attrs.append(after)
            out.append(attrs)
        return out
