"""``marsad eval segment`` and ``marsad train lexicon``: gold parsing, scoring, determinism."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.eval.segment import (
    DEFAULT_GOLD,
    GoldFormatError,
    categories_of,
    evaluate,
    load_gold,
)
from marsad.text.clitics import LEXICON_PATH
from marsad.text.lexicon import build_lexicon, count_conll, count_jsonl, write_lexicon

GOLD = """# sentence one
وبالمدينة\tو+ب+ال+مدينة\tplace
بلدة\tبلدة
SY24\tSY24
#وسم\t#وسم

# sentence two
وصلت\tو+صلت\tverb
"""


def test_gold_parsing_and_categories(tmp_path: Path) -> None:
    path = tmp_path / "gold.tsv"
    path.write_text(GOLD, encoding="utf-8")
    tokens = load_gold(path)
    assert [t.surface for t in tokens] == ["وبالمدينة", "بلدة", "SY24", "#وسم", "وصلت"]
    assert tokens[0].sentence == "sentence one" and tokens[-1].sentence == "sentence two"
    assert categories_of(tokens[0]) == ("chain", "place")
    assert categories_of(tokens[1]) == ("stem_initial",)
    assert categories_of(tokens[2]) == ("non_arabic",)
    assert categories_of(tokens[4]) == ("clitic", "verb")
    report = evaluate(tokens)
    # the deliberately wrong gold entry (و+صلت) is the one error
    assert (report.total, report.correct) == (5, 4)
    [error] = report.errors
    assert (error.surface, error.predicted, error.line) == ("وصلت", "وصلت", 8)
    assert report.categories["verb"] == [1, 1]


@pytest.mark.parametrize("line", ["وبالمدينة", "وبالمدينة\tو+ب+مدينة", "وبال\tو++بال"])
def test_malformed_gold_names_the_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(f"# s\nبلدة\tبلدة\n{line}\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"bad\.tsv:3"):
        load_gold(path)


def test_eval_segment_cli(tmp_path: Path) -> None:
    path = tmp_path / "gold.tsv"
    path.write_text(GOLD, encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "segment", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["tokens"], report["correct"], report["accuracy"]) == (5, 4, 0.8)
    assert report["errors"][0]["token"] == "وصلت"
    result = CliRunner().invoke(app, ["eval", "segment", str(path)])
    assert result.exit_code == 0 and "80.00%" in result.stdout
    result = CliRunner().invoke(app, ["eval", "segment", str(tmp_path / "none.tsv")])
    assert result.exit_code == 2 and "no such gold file" in result.stderr


def test_shipped_gold_is_large_and_well_formed() -> None:
    tokens = load_gold(DEFAULT_GOLD)
    assert len(tokens) >= 400
    cats = Counter(c for t in tokens for c in categories_of(t))
    assert cats["chain"] >= 20 and cats["stem_initial"] >= 50 and cats["non_arabic"] >= 5


def test_lexicon_counts_are_deterministic(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"title": "قصف", "text": text}, ensure_ascii=False)
        for text in ["قصفت الطائرات البلدة", "وَقصفت الطائرات"]
    ]
    corpus.write_text("\n".join([*lines, "{not json", "[]"]), encoding="utf-8")
    conll = tmp_path / "ner.conll"
    conll.write_text("دمشق B-LOC\nالبلدة\tO\n\n", encoding="utf-8")
    counts = count_jsonl(corpus) + count_conll(conll)
    assert counts["الطائرات"] == 2 and counts["قصف"] == 2
    assert counts["قصفت"] == 1 and counts["وقصفت"] == 1  # light form: harakat dropped
    assert counts["دمشق"] == 1
    first, second = tmp_path / "a.tsv.gz", tmp_path / "b.tsv.gz"
    assert write_lexicon(counts, first, min_count=2) == write_lexicon(counts, second, min_count=2)
    assert first.read_bytes() == second.read_bytes()
    rows = gzip.decompress(first.read_bytes()).decode().splitlines()
    assert rows[0].split("\t")[1] == "2" and all(int(r.split("\t")[1]) >= 2 for r in rows)


@pytest.mark.shared
def test_train_lexicon_reproduces_the_shipped_file(shared_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "lexicon.tsv.gz"
    counts = build_lexicon(shared_dir)
    write_lexicon(counts, out)
    assert out.read_bytes() == LEXICON_PATH.read_bytes()
    assert out.stat().st_size < 3_000_000
