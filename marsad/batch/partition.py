"""Cut the record stream into fixed-size partitions with ids that are stable across reruns.

Partition ``k`` holds records ``[k*size, (k+1)*size)`` of the input order, so the same command
gives the same partitions; its ``digest`` (a hash of the records' identities) tells a rerun
whether a finished partition still holds the same documents.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from marsad.batch.sources import Record


@dataclass(slots=True)
class Partition:
    """A numbered run of consecutive records."""

    id: str
    index: int
    start: int
    records: list[Record]
    digest: str


def partition_id(index: int) -> str:
    return f"part-{index:06d}"


def _digest(records: list[Record]) -> str:
    h = hashlib.sha256()
    for record in records:
        h.update(record.identity().encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()[:24]


def partitions(records: Iterable[Record], *, size: int) -> Iterator[Partition]:
    """Consecutive partitions of ``size`` records (the last may be shorter)."""
    if size < 1:
        raise ValueError("partition size must be at least 1")
    batch: list[Record] = []
    index = 0
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield Partition(partition_id(index), index, index * size, batch, _digest(batch))
            batch = []
            index += 1
    if batch:
        yield Partition(partition_id(index), index, index * size, batch, _digest(batch))
