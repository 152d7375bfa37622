"""Phrase matching on clitic-split token stems (used by the gazetteer, actor and trigger matchers).

A phrase is turned into a key with the same text layer as documents, so "لميليشيا الحرس الثوري"
in a report and the alias "ميليشيا الحرس الثوري" share the key ``ميليشيا حرس ثوري``. Matching
runs an Aho-Corasick automaton (pyahocorasick) over the space-joined stem keys, accepting only
hits that start and end on token boundaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
        keys = [t.norm if t.norm else "\x00" for t in tokens]
        # char position of each token's key in the joined string " k0 k1 ... kn "
        starts: dict[int, int] = {}
        pos = 1
        for i, key in enumerate(keys):
            starts[pos] = i
            pos += len(key) + 1
        joined = " " + " ".join(keys) + " "
        matches: list[PhraseMatch[V]] = []
        for end_pos, key in self._automaton.iter(joined):
            first_pos = end_pos - len(key) - 1  # position of the leading space
            first = starts.get(first_pos + 1)
            if first is None:
                continue
            last = first + key.count(" ")
            matches.append(PhraseMatch(first, last, key, tuple(self._values[key])))
        if not longest:
            return matches
        matches.sort(key=lambda m: (-(m.last - m.first), m.first))
        taken: set[int] = set()
        kept: list[PhraseMatch[V]] = []
        for m in matches:
            span = range(m.first, m.last + 1)
            if any(i in taken for i in span):
                continue
            taken.update(span)
            kept.append(m)
        kept.sort(key=lambda m: m.first)
        return kept
