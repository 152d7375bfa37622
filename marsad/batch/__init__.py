"""Corpus-scale processing on Dask: partitioned, resumable, Parquet and/or store output."""

from marsad.batch.output import ParquetOutput
from marsad.batch.runner import (
    BatchConfig,
    BatchError,
    BatchSummary,
    run_batch,
    start_local_client,
    stop_client,
)
from marsad.batch.sources import ReadOptions

__all__ = [
    "BatchConfig",
    "BatchError",
    "BatchSummary",
    "ParquetOutput",
    "ReadOptions",
    "run_batch",
    "start_local_client",
    "stop_client",
]
