"""CRF features of a token sequence: the word, its clitic-split stem, affixes, shape, gazetteer and
cue membership, distributional clusters, over a ±2 window.

Speed matters more than elegance here (the goal is ≥ 100k tokens/s on one core): everything that
depends only on the word is computed once per distinct word and cached, already prefixed for each
window position. ``sentence()`` assembles crfsuite attribute lists (training, reference tagging);
the fast tagger (tagger.py) uses ``word()`` only and sums weights per distinct word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

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


def _shape(word: str) -> str:
    """A coarse character class of the word: ar, lat, dig, punct or mixed (no regex per token)."""
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


@dataclass(frozen=True, slots=True)
class WordFeatures:
    """The cached features of one distinct word: its own, and one tuple per window offset."""

    local: tuple[str, ...]
    window: dict[int, tuple[str, ...]]
    stem: str
    #: the stem when the word may be (part of) a name: an Arabic content word, not a cue; else ""
    name_key: str = ""
    #: context attributes this word gives the word after / before it
    as_prev: frozenset[str] = _NONE
    as_next: frozenset[str] = _NONE
    #: ``local`` and ``window`` as ids into ``FeatureExtractor.attribute_names`` (the taggers
    #: map them to weight rows with one numpy step instead of a string lookup per attribute)
    local_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    window_ids: dict[int, np.ndarray] = field(default_factory=dict)
    #: ``local_ids`` and then each offset's ``window_ids`` (in ``WINDOW`` order) in one array,
    #: and the length of each of those five parts (the taggers score many words at once)
    all_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    lengths: tuple[int, ...] = ()


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
        attribute is dropped at extraction time (the tagger would ignore it anyway, but looking
        it up costs crfsuite time)."""
        self.lexicons = lexicons
        self.clusters = clusters
        #: stem → corpus-context attributes (contexts.py); empty while learning that table
        self.contexts = contexts or {}
        self.splitter = splitter or default_splitter()
        self.known = known
        self.cache_size = cache_size
        self._cache: dict[str, WordFeatures] = {}
        #: every attribute string seen so far, by id (shared by the taggers using this extractor)
        self.attribute_names: list[str] = []
        self._attribute_ids: dict[str, int] = {}

    def word(self, word: str) -> WordFeatures:
        """Features of one word (cached)."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        feats = self._compute(word)
        if len(self._cache) < self.cache_size:
            self._cache[word] = feats
        return feats

    def _compute(self, word: str) -> WordFeatures:
        lex = self.lexicons
        norm = normalize(word) or word
        shape = _shape(word)
        if shape == "ar":
            parts, _kinds = self.splitter.split_norm(norm)
            stem = parts[-1]
            prefix = "+".join(parts[:-1])
        else:
            stem, prefix = norm, ""
        own: list[str] = [
            "bias",
            "w=" + norm,
            "s=" + stem,
            "pre=" + prefix,
            "sh=" + shape,
            "len=" + str(min(len(stem), 8)),
        ]
        for n in (1, 2, 3, 4):
            if len(stem) > n:
                own.append(f"p{n}={stem[:n]}")
                own.append(f"x{n}={stem[-n:]}")
        if len(norm) > 2:
            own.append("wx2=" + norm[-2:])
        # gazetteer and cue membership, on the clitic-free stem
        marks: list[str] = []
        place = lex.places.get(stem)
        if place is not None:
            marks.append("g:place_" + place)
        actor = lex.actors.get(stem)
        if actor is not None:
            marks.append("g:actor_" + actor)
        if stem in lex.first_names:
            marks.append("g:first")
        if stem in lex.nationalities:
            marks.append("g:nat")
        if stem in lex.countries:
            marks.append("g:country")
        for kind in CUE_KINDS:
            if stem in lex.cues.get(kind, ()):
                marks.append("c:" + _CUE_SHORT[kind])
        own.extend(marks)
        # distributional clusters of the whole word and of the stem
        clusters = self.clusters.get(norm)
        cluster_feats: list[str] = []
        if clusters is not None:
            cluster_feats.extend(f"k{i}={c}" for i, c in enumerate(clusters[:-1]))
        else:
            cluster_feats.append("k=oov")
        stem_clusters = self.clusters.get(stem) if stem != norm else clusters
        if stem_clusters is not None:
            if stem != norm:
                cluster_feats.extend(f"ks{i}={c}" for i, c in enumerate(stem_clusters[:-1]))
            own.append("fq=" + stem_clusters[-1])
        else:
            own.append("fq=oov")
        own.extend(cluster_feats)
        corpus_contexts = self.contexts.get(stem, ())
        own.extend(corpus_contexts)
        # the reduced view a neighbour sees: word, stem, shape, marks, coarse/mid clusters
        near = ["w=" + norm, "s=" + stem, "sh=" + shape, "pre=" + prefix, *marks, *corpus_contexts]
        near.extend(f for f in cluster_feats if f.startswith(("k0=", "k1=", "k2=", "ks1=")))
        if len(stem) > 3:
            near.append("x2=" + stem[-2:])
        far = ["w=" + norm, "s=" + stem, *marks]
        far.extend(f for f in cluster_feats if f.startswith(("k1=", "ks1=")))
        window = {
            off: tuple([prefix + f for f in (near if abs(off) == 1 else far)])
            for off, prefix in _WINDOW_PREFIXES
        }
        known = self.known
        if known is not None:
            own = [f for f in own if f in known]
            window = {off: tuple(f for f in fs if f in known) for off, fs in window.items()}
        is_cue = any(m.startswith("c:") for m in marks)
        # ids of all five lists interned at once, then cut into views of one array
        ids = self._ids([*own, *(f for off in WINDOW for f in window[off])])
        local_ids = ids[: len(own)]
        window_ids = {}
        start = len(own)
        for off in WINDOW:
            end = start + len(window[off])
            window_ids[off] = ids[start:end]
            start = end
        return WordFeatures(
            local=tuple(own),
            window=window,
            local_ids=local_ids,
            window_ids=window_ids,
            all_ids=ids,
            lengths=(len(own), *(len(window[off]) for off in WINDOW)),
            stem=stem,
            name_key=stem if shape == "ar" and len(stem) > 2 and not is_cue else "",
            as_prev=frozenset(_AS_PREV[m] for m in marks if m in _AS_PREV),
            as_next=frozenset(_AS_NEXT[m] for m in marks if m in _AS_NEXT),
        )

    def _ids(self, attrs: Sequence[str]) -> np.ndarray:
        """Ids of attribute strings, new ones appended to ``attribute_names``."""
        table = self._attribute_ids
        get = table.get
        out = [get(attr, -1) for attr in attrs]
        if -1 in out:
            names = self.attribute_names
            for k, attr in enumerate(attrs):
                if out[k] < 0:
                    i = get(attr)  # the same attribute may come twice in ``attrs``
                    if i is None:
                        i = table[attr] = len(names)
                        names.append(attr)
                    out[k] = i
        return np.array(out, dtype=np.intp)

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
