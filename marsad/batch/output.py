"""Write one partition's results as files named by its id, each atomically (temp file + rename).

Layout under ``--out DIR``::

    events/event_month=2024-03/part-000042.parquet   (or event_day=2024-03-05; "unknown" if undated)
    documents/part-000042.parquet
    errors/part-000042.jsonl                          (only when the partition had errors)
    errors.jsonl, summary.json                        (rebuilt at the end of every run)

A rerun writes the same names again, so output is overwritten, never duplicated.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from marsad.batch.worker import EVENT_JSON_FIELDS, PartitionResult
from marsad.model import Event

DATE_PARTITIONS = ("month", "day")


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary sibling and ``os.replace`` it: readers see all or nothing.

    The rename is atomic, which is what survives a killed process (SIGKILL, OOM, Ctrl-C). No
    fsync: it cost more than the pipeline on small partitions, and a resumed run checks that
    each finished partition's files are still there (see ``ParquetOutput.has_partition``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write_text(path: Path, text: str) -> None:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    atomic_write(path, write)


def _arrow_type(annotation: str) -> pa.DataType:
    if any(mark in annotation for mark in ("list", "dict", "Span")):
        return pa.string()  # JSON text
    if annotation.startswith("bool"):
        return pa.bool_()
    if annotation.startswith("int"):
        return pa.int64()
    if annotation.startswith("float"):
        return pa.float64()
    return pa.string()


_PROVENANCE = [
    ("doc_id", pa.string()),
    ("partition", pa.string()),
    ("position", pa.int64()),
    ("input", pa.string()),
    ("line", pa.int64()),
]

DOCUMENT_SCHEMA = pa.schema(
    [
        *_PROVENANCE,
        ("content_hash", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("published", pa.string()),
        ("title", pa.string()),
        *[(n, pa.int64()) for n in ("chars", "sentences", "tokens", "mentions", "places")],
        *[(n, pa.int64()) for n in ("actors", "events")],
    ]
)

EVENT_SCHEMA = pa.schema(
    [
        *_PROVENANCE,
        ("doc_source", pa.string()),
        ("doc_url", pa.string()),
        ("event_index", pa.int64()),
        ("event_id", pa.string()),
        *[
            (f.name, pa.string() if f.name in EVENT_JSON_FIELDS else _arrow_type(str(f.type)))
            for f in fields(Event)
            if f.name != "id"
        ],
    ]
)


def date_key(event_date: object, *, by: str) -> str:
    """The partition value of an event date: ``2024-03`` (month) or ``2024-03-05`` (day)."""
    if not isinstance(event_date, str) or len(event_date) < 7:
        return "unknown"
    value = event_date[:7] if by == "month" else event_date[:10]
    return value if value[:4].isdigit() else "unknown"


def _write_parquet(path: Path, rows: list[dict[str, Any]], schema: pa.Schema) -> None:
    table = pa.Table.from_pylist(rows, schema=schema)
    atomic_write(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))


class ParquetOutput:
    """The ``--out`` directory of a batch run."""

    def __init__(self, root: Path, *, date_partition: str = "month") -> None:
        if date_partition not in DATE_PARTITIONS:
            raise ValueError(f"date partition must be one of {DATE_PARTITIONS}")
        self.root = root
        self.date_partition = date_partition
        self.date_column = f"event_{date_partition}"

    @property
    def events_dir(self) -> Path:
        return self.root / "events"

    @property
    def documents_dir(self) -> Path:
        return self.root / "documents"

    @property
    def errors_dir(self) -> Path:
        return self.root / "errors"

    def partition_files(self, partition_id: str) -> list[Path]:
        """Every file a partition may have written (in any date directory)."""
        name = f"{partition_id}.parquet"
        found = list(self.events_dir.glob(f"*/{name}")) if self.events_dir.exists() else []
        found += [self.documents_dir / name, self.errors_dir / f"{partition_id}.jsonl"]
        return [p for p in found if p.exists()]

    def has_partition(self, partition_id: str) -> bool:
        """Whether the partition's documents file (written last) is on disk."""
        return (self.documents_dir / f"{partition_id}.parquet").exists()

    def remove_partition(self, partition_id: str) -> None:
        for path in self.partition_files(partition_id):
            path.unlink()

    def write(self, result: PartitionResult) -> None:
        """Replace this partition's files with ``result`` (stale ones from an older run go)."""
        pid = result.partition_id
        self.remove_partition(pid)
        by_date: dict[str, list[dict[str, Any]]] = {}
        for row in result.events:
            by_date.setdefault(date_key(row.get("event_date"), by=self.date_partition), []).append(
                row
            )
        for key, rows in sorted(by_date.items()):
            target = self.events_dir / f"{self.date_column}={key}" / f"{pid}.parquet"
            _write_parquet(target, rows, EVENT_SCHEMA)
        if result.errors:
            text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in result.errors)
            atomic_write_text(self.errors_dir / f"{pid}.jsonl", text)
        # last, so its presence means the partition's other files are there
        _write_parquet(self.documents_dir / f"{pid}.parquet", result.documents, DOCUMENT_SCHEMA)

    def clean_temporaries(self) -> None:
        """Remove half-written temp files a killed run left behind."""
        if self.root.exists():
            for tmp in self.root.rglob(".*.tmp"):
                tmp.unlink()

    def drop_other_partitions(self, keep: Iterable[str]) -> int:
        """Delete files of partitions that the current inputs no longer have."""
        keep_set = set(keep)
        removed = 0
        for directory, pattern in (
            (self.events_dir, "*/part-*.parquet"),
            (self.documents_dir, "part-*.parquet"),
            (self.errors_dir, "part-*.jsonl"),
        ):
            if not directory.exists():
                continue
            for path in directory.glob(pattern):
                if path.name.split(".")[0] not in keep_set:
                    path.unlink()
                    removed += 1
        return removed

    def merge_errors(self) -> int:
        """Rebuild ``errors.jsonl`` from the per-partition files, in partition order."""
        lines: list[str] = []
        if self.errors_dir.exists():
            for path in sorted(self.errors_dir.glob("part-*.jsonl")):
                lines.extend(path.read_text(encoding="utf-8").splitlines(keepends=True))
        atomic_write_text(self.root / "errors.jsonl", "".join(lines))
        return len(lines)

    def read_events(self) -> pa.Table:
        """All events written so far, as one table (with the date partition column)."""
        files = sorted(self.events_dir.glob("*/part-*.parquet")) if self.events_dir.exists() else []
        tables = []
        for path in files:
            table = pq.read_table(path, schema=EVENT_SCHEMA)
            key = path.parent.name.split("=", 1)[1]
            tables.append(
                table.append_column(self.date_column, pa.array([key] * len(table), pa.string()))
            )
        if not tables:
            return EVENT_SCHEMA.empty_table().append_column(
                self.date_column, pa.array([], pa.string())
            )
        return pa.concat_tables(tables)

    def read_documents(self) -> pa.Table:
        files = (
            sorted(self.documents_dir.glob("part-*.parquet")) if self.documents_dir.exists() else []
        )
        if not files:
            return DOCUMENT_SCHEMA.empty_table()
        return pa.concat_tables([pq.read_table(p, schema=DOCUMENT_SCHEMA) for p in files])
