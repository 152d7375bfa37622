"""Proclitic splitting: و ف (conjunctions), ب ل ك (prepositions), ال (article) and their chains.

Rules live in ``data/clitics.toml``. Where letters could be clitics or part of the stem
(بلدة، لبنان، وصلت vs بريف، وحمص، وقال), counts in the stem lexicon decide. For a reading
``prefix + stem`` of a word ``W`` we compare

* evidence for the stem: how often the stem occurs bare or behind *other* clitic chains
  (قال, فقال, القال … for وقال), and
* evidence for the whole word: how often ``W`` itself takes clitics that could not be part of the
  reading (البلدة, لبلدة for بلدة; ووصلت for وصلت), plus a fraction of its bare count.

Each side is scored ``log(1 + evidence)``; the prefix's parts add their weights from the rules
(the article is nearly always the article). The best-scoring reading wins. The lexicon is built
from the news corpus, NER corpora and gazetteer names by ``marsad train lexicon``.

We hand-write this (rather than use a segmenter library such as Farasa or CAMeL Tools) because
those need Java or downloaded models at run time, and we only need proclitics with offsets.
"""

from __future__ import annotations

import gzip
import math
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marsad.text.normalize import light_normalize, light_with_offsets, normalize

DATA_DIR = Path(__file__).parent / "data"
RULES_PATH = DATA_DIR / "clitics.toml"
LEXICON_PATH = DATA_DIR / "lexicon.tsv.gz"

#: (start, end, kind) relative to the word, in original characters
Part = tuple[int, int, str]
#: a reading: (parts, kinds), the stem last
Reading = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class CliticRules:
    """The rules of ``clitics.toml`` (light spelling)."""

    conjunctions: tuple[str, ...]
    prepositions: tuple[str, ...]
    article: str
    min_stem: int
    min_stem_after_chain: int
    short_stem_penalty: float
    weights: dict[str, float]
    whole_bare_weight: dict[str, float]
    other_chain_weight: float
    pronoun_stems: frozenset[str]
    not_article_prefixes: tuple[str, ...]
    not_article_suffixes: frozenset[str]
    never_split: frozenset[str]
    overrides: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls, path: Path = RULES_PATH) -> CliticRules:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        return cls(
            conjunctions=tuple(raw["conjunctions"]),
            prepositions=tuple(raw["prepositions"]),
            article=raw["article"],
            min_stem=int(raw["min_stem"]),
            min_stem_after_chain=int(raw["min_stem_after_chain"]),
            short_stem_penalty=float(raw["short_stem_penalty"]),
            weights={k: float(v) for k, v in raw["weights"].items()},
            whole_bare_weight={
                k: float(v) for k, v in raw["evidence"]["whole_bare_weight"].items()
            },
            other_chain_weight=float(raw["evidence"]["other_chain_weight"]),
            pronoun_stems=frozenset(raw["stems"]["pronouns"]),
            not_article_prefixes=tuple(raw["not_article"]["prefixes"]),
            not_article_suffixes=frozenset(raw["not_article"]["suffixes"]),
            never_split=frozenset(raw["never_split"]["words"]),
            overrides={k: tuple(v.split("+")) for k, v in raw.get("overrides", {}).items()},
        )

    def is_form_viii_verb(self, word: str) -> bool:
        """True for التزم/التحقوا-like verbs whose ال is a root letter, not the article."""
        return any(
            word.startswith(p) and word[len(p) :] in self.not_article_suffixes
            for p in self.not_article_prefixes
        )

    def normalized(self) -> CliticRules:
        """The same rules in the full matching-key spelling (for ``split_norm``)."""
        return CliticRules(
            conjunctions=self.conjunctions,
            prepositions=self.prepositions,
            article=self.article,
            min_stem=self.min_stem,
            min_stem_after_chain=self.min_stem_after_chain,
            short_stem_penalty=self.short_stem_penalty,
            weights=self.weights,
            whole_bare_weight=self.whole_bare_weight,
            other_chain_weight=self.other_chain_weight,
            pronoun_stems=frozenset(normalize(w) for w in self.pronoun_stems),
            not_article_prefixes=tuple(normalize(w) for w in self.not_article_prefixes),
            not_article_suffixes=frozenset(normalize(w) for w in self.not_article_suffixes),
            never_split=frozenset(normalize(w) for w in self.never_split),
            overrides={
                normalize(k): tuple(normalize(p) for p in v) for k, v in self.overrides.items()
            },
        )


def load_lexicon(path: Path = LEXICON_PATH) -> dict[str, int]:
    """Word → frequency (light forms, see ``light_normalize``). Empty when the file is absent."""
    if not path.exists():
        return {}
    lexicon: dict[str, int] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            word, _, count = line.rstrip("\n").partition("\t")
            if word and count:
                lexicon[word] = int(count)
    return lexicon


