"""CRF features of a token sequence: the word, its clitic-split stem, affixes, shape, gazetteer and
cue membership, distributional clusters, over a ±2 window.

Speed matters more than elegance here (the goal is ≥ 100k tokens/s on one core): everything that
depends only on the word is computed once per distinct word and cached, already prefixed for each
window position. ``sentence()`` assembles crfsuite attribute lists (training, reference tagging);
the fast tagger (tagger.py) uses ``word()`` only and sums weights per distinct word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from marsad.ner.lexicons import CUE_KINDS, NerLexicons
from marsad.text import CliticSplitter, default_splitter, normalize

#: window offsets whose (reduced) features are copied onto a token
WINDOW: tuple[int, ...] = (-2, -1, 1, 2)

_AR_LO, _AR_HI = "\u0621", "\u06ff"
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
        if _AR_LO <= ch <= _AR_HI and not ("\u0660" <= ch <= "\u0669"):
            kinds.add("ar")
        elif ch.isdigit():
            kinds.add("dig")
        elif ch.isalpha():
            kinds.add("lat")
        else:
            kinds.add("punct")
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


class FeatureExtractor:
    """Turns a sentence (a list of token strings) into crfsuite attribute lists."""

    def __init__(
        self,
        *,
        lexicons: NerLexicons,
        clusters: dict[str, tuple[str, ...]],
        splitter: CliticSplitter | None = None,
        known: frozenset[str] | None = None,
        cache_size: int = 1_000_000,
    ) -> None:
        """``known``: the attributes a trained model has weights for; when given, every other
        attribute is dropped at extraction time (the tagger would ignore it anyway, but looking
        it up costs crfsuite time)."""
        self.lexicons = lexicons
        self.clusters = clusters
        self.splitter = splitter or default_splitter()
        self.known = known
        self.cache_size = cache_size
        self._cache: dict[str, WordFeatures] = {}

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
        # the reduced view a neighbour sees: word, stem, shape, marks, coarse/mid clusters
        near = ["w=" + norm, "s=" + stem, "sh=" + shape, "pre=" + prefix, *marks]
        near.extend(f for f in cluster_feats if f.startswith(("k0=", "k1=", "k2=", "ks1=")))
        if len(stem) > 3:
            near.append("x2=" + stem[-2:])
        far = ["w=" + norm, "s=" + stem, *marks]
        far.extend(f for f in cluster_feats if f.startswith(("k1=", "ks1=")))
        window = {
            off: tuple(f"{off}:{f}" for f in (near if abs(off) == 1 else far)) for off in WINDOW
        }
        known = self.known
        if known is not None:
            own = [f for f in own if f in known]
            window = {off: tuple(f for f in fs if f in known) for off, fs in window.items()}
        return WordFeatures(local=tuple(own), window=window, stem=stem)

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
