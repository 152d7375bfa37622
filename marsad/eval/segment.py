"""Clitic segmentation accuracy against a gold TSV (``tests/data/segmentation_gold.tsv``).

Gold format: ``SURFACE<TAB>PARTS[<TAB>TAG]`` a line, parts joined by ``+`` (و+ب+ال+مدينة);
``#`` lines are comments (the sentence), blank lines end a sentence. A token is right when the
text layer's parts of the surface (all tokens it yields, joined by ``+``) equal the gold parts.
Errors are counted per category: how many prefix parts the gold has (``chain`` ≥2, ``clitic``
1, ``stem_initial`` none though the word starts with clitic letters, ``plain``), ``non_arabic``
(numbers, Latin, handles), ``diacritized`` (harakat or tatweel inside), and the optional tag.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.text import CliticSplitter, tokenize
from marsad.text.normalize import is_arabic_letter, light_normalize

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "tests" / "data" / "segmentation_gold.tsv"
_CLITIC_LETTERS = "وفبلك"


@dataclass(frozen=True, slots=True)
class GoldToken:
    surface: str
    parts: tuple[str, ...]
    tag: str
    line: int
    sentence: str


@dataclass(slots=True)
class SegmentError:
    surface: str
    gold: str
    predicted: str
    categories: tuple[str, ...]
    line: int


@dataclass(slots=True)
class SegmentReport:
    total: int = 0
    correct: int = 0
    #: category → [tokens, errors]
    categories: dict[str, list[int]] = field(default_factory=dict)
    errors: list[SegmentError] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tokens": self.total,
            "correct": self.correct,
            "accuracy": round(self.accuracy, 4),
            "categories": {
                name: {
                    "tokens": n,
                    "errors": e,
                    "accuracy": round(1 - e / n, 4) if n else None,
                }
                for name, (n, e) in sorted(self.categories.items())
            },
            "errors": [
                {
                    "token": e.surface,
                    "gold": e.gold,
                    "predicted": e.predicted,
                    "categories": list(e.categories),
                    "line": e.line,
                }
                for e in self.errors
            ],
        }


class GoldFormatError(ValueError):
    """A gold line that does not follow the format (file and line in the message)."""


def load_gold(path: Path) -> list[GoldToken]:
    """Read a gold TSV; raises GoldFormatError naming the line on a malformed entry."""
    tokens: list[GoldToken] = []
    sentence = ""
    with path.open(encoding="utf-8-sig") as fh:
        for number, raw in enumerate(fh, start=1):
            line = raw.rstrip("\n")
            if not line.strip():
                sentence = ""
                continue
            if line.startswith("#") and "\t" not in line:
                sentence = line[1:].strip()
                continue
            columns = line.split("\t")
            if len(columns) < 2:
                raise GoldFormatError(f"{path}:{number}: expected SURFACE<TAB>PARTS")
            surface, segmentation = columns[0], columns[1]
            parts = tuple(segmentation.split("+"))
            if "".join(parts) != surface or any(not p for p in parts):
                raise GoldFormatError(
                    f"{path}:{number}: parts {segmentation!r} do not spell {surface!r}"
                )
            tag = columns[2].strip() if len(columns) > 2 else ""
            tokens.append(GoldToken(surface, parts, tag, number, sentence))
    return tokens


def categories_of(token: GoldToken) -> tuple[str, ...]:
    """Categories a gold token counts under (see module docstring)."""
    cats: list[str] = []
    if not any(is_arabic_letter(ch) for ch in token.surface):
        cats.append("non_arabic")
    else:
        prefixes = len(token.parts) - 1
        light = light_normalize(token.surface)
        if prefixes >= 2:
            cats.append("chain")
        elif prefixes == 1:
            cats.append("clitic")
        elif light[:1] in _CLITIC_LETTERS or light.startswith("ال"):
            cats.append("stem_initial")
        else:
            cats.append("plain")
        if light != token.surface:
            cats.append("diacritized")
    if token.tag:
        cats.append(token.tag)
    return tuple(cats)


def predict(surface: str, *, splitter: CliticSplitter | None = None) -> tuple[str, ...]:
    """The text layer's parts of ``surface`` (every token it yields, in order)."""
    return tuple(p.text for t in tokenize(surface, splitter=splitter) for p in t.parts)


def evaluate(gold: Iterable[GoldToken], *, splitter: CliticSplitter | None = None) -> SegmentReport:
    report = SegmentReport()
    for token in gold:
        cats = categories_of(token)
        predicted = predict(token.surface, splitter=splitter)
        ok = predicted == token.parts
        report.total += 1
        report.correct += ok
        for cat in (*cats, "all"):
            entry = report.categories.setdefault(cat, [0, 0])
            entry[0] += 1
            entry[1] += not ok
        if not ok:
            report.errors.append(
                SegmentError(
                    token.surface, "+".join(token.parts), "+".join(predicted), cats, token.line
                )
            )
    return report
