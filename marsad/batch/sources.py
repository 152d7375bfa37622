"""Enumerate batch inputs into records in a stable order, so partition ids survive a rerun.

Order: the INPUT arguments as given; inside a directory, files sorted by their relative path;
inside a file, line (JSONL) or row (CSV/Parquet) order. Text and HTML files travel as raw bytes
and are parsed on the workers (trafilatura is the expensive part); JSONL and table rows become
Documents in the client (cheap), so workers never need the input files on their disk.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from marsad.ingest.readers import (
    DEFAULT_MAX_BYTES,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    InputError,
    read_bytes,
)
from marsad.ingest.tabular import iter_table, table_format
from marsad.model import Document

#: suffixes picked up when walking a directory (others are counted as skipped)
FILE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES


@dataclass(slots=True)
class RawFile:
    """A whole .txt/.html file, read by the client and parsed by a worker."""

    data: bytes
    fmt: str | None


@dataclass(slots=True)
class Record:
    """One input unit: a document, a file to parse, or the error that replaced it."""

    input: str
    line: int | None
    item: Document | RawFile | InputError

    def identity(self) -> str:
        """What makes this record itself: where it came from and what it holds."""
        if isinstance(self.item, Document):
            what = self.item.id + ":" + self.item.content_hash()[:16]
        elif isinstance(self.item, RawFile):
            what = hashlib.sha256(self.item.data).hexdigest()[:16]
        else:
            what = f"error:{self.item.kind}"
        return f"{self.input}\x1f{self.line}\x1f{what}"


@dataclass(slots=True)
class ReadOptions:
    text_column: str = "text"
    source: str | None = None
    published: date | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


def _kind(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if table_format(path):
        return "table"
    last = suffixes[-1] if suffixes else ""
    inner = suffixes[-2] if last == ".gz" and len(suffixes) > 1 else last
    if inner in JSONL_SUFFIXES:
        return "jsonl"
    if last in TEXT_SUFFIXES:
        return "txt"
    if last in HTML_SUFFIXES:
        return "html"
    return None


def expand_inputs(inputs: Sequence[Path]) -> Iterator[Path]:
    """Files of the inputs in stable order; a directory yields its supported files, sorted."""
    for path in inputs:
        if path.is_dir():
            files = [
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and _kind(p) is not None
            ]
            yield from sorted(files, key=lambda p: p.relative_to(path).as_posix())
        else:
            yield path


def iter_records(inputs: Sequence[Path], *, options: ReadOptions) -> Iterator[Record]:
    """Every record of the inputs, in stable order; bad inputs become error records."""
    for path in expand_inputs(inputs):
        yield from _file_records(path, options)


def _file_records(path: Path, options: ReadOptions) -> Iterator[Record]:
    name = str(path)
    if not path.exists():
        yield Record(name, None, InputError(name, "no such file or directory", kind="missing"))
        return
    kind = _kind(path)
    if kind == "table":
        for row, item in iter_table(
            path,
            text_column=options.text_column,
            source=options.source,
            published=options.published,
        ):
            yield Record(name, row, item)
        return
    if kind == "jsonl":
        yield from _jsonl_records(path, options)
        return
    try:
        size = path.stat().st_size
        if size > options.max_bytes and path.suffix.lower() != ".gz":
            error = InputError(
                name,
                f"too large ({size / 1e6:.1f} MB > {options.max_bytes / 1e6:.1f} MB limit); "
                "split it or raise --max-bytes",
                kind="too_large",
            )
            yield Record(name, None, error)
            return
        data = path.read_bytes()
        if path.suffix.lower() == ".gz":
            data = gzip.decompress(data)
    except (OSError, EOFError) as exc:
        yield Record(name, None, InputError(name, f"cannot read: {exc}", kind="io"))
        return
    yield Record(name, None, RawFile(data, kind))


def _jsonl_records(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Line by line through the shared JSONL reader, keeping each document's line number."""
    name = str(path)
    seen = False
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    try:
        with opener(path, "rb") as fh:
            for number, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                seen = True
                if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                for item in read_bytes(
                    raw,
                    path=name,
                    fmt="jsonl",
                    source=options.source,
                    published=options.published,
                    max_bytes=options.max_bytes,
                ):
                    if isinstance(item, InputError):
                        item.line = number
                    yield Record(name, number, item)
    except (OSError, EOFError) as exc:  # includes a truncated .gz
        yield Record(name, None, InputError(name, f"cannot read: {exc}", kind="io"))
        return
    if not seen:
        yield Record(name, None, InputError(name, "empty input", kind="empty"))


def count_records(inputs: Sequence[Path], *, options: ReadOptions) -> int:
    """A cheap count of records for the progress bar (lines, rows, files); no parsing."""
    total = 0
    for path in expand_inputs(inputs):
        kind = _kind(path)
        try:
            if kind == "jsonl":
                opener = gzip.open if path.suffix.lower() == ".gz" else open
                with opener(path, "rb") as fh:
                    total += sum(1 for raw in fh if raw.strip())
            elif kind == "table" and table_format(path) == "parquet":
                import pyarrow.parquet as pq

                total += pq.ParquetFile(path).metadata.num_rows
            elif kind == "table":
                total += sum(1 for _ in iter_table(path, text_column=options.text_column))
            else:
                total += 1
        except (OSError, EOFError, ValueError):
            total += 1  # the real pass reports why
    return total
