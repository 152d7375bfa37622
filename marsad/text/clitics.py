"""Proclitic splitting: و ف (conjunctions), ب ل ك (prepositions), ال (article) and their chains.

Rules live in ``data/clitics.toml``. Where letters could be clitics or part of the stem
(بلدة، لبنان، وصلت vs بريف، وحمص), a stem lexicon of word frequencies decides: a split wins when
its stem is well attested on its own (bare or with the article) — the lexicon is built from the
unlabeled news corpus, NER corpora and gazetteer names by ``marsad train lexicon``.
"""

from __future__ import annotations

import gzip
import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marsad.text.normalize import normalize_with_offsets

DATA_DIR = Path(__file__).parent / "data"
RULES_PATH = DATA_DIR / "clitics.toml"
LEXICON_PATH = DATA_DIR / "lexicon.tsv.gz"

#: (start, end, kind) relative to the word, in original characters
Part = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class CliticRules:
    conjunctions: tuple[str, ...]
    prepositions: tuple[str, ...]
    article: str
    lam_article: str
    min_stem: int
    article_bonus: float
    clitic_penalty: float
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
            lam_article=raw["lam_article"],
            min_stem=int(raw["min_stem"]),
            article_bonus=float(raw["article_bonus"]),
            clitic_penalty=float(raw["clitic_penalty"]),
            never_split=frozenset(raw["never_split"]),
            overrides={k: tuple(v.split("+")) for k, v in raw.get("overrides", {}).items()},
        )


def load_lexicon(path: Path = LEXICON_PATH) -> dict[str, int]:
    """Word → frequency (normalized forms). Empty when the file is absent."""
    if not path.exists():
        return {}
    lexicon: dict[str, int] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            word, _, count = line.rstrip("\n").partition("\t")
            if word and count:
                lexicon[word] = int(count)
    return lexicon


class CliticSplitter:
    """Splits one word into proclitics, article and stem."""

    def __init__(self, *, rules: CliticRules, lexicon: dict[str, int]) -> None:
        self.rules = rules
        self.lexicon = lexicon
        self._cache: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def _support(self, stem: str) -> float:
        lex = self.lexicon
        return float(lex.get(stem, 0) + lex.get(self.rules.article + stem, 0))

    def _candidates(self, norm: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """All readings as (surface parts of the prefix, their kinds)."""
        r = self.rules
        out: list[tuple[tuple[str, ...], tuple[str, ...]]] = [((), ())]
        for conj in ("", *r.conjunctions):
            for prep in ("", *r.prepositions):
                for art in (False, True):
                    parts: list[str] = []
                    kinds: list[str] = []
                    if conj:
                        parts.append(conj)
                        kinds.append("proclitic")
                    if prep:
                        parts.append(prep)
                        kinds.append("proclitic")
                    if art:
                        # ل + ال is spelled لل: the article keeps only its lam
                        parts.append("ل" if prep == "ل" else r.article)
                        kinds.append("article")
                    if not parts:
                        continue
                    if norm.startswith("".join(parts)):
                        out.append((tuple(parts), tuple(kinds)))
        return out

    def split_norm(self, norm: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Split a normalized word: returns (parts, kinds), the stem last."""
        cached = self._cache.get(norm)
        if cached is not None:
            return cached
        result = self._decide(norm)
        if len(self._cache) < 500_000:
            self._cache[norm] = result
        return result

    def _decide(self, norm: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        r = self.rules
        if norm in r.overrides:
            parts = r.overrides[norm]
            kinds = tuple(
                "stem" if i == len(parts) - 1 else ("article" if p == r.article else "proclitic")
                for i, p in enumerate(parts)
            )
            return parts, kinds
        if norm in r.never_split or len(norm) <= r.min_stem:
            return (norm,), ("stem",)
        best: tuple[float, tuple[str, ...], tuple[str, ...]] = (
            math.log1p(self._support(norm)),
            (norm,),
            ("stem",),
        )
        for prefix, kinds in self._candidates(norm):
            if not prefix:
                continue
            stem = norm[len("".join(prefix)) :]
            if len(stem) < r.min_stem:
                continue
            has_article = "article" in kinds
            if has_article and (r.article + stem) in r.never_split:
                continue  # والتي = و + التي, not و + ال + تي
            score = math.log1p(self._support(stem)) - r.clitic_penalty * len(prefix)
            if has_article:
                score += r.article_bonus
            if score > best[0]:
                best = (score, (*prefix, stem), (*kinds, "stem"))
        return best[1], best[2]

    def split(self, word: str) -> tuple[list[Part], str]:
        """Split an original word: (parts as word-relative original spans, stem match key)."""
        norm, offsets = normalize_with_offsets(word)
        if not norm:
            return [(0, len(word), "stem")], ""
        parts, kinds = self.split_norm(norm)
        spans: list[Part] = []
        pos = 0
        for i, (part, kind) in enumerate(zip(parts, kinds, strict=True)):
            start = 0 if i == 0 else offsets[pos]
            pos += len(part)
            end = len(word) if i == len(parts) - 1 else offsets[pos]
            spans.append((start, end, kind))
        return spans, parts[-1]


@lru_cache(maxsize=1)
def default_splitter() -> CliticSplitter:
    """The splitter with the shipped rules and stem lexicon (loaded once per process)."""
    return CliticSplitter(rules=CliticRules.load(), lexicon=load_lexicon())
