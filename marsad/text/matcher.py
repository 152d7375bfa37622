"""Phrase matching on clitic-split token stems (used by the gazetteer, actor and trigger matchers).

A phrase is turned into a key with the same text layer as documents, so "لميليشيا الحرس الثوري"
in a report and the alias "ميليشيا الحرس الثوري" share the key ``ميليشيا حرس ثوري``. Matching
runs an Aho-Corasick automaton (pyahocorasick) over the space-joined stem keys, accepting only
hits that start and end on token boundaries.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter, itemgetter
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
        size = len(starts)
        # (-(last - first), first, last, key) of every hit, which sorts longest first, then
        # leftmost; PhraseMatch objects only for the ones returned
        hits: list[tuple[int, int, int, str]] = []
        for end_pos, key in self._automaton.iter(joined):
            at = end_pos - len(key)  # the position of the key's first character
            first = bisect_left(starts, at)
            if first == size or starts[first] != at:
                continue  # not at a token's first character
            spaces = key.count(" ")
            hits.append((-spaces, first, first + spaces, key))
        if not longest:
            return [PhraseMatch(f, last, key, tuple(values[key])) for _, f, last, key in hits]
        hits.sort()
        taken = bytearray(size)  # 1 for a token inside a kept hit
        kept: list[tuple[int, int, int, str]] = []
        for hit in hits:
            _, f, last, _ = hit
            if 1 in taken[f : last + 1]:
                continue
            taken[f : last + 1] = b"\x01" * (last + 1 - f)
            kept.append(hit)
        kept.sort(key=itemgetter(1))
        return [PhraseMatch(f, last, key, tuple(values[key])) for _, f, last, key in kept]


_norm_of = attrgetter("norm")
_plus_one = (1).__add__

#: the last token keys and their joined string and offsets (several matchers run over the same
#: tokens in a row)
_last: tuple[list[str], str, list[int]] | None = None


def _joined_keys(tokens: Sequence[Token]) -> tuple[str, list[int]]:
    """`` k0 k1 … kn `` (every token's key, "\x00" for none) and the position of each key's
    first character, by token (ascending: a hit's token is found by bisection, since hits are
    few and a position → token dict would cost more to build than they take to look up).
    Reused while the keys are the same as the last call's (the comparison is of the keys
    themselves, so a changed token is never missed)."""
    global _last
    keys = list(map(_norm_of, tokens))  # C-level loops: this runs for every matcher call
    if "" in keys:
        keys = [k or "\x00" for k in keys]
    cached = _last
    if cached is not None and cached[0] == keys:
        return cached[1], cached[2]
    # key i starts after " k0 … k(i-1) ": 1 + the lengths of the keys before it, + 1 each
    starts = list(accumulate(map(_plus_one, map(len, keys)), initial=1))
    del starts[-1]  # the position after the last key
    joined = " " + " ".join(keys) + " "
    _last = (keys, joined, starts)
    return joined, starts
