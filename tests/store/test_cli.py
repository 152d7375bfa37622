"""The store commands: ingest (idempotent), db upgrade, events (formats, explain), token."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.store import open_store
from store.store_helpers import FATEMIYOUN, STRIKE_A, STRIKE_B, make_extraction, strike

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def fused_db(db: str) -> str:
    store = open_store(db)
    store.add_extraction(
        make_extraction(STRIKE_A, [strike(evidence="قصفت")], source="A", actors=[FATEMIYOUN])
    )
    store.add_extraction(make_extraction(STRIKE_B, [strike(evidence="غارة")], source="B"))
    store.close()
    return db


def test_db_upgrade_twice(db: str) -> None:
    first = runner.invoke(app, ["db", "upgrade", "--db", db])
    second = runner.invoke(app, ["db", "upgrade", "--db", db])
    assert first.exit_code == 0 and "v0 → v1" in first.output
    assert second.exit_code == 0 and "already up to date" in second.output
    info = runner.invoke(app, ["db", "info", "--db", db])
    assert json.loads(info.output)["schema_version"] == 1


def test_bad_database_url_is_a_clear_error() -> None:
    result = runner.invoke(app, ["db", "upgrade", "--db", "mysql://x/y"])
    assert result.exit_code == 2
    assert "unsupported database URL" in result.output


def test_ingest_is_idempotent_and_versions_changed_text(tmp_path: Path, db: str) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(STRIKE_A, encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    (inputs / "feed.jsonl").write_text(
        json.dumps({"id": "r-1", "text": STRIKE_B, "source": "B"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    args = ["ingest", str(inputs), "--db", db, "--stages", "text", "--published", "2026-11-24"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "2 new, 0 updated, 0 duplicate" in first.output
    assert "empty.txt: empty input" in first.output
    second = runner.invoke(app, args)
    assert "0 new, 0 updated, 2 duplicate" in second.output
    (inputs / "feed.jsonl").write_text(
        json.dumps({"id": "r-1", "text": STRIKE_B + " (محدث)"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    third = runner.invoke(app, args)
    assert "0 new, 1 updated, 1 duplicate" in third.output
    store = open_store(db)
    try:
        assert store.stats()["documents"] == 2
        assert store.get_document("r-1")["versions"] == [1, 2]
        assert store.get_document("r-1")["published"] == "2026-11-24"
    finally:
        store.close()


def test_ingest_with_nothing_readable_fails(tmp_path: Path, db: str) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    result = runner.invoke(
        app, ["ingest", str(tmp_path / "bin.txt"), "--db", db, "--stages", "text"]
    )
    assert result.exit_code == 2
    assert "binary data" in result.output
    missing = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--db", db])
    assert missing.exit_code == 2


def test_events_formats(fused_db: str) -> None:
    table = runner.invoke(app, ["events", "--db", fused_db], env={"COLUMNS": "200"})
    assert table.exit_code == 0
    assert "Air/drone strike" in table.output
    as_json = json.loads(runner.invoke(app, ["events", "--db", fused_db, "-f", "json"]).output)
    assert as_json["total"] == 1
    assert as_json["items"][0]["n_sources"] == 2
    rows = list(
        csv.DictReader(
            io.StringIO(runner.invoke(app, ["events", "--db", fused_db, "-f", "acled-csv"]).output)
        )
    )
    assert rows[0]["event_id_cnty"] == as_json["items"][0]["id"]
    assert rows[0]["n_sources"] == "2"
    gj = json.loads(runner.invoke(app, ["events", "--db", fused_db, "-f", "geojson"]).output)
    assert gj["features"][0]["geometry"]["type"] == "Point"
    none = runner.invoke(app, ["events", "--db", fused_db, "--near", "33.5,36.3,10", "-f", "json"])
    assert json.loads(none.output)["total"] == 0
    typed = runner.invoke(
        app, ["events", "--db", fused_db, "--type", "Air/drone strike", "-f", "json"]
    )
    assert json.loads(typed.output)["total"] == 1
    bad = runner.invoke(app, ["events", "--db", fused_db, "--bbox", "1,2"])
    assert bad.exit_code == 2


def test_events_explain(fused_db: str) -> None:
    event_id = json.loads(runner.invoke(app, ["events", "--db", fused_db, "-f", "json"]).output)[
        "items"
    ][0]["id"]
    result = runner.invoke(app, ["events", "explain", event_id, "--db", fused_db])
    assert result.exit_code == 0, result.output
    assert "created" in result.output and "merged" in result.output
    assert "✓ place" in result.output and "✓ date" in result.output
    as_json = json.loads(
        runner.invoke(app, ["events", "explain", event_id, "--db", fused_db, "--json"]).output
    )
    assert [s["decision"] for s in as_json["sources"]] == ["created", "merged"]
    missing = runner.invoke(app, ["events", "explain", "ev-nope", "--db", fused_db])
    assert missing.exit_code == 1
    shown = runner.invoke(app, ["events", "show", event_id, "--db", fused_db])
    assert json.loads(shown.output)["sources"][0]["evidence"][0]["text"] == "قصفت"


def test_token_create(db: str) -> None:
    result = runner.invoke(app, ["token", "create", "--name", "ci", "--db", db])
    assert result.exit_code == 0
    token = result.stdout.strip().splitlines()[0]
    store = open_store(db)
    try:
        assert store.verify_token(token)
    finally:
        store.close()


def test_acled_iso_column(fused_db: str) -> None:
    out = runner.invoke(app, ["events", "--db", fused_db, "-f", "acled-csv"]).output
    assert next(csv.DictReader(io.StringIO(out)))["iso"] == "760"  # Syria
