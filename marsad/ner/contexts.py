"""Corpus contexts of words: how often, in unlabeled news, a word follows a person title, an
organisation head, a place head or preposition, a first name, or precedes a speech verb.

A name seen once in a test article ("فينغر", "بنفيكا") has usually been seen hundreds of times
in the unlabeled corpus, most often right after "المدرب" or "نادي"/"فريق". Those shares are a
type prior the CRF can use for names it never saw labelled (the corpus-wide version of the
document-context features in ``features.py``). Counting is exact and order-independent, so
``marsad train ner`` writes the same table every run; run time only reads it.
"""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from marsad.ner.features import FeatureExtractor

CONTEXTS_FILE = "contexts.tsv.gz"

#: a stem needs this many corpus occurrences before its shares mean anything
MIN_COUNT = 3
#: share thresholds → bucket digit (at least 3 %, 10 %, 30 % of occurrences)
BUCKETS: tuple[tuple[float, str], ...] = ((0.3, "3"), (0.1, "2"), (0.03, "1"))


def learn_contexts(
    sentences: Iterable[list[str]], extractor: FeatureExtractor
) -> dict[str, tuple[str, ...]]:
    """Stem → context attributes ("cx:pt3": 30 % or more of its occurrences follow a title).

    ``extractor`` must be one built without a context table (its words' document marks are
    the contexts counted here)."""
    totals: Counter[str] = Counter()
    counts: dict[str, Counter[str]] = {}
    for tokens in sentences:
        feats = [extractor.word(t) for t in tokens]
        last = len(feats) - 1
        for i, wf in enumerate(feats):
            key = wf.name_key
            if not key:
                continue
            totals[key] += 1
            ctx = feats[i - 1].as_prev if i else frozenset()
            if i < last:
                ctx = ctx | feats[i + 1].as_next
            if ctx:
                counts.setdefault(key, Counter()).update(ctx)
    table: dict[str, tuple[str, ...]] = {}
    for key, seen in counts.items():
        total = totals[key]
        if total < MIN_COUNT:
            continue
        attrs = []
        for attr, n in sorted(seen.items()):
            share = n / total
            for threshold, digit in BUCKETS:
                if share >= threshold:
                    attrs.append(attr + digit)  # "cx:pt" → "cx:pt3"
                    break
        if attrs:
            table[key] = tuple(attrs)
    return table


def write_contexts(table: dict[str, tuple[str, ...]], path: Path) -> None:
    """Write the table as a byte-identical (mtime 0) gzipped TSV, sorted."""
    with path.open("wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz:
        for key in sorted(table):
            gz.write(f"{key}\t{' '.join(table[key])}\n".encode())


def read_contexts(path: Path) -> dict[str, tuple[str, ...]]:
    """The context table; empty when the file is absent (a model trained without it)."""
    table: dict[str, tuple[str, ...]] = {}
    if not path.exists():
        return table
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            key, _, attrs = line.rstrip("\n").partition("\t")
            if key and attrs:
                table[key] = tuple(attrs.split())
    return table
