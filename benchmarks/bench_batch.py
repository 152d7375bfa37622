"""Batch throughput on Dask with 1 and 2 workers, against single-process extraction.

Generates (or reuses) a corpus of our own news-style reports (benchmarks/make_corpus.py), then:
  1. single process: the same reader and ``Pipeline`` loop as ``marsad extract`` (on
     --reference-n documents), pipeline only and pipeline + JSONL serialisation;
  2. ``marsad batch`` (run_batch) on a LocalCluster of 1 worker, then of 2 workers, each into
     a fresh output directory (Parquet), timing the whole run (pipeline load on the workers,
     counting pass, partitions, writes);
  3. peak resident memory of each worker.
Goals: 2 workers >= 1.8x one worker; per-worker throughput >= 80% of single-process extract.
Stages: every stage that loads (a stage whose model is not trained yet is left out and named).

Run: .venv/bin/python benchmarks/bench_batch.py [--n 20000] [--workers 1,2] [--partition-size 200]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from marsad.batch import BatchConfig, ReadOptions, run_batch, start_local_client, stop_client
from marsad.batch.sources import iter_records
from marsad.model import Document
from marsad.pipeline import STAGES, Pipeline

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus


def loadable_stages() -> list[str]:
    """Stages in pipeline order that load here (untrained models are skipped, not faked)."""
    kept: list[str] = []
    for stage in STAGES:
        try:
            Pipeline.default(stages=[*kept, stage])
        except Exception as exc:  # a stage mid-development must not stop the benchmark
            print(f"  stage {stage!r} left out: {type(exc).__name__}: {exc}")
            continue
        kept.append(stage)
    return kept


def single_process(corpus: Path, stages: list[str], n: int) -> dict[str, float]:
    documents: list[Document] = []
    for record in iter_records([corpus], options=ReadOptions()):
        if isinstance(record.item, Document):
            documents.append(record.item)
        if len(documents) >= n:
            break
    started = time.perf_counter()
    pipeline = Pipeline.default(stages=stages)
    load = time.perf_counter() - started
    pipeline_only = serialise = cpu = 0.0
    events = 0
    for doc in documents:  # streamed like `marsad extract -f jsonl`: nothing is kept
        started, cpu_started = time.perf_counter(), time.process_time()
        extraction = pipeline(doc)
        pipeline_only += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
        started = time.perf_counter()
        json.dumps(extraction.to_dict(), ensure_ascii=False)
        serialise += time.perf_counter() - started
        events += len(extraction.events)
    return {
        "documents": len(documents),
        "load_s": load,
        "docs_per_s": len(documents) / pipeline_only,
        "docs_per_cpu_s": len(documents) / cpu,
        "docs_per_s_with_jsonl": len(documents) / (pipeline_only + serialise),
        "events": events,
    }


def batch_run(corpus: Path, stages: list[str], workers: int, partition_size: int) -> dict[str, Any]:
    started = time.perf_counter()
    client_cpu = time.process_time()
    client = start_local_client(workers=workers)
    cluster_start = time.perf_counter() - started
    try:
        with tempfile.TemporaryDirectory(prefix="marsad-bench-") as out:
            started = time.perf_counter()
            summary = run_batch(
                BatchConfig(
                    inputs=[corpus],
                    out=Path(out),
                    stages=tuple(stages),
                    partition_size=partition_size,
                ),
                client=client,
            )
            seconds = time.perf_counter() - started
    finally:
        stop_client(client)
    client_cpu = time.process_time() - client_cpu
    worker_cpu = sum(summary.worker_cpu_seconds.values())
    return {
        "worker_cpu_s": worker_cpu,
        "client_cpu_s": client_cpu,
        "docs_per_worker_cpu_s": summary.documents / worker_cpu if worker_cpu else 0.0,
        "workers": workers,
        "documents": summary.documents,
        "events": summary.events,
        "seconds": seconds,
        "cluster_start_s": cluster_start,
        "docs_per_s": summary.documents / seconds,
        "warmup_s": summary.warmup_seconds,
        "docs_per_s_after_load": summary.documents / (seconds - summary.warmup_seconds),
        "peak_rss_mib": sorted(round(v / 2**20) for v in summary.peak_rss.values()),
        "pipeline_loads": sorted(summary.pipeline_loads.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="corpus size (reports)")
    parser.add_argument("--corpus", type=Path, help="existing JSONL(.gz) corpus to use")
    parser.add_argument("--reference-n", type=int, default=2_000, help="docs for single-process")
    parser.add_argument("--workers", default="1,2", help="worker counts to run, e.g. 1,2")
    parser.add_argument("--partition-size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (1 min)")
    with tempfile.TemporaryDirectory(prefix="marsad-corpus-") as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / f"corpus-{args.n}.jsonl.gz"
            make_corpus.write(make_corpus.generate(args.n, seed=args.seed), corpus)
        print(f"corpus: {corpus} ({args.n} reports, seed {args.seed})")
        stages = loadable_stages()
        print(f"stages: {','.join(stages)}")

        reference = single_process(corpus, stages, args.reference_n)
        print(
            f"single process (extract loop), {reference['documents']:.0f} docs: "
            f"{reference['docs_per_s']:.1f} docs/s pipeline only, "
            f"{reference['docs_per_s_with_jsonl']:.1f} docs/s with JSONL output "
            f"(pipeline load {reference['load_s']:.1f} s)"
        )
        runs = []
        for workers in (int(w) for w in args.workers.split(",")):
            run = batch_run(corpus, stages, workers, args.partition_size)
            runs.append(run)
            print(
                f"batch, {workers} worker(s): {run['documents']} docs, {run['events']} events in "
                f"{run['seconds']:.1f} s = {run['docs_per_s']:.1f} docs/s "
                f"(+{run['cluster_start_s']:.1f} s cluster start; pipeline load on the workers "
                f"{run['warmup_s']:.1f} s, {run['docs_per_s_after_load']:.1f} docs/s after it); "
                f"per worker {run['docs_per_s_after_load'] / workers:.1f} docs/s = "
                f"{run['docs_per_s_after_load'] / workers / reference['docs_per_s']:.0%} "
                "of single process; "
                f"peak RSS per worker {run['peak_rss_mib']} MiB; "
                f"pipeline loads per worker {run['pipeline_loads']}"
            )
        again = single_process(corpus, stages, args.reference_n)
        print(
            f"single process again (the machine is shared, load varies): "
            f"{again['docs_per_s']:.1f} docs/s pipeline only"
        )
        mean_reference = (reference["docs_per_s"] + again["docs_per_s"]) / 2
        for run in runs:
            efficiency = run["docs_per_s_after_load"] / run["workers"] / mean_reference
            print(
                f"per-worker throughput with {run['workers']} worker(s) = {efficiency:.0%} of "
                f"single process ({mean_reference:.1f} docs/s, mean of both; goal >= 80%)"
            )
        cpu_reference = (reference["docs_per_cpu_s"] + again["docs_per_cpu_s"]) / 2
        for run in runs:
            print(
                f"CPU view, {run['workers']} worker(s) (independent of how busy the machine is): "
                f"{run['docs_per_worker_cpu_s']:.1f} docs per worker CPU-second = "
                f"{run['docs_per_worker_cpu_s'] / cpu_reference:.0%} of single process "
                f"({cpu_reference:.1f} docs/CPU-s); client + scheduler used "
                f"{run['client_cpu_s']:.1f} CPU-s"
            )
        by_workers = {r["workers"]: r for r in runs}
        if 1 in by_workers and 2 in by_workers:
            speedup = by_workers[2]["docs_per_s"] / by_workers[1]["docs_per_s"]
            steady = by_workers[2]["docs_per_s_after_load"] / by_workers[1]["docs_per_s_after_load"]
            print(
                f"speed-up 2 workers / 1 worker: {speedup:.2f}x whole run, {steady:.2f}x after "
                "the pipeline load (goal >= 1.8x)"
            )
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        print(json.dumps({"reference": [reference, again], "runs": runs}, default=str))


if __name__ == "__main__":
    main()
