"""The output contract: extract output validates against the JSON Schema, spans are exact."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.schema import extraction_schema

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "deir_ezzor_report.ar.txt"


@pytest.fixture(scope="module")
def example_output() -> dict:
    result = CliRunner().invoke(
        app, ["extract", str(EXAMPLE), "--published", "2019-11-21", "--source", "Furat Post"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_output_validates_against_schema(example_output: dict) -> None:
    jsonschema.validate(example_output, extraction_schema())


def test_every_span_is_exact(example_output: dict) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for key in ("tokens", "mentions", "places", "actors"):
        for item in example_output[key]:
            assert text[item["start"] : item["end"]] == item["text"], (key, item)
    for token in example_output["tokens"]:
        assert "".join(p["text"] for p in token["parts"]) == token["text"]
    for sentence in example_output["sentences"]:
        assert 0 <= sentence["start"] < sentence["end"] <= len(text)
    for event in example_output["events"]:
        for span in event["evidence"]:
            assert 0 <= span["start"] < span["end"] <= len(text)


def test_document_fields_carry_options(example_output: dict) -> None:
    assert example_output["document"]["published"] == "2019-11-21"
    assert example_output["document"]["source"] == "Furat Post"
