"""Quantities (4 حافلات، ثلاث سيارات، عشرات العناصر) and fatalities (مقتل 5، 3 قتلى) in a clause.

Fatalities follow ACLED: the lowest reported figure, vague counts per the taxonomy (عشرات → 12),
wounded (جرحى، مصابين) never counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marsad.events.cues import Cues, Grammar
from marsad.model import Span, Token
from marsad.time.numbers import NumberMatch, is_dual, read_number


@dataclass(frozen=True, slots=True)
class Quantity:
    first: int
    last: int
    value: int
    unit: str
    unit_norm: str
    text: str
    start: int
    end: int
    vague: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "unit": self.unit,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "vague": self.vague,
        }


def find_quantities(
    tokens: Sequence[Token],
    first: int,
    last: int,
    text: str,
    *,
    partitive: frozenset[str],
    skip: set[int] | None = None,
) -> list[Quantity]:
    """Numbers (digits, words, vague quantifiers) with the noun they count, in tokens
    [first, last]; ``partitive`` holds the stem keys of "of" (عدد من الشاحنات)."""
    skip = skip or set()
    found: list[Quantity] = []
    i = first
    while i <= last:
        if i in skip:
            i += 1
            continue
        number = read_number(tokens, i)
        if number is None:
            i += 1
            continue
        j = number.last + 1
        # "عدد من الشاحنات": skip من
        if j <= last and tokens[j].norm in partitive and number.vague:
            j += 1
        if j <= last and tokens[j].is_word and not tokens[j].norm.isdigit() and j not in skip:
            unit = tokens[j]
            found.append(
                Quantity(
                    first=i,
                    last=j,
                    value=number.value,
                    unit=unit.stem.text,
                    unit_norm=unit.norm,
                    text=text[tokens[i].start : unit.end],
                    start=tokens[i].start,
                    end=unit.end,
                    vague=number.vague,
                )
            )
            i = j + 1
            continue
        i = number.last + 1
    return found


@dataclass(frozen=True, slots=True)
class Fatalities:
    value: int
    spans: tuple[Span, ...]


def find_fatalities(
    tokens: Sequence[Token], first: int, last: int, cues: Cues
) -> Fatalities | None:
    """The killed count in tokens [first, last]: مقتل 5 / قتل خمسة مدنيين / 3 قتلى / قتيلين."""
    figures: list[tuple[int, Span]] = []
    pronoun_figures: list[tuple[int, Span]] = []
    grammar = cues.grammar
    i = first
    while i <= last:
        tok = tokens[i]
        norm = tok.norm
        if norm in cues.fatal_before:
            # مقتل 5 / مقتل خمسة مدنيين / قتل عشرات / مقتل مدني
            j = i + 1
            # مقتل ما لا يقل عن 5 / قتل خلالها 4 / مقتل نحو 20
            while j <= last and j - i <= 5 and tokens[j].norm in grammar.fatality_bridge:
                j += 1
            number = read_number(tokens, j) if j <= last else None
            if number is not None and not _wounded_after(tokens, number, last, cues):
                figures.append((number.value, Span(tok.start, tokens[number.last].end)))
                i = number.last + 1
                continue
            if j <= last and (tokens[j].norm in cues.civilian or tokens[j].norm in cues.armed):
                if is_dual(tokens[j].norm):
                    figures.append((2, Span(tok.start, tokens[j].end)))
                elif _singular(tokens[j].norm, grammar):
                    figures.append((1, Span(tok.start, tokens[j].end)))
        elif norm in cues.fatal_after:
            number = _number_before(tokens, i, first)
            if number is not None:
                figures.append((number.value, Span(tokens[number.first].start, tok.end)))
            elif is_dual(norm):
                figures.append((2, Span(tok.start, tok.end)))
        elif is_dual(norm) and norm.startswith(grammar.dual_killed_stem):
            figures.append((2, Span(tok.start, tok.end)))
        elif norm in cues.fatal_pronouns and (
            (i > 0 and tokens[i - 1].norm in grammar.pronoun_toll_after)
            or (
                bool(tok.parts)
                and tok.parts[0].kind == "proclitic"
                and tok.parts[0].text == grammar.recipient
            )
        ):
            # "ما أدى لمقتلهما": the pronoun counts the dead (only when no figure is given:
            # "مقتل 20 … بينهم شقيق القيادي، ومقتله" is still 20)
            pronoun_figures.append((cues.fatal_pronouns[norm], Span(tok.start, tok.end)))
        i += 1
    figures = figures or pronoun_figures
    if not figures:
        return None
    # several figures for one clause are alternative reports of one toll: ACLED takes the lowest
    value = min(v for v, _ in figures)
    return Fatalities(value, tuple(s for _, s in figures))


def _singular(norm: str, grammar: Grammar) -> bool:
    """A victim noun in the singular: no plural ending, no broken plural (أطفال، جنود)."""
    return not norm.endswith(grammar.plural_endings) and norm not in grammar.broken_plurals


def _number_before(tokens: Sequence[Token], i: int, first: int) -> NumberMatch | None:
    for start in range(max(first, i - 3), i):
        number = read_number(tokens, start)
        if number is not None and number.last == i - 1:
            return number
    return None


def _wounded_after(tokens: Sequence[Token], number: NumberMatch, last: int, cues: Cues) -> bool:
    j = number.last + 1
    return j <= last and tokens[j].norm in cues.wounded
