"""Phrase matching on clitic-split token stems (used by the gazetteer, actor and trigger matchers).

A phrase is turned into a key with the same text layer as documents, so "لميليشيا الحرس الثوري"
in a report and the alias "ميليشيا الحرس الثوري" share the key ``ميليشيا حرس ثوري``. Matching
runs an Aho-Corasick automaton (pyahocorasick) over the space-joined stem keys, accepting only
hits that start and end on token boundaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, TypeVar

import ahocorasick

from marsad.model import Token

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[V]):
    """Tokens ``[first, last]`` (inclusive) matched the phrase with these payloads."""

    first: int
    last: int
    key: str
    values: tuple[V, ...]


class PhraseMatcher(Generic[V]):
    """Maps phrase keys (space-joined stems) to payloads; finds them in token sequences."""

    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton()
        self._values: dict[str, list[V]] = {}
        self._built = False

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: str) -> bool:
        return key in self._values

    def add(self, key: str, value: V) -> None:
        """Add a payload under a phrase key (see :func:`marsad.text.phrase_key`)."""
        if not key:
            return
        self._values.setdefault(key, []).append(value)
        self._built = False

    def get(self, key: str) -> tuple[V, ...]:
        return tuple(self._values.get(key, ()))

    def _build(self) -> None:
        self._automaton = ahocorasick.Automaton()
        for key in self._values:
            self._automaton.add_word(f" {key} ", key)
        if self._values:
            self._automaton.make_automaton()
        self._built = True

    def find(self, tokens: Sequence[Token], *, longest: bool = True) -> list[PhraseMatch[V]]:
        """All matches; with ``longest`` (default) only the longest non-overlapping ones."""
        if not self._built:
            self._build()
        if not self._values or not tokens:
            return []
        joined, starts = _joined_keys(tokens)
        values = self._values
        # (first, last, key) of every hit; PhraseMatch objects only for the ones returned
        hits: list[tuple[int, int, str]] = []
        for end_pos, key in self._automaton.iter(joined):
            first = starts.get(end_pos - len(key))  # the position of the key's first character
            if first is None:
                continue
            hits.append((first, first + key.count(" "), key))
        if not longest:
            return [PhraseMatch(f, last, key, tuple(values[key])) for f, last, key in hits]
        hits.sort(key=lambda m: (m[0] - m[1], m[0]))
        taken: set[int] = set()
        kept: list[tuple[int, int, str]] = []
        for hit in hits:
            span = range(hit[0], hit[1] + 1)
            if any(i in taken for i in span):
                continue
            taken.update(span)
            kept.append(hit)
        kept.sort(key=lambda m: m[0])
        return [PhraseMatch(f, last, key, tuple(values[key])) for f, last, key in kept]


#: the last token keys and their joined string and offsets (several matchers run over the same
#: tokens in a row)
_last: tuple[list[str], str, dict[int, int]] | None = None


def _joined_keys(tokens: Sequence[Token]) -> tuple[str, dict[int, int]]:
    """`` k0 k1 … kn `` (every token's key, "\x00" for none) and, for the position of each
    key's first character, the token's index. Reused while the keys are the same as the last
    call's (the comparison is of the keys themselves, so a changed token is never missed)."""
    global _last
    keys = [t.norm or "\x00" for t in tokens]
    cached = _last
    if cached is not None and cached[0] == keys:
        return cached[1], cached[2]
    # key i starts after " k0 … k(i-1) ": 1 + the lengths of the keys before it, + 1 each
    positions = accumulate(map(len, keys), lambda pos, size: pos + size + 1, initial=1)
    starts = dict(zip(positions, range(len(keys)), strict=False))  # one position too many
    joined = " " + " ".join(keys) + " "
    _last = (keys, joined, starts)
    return joined, starts
