"""What runs on a Dask worker: one partition of records → rows of documents, events, errors.

The pipeline is loaded once per worker process and cached here (models are big; documents are
many). Results are plain rows so they pickle cheaply back to the client, which does all writing.
"""

from __future__ import annotations

import json
import os
import resource
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from marsad.batch.partition import Partition
from marsad.batch.sources import RawFile, Record
from marsad.ingest.readers import InputError, read_bytes
from marsad.model import Document, Event, Extraction
from marsad.pipeline import Pipeline, tune_collector


@dataclass(slots=True)
class WorkerSettings:
    home: str | None = None
    stages: tuple[str, ...] | None = None
    source: str | None = None
    published: date | None = None
    max_bytes: int = 20 * 1024 * 1024
    #: return the extractions too (without tokens), for writing into a store
    keep_extractions: bool = False


@dataclass(slots=True)
class PartitionResult:
    partition_id: str
    documents: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    extractions: list[Extraction] = field(default_factory=list)
    pid: int = 0
    pipeline_loads: int = 0
    seconds: float = 0.0


_PipelineKey = tuple[str | None, tuple[str, ...] | None]
_PIPELINES: dict[_PipelineKey, Pipeline] = {}
#: how many times this process loaded each pipeline (stays 1: the point of the cache)
_LOADS: dict[_PipelineKey, int] = {}


def worker_pipeline(settings: WorkerSettings) -> Pipeline:
    """The pipeline of this process, loaded on first use and then reused for every partition."""
    key = _key(settings)
    pipeline = _PIPELINES.get(key)
    if pipeline is None:
        home = Path(settings.home) if settings.home else None
        pipeline = Pipeline.default(home=home, stages=settings.stages)
        tune_collector()  # this worker process exists to run the pipeline
        _PIPELINES[key] = pipeline
        _LOADS[key] = _LOADS.get(key, 0) + 1
    return pipeline


def _key(settings: WorkerSettings) -> _PipelineKey:
    return (settings.home, tuple(settings.stages) if settings.stages else None)


def warm_up(settings: WorkerSettings) -> list[str]:
    """Load the pipeline now (run on every worker before work starts); its stage names."""
    return worker_pipeline(settings).names


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_bytes() -> int:
    """Peak resident memory of this process.

    /proc's VmHWM is the high-water mark of this process's own memory; ru_maxrss would carry
    over the peak of the process that forked it (a big client inflates every worker).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


#: Event fields that are lists/dicts/spans are stored as JSON text in the Parquet output
EVENT_JSON_FIELDS = tuple(
    f.name for f in fields(Event) if any(mark in str(f.type) for mark in ("list", "dict", "Span"))
)


def event_row(
    event: Event, *, document: Document, index: int, base: dict[str, Any]
) -> dict[str, Any]:
    row = dict(base)
    data = event.to_dict()
    for name, value in data.items():
        row[name] = _json(value) if name in EVENT_JSON_FIELDS else value
    row["event_index"] = index
    row["event_id"] = event.id or f"{document.id}:{index}"
    return row


def _error_row(
    record: Record, position: int, partition: Partition, error: InputError
) -> dict[str, Any]:
    return {
        "input": error.path or record.input,
        "line": error.line if error.line is not None else record.line,
        "kind": error.kind,
        "reason": error.message,
        "partition": partition.id,
        "position": position,
    }


def _documents_of(record: Record, settings: WorkerSettings) -> list[Document | InputError]:
    item = record.item
    if isinstance(item, RawFile):
        return list(
            read_bytes(
                item.data,
                path=record.input,
                fmt=item.fmt,
                source=settings.source,
                published=settings.published,
                max_bytes=settings.max_bytes,
            )
        )
    return [item]


def process_partition(partition: Partition, settings: WorkerSettings) -> PartitionResult:
    """Run the pipeline over one partition; a bad document becomes an error row, never a crash."""
    started = time.perf_counter()
    pipeline = worker_pipeline(settings)
    result = PartitionResult(partition_id=partition.id, pid=os.getpid())
    for offset, record in enumerate(partition.records):
        position = partition.start + offset
        for item in _documents_of(record, settings):
            if isinstance(item, InputError):
                result.errors.append(_error_row(record, position, partition, item))
                continue
            try:
                extraction = pipeline(item)
            except Exception as exc:  # one broken document must not stop a batch
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                where = f"{Path(frame.filename).name}:{frame.lineno}"
                reason = f"pipeline failed: {type(exc).__name__}: {exc} ({where})"
                error = InputError(record.input, reason, line=record.line, kind="pipeline")
                result.errors.append(_error_row(record, position, partition, error))
                continue
            _collect(result, extraction, record, position, partition, settings)
    result.pipeline_loads = _LOADS.get(_key(settings), 0)
    result.seconds = time.perf_counter() - started
    return result


def _collect(
    result: PartitionResult,
    extraction: Extraction,
    record: Record,
    position: int,
    partition: Partition,
    settings: WorkerSettings,
) -> None:
    document = extraction.document
    base = {
        "doc_id": document.id,
        "partition": partition.id,
        "position": position,
        "input": record.input,
        "line": record.line,
    }
    result.documents.append(
        {
            **base,
            "content_hash": document.content_hash(),
            "source": document.source,
            "url": document.url,
            "published": document.published.isoformat() if document.published else None,
            "title": document.title,
            "chars": len(document.text),
            "sentences": len(extraction.sentences),
            "tokens": len(extraction.tokens),
            "mentions": len(extraction.mentions),
            "places": len(extraction.places),
            "actors": len(extraction.actors),
            "events": len(extraction.events),
        }
    )
    doc_base = {**base, "doc_source": document.source, "doc_url": document.url}
    for index, event in enumerate(extraction.events):
        result.events.append(event_row(event, document=document, index=index, base=doc_base))
    if settings.keep_extractions:
        extraction.tokens = []  # the biggest part, and stores do not keep tokens
        result.extractions.append(extraction)


def run_partitions_locally(
    partitions: Sequence[Partition], settings: WorkerSettings
) -> list[PartitionResult]:
    """The same work without Dask (used by benchmarks as the single-process reference)."""
    return [process_partition(p, settings) for p in partitions]