@dataclass(frozen=True, slots=True)
class _Chain:
    """One prefix chain such as و+ب+ال, spelled ``text`` (وبال) in the word."""

    text: str
    parts: tuple[str, ...]
    kinds: tuple[str, ...]
    weight: float
    #: share of the whole word's bare count that counts as evidence for leaving it whole
    bare_weight: float


def _chains(rules: CliticRules) -> list[_Chain]:
    chains: list[_Chain] = []
    for conj in ("", *rules.conjunctions):
        for prep in ("", *rules.prepositions):
            for art in (False, True):
                parts: list[str] = []
                kinds: list[str] = []
                weight = 0.0
                if conj:
                    parts.append(conj)
                    kinds.append("proclitic")
                    weight += rules.weights.get(conj, 0.0)
                if prep:
                    parts.append(prep)
                    kinds.append("proclitic")
                    weight += rules.weights.get(prep, 0.0)
                if art:
                    # ل + ال is spelled لل: the article keeps only its lam
                    parts.append("ل" if prep == "ل" else rules.article)
                    kinds.append("article")
                    weight += rules.weights.get(rules.article, 0.0)
                first = parts[0] if parts else ""
                if first == "ل" and art and not prep:
                    first = rules.article
                bare = rules.whole_bare_weight.get(first, 0.0)
                chains.append(_Chain("".join(parts), tuple(parts), tuple(kinds), weight, bare))
    return chains


class _Decider:
    """Splits words of one spelling (light or normalized) against a lexicon in that spelling."""

    def __init__(self, rules: CliticRules, lexicon: dict[str, int]) -> None:
        self.rules = rules
        self.lexicon = lexicon
        self.chains = _chains(rules)
        self.chain_texts = frozenset(c.text for c in self.chains)
        self.prefixed = [c for c in self.chains if c.text]
        article = rules.article
        #: prefix → chains whose forms are independent evidence for a stem after that prefix
        self.other_chains = {
            c.text: frozenset(
                o.text for o in self.prefixed if o.text != article and not o.text.endswith(c.text)
            )
            for c in self.prefixed
        }
        #: prefix → chains that cannot precede it (their forms are evidence for the whole word)
        self.outer_chains = {
            c.text: frozenset(
                o.text for o in self.prefixed if o.text + c.text not in self.chain_texts
            )
            for c in self.prefixed
        }
        #: first letter → the prefixed chains starting with it, in ``prefixed`` order (a word
        #: is only tried against chains it can start with)
        self.by_first: dict[str, tuple[_Chain, ...]] = {}
        for c in self.prefixed:
            self.by_first[c.text[0]] = (*self.by_first.get(c.text[0], ()), c)
        # the evidence sums below read, for a string, the lexicon's counts of that string
        # behind each chain: indexed once here, a new word then needs one look-up per reading
        # instead of one per chain (~20 string joins and look-ups; the same integer sums)
        #: string → ((chain text, count), ...) of every lexicon word spelled chain + string
        self.behind: dict[str, list[tuple[str, int]]] = {}
        for word, count in lexicon.items():
            for c in self.by_first.get(word[:1], ()):
                if len(word) > len(c.text) and word.startswith(c.text):
                    rest = word[len(c.text) :]
                    found = self.behind.get(rest)
                    if found is None:
                        self.behind[rest] = [(c.text, count)]
                    else:
                        found.append((c.text, count))
        self.cache: dict[str, Reading] = {}

    def split(self, word: str) -> Reading:
        cached = self.cache.get(word)
        if cached is None:
            cached = self._decide(word)
            if len(self.cache) < 500_000:
                self.cache[word] = cached
        return cached

    def _stem_evidence(self, prefix: str, stem: str) -> float:
        """Occurrences of ``stem`` bare or with the article, plus (down-weighted, as they may be
        other words: فيلا) behind chains other than ``prefix`` and its extensions (those are
        occurrences of the whole word)."""
        get = self.lexicon.get
        direct = get(stem, 0) + get(self.rules.article + stem, 0)
        others = self.other_chains[prefix]
        other = sum([n for chain, n in self.behind.get(stem, ()) if chain in others])
        return direct + self.rules.other_chain_weight * other

    def _whole_evidence(self, chain: _Chain, word: str) -> float:
        """Occurrences of ``word`` behind chains that cannot precede ``chain``, plus a share
        of its bare count."""
        outer = self.outer_chains[chain.text]
        total = sum([n for c, n in self.behind.get(word, ()) if c in outer])
        return total + chain.bare_weight * self.lexicon.get(word, 0)

    def _decide(self, word: str) -> Reading:
        r = self.rules
        override = r.overrides.get(word)
        if override is not None:
            kinds = tuple(
                "stem" if i == len(override) - 1 else ("article" if p == r.article else "proclitic")
                for i, p in enumerate(override)
            )
            return override, kinds
        whole: Reading = ((word,), ("stem",))
        if word in r.never_split or len(word) <= r.min_stem:
            return whole
        best_margin = 0.0
        best = whole
        for chain in self.by_first.get(word[0], ()):
            if not word.startswith(chain.text):
                continue
            stem = word[len(chain.text) :]
            if len(stem) < r.min_stem or stem in r.pronoun_stems:
                continue
            if len(chain.parts) > 1 and len(stem) < r.min_stem_after_chain:
                continue  # فلول is not ف + ل + ول
            has_article = chain.kinds[-1] == "article"
            if has_article and (
                (r.article + stem) in r.never_split or r.is_form_viii_verb(r.article + stem)
            ):
                continue  # والتي = و + التي, not و + ال + تي
            split_score = math.log1p(self._stem_evidence(chain.text, stem)) + chain.weight
            if len(stem) == 2:
                split_score -= r.short_stem_penalty
            if split_score <= best_margin:
                continue  # the whole word's score is >= 0: this reading cannot win (exact)
            whole_score = math.log1p(self._whole_evidence(chain, word))
            margin = split_score - whole_score
            if margin > best_margin:
                best_margin = margin
                best = ((*chain.parts, stem), (*chain.kinds, "stem"))
        return self._extend(best)

    def _extend(self, reading: Reading) -> Reading:
        """Split the chosen stem further when it splits on its own and the clitics chain:
        وبحسب is و + (بحسب = ب + حسب), decided like بحسب alone."""
        parts, kinds = reading
        if len(parts) == 1:
            return reading
        sub_parts, sub_kinds = self.split(parts[-1])
        if len(sub_parts) == 1 or "".join(parts[:-1]) + "".join(sub_parts[:-1]) not in (
            self.chain_texts
        ):
            return reading
        return (*parts[:-1], *sub_parts), (*kinds[:-1], *sub_kinds)


