"""Entity-level scoring with known answers, and ``marsad eval ner`` on a tiny file we wrote."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.eval.ner import evaluate_file, score
from marsad.ner.conll import read_conll

TINY = """\
قال O
الرئيس O
سامر B-PERS
حداد I-PERS
في O
حمص B-LOC
إن O
وزارة B-ORG
الصحة I-ORG
أرسلت O
أدوية O
. O

وصل O
خالد I-PERS
إلى O
بيروت B-LOC
. O
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.conll"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_perfect_and_known_scores() -> None:
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"], ["B-ORG", "O"]]
    assert score(gold, gold).micro.f1 == pytest.approx(1.0)
    # one PERS found with a wrong boundary, LOC right, ORG missed: 1 of 2 predicted is right,
    # 1 of 3 gold found → P 0.5, R 1/3, F1 0.4
    predicted = [["B-PERS", "O", "O", "B-LOC"], ["O", "O"]]
    s = score(gold, predicted)
    assert s.micro.precision == pytest.approx(0.5)
    assert s.micro.recall == pytest.approx(1 / 3)
    assert s.micro.f1 == pytest.approx(0.4)
    assert s.per_type["LOC"].f1 == pytest.approx(1.0)
    assert s.per_type["ORG"].support == 1


def test_restricted_types_ignore_misc() -> None:
    gold = [["B-MISC", "O", "B-LOC"]]
    predicted = [["O", "O", "B-LOC"]]
    assert score(gold, predicted).micro.f1 < 1.0
    assert score(gold, predicted, types=("PERS", "LOC", "ORG")).micro.f1 == pytest.approx(1.0)


def test_evaluate_file_scores_a_tagger_on_tokens_as_given(tiny: Path) -> None:
    gold = {tuple(s.tokens): s.tags for s in read_conll(tiny)}

    def tag_missing_orgs(words: Sequence[str]) -> list[str]:
        return [t if not t.endswith("ORG") else "O" for t in gold[tuple(words)]]

    s = evaluate_file(tiny, tag_missing_orgs)
    # gold: PERS, LOC, ORG, PERS (IOB1 "I-PERS" read as an entity), LOC → 4 of 5 found
    assert s.micro.support == 5
    assert s.micro.precision == pytest.approx(1.0)
    assert s.micro.recall == pytest.approx(0.8)
    assert s.per_type["ORG"].recall == 0.0


def test_eval_cli_json_matches_library(tiny: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "ner", str(tiny), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["sentences"] == 2
    assert report["micro"]["support"] == 5
    assert set(report["per_type"]) == {"PERS", "LOC", "ORG", "MISC"}
    assert 0.0 <= report["micro"]["f1"] <= 1.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/file.conll"], "no such file"),
        (["{tiny}", "--types", "PERS,WEAPON"], "unknown entity type"),
        (["{tiny}", "--model", "/nonexistent/model.crfsuite"], "NER model not found"),
    ],
)
def test_eval_cli_errors(tiny: Path, args: list[str], message: str) -> None:
    args = [a.replace("{tiny}", str(tiny)) for a in args]
    result = CliRunner().invoke(app, ["eval", "ner", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_eval_cli_rejects_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.conll"
    empty.write_text("\n\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "ner", str(empty)])
    assert result.exit_code == 2
    assert "no sentences" in result.output
