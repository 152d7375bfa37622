"""Learned span boundaries for place mentions: a CRF over geo tokens with gazetteer features.

The rule recognizer (recognize.py) proposes names, heads and POIs; the CRF, trained on the
IDRISI *train* split only, learns which of them annotators count as location mentions and
where the spans end (hashtags, heads, POIs). Its features are the rule recognizer's tags plus
word shape, so it generalises beyond the names it saw. Trained deterministically with
``marsad train geo-lmr``; the model file is ``data/lmr.crfsuite``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import pycrfsuite

from marsad.geo.gazetteer import Gazetteer
from marsad.geo.recognize import GeoMention, GeoTokens, Recognizer, geo_tokens
from marsad.model import Token
from marsad.text import normalize, tokenize

MODEL_PATH = Path(__file__).parent / "data" / "lmr.crfsuite"


#: function words and punctuation: the only word identities the tagger sees
_CLOSED_CLASS = frozenset(
    normalize(w)
    for w in (
        "في",
        "من",
        "الى",
        "إلى",
        "على",
        "عن",
        "مع",
        "بعد",
        "قبل",
        "عند",
        "حتى",
        "منذ",
        "خلال",
        "ضد",
        "بين",
        "نحو",
        "حول",
        "قرب",
        "وسط",
        "داخل",
        "خارج",
        "شمال",
        "جنوب",
        "شرق",
        "غرب",
        "و",
        "أو",
        "ثم",
        "،",
        ",",
        ".",
        ":",
        "!",
        "؟",
        "|",
        "-",
        "(",
        ")",
        "«",
        "»",
        '"',
    )
)


def _bucket(freq: int) -> str:
    return str(min(6, int(math.log10(freq + 1) * 2)))


class FeatureExtractor:
    """Token features for the CRF; the per-word part is cached (it depends on the word only)."""

    def __init__(self, recognizer: Recognizer, lexicon: dict[str, str] | None = None) -> None:
        self.recognizer = recognizer
        self.lexicon = lexicon or {}
        self._static: dict[str, tuple[list[str], str, str]] = {}

    def _word(self, norm: str) -> tuple[list[str], str, str]:
        """(own features, the word as seen from a neighbour, its head flag)."""
        cached = self._static.get(norm)
        if cached is not None:
            return cached
        rules = self.recognizer.rules
        # no word identities beyond function words and heads: the tagger must learn what
        # makes a mention (gazetteer evidence, heads, shape), not which names one event used
        # (leave-one-event-out on IDRISI train: lexical features overfit to seen events)
        head = norm in rules.heads
        feats = [
            "bias",
            f"w={norm}" if norm in _CLOSED_CLASS or head else "w=*",
            f"len={min(len(norm), 8)}",
            f"freq={_bucket(self.recognizer.freq.get(norm, 0))}",
        ]
        named = self.lexicon.get(norm)
        if named is not None:
            feats.append(f"lex={named}")
            if norm in self.recognizer.risky:
                feats.append("risky")
        if head:
            feats.append("head")
        if norm in rules.poi:
            feats.append("poi")
        closed = norm in _CLOSED_CLASS or head or norm in rules.poi
        result = (feats, norm if closed else "*", str(int(head)))
        if len(self._static) < 200_000:
            self._static[norm] = result
        return result

    def __call__(self, toks: GeoTokens, mentions: Sequence[GeoMention]) -> list[list[str]]:
        """One feature list per token."""
        tag: dict[int, str] = {}
        for g in mentions:
            label = g.kind if g.head is None else f"{g.kind}-head"
            for k in range(g.first, g.last + 1):
                tag[k] = ("B-" if k == g.first else "I-") + label
            if g.head is not None and g.first > 0:
                tag.setdefault(g.first - 1, "H-" + label)
        words = [self._word(t.norm or t.text) for t in toks]
        gaz = [tag.get(i, "O") for i in range(len(toks))]
        n = len(toks)
        out: list[list[str]] = []
        for i, t in enumerate(toks):
            feats = [*words[i][0], f"gaz={gaz[i]}", f"word={int(t.is_word)}"]
            art = clitic = 0
            for p in t.parts:
                if p.kind == "article":
                    art = 1
                elif p.kind == "proclitic":
                    clitic = 1
            feats.append(f"art={art}")
            feats.append(f"clitic={clitic}")
            hashtag = toks.hashtag.get(i)
            if hashtag is not None:
                feats.append(f"tag={'one' if hashtag[1] == hashtag[0] else 'multi'}")
                feats.append(f"tagpos={'first' if i == hashtag[0] else 'in'}")
            for d in (-2, -1, 1, 2):
                j = i + d
                if 0 <= j < n:
                    feats.append(f"{d}:gaz={gaz[j]}")
                    if d in (-1, 1):
                        feats.append(f"{d}:w={words[j][1]}")
                        feats.append(f"{d}:head={words[j][2]}")
                else:
                    feats.append(f"{d}:pad")
            out.append(feats)
        return out


def token_features(
    toks: GeoTokens,
    mentions: Sequence[GeoMention],
    recognizer: Recognizer,
    lexicon: dict[str, str] | None = None,
) -> list[list[str]]:
    """One feature list per token (uncached convenience form of FeatureExtractor)."""
    return FeatureExtractor(recognizer, lexicon)(toks, mentions)


def bio_labels(toks: Sequence[Token], spans: Iterable[tuple[int, int]]) -> list[str]:
    labels = ["O"] * len(toks)
    for start, end in spans:
        inside = [k for k, t in enumerate(toks) if t.start < end and start < t.end]
        for n, k in enumerate(inside):
            labels[k] = "B" if n == 0 else "I"
    return labels


class SpanTagger:
    """Wraps a crfsuite model: token features in, mention token ranges out."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))

    def spans(self, features: list[list[str]]) -> list[tuple[int, int]]:
        labels = self.tagger.tag(features) if features else []
        out: list[tuple[int, int]] = []
        start: int | None = None
        for k, label in enumerate([*labels, "O"]):
            if label in ("B", "O") and start is not None:
                out.append((start, k - 1))
                start = None
            if label == "B" or (label == "I" and start is None):
                start = k
        return out


def key_lexicon(gazetteer: Gazetteer) -> dict[str, str]:
    """Single-word keys → the largest feature's type and population bucket ("place:5")."""
    out: dict[str, str] = {}
    for key, ids in gazetteer.keys.items():
        if " " in key:
            continue
        best = max((gazetteer.features[i] for i in ids), key=lambda f: f.population or 0)
        out[key] = f"{best.type}:{_bucket(best.population or 0)}"
    return out


def train(
    recognizer: Recognizer,
    documents: Iterable[tuple[str, list[tuple[int, int]]]],
    path: Path,
    *,
    lexicon: dict[str, str] | None = None,
) -> int:
    """Train the CRF on (text, gold char spans) pairs; deterministic (L-BFGS, fixed options)."""
    trainer = pycrfsuite.Trainer(verbose=False)
    extract = FeatureExtractor(recognizer, lexicon)
    n = 0
    for text, spans in documents:
        toks = geo_tokens(tokenize(text))
        feats = extract(toks, recognizer.find(toks))
        trainer.append(feats, bio_labels(toks, spans))
        n += 1
    trainer.set_params(
        {"c1": 0.05, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True}
    )
    trainer.train(str(path))
    return n
