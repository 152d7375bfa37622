"""Build the stem lexicon (normalized word frequencies) that decides ambiguous clitic splits.

Deterministic: the same inputs give the same file (sorted by count, then word).
Only counts of normalized word forms are kept, never text.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad.text.normalize import normalize
from marsad.text.tokenize import iter_tokens


def _words(text: str) -> Iterator[str]:
    for start, end, kind in iter_tokens(text):
        if kind == "arabic":
            yield normalize(text[start:end])


def count_jsonl(path: Path, *, field: str = "text") -> Counter[str]:
    counts: Counter[str] = Counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            record = json.loads(line)
            for key in (field, "title"):
                value = record.get(key)
                if isinstance(value, str):
                    counts.update(_words(value))
    return counts


def count_conll(path: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word = line.split("\t")[0].split(" ")[0].strip()
            if word:
                counts.update(_words(word))
    return counts


def count_names(names: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name in names:
        counts.update(_words(name))
    return counts


def write_lexicon(counts: Counter[str], path: Path, *, min_count: int = 3) -> int:
    rows = sorted(((w, c) for w, c in counts.items() if c >= min_count), key=lambda x: (-x[1], x[0]))
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the gzip bytes identical across runs
    with (
        path.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz,
    ):
        for word, count in rows:
            gz.write(f"{word}\t{count}\n".encode())
    return len(rows)
