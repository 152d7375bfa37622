"""``marsad extract`` on good and bad input: clear messages, the rest processed, exact spans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from marsad.cli import app

TEXT = (
    "أفاد مصدر محلي بأن رتلا تابعا لميليشيا الحرس وصل إلى مدينة الميادين بريف دير الزور.\n"
    "وقال المصدر: «ضم الرتل 12 شاحنة و3.5 طن من الذخائر.» ونقلت شبكة SY24 الخبر؟ نعم!\n"
    "وَبِالْمَدِينَةِ انتشرت دوريات للشرطة العسكرية في الرقـــة و١٥ حاجزا."
)


def run(*args: str, stdin: bytes | None = None) -> Any:
    return CliRunner().invoke(app, ["extract", "--stages", "text", *args], input=stdin)


def payload(stdout: str) -> list[dict[str, Any]]:
    data = json.loads(stdout)
    return data if isinstance(data, list) else [data]


def assert_spans_round_trip(result: dict[str, Any], text: str) -> None:
    assert result["tokens"], "no tokens"
    for token in result["tokens"]:
        assert text[token["start"] : token["end"]] == token["text"]
        assert "".join(p["text"] for p in token["parts"]) == token["text"]
        for part in token["parts"]:
            assert text[part["start"] : part["end"]] == part["text"]
    for sentence in result["sentences"]:
        assert 0 <= sentence["start"] < sentence["end"] <= len(text)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", TEXT.encode()),
        ("bom.txt", b"\xef\xbb\xbf" + TEXT.encode()),
        ("utf16.txt", TEXT.encode("utf-16")),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom"],
)
def test_text_files_and_exact_spans(tmp_path: Path, name: str, data: bytes) -> None:
    result = run(str(write(tmp_path, name, data)))
    assert result.exit_code == 0, result.stderr
    [doc] = payload(result.stdout)
    assert_spans_round_trip(doc, TEXT)
    assert len(doc["sentences"]) == 5
    parts = {t["text"]: [p["text"] for p in t["parts"]] for t in doc["tokens"]}
    assert parts["لميليشيا"] == ["ل", "ميليشيا"]
    assert parts["وَبِالْمَدِينَةِ"] == ["وَ", "بِ", "الْ", "مَدِينَةِ"]
    assert parts["SY24"] == ["SY24"]


def test_stdin(tmp_path: Path) -> None:
    result = run("-", stdin=TEXT.encode())
    assert result.exit_code == 0, result.stderr
    [doc] = payload(result.stdout)
    assert_spans_round_trip(doc, TEXT)


def test_stdin_jsonl_is_sniffed() -> None:
    line = json.dumps({"id": "x", "text": TEXT}, ensure_ascii=False)
    result = run("-", stdin=line.encode())
    assert result.exit_code == 0, result.stderr
    [doc] = payload(result.stdout)
    assert doc["document"]["id"] == "x"


def test_jsonl_metadata_and_a_malformed_line(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "r1",
                "text": TEXT,
                "url": "https://example.org/r1",
                "source": "SY24",
                "published": "2024-03-05",
            },
            ensure_ascii=False,
        ),
        '{"text": "بلا نهاية',
        json.dumps({"text": "وصل الرتل إلى البلدة."}, ensure_ascii=False),
    ]
    path = write(tmp_path, "docs.jsonl", "\n".join(lines).encode())
    result = run(str(path), "--format", "jsonl")
    assert result.exit_code == 0
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(docs) == 2
    assert docs[0]["document"] == {
        "id": "r1",
        "source": "SY24",
        "url": "https://example.org/r1",
        "published": "2024-03-05",
        "lang": "ar",
        "title": None,
    }
    assert_spans_round_trip(docs[0], TEXT)
    assert f"{path}:2: malformed JSON" in result.stderr
    assert "1 input(s) skipped, 2 processed" in result.stderr


def test_bad_files_do_not_stop_the_run(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", TEXT.encode())
    bad_encoding = write(tmp_path, "cp1256.txt", TEXT.splitlines()[0].encode("cp1256"))
    empty = write(tmp_path, "empty.txt", b"")
    binary = write(tmp_path, "blob.txt", bytes(range(256)) * 4)
    html = write(tmp_path, "nav.html", b"<html><body><nav></nav></body></html>")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse 50 MB: refused from its size, never read
    missing = tmp_path / "missing.txt"
    result = run(*(str(p) for p in (bad_encoding, empty, binary, html, huge, missing, good)))
    assert result.exit_code == 0
    [doc] = payload(result.stdout)
    assert_spans_round_trip(doc, TEXT)
    err = result.stderr
    assert f"{bad_encoding}: not UTF-8" in err
    assert f"{empty}: empty input" in err
    assert f"{binary}: binary data" in err
    assert f"{html}: HTML page has no main text" in err
    assert f"{huge}: too large (52.4 MB > 21.0 MB limit)" in err
    assert f"{missing}: no such file" in err
    assert "6 input(s) skipped, 1 processed" in err


def test_exit_code_2_when_nothing_could_be_read(tmp_path: Path) -> None:
    empty = write(tmp_path, "empty.txt", b"")
    result = run(str(empty), str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "no document could be read" in result.stderr


def test_max_bytes_option(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", TEXT.encode())
    result = run(str(path), "--max-bytes", "100")
    assert result.exit_code == 2
    assert "too large" in result.stderr
