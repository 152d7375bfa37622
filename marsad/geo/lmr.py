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
from marsad.geo.words import word_list
from marsad.model import Token
from marsad.text import normalize, tokenize

MODEL_PATH = Path(__file__).parent / "data" / "lmr.crfsuite"
#: folds for the training-time statistics (each document sees counts from the other folds)
STATS_FOLDS = 5
#: L-BFGS options (deterministic)
CRF_PARAMS: dict[str, float | int | bool] = {
    "c1": 0.05,
    "c2": 0.05,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}
#: a word (or whole hashtag) seen fewer times than this in train gets no statistic
STATS_MIN_COUNT = 2

#: how often a word (its stem; hashtag words apart) lies inside a gold mention in train:
#: key → (inside, total). Keys: stem, «#stem» for a word of a hashtag, «##stem stem» for a
#: whole hashtag («#امطار_الكويت»). Annotators' conventions (a trailing «#الكويت» is tagged
#: half the time, «مصر» in a prayer rarely) are learnt from these, not written as rules.
Stats = dict[str, tuple[int, int]]


#: function words and punctuation: the only word identities the tagger sees
_CLOSED_CLASS = frozenset(normalize(w) for w in word_list("tagger_closed_class"))


def _bucket(freq: int) -> str:
    return str(min(6, int(math.log10(freq + 1) * 2)))


class FeatureExtractor:
    """Token features for the CRF; the per-word part is cached (it depends on the word only)."""

    def __init__(
        self,
        recognizer: Recognizer,
        lexicon: dict[str, str] | None = None,
        *,
        stats: Stats | None = None,
    ) -> None:
        self.recognizer = recognizer
        self.lexicon = lexicon or {}
        self.stats = stats
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
        seen = self._seen(toks) if self.stats is not None else None
        out: list[list[str]] = []
        for i, t in enumerate(toks):
            feats = [*words[i][0], f"gaz={gaz[i]}", f"word={int(t.is_word)}"]
            if seen is not None:
                feats.extend(seen[i])
                for d in (-1, 1):
                    if 0 <= i + d < n:
                        feats.append(f"{d}:{seen[i + d][0]}")
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

    def _seen(self, toks: GeoTokens) -> list[list[str]]:
        """Per token: how often train annotators put this word (and its whole hashtag)
        inside a mention, as ratio/count buckets."""
        assert self.stats is not None
        out: list[list[str]] = []
        for i in range(len(toks)):
            span = toks.hashtag.get(i)
            feats = [f"lr={_ratio(self.stats.get(stat_key(toks, i)))}"]
            if span is not None:
                feats.append(f"tagr={_ratio(self.stats.get(hashtag_key(toks, span)))}")
            out.append(feats)
        return out


def stat_key(toks: GeoTokens, i: int) -> str:
    """The statistics key of token ``i``: its stem, marked when it is a hashtag word."""
    norm = toks[i].norm or toks[i].text
    return f"#{norm}" if i in toks.hashtag else norm


def hashtag_key(toks: GeoTokens, span: tuple[int, int]) -> str:
    """The statistics key of a whole hashtag."""
    return "##" + " ".join(toks[k].norm or toks[k].text for k in range(span[0], span[1] + 1))


def _ratio(counts: tuple[int, int] | None) -> str:
    if counts is None or counts[1] < STATS_MIN_COUNT:
        return "unk"
    inside, total = counts
    r = inside / total
    rb = "0" if r == 0 else "1" if r < 0.15 else "2" if r < 0.4 else "3" if r < 0.7 else "4"
    rb += "" if r < 1 else "+"
    return f"{rb}/{'few' if total < 5 else 'many'}"


def count_stats(docs: Iterable[tuple[GeoTokens, list[str]]]) -> Stats:
    """(inside, total) per word and per whole hashtag over labelled token sequences."""
    stats: dict[str, list[int]] = {}
    for toks, labels in docs:
        done: set[tuple[int, int]] = set()
        for i in range(len(toks)):
            c = stats.setdefault(stat_key(toks, i), [0, 0])
            c[0] += labels[i] != "O"
            c[1] += 1
            span = toks.hashtag.get(i)
            if span is not None and span not in done:
                done.add(span)
                c = stats.setdefault(hashtag_key(toks, span), [0, 0])
                c[0] += all(labels[k] != "O" for k in range(span[0], span[1] + 1))
                c[1] += 1
    return {k: (v[0], v[1]) for k, v in stats.items()}


