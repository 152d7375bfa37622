"""Read documents from .txt, .html and .jsonl(.gz) files or bytes, never losing the good ones.

Each reader yields ``Document`` objects and ``InputError`` objects in input order; callers
report errors (file and line named) and go on with the rest.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from marsad.ingest.html import extract_article
from marsad.model import Document

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}


@dataclass(slots=True)
class InputError:
    """Why one input (or one line of it) could not be read."""

    path: str
    message: str
    line: int | None = None
    kind: str = "invalid"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


def parse_published(value: object) -> date | None:
    """ISO date or datetime (``2024-03-05``, ``2024-03-05T10:00:00Z``) → date; else ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"published must be a YYYY-MM-DD string, got {type(value).__name__}")
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            raise ValueError(f"published {value!r} is not a YYYY-MM-DD date") from None


def _decode(data: bytes, path: str) -> str | InputError:
    if not data.strip():
        return InputError(path, "empty input", kind="empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return InputError(path, f"invalid UTF-16: {exc.reason}", kind="encoding")
    head = data[:8192]
    if b"\x00" in head:
        return InputError(path, "binary data (NUL bytes); expected UTF-8 text", kind="binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return InputError(
            path,
            f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at byte {exc.start}); "
            "convert it, e.g. iconv -f WINDOWS-1256 -t UTF-8",
            kind="encoding",
        )


def _sniff(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith(("<!doctype html", "<html", "<?xml", "<head", "<body", "<div", "<p")):
        return "html"
    return "txt"


def _document_from_record(
    record: object, *, path: str, line: int, source: str | None, published: date | None
) -> Document | InputError:
    if not isinstance(record, dict):
        return InputError(path, "each line must be a JSON object", line=line, kind="invalid")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(path, "missing or empty 'text' field", line=line, kind="empty")
    try:
        pub = parse_published(record.get("published")) or published
    except ValueError as exc:
        return InputError(path, str(exc), line=line, kind="invalid")
    doc_id = record.get("id")
    return Document(
        text=text,
        id=str(doc_id) if doc_id not in (None, "") else "",
        source=record.get("source") or source,
        url=record.get("url"),
        published=pub,
        title=record.get("title"),
    )


def read_bytes(
    data: bytes,
    *,
    path: str,
    fmt: str | None = None,
    source: str | None = None,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | InputError]:
    """Documents from raw bytes; ``fmt`` is txt, html or jsonl (sniffed when None)."""
    if fmt != "jsonl" and len(data) > max_bytes:
        yield InputError(
            path,
            f"too large ({len(data) / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit); "
            "split it or raise --max-bytes",
            kind="too_large",
        )
        return
    decoded = _decode(data, path)
    if isinstance(decoded, InputError):
        yield decoded
        return
    fmt = fmt or _sniff(decoded)
    if fmt == "jsonl":
        yield from _read_jsonl_lines(
            decoded.splitlines(), path=path, source=source, published=published, max_bytes=max_bytes
        )
    elif fmt == "html":
        try:
            article = extract_article(decoded)
        except (ValueError, TypeError) as exc:  # lxml raises these on broken markup
            yield InputError(path, f"unreadable HTML: {exc}", kind="invalid")
            return
        if not article.text:
            yield InputError(path, "HTML page has no main text", kind="empty")
            return
        try:
            pub = parse_published(article.published) or published
        except ValueError:
            pub = published
        yield Document(
            text=article.text, source=source, url=article.url, published=pub, title=article.title
        )
    else:
        if not decoded.strip():
            yield InputError(path, "empty input", kind="empty")
            return
        yield Document(text=decoded, source=source, published=published)


def _read_jsonl_lines(
    lines: Iterable[str],
    *,
    path: str,
    source: str | None,
    published: date | None,
    max_bytes: int,
) -> Iterator[Document | InputError]:
    seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        seen = True
        yield from _one_line(line, number, path, source, published, max_bytes)
    if not seen:
        yield InputError(path, "empty input", kind="empty")


def read_path(
    path: Path,
    *,
    source: str | None = None,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | InputError]:
    """Documents in one file, by suffix: .txt, .html/.htm, .jsonl/.jsonl.gz (else sniffed)."""
    name = str(path)
    if not path.exists():
        yield InputError(name, "no such file", kind="missing")
        return
    if path.is_dir():
        yield InputError(name, "is a directory", kind="missing")
        return
    suffixes = [s.lower() for s in path.suffixes]
    is_gz = bool(suffixes) and suffixes[-1] == ".gz"
    suffix = suffixes[-2] if is_gz and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")
    fmt = (
        "jsonl"
        if suffix in JSONL_SUFFIXES
        else "html"
        if suffix in HTML_SUFFIXES
        else "txt"
        if suffix in TEXT_SUFFIXES
        else None
    )
    try:
        if fmt == "jsonl":
            yield from _read_jsonl_file(
                path, gz=is_gz, source=source, published=published, max_bytes=max_bytes
            )
            return
        size = path.stat().st_size
        if size > max_bytes and not is_gz:
            yield InputError(
                name,
                f"too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit); "
                "split it or raise --max-bytes",
                kind="too_large",
            )
            return
        data = gzip.decompress(path.read_bytes()) if is_gz else path.read_bytes()
    except (OSError, EOFError) as exc:
        yield InputError(name, f"cannot read: {exc}", kind="io")
        return
    yield from read_bytes(
        data, path=name, fmt=fmt, source=source, published=published, max_bytes=max_bytes
    )


def _read_jsonl_file(
    path: Path, *, gz: bool, source: str | None, published: date | None, max_bytes: int
) -> Iterator[Document | InputError]:
    name = str(path)
    opener = gzip.open if gz else open
    with opener(path, "rb") as fh:  # type: ignore[operator]
        def lines() -> Iterator[str]:
            for number, raw in enumerate(fh, start=1):
                try:
                    yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError:
                    yield "\x00not-utf8"
        seen = False
        for number, line in enumerate(lines(), start=1):
            if not line.strip():
                continue
            seen = True
            if line == "\x00not-utf8":
                yield InputError(name, "line is not UTF-8", line=number, kind="encoding")
                continue
            yield from _one_line(line, number, name, source, published, max_bytes)
        if not seen:
            yield InputError(name, "empty input", kind="empty")


def _one_line(
    line: str, number: int, path: str, source: str | None, published: date | None, max_bytes: int
) -> Iterator[Document | InputError]:
    if len(line) > max_bytes:
        yield InputError(path, "line too large", line=number, kind="too_large")
        return
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        yield InputError(path, f"malformed JSON: {exc.msg} (column {exc.colno})", line=number)
        return
    yield _document_from_record(record, path=path, line=number, source=source, published=published)


def read_paths(
    paths: Iterable[Path],
    *,
    source: str | None = None,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | InputError]:
    for path in paths:
        yield from read_path(path, source=source, published=published, max_bytes=max_bytes)
