"""CoNLL reading: IOB1/IOB2 normalisation, malformed input, Wojood flattening."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.ner.conll import ConllError, keep_types, read_conll, read_wojood, to_iob2


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["I-PERS", "I-PERS", "O"], ["B-PERS", "I-PERS", "O"]),
        (["O", "I-LOC"], ["O", "B-LOC"]),
        (["B-ORG", "I-LOC"], ["B-ORG", "B-LOC"]),
        (["B-ORG", "I-ORG", "B-ORG"], ["B-ORG", "I-ORG", "B-ORG"]),
        (["O", "O"], ["O", "O"]),
    ],
)
def test_to_iob2(tags: list[str], expected: list[str]) -> None:
    assert to_iob2(tags) == expected


def test_keep_types_drops_other_entities() -> None:
    assert keep_types(["B-MISC", "I-MISC", "I-PERS", "B-LOC"], ["PERS", "LOC"]) == [
        "O",
        "O",
        "B-PERS",
        "B-LOC",
    ]


def test_read_conll(tmp_path: Path) -> None:
    path = tmp_path / "tiny.conll"
    path.write_text(
        "وصل I-PERS\nسامر I-PERS\nإلى O\nحمص B-LOC\n\n\nغادر O\nخالد B-PERS\n", encoding="utf-8"
    )
    sentences = read_conll(path)
    assert [s.tokens for s in sentences] == [["وصل", "سامر", "إلى", "حمص"], ["غادر", "خالد"]]
    assert sentences[0].tags == ["B-PERS", "I-PERS", "O", "B-LOC"]


@pytest.mark.parametrize(
    ("content", "message"),
    [("حمص LOCATION\n", "is not O, B-X or I-X"), ("حمص B-\n", "is not O")],
)
def test_read_conll_rejects_bad_tags(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.conll"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConllError, match=message):
        read_conll(path)


def test_read_conll_rejects_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.conll"
    path.write_bytes("caf\xe9 O\n".encode("latin-1"))
    with pytest.raises(ConllError, match="not UTF-8"):
        read_conll(path)


def test_read_wojood_maps_nested_types(tmp_path: Path) -> None:
    path = tmp_path / "wojood.txt"
    path.write_text(
        "زار O\nسكرتير B-OCC\nاللجنة I-OCC B-ORG\nفي I-OCC\nنابلس I-OCC B-GPE\n$#$ O\n\n",
        encoding="utf-8",
    )
    [sentence] = read_wojood(path)
    assert sentence.tokens == ["زار", "سكرتير", "اللجنة", "في", "نابلس"]
    assert sentence.tags == ["O", "O", "B-ORG", "O", "B-LOC"]
