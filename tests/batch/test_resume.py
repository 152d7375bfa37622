"""Kill a batch run mid-way (SIGKILL of the client) and prove the rerun's output is exact."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd

from marsad.batch import BatchConfig, ParquetOutput, run_batch
from marsad.batch.manifest import Manifest

from .conftest import write_jsonl

DOCUMENTS = 120
PARTITION_SIZE = 3


def _cli(args: list[str]) -> list[str]:
    return [sys.executable, "-c", "from marsad.cli import main; main()", *args]


def _finished_partitions(out: Path) -> int:
    return len(Manifest.finished(out / "_batch"))


def _rows(out: Path) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    output = ParquetOutput(out)
    documents = output.read_documents().to_pandas().sort_values("position", ignore_index=True)
    events = (
        output.read_events().to_pandas().sort_values(["position", "event_index"], ignore_index=True)
    )
    return documents, events, (out / "errors.jsonl").read_text(encoding="utf-8")


def test_a_run_killed_mid_way_resumes_to_exactly_the_uninterrupted_output(
    tmp_path: Path, dask_client: Any, stages: list[str]
) -> None:
    corpus = write_jsonl(
        tmp_path / "corpus.jsonl", DOCUMENTS, bad_lines={7: "{broken", 90: '{"text": 5}'}
    )
    total_partitions = -(-(DOCUMENTS + 2) // PARTITION_SIZE)
    killed_out = tmp_path / "killed"
    args = [
        "batch",
        str(corpus),
        "--out",
        str(killed_out),
        "--workers",
        "1",
        "--partition-size",
        str(PARTITION_SIZE),
        "--stages",
        ",".join(stages),
        "--no-progress",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        _cli(args),
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while _finished_partitions(killed_out) < 2 and process.poll() is None:
            assert time.monotonic() < deadline, "the batch run made no progress"
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)  # the client only; its workers notice and go
        process.wait(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # anything of this run left over
    done_at_kill = _finished_partitions(killed_out)
    assert process.returncode == -signal.SIGKILL, process.stderr.read() if process.stderr else ""
    assert 2 <= done_at_kill < total_partitions, f"killed after {done_at_kill} partitions"

    rerun = subprocess.run(_cli(args), env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads((killed_out / "summary.json").read_text(encoding="utf-8"))
    assert summary["resumed_partitions"] == done_at_kill
    assert summary["resumed_partitions"] + summary["processed_partitions"] == total_partitions

    clean_out = tmp_path / "clean"
    run_batch(
        BatchConfig(
            inputs=[corpus], out=clean_out, stages=tuple(stages), partition_size=PARTITION_SIZE
        ),
        client=dask_client,
    )
    killed_docs, killed_events, killed_errors = _rows(killed_out)
    clean_docs, clean_events, clean_errors = _rows(clean_out)
    assert len(killed_docs) == DOCUMENTS and killed_docs["position"].is_unique
    assert killed_docs["doc_id"].tolist() == [f"r{i:05d}" for i in range(DOCUMENTS)]
    pd.testing.assert_frame_equal(killed_docs, clean_docs)
    pd.testing.assert_frame_equal(killed_events, clean_events)
    assert killed_errors == clean_errors and killed_errors.count("\n") == 2
    assert not list(killed_out.rglob(".*.tmp"))  # no half-written file survives
