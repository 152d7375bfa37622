"""Read documents from .txt, .html and .jsonl(.gz) files or bytes, never losing the good ones.

Each reader yields ``Document`` objects and ``InputError`` objects in input order; callers
report errors (file and line named) and go on with the rest.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

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
    """A publication date → date; else ValueError.

    Accepts ISO dates and datetimes (``2024-03-05``, ``2024-03-05T10:00:00Z``), ``2024/03/05``,
    and RFC 2822 as in RSS feeds (``Mon, 30 Jul 2018 07:12:48 GMT``).
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"published must be a YYYY-MM-DD string, got {type(value).__name__}")
    text = value.strip()
    try:
        return date.fromisoformat(text[:10].replace("/", "-"))
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"published {value!r} is not a YYYY-MM-DD date") from None


#: leading bytes of common binary formats people pass by mistake
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (docx/xlsx?)"),
    (b"\x1f\x8b", "gzip data (name it .gz)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)


def _decode(data: bytes, path: str) -> str | InputError:
    """UTF-8 (BOM optional) or UTF-16 with BOM → str; a clear InputError otherwise."""
    if not data.strip():
        return InputError(path, "empty input", kind="empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return InputError(path, f"invalid UTF-16: {exc.reason}", kind="encoding")
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            return InputError(path, f"binary data ({what}); expected UTF-8 text", kind="binary")
    head = data[:8192]
    if b"\x00" in head:
        return InputError(
            path,
            "binary data (NUL bytes); expected UTF-8 text (UTF-16 needs a byte-order mark)",
            kind="binary",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return InputError(
            path,
            f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at byte {exc.start}); "
            "convert it, e.g. iconv -f WINDOWS-1256 -t UTF-8",
            kind="encoding",
        )


def _too_large(path: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        path,
        f"too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit); "
        "split it or raise --max-bytes",
        kind="too_large",
    )


_JSON_ARRAY_RE = re.compile(r"\[\s*\{")


def _sniff(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith("{") or _JSON_ARRAY_RE.match(head):
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
        source=_str_or_none(record.get("source")) or source,
        url=_str_or_none(record.get("url")),
        published=pub,
        title=_str_or_none(record.get("title")),
    )


def _str_or_none(value: object) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


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
        yield _too_large(path, len(data), max_bytes)
        return
    decoded = _decode(data, path)
    if isinstance(decoded, InputError):
        yield decoded
        return
    fmt = fmt or _sniff(decoded)
    if fmt == "jsonl" and decoded.lstrip().startswith("["):
        yield from _read_json_array(decoded, path=path, source=source, published=published)
    elif fmt == "jsonl":
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
    """Documents in one file, by suffix: .txt, .html/.htm, .jsonl/.json (+ .gz), else sniffed.

    Files over ``max_bytes`` are refused before they are read (JSONL is streamed line by line,
    so there the limit holds per line); gzip files are refused once ``max_bytes`` of them has
    been decompressed.
    """
    name = str(path)
    if not path.exists():
        yield InputError(name, "no such file", kind="missing")
        return
    if path.is_dir():
        yield InputError(name, "is a directory, not a file", kind="missing")
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
        if fmt == "jsonl" and suffix != ".json":
            yield from _read_jsonl_file(
                path, gz=is_gz, source=source, published=published, max_bytes=max_bytes
            )
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield _too_large(name, size, max_bytes)
            return
        if is_gz:
            with gzip.open(path, "rb") as fh:
                data = fh.read(max_bytes + 1)
            if len(data) > max_bytes:
                yield _too_large(name, len(data), max_bytes)
                return
        else:
            data = path.read_bytes()
    except (OSError, EOFError) as exc:  # unreadable, or a truncated/corrupt .gz
        yield InputError(name, f"cannot read: {exc}", kind="io")
        return
    yield from read_bytes(
        data, path=name, fmt=fmt, source=source, published=published, max_bytes=max_bytes
    )


def read_stream(
    stream: BinaryIO,
    *,
    path: str = "<stdin>",
    fmt: str | None = None,
    source: str | None = None,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | InputError]:
    """Documents from a byte stream (stdin), reading at most ``max_bytes`` + 1 bytes of it."""
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc}", kind="io")
        return
    if len(data) > max_bytes:
        yield _too_large(path, len(data), max_bytes)
        return
    yield from read_bytes(
        data, path=path, fmt=fmt, source=source, published=published, max_bytes=max_bytes
    )


def _read_json_array(
    text: str, *, path: str, source: str | None, published: date | None
) -> Iterator[Document | InputError]:
    """A JSON array of document objects (a ``.json`` file); items are numbered from 1."""
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(path, f"malformed JSON: {exc.msg}", line=exc.lineno)
        return
    if not isinstance(records, list):
        records = [records]
    if not records:
        yield InputError(path, "empty JSON array", kind="empty")
    for number, record in enumerate(records, start=1):
        item = _document_from_record(
            record, path=path, line=number, source=source, published=published
        )
        if isinstance(item, InputError):
            item.message = f"item {number}: {item.message}"
            item.line = None
        yield item


def _read_jsonl_file(
    path: Path, *, gz: bool, source: str | None, published: date | None, max_bytes: int
) -> Iterator[Document | InputError]:
    """Stream a JSONL file line by line; a bad line is reported (file and line) and skipped."""
    name = str(path)
    opener = gzip.open if gz else open
    with opener(path, "rb") as fh:  # type: ignore[operator]
        head = fh.peek(4)[:4] if hasattr(fh, "peek") else b""
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: read whole (size-limited)
            data = fh.read(max_bytes + 1)
            if len(data) > max_bytes:
                yield _too_large(name, len(data), max_bytes)
                return
            yield from read_bytes(
                data,
                path=name,
                fmt="jsonl",
                source=source,
                published=published,
                max_bytes=max_bytes,
            )
            return
        seen = False
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            seen = True
            if len(raw) > max_bytes:
                yield _too_large(name, len(raw), max_bytes)
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(
                    name,
                    f"line is not UTF-8 (invalid byte 0x{raw[exc.start]:02x})",
                    line=number,
                    kind="encoding",
                )
                continue
            yield from _one_line(line, number, name, source, published, max_bytes)
        if not seen:
            yield InputError(name, "empty input", kind="empty")


def _one_line(
    line: str, number: int, path: str, source: str | None, published: date | None, max_bytes: int
) -> Iterator[Document | InputError]:
    if len(line) > max_bytes:
        yield InputError(
            path, f"line too large (> {max_bytes / 1e6:.1f} MB)", line=number, kind="too_large"
        )
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