def write_stats(stats: Stats, path: Path) -> None:
    """Keep the keys seen at least STATS_MIN_COUNT times (the others give no feature)."""
    lines = [
        "# Learnt by: marsad train geo-lmr ../shared/data/geo/idrisi_ar/lmr_json/*_train.jsonl",
        "# key  inside  total (how often annotators put the word inside a place mention)",
    ]
    lines += [f"{k}\t{a}\t{b}" for k, (a, b) in sorted(stats.items()) if b >= STATS_MIN_COUNT]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def stats_path(model: Path) -> Path:
    """Where a model's word statistics live: ``lmr.crfsuite`` → ``lmr_stats.tsv``."""
    return model.with_name(model.stem + "_stats.tsv")


def load_stats(path: Path) -> Stats | None:
    """The statistics shipped with the model (None when missing: a model without them)."""
    if not path.is_file():
        return None
    out: Stats = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("# "):  # a comment; «#word» is a hashtag key
            k, a, b = line.split("\t")
            out[k] = (int(a), int(b))
    return out


def token_features(
    toks: GeoTokens,
    mentions: Sequence[GeoMention],
    recognizer: Recognizer,
    lexicon: dict[str, str] | None = None,
) -> list[list[str]]:
    """One feature list per token (uncached convenience form of FeatureExtractor)."""
    return FeatureExtractor(recognizer, lexicon)(toks, mentions)


def occurrences(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every occurrence of each gold mention's string. IDRISI's offsets are those of the
    string's first occurrence (``str.find``), so a name written twice is labelled once, at
    its first place, even inside a longer hashtag; the tagger learns from every place the
    annotated name is written instead (and evaluation maps spans back, see eval/geo.py)."""
    out: set[tuple[int, int]] = set()
    for start, end in spans:
        name = text[start:end]
        out.add((start, end))
        if not name.strip():
            continue
        pos = text.find(name)
        while pos >= 0:
            out.add((pos, pos + len(name)))
            pos = text.find(name, pos + 1)
    # an occurrence inside a longer gold span is part of that mention, not one of its own
    return sorted(s for s in out if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in out))


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
        #: the train word statistics the model was trained with (None: a model without them)
        self.stats = load_stats(stats_path(path))
        self._n = 0

    def outside(self, first: int, last: int) -> float:
        """After ``spans``: the tagger's lowest probability that tokens first..last are
        outside any mention (how sure it is that a rule match there is no mention)."""
        if not 0 <= first <= last < self._n:
            return 0.0
        return min(self.tagger.marginal("O", k) for k in range(first, last + 1))

    def spans(self, features: list[list[str]]) -> list[tuple[int, int]]:
        labels = self.tagger.tag(features) if features else []
        self._n = len(labels)
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
    stats_path: Path | None = None,
    folds: Sequence[int] | None = None,
    every_occurrence: bool = True,
) -> int:
    """Train the CRF on (text, gold char spans) pairs; deterministic (L-BFGS, fixed options).
    With ``stats_path`` the word statistics are used: each training document sees the counts
    of the other folds only (as an unseen tweet would), and the counts over all documents are
    written to ``stats_path`` for tagging."""
    trainer = pycrfsuite.Trainer(verbose=False)
    labelled = []
    for text, spans in documents:
        toks = geo_tokens(tokenize(text))
        if every_occurrence:
            spans = occurrences(text, spans)
        labelled.append((toks, bio_labels(toks, spans)))
    fold_of = list(folds) if folds is not None else [k % STATS_FOLDS for k in range(len(labelled))]
    extractors = {f: FeatureExtractor(recognizer, lexicon) for f in set(fold_of)}
    if stats_path is not None:
        extractors = {
            fold: FeatureExtractor(
                recognizer,
                lexicon,
                stats=count_stats(d for k, d in enumerate(labelled) if fold_of[k] != fold),
            )
            for fold in sorted(set(fold_of))
        }
        write_stats(count_stats(labelled), stats_path)
    n = 0
    for k, (toks, labels) in enumerate(labelled):
        feats = extractors[fold_of[k]](toks, recognizer.find(toks))
        trainer.append(feats, labels)
        n += 1
    trainer.set_params(CRF_PARAMS)
    trainer.train(str(path))
    return n
