"""Read documents from tables: CSV (a text column) and Parquet, one document per row.

Rows are numbered from 1 (the header is not counted) so errors can name the bad row. Columns
``id``, ``url``, ``source``, ``published`` and ``title`` are used when present.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from marsad.ingest.readers import InputError, parse_published
from marsad.model import Document

CSV_SUFFIXES = {".csv", ".tsv"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
META_COLUMNS = ("id", "url", "source", "published", "title")
_CHUNK_ROWS = 2048


def document_from_row(
    row: dict[str, Any],
    *,
    path: str,
    row_number: int,
    text_column: str,
    source: str | None = None,
    published: date | None = None,
) -> Document | InputError:
    """One table row → Document, or the reason it cannot be one."""
    text = row.get(text_column)
    if not isinstance(text, str) or not text.strip():
        return InputError(
            path, f"missing or empty {text_column!r} column", line=row_number, kind="empty"
        )
    try:
        pub = parse_published(_blank_to_none(row.get("published"))) or published
    except ValueError as exc:
        return InputError(path, str(exc), line=row_number, kind="invalid")
    doc_id = _blank_to_none(row.get("id"))
    return Document(
        text=text,
        id=str(doc_id) if doc_id is not None else "",
        source=_str_or_none(row.get("source")) or source,
        url=_str_or_none(row.get("url")),
        published=pub,
        title=_str_or_none(row.get("title")),
    )


def _blank_to_none(value: object) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value != value:  # NaN from a null cell
        return None
    return value


def _str_or_none(value: object) -> str | None:
    value = _blank_to_none(value)
    return None if value is None else str(value)


def is_table(path: Path) -> bool:
    return table_format(path) is not None


def table_format(path: Path) -> str | None:
    """``csv``, ``tsv`` or ``parquet`` by suffix (``.csv.gz`` counts as CSV), else None."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in PARQUET_SUFFIXES:
        return "parquet"
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in CSV_SUFFIXES:
        return suffixes[-1].lstrip(".")
    return None


def iter_table(
    path: Path,
    *,
    text_column: str = "text",
    source: str | None = None,
    published: date | None = None,
) -> Iterator[tuple[int | None, Document | InputError]]:
    """``(row_number, Document | InputError)`` for each row; a broken file ends with one error."""
    fmt = table_format(path)
    if fmt == "parquet":
        yield from _iter_parquet(path, text_column=text_column, source=source, published=published)
    elif fmt in ("csv", "tsv"):
        yield from _iter_csv(
            path,
            sep="\t" if fmt == "tsv" else ",",
            text_column=text_column,
            source=source,
            published=published,
        )
    else:
        yield None, InputError(str(path), "not a .csv, .tsv or .parquet file", kind="unsupported")


def read_table(
    path: Path,
    *,
    text_column: str = "text",
    source: str | None = None,
    published: date | None = None,
) -> Iterator[Document | InputError]:
    """Documents and errors of a CSV/Parquet file, like the other readers of marsad.ingest."""
    for _, item in iter_table(path, text_column=text_column, source=source, published=published):
        yield item


def _iter_csv(
    path: Path, *, sep: str, text_column: str, source: str | None, published: date | None
) -> Iterator[tuple[int | None, Document | InputError]]:
    import pandas as pd

    name = str(path)
    row_number = 0
    try:
        reader = pd.read_csv(
            path,
            sep=sep,
            dtype=str,
            keep_default_na=False,
            chunksize=_CHUNK_ROWS,
            encoding="utf-8-sig",
            compression="infer",
        )
        with reader:
            for chunk in reader:
                if text_column not in chunk.columns:
                    yield None, _missing_column(name, text_column, list(chunk.columns))
                    return
                columns = [c for c in (text_column, *META_COLUMNS) if c in chunk.columns]
                for record in chunk[columns].to_dict("records"):
                    row_number += 1
                    yield (
                        row_number,
                        document_from_row(
                            record,
                            path=name,
                            row_number=row_number,
                            text_column=text_column,
                            source=source,
                            published=published,
                        ),
                    )
    except pd.errors.EmptyDataError:
        yield None, InputError(name, "empty input", kind="empty")
    except pd.errors.ParserError as exc:
        yield None, InputError(name, f"malformed CSV after row {row_number}: {exc}", kind="invalid")
    except UnicodeDecodeError as exc:
        yield None, InputError(name, f"not UTF-8 ({exc.reason})", kind="encoding")
    except (OSError, EOFError) as exc:
        yield None, InputError(name, f"cannot read: {exc}", kind="io")


def _iter_parquet(
    path: Path, *, text_column: str, source: str | None, published: date | None
) -> Iterator[tuple[int | None, Document | InputError]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    name = str(path)
    row_number = 0
    try:
        parquet = pq.ParquetFile(path)
        names = parquet.schema_arrow.names
        if text_column not in names:
            yield None, _missing_column(name, text_column, names)
            return
        columns = [c for c in (text_column, *META_COLUMNS) if c in names]
        for batch in parquet.iter_batches(batch_size=_CHUNK_ROWS, columns=columns):
            for record in batch.to_pylist():
                row_number += 1
                if isinstance(record.get("published"), date):
                    record["published"] = record["published"].isoformat()
                yield (
                    row_number,
                    document_from_row(
                        record,
                        path=name,
                        row_number=row_number,
                        text_column=text_column,
                        source=source,
                        published=published,
                    ),
                )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        yield (
            None,
            InputError(name, f"unreadable Parquet after row {row_number}: {exc}", kind="invalid"),
        )
    except OSError as exc:
        yield None, InputError(name, f"cannot read: {exc}", kind="io")


def _missing_column(path: str, column: str, names: list[str]) -> InputError:
    shown = ", ".join(map(str, names[:12]))
    return InputError(
        path,
        f"no {column!r} column (columns: {shown}); pick one with --text-column",
        kind="invalid",
    )


__all__ = ["document_from_row", "is_table", "iter_table", "read_table", "table_format"]
