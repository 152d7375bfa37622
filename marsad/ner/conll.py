"""Reading CoNLL-style NER files (token TAG per line, blank line between sentences).

ANERcorp mixes IOB1 and IOB2 (an entity may start with ``I-``); :func:`to_iob2` rewrites any
such sequence to IOB2 so training and scoring see one scheme. Wojood's nested format (several
tags per token, 21 types) is flattened to our four types by :func:`read_wojood`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

LABELS: tuple[str, ...] = ("PERS", "LOC", "ORG", "MISC")

#: Wojood type → our type (others become O). GPE and FAC are places; NORP, EVENT are MISC-like.
WOJOOD_MAP: dict[str, str] = {
    "PERS": "PERS",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "ORG": "ORG",
    "EVENT": "MISC",
}


class ConllError(ValueError):
    """A malformed CoNLL file (says which line)."""


@dataclass(slots=True)
class Sentence:
    tokens: list[str]
    tags: list[str]


def to_iob2(tags: Sequence[str]) -> list[str]:
    """IOB1/IOB2 mix → IOB2: an ``I-X`` that does not continue an ``X`` entity becomes ``B-X``."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and (prev == "O" or prev[2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def _check_tag(tag: str, where: str) -> str:
    if tag == "O":
        return tag
    if len(tag) > 2 and tag[:2] in ("B-", "I-"):
        return tag
    raise ConllError(f"{where}: tag {tag!r} is not O, B-X or I-X")


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of a two-column CoNLL file, tags normalized to IOB2.

    The token is the first column and the tag the last; lines with one column (a stray token
    without a tag) are tagged O. Raises :class:`ConllError` on undecodable or malformed input.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConllError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for n, line in enumerate(text.splitlines(), start=1):
        cols = line.split()
        if not cols:
            if tokens:
                sentences.append(Sentence(tokens, to_iob2(tags)))
                tokens, tags = [], []
            continue
        if "\x00" in line:
            raise ConllError(f"{path}:{n}: binary data")
        tokens.append(cols[0])
        tags.append(_check_tag(cols[-1], f"{path}:{n}") if len(cols) > 1 else "O")
    if tokens:
        sentences.append(Sentence(tokens, to_iob2(tags)))
    return sentences


def read_wojood(path: Path) -> list[Sentence]:
    """Wojood nested NER flattened to PERS/LOC/ORG/MISC (IOB2).

    Per token, the first tag whose type maps to one of ours wins; ``$#$`` markers are dropped.
    """
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split()
        if not cols:
            if tokens:
                sentences.append(Sentence(tokens, to_iob2(tags)))
                tokens, tags = [], []
            continue
        if cols[0] == "$#$":
            continue
        chosen = "O"
        for tag in cols[1:]:
            if tag == "O" or len(tag) < 3:
                continue
            mapped = WOJOOD_MAP.get(tag[2:])
            if mapped:
                chosen = tag[:2] + mapped
                break
        tokens.append(cols[0])
        tags.append(chosen)
    if tokens:
        sentences.append(Sentence(tokens, to_iob2(tags)))
    return sentences


def keep_types(tags: Sequence[str], types: Sequence[str]) -> list[str]:
    """Tags with entities of other types turned into O (then re-normalized to IOB2)."""
    return to_iob2([t if t == "O" or t[2:] in types else "O" for t in tags])
