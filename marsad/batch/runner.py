"""Run the pipeline over a corpus on a Dask cluster, resumably.

The client enumerates records in stable order, cuts them into partitions, skips the ones the
manifest lists as finished, and keeps a bounded number of partitions in flight on the workers.
Each finished partition is written (Parquet and/or store) by the client and then entered in the
manifest, so a run killed at any instant resumes without losing or duplicating a document.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from marsad.batch.manifest import Manifest, ManifestMismatch, PartitionEntry
from marsad.batch.output import ParquetOutput, atomic_write_text
from marsad.batch.partition import Partition, partitions
from marsad.batch.sources import ReadOptions, count_records, iter_records
from marsad.batch.worker import (
    PartitionResult,
    WorkerSettings,
    cpu_seconds,
    peak_rss_bytes,
    process_partition,
    warm_up,
)
from marsad.model import Extraction


class BatchError(Exception):
    """The batch cannot run (bad options, pipeline fails to load, foreign output directory)."""


class ExtractionSink(Protocol):
    """Where extractions go besides Parquet: a marsad store (``open_store(url)``)."""

    def add_extraction(self, extraction: Extraction) -> object: ...


class BatchProgress(Protocol):
    def start(self, total: int) -> None: ...

    def advance(self, records: int) -> None: ...


@dataclass(slots=True)
class BatchConfig:
    inputs: list[Path]
    #: Parquet output directory (None when writing only into a store)
    out: Path | None = None
    #: where the manifest lives when there is no ``out`` (e.g. under marsad_home())
    state_dir: Path | None = None
    partition_size: int = 200
    date_partition: str = "month"
    read: ReadOptions = field(default_factory=ReadOptions)
    stages: tuple[str, ...] | None = None
    home: str | None = None
    restart: bool = False
    #: partitions in flight per worker (bounds client memory, keeps workers busy)
    inflight_per_worker: int = 2
    #: more options that shape the output (e.g. the store URL), part of the fingerprint
    extra_options: dict[str, str] = field(default_factory=dict)

    def options(self) -> dict[str, Any]:
        return {
            "inputs": [str(p.resolve()) for p in self.inputs],
            "partition_size": self.partition_size,
            "date_partition": self.date_partition,
            "text_column": self.read.text_column,
            "source": self.read.source,
            "published": self.read.published.isoformat() if self.read.published else None,
            "max_bytes": self.read.max_bytes,
            "stages": list(self.stages) if self.stages else None,
            **self.extra_options,
        }

    def fingerprint(self) -> str:
        blob = json.dumps(self.options(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]

    def manifest_dir(self) -> Path:
        if self.out is not None:
            return self.out / "_batch"
        if self.state_dir is not None:
            return self.state_dir / self.fingerprint()
        raise BatchError("give an output directory or a state directory for the manifest")


@dataclass(slots=True)
class BatchSummary:
    documents: int = 0
    events: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    partitions: int = 0
    resumed_partitions: int = 0
    processed_partitions: int = 0
    failed_partitions: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    workers: int = 0
    stages: list[str] = field(default_factory=list)
    #: worker address → peak resident memory in bytes
    peak_rss: dict[str, int] = field(default_factory=dict)
    #: worker process id → how many times it loaded the pipeline (1 is the goal)
    pipeline_loads: dict[int, int] = field(default_factory=dict)
    #: documents processed in this run (not resumed), for throughput
    processed_documents: int = 0
    #: seconds the workers took to load the pipeline (part of ``seconds``)
    warmup_seconds: float = 0.0
    #: worker address → CPU seconds used after the pipeline load (work + Dask overhead)
    worker_cpu_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def documents_per_second(self) -> float:
        return self.processed_documents / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["documents_per_second"] = round(self.documents_per_second, 2)
        data["pipeline_loads"] = {str(k): v for k, v in self.pipeline_loads.items()}
        return data


def _worker_count(client: Any) -> int:
    return len(client.scheduler_info(n_workers=-1).get("workers", {})) or 1


def run_batch(
    config: BatchConfig,
    *,
    client: Any,
    store: ExtractionSink | None = None,
    progress: BatchProgress | None = None,
) -> BatchSummary:
    """Process every input on the Dask ``client``'s cluster; returns what was done."""
    if config.out is None and store is None:
        raise BatchError("nothing to write: give --out DIR and/or --db URL")
    started = time.perf_counter()
    output = (
        ParquetOutput(config.out, date_partition=config.date_partition)
        if config.out is not None
        else None
    )
    manifest_dir = config.manifest_dir()
    if config.restart:
        _restart(manifest_dir, output)
    try:
        manifest_dir.mkdir(parents=True, exist_ok=True)
        manifest = Manifest.open(
            manifest_dir, fingerprint=config.fingerprint(), options=config.options()
        )
    except ManifestMismatch as exc:
        raise BatchError(str(exc)) from None
    if output is not None:
        output.clean_temporaries()

    settings = WorkerSettings(
        home=config.home,
        stages=config.stages,
        source=config.read.source,
        published=config.read.published,
        max_bytes=config.read.max_bytes,
        keep_extractions=store is not None,
    )
    summary = BatchSummary(workers=_worker_count(client))
    warm_started = time.perf_counter()
    try:
        names = client.run(warm_up, settings)
    except Exception as exc:  # whatever breaks loading is reported with its cause
        raise BatchError(
            f"the pipeline failed to load on the workers: {type(exc).__name__}: {exc}"
        ) from exc
    summary.stages = next(iter(names.values()), []) if names else []
    summary.warmup_seconds = time.perf_counter() - warm_started
    cpu_at_start = _worker_cpu(client)

    if progress is not None:
        progress.start(count_records(config.inputs, options=config.read))
    token = uuid.uuid4().hex[:8]
    max_inflight = max(1, summary.workers * config.inflight_per_worker)

    from distributed import as_completed

    pending = as_completed()
    inflight: dict[str, Partition] = {}
    seen: list[str] = []

    def finish_one() -> None:
        future = next(pending)
        part = inflight.pop(future.key.split("|", 1)[1])
        if future.status != "finished":
            try:
                exc = future.exception()
                reason = f"{type(exc).__name__}: {exc}"
            except Exception as lookup:  # a cancelled future raises here
                reason = f"{type(lookup).__name__}: {lookup}"
            summary.failed_partitions[part.id] = reason
        else:
            result: PartitionResult = future.result()
            _commit(result, part, manifest, output, store, summary)
        future.release()
        if progress is not None:
            progress.advance(len(part.records))

    try:
        for part in partitions(
            iter_records(config.inputs, options=config.read), size=config.partition_size
        ):
            seen.append(part.id)
            summary.partitions += 1
            if manifest.is_done(part.id, part.digest) and (
                output is None or output.has_partition(part.id)
            ):
                _add_counts(summary, manifest.partitions[part.id])
                summary.resumed_partitions += 1
                if progress is not None:
                    progress.advance(len(part.records))
                continue
            key = f"marsad-batch-{token}|{part.id}"
            future = client.submit(
                process_partition, part, settings, key=key, pure=False, retries=1
            )
            inflight[part.id] = part
            pending.add(future)
            while len(inflight) >= max_inflight:
                finish_one()
        while inflight:
            finish_one()
        if not summary.failed_partitions:
            keep = set(seen)
            manifest.forget_except(keep)
            if output is not None:
                output.drop_other_partitions(keep)
        manifest.save()
    finally:
        manifest.close()

    try:
        summary.peak_rss = client.run(peak_rss_bytes)
    except OSError:
        summary.peak_rss = {}
    summary.worker_cpu_seconds = {
        address: used - cpu_at_start.get(address, 0.0)
        for address, used in _worker_cpu(client).items()
    }
    summary.seconds = time.perf_counter() - started
    if output is not None:
        output.finalize()
        output.merge_errors()
        atomic_write_text(
            output.root / "summary.json",
            json.dumps(summary.to_dict(), ensure_ascii=False, indent=1) + "\n",
        )
    return summary


