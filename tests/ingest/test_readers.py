"""Readers: every kind of bad input gives a clear InputError and never hides the good inputs."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest

from marsad.ingest import InputError, parse_published, read_bytes, read_path, read_paths
from marsad.ingest.readers import read_stream
from marsad.model import Document

ARABIC = "قصفت طائرات مسيرة مواقع لميليشيا الحرس قرب بلدة الصالحية فجر الثلاثاء."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def docs(items: list[Document | InputError]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def errors(items: list[Document | InputError]) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


@pytest.mark.parametrize(
    ("name", "data", "kind", "words"),
    [
        ("cp1256.txt", ARABIC.encode("cp1256"), "encoding", ["not UTF-8", "iconv"]),
        ("empty.txt", b"", "empty", ["empty"]),
        ("blank.txt", b" \n\t\n", "empty", ["empty"]),
        ("bom_only.txt", b"\xef\xbb\xbf", "empty", ["empty"]),
        ("nul.txt", b"abc\x00\x01\x02" * 10, "binary", ["binary"]),
        ("report.txt", b"%PDF-1.7\n%\xe2\xe3", "binary", ["PDF"]),
        ("image.txt", b"\x89PNG\r\n\x1a\n", "binary", ["PNG"]),
        (
            "page.html",
            b"<html><head><title>x</title></head><body></body></html>",
            "empty",
            ["no main text"],
        ),
    ],
    ids=["cp1256", "empty", "blank", "bom-only", "nul", "pdf", "png", "html-no-text"],
)
def test_bad_files_are_named_and_explained(
    tmp_path: Path, name: str, data: bytes, kind: str, words: list[str]
) -> None:
    path = write(tmp_path, name, data)
    [error] = list(read_path(path))
    assert isinstance(error, InputError)
    assert error.kind == kind
    assert str(path) in str(error)
    for word in words:
        assert word in error.message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    [missing] = list(read_path(tmp_path / "nope.txt"))
    assert isinstance(missing, InputError) and missing.kind == "missing"
    assert "no such file" in str(missing)
    [directory] = list(read_path(tmp_path))
    assert isinstance(directory, InputError) and "directory" in directory.message


@pytest.mark.parametrize("name", ["big.txt", "big.html", "big.dat"])
def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with path.open("wb") as fh:  # sparse: 50 MB on paper, nothing written
        fh.truncate(50 * 1024 * 1024)
    [error] = list(read_path(path))
    assert isinstance(error, InputError) and error.kind == "too_large"
    assert "52.4 MB" in error.message and "--max-bytes" in error.message


def test_a_gzip_bomb_is_refused_once_the_limit_is_reached(tmp_path: Path) -> None:
    path = write(tmp_path, "bomb.txt.gz", gzip.compress(b"a" * 3_000_000))
    [error] = list(read_path(path, max_bytes=1_000_000))
    assert isinstance(error, InputError) and error.kind == "too_large"


def test_truncated_gzip_is_an_io_error(tmp_path: Path) -> None:
    path = write(tmp_path, "cut.txt.gz", gzip.compress(ARABIC.encode())[:20])
    [error] = list(read_path(path))
    assert isinstance(error, InputError) and error.kind == "io"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plain.txt", ARABIC.encode()),
        ("bom.txt", b"\xef\xbb\xbf" + ARABIC.encode()),
        ("utf16le.txt", ARABIC.encode("utf-16")),  # Python writes a BOM
        ("utf16be.txt", b"\xfe\xff" + ARABIC.encode("utf-16-be")),
        ("report.txt.gz", gzip.compress(ARABIC.encode())),
        ("noext", ARABIC.encode()),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "gzip", "no-suffix"],
)
def test_text_encodings(tmp_path: Path, name: str, data: bytes) -> None:
    [doc] = list(read_path(write(tmp_path, name, data)))
    assert isinstance(doc, Document)
    assert doc.text == ARABIC


def test_html_main_text(tmp_path: Path) -> None:
    page = (
        "<html><head><title>غارات على الصالحية</title></head><body><nav>الرئيسية | أخبار</nav>"
        f"<article><h1>غارات</h1><p>{ARABIC}</p><p>{ARABIC}</p></article></body></html>"
    )
    [doc] = list(read_path(write(tmp_path, "page.html", page.encode())))
    assert isinstance(doc, Document)
    assert ARABIC in doc.text
    assert "الرئيسية" not in doc.text


def test_jsonl_fields_bad_lines_and_good_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "a1",
                "text": ARABIC,
                "url": "https://example.org/a1",
                "source": "SY24",
                "published": "2024-03-05",
                "title": "غارات",
            },
            ensure_ascii=False,
        ),
        '{"text": "قصف", ',  # malformed
        "",
        json.dumps({"text": "وصل رتل إلى الميادين.", "published": "Tue, 05 Mar 2024 07:12:48 GMT"}),
        json.dumps({"text": ""}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "نص", "published": "أمس"}),
        json.dumps({"text": "نص آخر", "id": 7, "source": 24}),
    ]
    path = write(tmp_path, "docs.jsonl", ("\n".join(lines) + "\n").encode())
    items = list(read_path(path, source="default-outlet"))
    good = docs(items)
    assert [d.id for d in good[:1]] == ["a1"]
    first = good[0]
    assert (first.url, first.source, first.published, first.title) == (
        "https://example.org/a1",
        "SY24",
        date(2024, 3, 5),
        "غارات",
    )
    assert good[1].published == date(2024, 3, 5)
    assert good[1].source == "default-outlet"
    assert (good[2].id, good[2].source) == ("7", "24")
    bad = errors(items)
    assert [(e.line, e.kind) for e in bad] == [
        (2, "invalid"),
        (5, "empty"),
        (6, "invalid"),
        (7, "invalid"),
    ]
    assert all(str(path) in str(e) and f":{e.line}:" in str(e) for e in bad)
    assert "malformed JSON" in bad[0].message


def test_jsonl_line_not_utf8_and_bom(tmp_path: Path) -> None:
    data = (
        b"\xef\xbb\xbf"
        + json.dumps({"text": "الأول"}).encode()
        + b"\n"
        + b'{"text": "'
        + "الثاني".encode("cp1256")
        + b'"}\n'
        + json.dumps({"text": "الثالث"}).encode()
        + b"\n"
    )
    items = list(read_path(write(tmp_path, "mixed.jsonl", data)))
    assert [d.text for d in docs(items)] == ["الأول", "الثالث"]
    [error] = errors(items)
    assert error.line == 2 and error.kind == "encoding"


def test_jsonl_utf16_and_gzip(tmp_path: Path) -> None:
    body = json.dumps({"text": ARABIC}, ensure_ascii=False) + "\n"
    [doc] = list(read_path(write(tmp_path, "u16.jsonl", body.encode("utf-16"))))
    assert isinstance(doc, Document) and doc.text == ARABIC
    [doc] = list(read_path(write(tmp_path, "docs.jsonl.gz", gzip.compress(body.encode()))))
    assert isinstance(doc, Document) and doc.text == ARABIC


def test_empty_jsonl(tmp_path: Path) -> None:
    [error] = list(read_path(write(tmp_path, "none.jsonl", b"\n\n")))
    assert isinstance(error, InputError) and error.kind == "empty"


def test_jsonl_line_over_the_limit(tmp_path: Path) -> None:
    big = json.dumps({"text": "ن" * 2000})
    small = json.dumps({"text": "نص"})
    items = list(
        read_path(write(tmp_path, "d.jsonl", f"{big}\n{small}\n".encode()), max_bytes=1000)
    )
    assert [type(i).__name__ for i in items] == ["InputError", "Document"]


def test_json_array_file(tmp_path: Path) -> None:
    data = json.dumps(
        [{"text": "الأول"}, {"nope": 1}, {"text": "الثالث"}], ensure_ascii=False, indent=2
    )
    items = list(read_path(write(tmp_path, "docs.json", data.encode())))
    assert [d.text for d in docs(items)] == ["الأول", "الثالث"]
    [error] = errors(items)
    assert "item 2" in error.message


def test_read_paths_keeps_going(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", ARABIC.encode())
    bad = write(tmp_path, "bad.txt", ARABIC.encode("cp1256"))
    items = list(read_paths([bad, tmp_path / "missing.txt", good]))
    assert [type(i).__name__ for i in items] == ["InputError", "InputError", "Document"]


def test_read_bytes_sniffs_the_format() -> None:
    [doc] = list(read_bytes(json.dumps({"text": "نص"}).encode(), path="<stdin>"))
    assert isinstance(doc, Document) and doc.text == "نص"
    [doc] = list(read_bytes(ARABIC.encode(), path="<stdin>"))
    assert isinstance(doc, Document) and doc.text == ARABIC
    [doc] = list(read_bytes("[تحديث] قصف".encode(), path="<stdin>"))
    assert isinstance(doc, Document) and doc.text == "[تحديث] قصف"


def test_read_stream_stops_at_the_limit() -> None:
    [error] = list(read_stream(io.BytesIO(b"a" * 5000), max_bytes=1000))
    assert isinstance(error, InputError) and error.kind == "too_large" and error.path == "<stdin>"
    [doc] = list(read_stream(io.BytesIO(ARABIC.encode())))
    assert isinstance(doc, Document)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", date(2024, 3, 5)),
        ("2024-03-05T10:00:00Z", date(2024, 3, 5)),
        ("2024/03/05", date(2024, 3, 5)),
        ("Mon, 30 Jul 2018 07:12:48 GMT", date(2018, 7, 30)),
        ("", None),
        (None, None),
        (date(2020, 1, 2), date(2020, 1, 2)),
    ],
)
def test_parse_published(value: object, expected: date | None) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["أمس", "2024-13-45", 20240305, "tomorrow"])
def test_parse_published_rejects(value: object) -> None:
    with pytest.raises(ValueError):
        parse_published(value)