class CliticSplitter:
    """Splits one word into proclitics, article and stem."""

    def __init__(self, *, rules: CliticRules, lexicon: dict[str, int]) -> None:
        self.rules = rules
        self.lexicon = lexicon
        self._light = _Decider(rules, lexicon)
        self._norm: _Decider | None = None
        #: original word → its analysis (see ``analyse``)
        self.word_cache: dict[str, tuple[tuple[tuple[int, int, str, str], ...], str]] = {}

    def split_light(self, light: str) -> Reading:
        """Split a word in light spelling (see ``light_normalize``): (parts, kinds), stem last."""
        return self._light.split(light)

    def split_norm(self, norm: str) -> Reading:
        """Split a word already in matching-key spelling (``normalize``): (parts, kinds)."""
        if self._norm is None:
            counts: dict[str, int] = {}
            for word, count in self.lexicon.items():
                key = normalize(word)
                counts[key] = counts.get(key, 0) + count
            self._norm = _Decider(self.rules.normalized(), counts)
        return self._norm.split(norm)

    def split(self, word: str) -> tuple[list[Part], str]:
        """Split an original word: (parts as word-relative original spans, stem match key)."""
        parts, key = self.analyse(word)
        return [(s, e, k) for s, e, _, k in parts], key

    def analyse(self, word: str) -> tuple[tuple[tuple[int, int, str, str], ...], str]:
        """``((start, end, text, kind), ...), stem_key`` of an original word, cached: the hot
        path of ``tokenize`` (see ``word_cache``)."""
        cached = self.word_cache.get(word)
        if cached is None:
            cached = self._analyse(word)
            if len(self.word_cache) < 500_000:
                self.word_cache[word] = cached
        return cached

    def _analyse(self, word: str) -> tuple[tuple[tuple[int, int, str, str], ...], str]:
        light, offsets = light_with_offsets(word)
        if not light:
            return ((0, len(word), word, "stem"),), ""
        parts, kinds = self._light.split(light)
        spans: list[tuple[int, int, str, str]] = []
        pos = 0
        last = len(parts) - 1
        for i, (part, kind) in enumerate(zip(parts, kinds, strict=True)):
            start = 0 if i == 0 else offsets[pos]
            pos += len(part)
            end = len(word) if i == last else offsets[pos]
            spans.append((start, end, word[start:end], kind))
        return tuple(spans), normalize(parts[-1])


def count_words(words: Iterable[str]) -> dict[str, int]:
    """Light-form counts of words (helper for building small test lexicons)."""
    counts: dict[str, int] = {}
    for word in words:
        key = light_normalize(word)
        counts[key] = counts.get(key, 0) + 1
    return counts


@lru_cache(maxsize=1)
def default_splitter() -> CliticSplitter:
    """The splitter with the shipped rules and stem lexicon (loaded once per process)."""
    return CliticSplitter(rules=CliticRules.load(), lexicon=load_lexicon())