def _worker_cpu(client: Any) -> dict[str, float]:
    try:
        return dict(client.run(cpu_seconds))
    except OSError:
        return {}


def _add_counts(summary: BatchSummary, entry: PartitionEntry) -> None:
    summary.documents += entry.documents
    summary.events += entry.events
    for kind, count in entry.errors.items():
        summary.errors[kind] = summary.errors.get(kind, 0) + count


def _commit(
    result: PartitionResult,
    part: Partition,
    manifest: Manifest,
    output: ParquetOutput | None,
    store: ExtractionSink | None,
    summary: BatchSummary,
) -> None:
    """Write a finished partition everywhere, then (and only then) enter it in the manifest."""
    if output is not None:
        output.write(result)
    if store is not None:
        for extraction in result.extractions:
            store.add_extraction(extraction)
    entry = PartitionEntry(
        digest=part.digest,
        documents=len(result.documents),
        events=len(result.events),
        errors=dict(Counter(e["kind"] for e in result.errors)),
    )
    manifest.mark_done(part.id, entry)
    _add_counts(summary, entry)
    summary.processed_partitions += 1
    summary.processed_documents += len(result.documents)
    summary.pipeline_loads[result.pid] = result.pipeline_loads


def _restart(manifest_dir: Path, output: ParquetOutput | None) -> None:
    """Forget a previous run: its manifest and the files marsad wrote (nothing else)."""
    if manifest_dir.exists():
        shutil.rmtree(manifest_dir)
    if output is not None:
        for directory in (output.events_dir, output.documents_dir, output.errors_dir):
            if directory.exists():
                shutil.rmtree(directory)
        for name in ("errors.jsonl", "summary.json"):
            (output.root / name).unlink(missing_ok=True)


def start_local_client(*, workers: int, threads: int = 1) -> Any:
    """A Dask LocalCluster of ``workers`` processes with one thread each, and its client."""
    import logging

    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=threads,
        processes=True,
        dashboard_address="127.0.0.1:0",  # health routes only; no fixed port
        silence_logs=logging.ERROR,
    )
    return Client(cluster)


def stop_client(client: Any) -> None:
    cluster = getattr(client, "cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


__all__: Sequence[str] = [
    "BatchConfig",
    "BatchError",
    "BatchProgress",
    "BatchSummary",
    "ExtractionSink",
    "run_batch",
    "start_local_client",
    "stop_client",
]
