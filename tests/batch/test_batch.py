"""marsad batch: inputs of every kind, errors file, resuming, stable partitions, store, CLI."""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from marsad.batch import BatchConfig, BatchError, ParquetOutput, ReadOptions, run_batch
from marsad.batch.partition import partitions
from marsad.batch.sources import Record, iter_records
from marsad.batch.worker import (
    _PIPELINES,
    PartitionResult,
    WorkerSettings,
    event_row,
    process_partition,
)
from marsad.cli import app
from marsad.model import Document, Event, Extraction, Span
from marsad.pipeline import Pipeline

from .conftest import report, write_jsonl

HTML_PAGE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>غارة جوية على سراقب</title></head><body>
<nav><a href="/">الرئيسية</a> <a href="/s">سياسة</a> <a href="/c">اتصل بنا</a></nav>
<article><h1>غارة جوية على سراقب</h1>
<p>شنت طائرات حربية غارة جوية على مدينة سراقب شرقي إدلب فجر اليوم، ما أدى إلى دمار واسع.</p>
<p>وقال ناشطون إن الغارة استهدفت سوقاً شعبياً مكتظاً بالمدنيين وسط المدينة.</p></article>
<div class="comments"><p>تعليق: نرجو التحقق من الخبر قبل النشر</p></div>
<footer>جميع الحقوق محفوظة</footer></body></html>"""


def config(out: Path, inputs: list[Path], stages: list[str], **kw: Any) -> BatchConfig:
    return BatchConfig(inputs=inputs, out=out, stages=tuple(stages), **kw)


def make_mixed_inputs(root: Path) -> list[Path]:
    """One input of every supported kind, with bad documents among them."""
    jsonl = write_jsonl(root / "a.jsonl", 6, bad_lines={3: "{not json", 5: '{"text": ""}'})
    gz = root / "b.jsonl.gz"
    gz.write_bytes(gzip.compress(write_jsonl(root / "tmp.jsonl", 3).read_bytes()))
    (root / "tmp.jsonl").unlink()
    pd.DataFrame(
        {"body": [report(100), "", report(101)], "url": ["http://x/1", "http://x/2", ""]}
    ).to_csv(root / "c.csv", index=False)
    pd.DataFrame(
        {"body": [report(200), report(201)], "published": ["2024-05-01", "garbage"]}
    ).to_parquet(root / "d.parquet")
    pages = root / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "1.txt").write_text(report(300), encoding="utf-8")
    (pages / "sub" / "2.html").write_text(HTML_PAGE, encoding="utf-8")
    (pages / "3.txt").write_bytes(b"\x00\x01\x02binary")
    (pages / "4.txt").write_bytes(report(301).encode("cp1256"))
    (pages / "ignored.png").write_bytes(b"\x89PNG")
    return [jsonl, gz, root / "c.csv", root / "d.parquet", pages]


def test_every_input_kind_is_read_and_bad_documents_go_to_the_errors_file(
    tmp_path: Path, dask_client: Any, stages: list[str]
) -> None:
    inputs = make_mixed_inputs(tmp_path)
    out = tmp_path / "out"
    summary = run_batch(
        config(out, inputs, stages, partition_size=4, read=ReadOptions(text_column="body")),
        client=dask_client,
    )
    docs = ParquetOutput(out).read_documents().to_pandas().sort_values("position")
    # 6 + 3 jsonl, 2 csv, 1 parquet, 1 txt + 1 html
    assert summary.documents == len(docs) == 14
    assert docs["position"].is_unique
    assert list(docs["input"].str.rsplit("/", n=1).str[-1])[:2] == ["a.jsonl", "a.jsonl"]
    html = docs[docs["input"].str.endswith("2.html")].iloc[0]
    assert html["title"] == "غارة جوية على سراقب"
    urls = docs[docs["input"].str.endswith("c.csv")]["url"].tolist()
    assert [u if isinstance(u, str) else None for u in urls] == ["http://x/1", None]

    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    found = {(Path(e["input"]).name, e["line"], e["kind"]) for e in errors}
    assert found == {
        ("a.jsonl", 3, "invalid"),
        ("a.jsonl", 5, "empty"),
        ("c.csv", 2, "empty"),
        ("d.parquet", 2, "invalid"),
        ("3.txt", None, "binary"),
        ("4.txt", None, "encoding"),
    }
    assert all(e["reason"] for e in errors)
    assert summary.errors == {"invalid": 2, "empty": 2, "binary": 1, "encoding": 1}
    saved = json.loads((out / "summary.json").read_text())
    assert saved["documents"] == 14 and saved["errors"] == summary.errors


def test_the_html_document_is_the_article_without_boilerplate(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text(HTML_PAGE, encoding="utf-8")
    records = list(iter_records([tmp_path], options=ReadOptions()))
    [part] = partitions(records, size=10)
    result = process_partition(part, WorkerSettings(stages=("text",), keep_extractions=True))
    text = result.extractions[0].document.text
    assert "سوقاً شعبياً" in text
    assert "اتصل بنا" not in text and "تعليق" not in text and "الحقوق" not in text


def test_a_rerun_resumes_and_only_a_changed_partition_is_redone(
    tmp_path: Path, dask_client: Any, stages: list[str]
) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", 30)
    out = tmp_path / "out"
    first = run_batch(config(out, [corpus], stages, partition_size=7), client=dask_client)
    assert (first.partitions, first.processed_partitions, first.resumed_partitions) == (5, 5, 0)
    before = ParquetOutput(out).read_documents().to_pandas()

    again = run_batch(config(out, [corpus], stages, partition_size=7), client=dask_client)
    assert (again.processed_partitions, again.resumed_partitions) == (0, 5)
    assert again.documents == first.documents and again.events == first.events

    lines = corpus.read_text(encoding="utf-8").splitlines()
    changed = json.loads(lines[15])
    changed["text"] = report(999)
    lines[15] = json.dumps(changed, ensure_ascii=False)
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    third = run_batch(config(out, [corpus], stages, partition_size=7), client=dask_client)
    assert (third.processed_partitions, third.resumed_partitions) == (1, 4)
    after = ParquetOutput(out).read_documents().to_pandas()
    assert len(after) == len(before) == 30
    diff = before.merge(after, how="outer", indicator=True).query("_merge != 'both'")
    assert set(diff["position"]) == {15}


def test_stale_partitions_of_a_longer_earlier_input_are_dropped(
    tmp_path: Path, dask_client: Any, stages: list[str]
) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", 20)
    out = tmp_path / "out"
    run_batch(config(out, [corpus], stages, partition_size=5), client=dask_client)
    write_jsonl(corpus, 8)
    summary = run_batch(config(out, [corpus], stages, partition_size=5), client=dask_client)
    assert summary.partitions == 2 and summary.documents == 8
    assert len(ParquetOutput(out).read_documents()) == 8


def test_other_options_on_the_same_output_are_refused_unless_restarted(
    tmp_path: Path, dask_client: Any, stages: list[str]
) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", 10)
    out = tmp_path / "out"
    run_batch(config(out, [corpus], stages, partition_size=5), client=dask_client)
    with pytest.raises(BatchError, match="partition_size"):
        run_batch(config(out, [corpus], stages, partition_size=3), client=dask_client)
    summary = run_batch(
        config(out, [corpus], stages, partition_size=3, restart=True), client=dask_client
    )
    assert summary.partitions == 4 and summary.processed_partitions == 4
    assert sorted(p.name for p in (out / "documents").iterdir()) == [
        f"part-00000{i}.parquet" for i in range(4)
    ]


def test_the_pipeline_is_loaded_once_per_worker(tmp_path: Path, stages: list[str]) -> None:
    from marsad.batch import start_local_client, stop_client

    corpus = write_jsonl(tmp_path / "c.jsonl", 40)
    client = start_local_client(workers=2)
    try:
        summary = run_batch(
            config(tmp_path / "out", [corpus], stages, partition_size=2), client=client
        )
    finally:
        stop_client(client)
    assert summary.processed_partitions == 20
    assert len(summary.pipeline_loads) == 2  # both workers worked
    assert set(summary.pipeline_loads.values()) == {1}
    assert len(summary.peak_rss) == 2 and min(summary.peak_rss.values()) > 10 * 2**20


def test_partitions_are_stable_and_digests_see_changes() -> None:
    docs = [Record("in.jsonl", i + 1, Document(text=report(i))) for i in range(7)]
    first = list(partitions(docs, size=3))
    second = list(partitions(list(docs), size=3))
    assert [p.id for p in first] == ["part-000000", "part-000001", "part-000002"]
    assert [p.start for p in first] == [0, 3, 6]
    assert [p.digest for p in first] == [p.digest for p in second]
    docs[4] = Record("in.jsonl", 5, Document(text=report(50)))
    third = list(partitions(docs, size=3))
    assert [a.digest == b.digest for a, b in zip(first, third, strict=True)] == [
        True,
        False,
        True,
    ]


def test_events_are_written_by_month_or_day_of_their_date(tmp_path: Path) -> None:
    document = Document(text="نص", id="doc1")
    base = {"doc_id": "doc1", "partition": "part-000007", "position": 70}
    events = [
        Event(
            "Explosions/Remote violence", "Shelling", event_date="2024-03-05", evidence=[Span(0, 2)]
        ),
        Event("Battles", "Armed clash", event_date="2024-03-28"),
        Event("Battles", "Armed clash", event_date="2024-04-01", route=[{"role": "origin"}]),
        Event("Protests", "Peaceful protest"),
    ]
    rows = [event_row(e, document=document, index=i, base=base) for i, e in enumerate(events)]
    result = PartitionResult("part-000007", events=rows)
    for by, expected in [
        ("month", {"event_month=2024-03": 2, "event_month=2024-04": 1, "event_month=unknown": 1}),
        (
            "day",
            {
                "event_day=2024-03-05": 1,
                "event_day=2024-03-28": 1,
                "event_day=2024-04-01": 1,
                "event_day=unknown": 1,
            },
        ),
    ]:
        output = ParquetOutput(tmp_path / by, date_partition=by)
        output.write(result)
        assert output.finalize() == 4
        files = sorted((tmp_path / by / "events").glob("*/*.parquet"))
        counts = {f.parent.name: len(pd.read_parquet(f)) for f in files}
        assert counts == expected
        table = pd.read_parquet(tmp_path / by / "events")  # plain Hive partitioning
        assert len(table) == 4
        assert json.loads(table.sort_values("event_index")["evidence"].iloc[0]) == [
            {"start": 0, "end": 2}
        ]
    # a rerun whose events moved to another month leaves no stale file behind
    output = ParquetOutput(tmp_path / "month")
    output.write(PartitionResult("part-000007", events=rows[2:3]))
    output.finalize()
    assert [f.parent.name for f in (tmp_path / "month" / "events").glob("*/*.parquet")] == [
        "event_month=2024-04"
    ]
    assert output.read_events().column("event_month").to_pylist() == ["2024-04"]


class _Exploding:
    name = "exploding"

    def __call__(self, extraction: Extraction) -> Extraction:
        if "انفجار" in extraction.text:
            raise RuntimeError("boom")
        return extraction


def test_a_document_that_breaks_the_pipeline_becomes_an_error_row() -> None:
    settings = WorkerSettings(stages=("exploding-test",))
    _PIPELINES[(None, ("exploding-test",))] = Pipeline([_Exploding()])
    records = [
        Record("in.jsonl", 1, Document(text="خبر عادي")),
        Record("in.jsonl", 2, Document(text="خبر عن انفجار")),
        Record("in.jsonl", 3, Document(text="خبر آخر")),
    ]
    [part] = partitions(records, size=5)
    result = process_partition(part, settings)
    assert [d["line"] for d in result.documents] == [1, 3]
    [error] = result.errors
    assert error["line"] == 2 and error["kind"] == "pipeline"
    assert "RuntimeError: boom" in error["reason"]


class _RecordingStore:
    def __init__(self) -> None:
        self.ids: list[str] = []

    def add_extraction(self, extraction: Extraction) -> None:
        assert extraction.tokens == []  # tokens are not shipped back for the store
        self.ids.append(extraction.document.id)


def test_the_store_gets_every_document_once_across_a_resume(
    tmp_path: Path, dask_client: Any, stages: list[str]
) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", 12)
    store = _RecordingStore()
    cfg = BatchConfig(
        inputs=[corpus],
        state_dir=tmp_path / "state",
        stages=tuple(stages),
        partition_size=5,
        extra_options={"db": "memory"},
    )
    first = run_batch(cfg, client=dask_client, store=store)
    second = run_batch(cfg, client=dask_client, store=store)
    assert first.documents == second.documents == 12
    assert sorted(store.ids) == [f"r{i:05d}" for i in range(12)]


def test_batch_into_the_sqlite_store_never_duplicates_a_document(
    tmp_path: Path, dask_client: Any, stages: list[str]
) -> None:
    """A partition redone after a crash re-adds its documents: the store must keep one each."""
    from marsad.store import open_store

    corpus = write_jsonl(tmp_path / "c.jsonl", 10)
    with open_store(str(tmp_path / "m.db")) as store:
        for out in ("out1", "out2"):  # the second run redoes every partition
            summary = run_batch(
                BatchConfig(
                    inputs=[corpus], out=tmp_path / out, stages=tuple(stages), partition_size=4
                ),
                client=dask_client,
                store=store,
            )
            assert summary.processed_partitions == 3
            assert store.stats()["documents"] == 10


def test_batch_cli_runs_and_refuses_bad_options(tmp_path: Path, stages: list[str]) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", 6)
    runner = CliRunner()
    no_target = runner.invoke(app, ["batch", str(corpus)])
    assert no_target.exit_code == 2 and "--out" in no_target.output
    missing = runner.invoke(
        app, ["batch", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o")]
    )
    assert missing.exit_code == 2 and "no such input" in missing.output
    args = [
        "batch",
        str(corpus),
        "--out",
        str(tmp_path / "o"),
        "--workers",
        "1",
        "--stages",
        ",".join(stages),
        "--date-partition",
        "day",
        "--no-progress",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "documents" in result.output and "6" in result.output
    assert len(pd.read_parquet(tmp_path / "o" / "documents")) == 6


def test_nothing_readable_is_exit_code_2(tmp_path: Path, stages: list[str]) -> None:
    (tmp_path / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "batch",
            str(tmp_path / "empty.jsonl"),
            "--out",
            str(tmp_path / "o"),
            "--workers",
            "1",
            "--stages",
            ",".join(stages),
            "--no-progress",
        ],
    )
    assert result.exit_code == 2
    errors = (tmp_path / "o" / "errors.jsonl").read_text(encoding="utf-8")
    assert '"kind": "empty"' in errors
    shutil.rmtree(tmp_path / "o")


def test_published_default_applies_to_documents_without_a_date(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(report(1), encoding="utf-8")
    records = list(iter_records([tmp_path], options=ReadOptions()))
    [part] = partitions(records, size=4)
    settings = WorkerSettings(stages=("text",), published=date(2024, 2, 2), source="SY24")
    result = process_partition(part, settings)
    assert result.documents[0]["published"] == "2024-02-02"
    assert result.documents[0]["source"] == "SY24"


def test_batch_cli_uses_an_existing_scheduler(
    tmp_path: Path, dask_client: Any, stages: list[str]
) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", 9)
    address = dask_client.scheduler.address
    args = ["batch", str(corpus), "--out", str(tmp_path / "o"), "--scheduler", address]
    args += ["--stages", ",".join(stages), "--partition-size", "4", "--no-progress"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert len(pd.read_parquet(tmp_path / "o" / "documents")) == 9
    assert dask_client.status == "running"  # the shared cluster is not shut down by the CLI
