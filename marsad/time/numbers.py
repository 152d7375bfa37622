"""Arabic numbers in digits and words (ثلاثة، خمسة وعشرون، عشرات) read from token stems.

Shared by time ("منذ ثلاثة أيام") and event quantities/fatalities ("مقتل خمسة مدنيين").
Hand-written because no maintained library reads Arabic number words off clitic-split tokens
with offsets; the vocabulary lives in ``data/numbers.toml``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marsad.model import Token
from marsad.text import normalize, phrase_key

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """Tokens ``[first, last]`` read as ``value``; ``vague`` for عشرات / مئات style quantifiers."""

    first: int
    last: int
    value: int
    vague: bool = False


@dataclass(frozen=True, slots=True)
class NumberWords:
    single: dict[str, int]
    double: dict[tuple[str, str], int]
    vague: dict[str, int]
    dual_suffixes: tuple[str, ...]
    counted: frozenset[str]
    thousands: frozenset[str]
    hundreds: frozenset[str]
    #: the proclitic joining a unit to its tens (خمسة وعشرون)
    conjunction: str = ""
    #: the normalized feminine ending a counted noun drops before a dual suffix
    feminine_ending: str = ""

    @classmethod
    def load(
        cls, path: Path = DATA_DIR / "numbers.toml", *, vague: dict[str, int] | None = None
    ) -> NumberWords:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        single: dict[str, int] = {}
        double: dict[tuple[str, str], int] = {}
        for word, value in raw["units"].items():
            key = phrase_key(word)
            parts = key.split()
            if len(parts) == 1:
                single[parts[0]] = int(value)
            elif len(parts) == 2:
                double[(parts[0], parts[1])] = int(value)
        counted = frozenset(phrase_key(w) for w in raw["counted_nouns"]["words"])
        return cls(
            single=single,
            double=double,
            vague=dict(vague or {}),
            dual_suffixes=tuple(normalize(s) for s in raw["duals"]["suffixes"]),
            counted=counted,
            thousands=frozenset(phrase_key(w) for w in raw["multipliers"]["thousands"]),
            hundreds=frozenset(phrase_key(w) for w in raw["multipliers"]["hundreds"]),
            conjunction=str(raw["compound"]["conjunction"]),
            feminine_ending=normalize(raw["duals"]["feminine_ending"]),
        )


@lru_cache(maxsize=1)
def default_words() -> NumberWords:
    # the vague quantifiers (عشرات → 12) are ACLED coding rules: they live in the taxonomy file
    from marsad.events.taxonomy import default_taxonomy

    return NumberWords.load(vague=default_taxonomy().vague_counts)


def _digits(text: str) -> int | None:
    norm = normalize(text).replace(",", "").replace("٬", "")
    if norm.isdigit() and len(norm) <= 7:
        return int(norm)
    return None


def read_number(
    tokens: Sequence[Token], i: int, *, words: NumberWords | None = None
) -> NumberMatch | None:
    """The number starting at token ``i`` (digits, words, compounds with و, vague quantifiers)."""
    words = words or default_words()
    if i >= len(tokens):
        return None
    tok = tokens[i]
    value = _digits(tok.text)
    if value is not None:
        return NumberMatch(i, i, value)
    norm = tok.norm
    if not norm:
        return None
    if i + 1 < len(tokens) and (norm, tokens[i + 1].norm) in words.double:
        return NumberMatch(i, i + 1, words.double[(norm, tokens[i + 1].norm)])
    if norm in words.single:
        value = words.single[norm]
        last = i
        # unit و tens: خمسة وعشرون (the و is a proclitic of the next token)
        if value < 10 and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            tens = words.single.get(nxt.norm)
            joined = nxt.text.startswith(words.conjunction)
            if tens and tens % 10 == 0 and 20 <= tens <= 90 and joined:
                value += tens
                last = i + 1
        # hundreds/thousands: ثلاثة آلاف
        if last + 1 < len(tokens) and value < 10:
            nxt_norm = tokens[last + 1].norm
            if nxt_norm in words.thousands:
                value, last = value * 1000, last + 1
            elif nxt_norm in words.hundreds:
                value, last = value * 100, last + 1
        return NumberMatch(i, last, value)
    if norm in words.vague:
        return NumberMatch(i, i, words.vague[norm], vague=True)
    return None


def is_dual(norm: str, *, words: NumberWords | None = None) -> bool:
    """A dual noun (قتيلين، سيارتين) of a counted noun counts two."""
    words = words or default_words()
    for suffix in words.dual_suffixes:
        if norm.endswith(suffix) and len(norm) > len(suffix) + 2:
            base = norm[: -len(suffix)]
            if base in words.counted or base + words.feminine_ending in words.counted:
                return True
    return False
