"""The manifest of finished partitions: what makes a killed batch run resumable.

Two files in the state directory: ``manifest.json`` (options fingerprint and the partitions
finished by earlier runs, replaced atomically) and ``journal.jsonl`` (one line appended per
partition finished in this run, after all its output is written). Appending keeps the cost per
partition constant on big corpora, where rewriting the whole manifest each time would grow
quadratically; a line torn by a kill is ignored and its partition simply redone. At the end of
a run the journal is folded into ``manifest.json``.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from marsad.batch.output import atomic_write_text

MANIFEST_VERSION = 2
MANIFEST_NAME = "manifest.json"
JOURNAL_NAME = "journal.jsonl"


class ManifestMismatch(Exception):
    """The directory holds a run made with other options."""


@dataclass(slots=True)
class PartitionEntry:
    digest: str
    documents: int
    events: int
    errors: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "digest": self.digest,
            "documents": self.documents,
            "events": self.events,
            "errors": self.errors,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PartitionEntry:
        return cls(
            digest=str(data["digest"]),
            documents=int(data["documents"]),
            events=int(data["events"]),
            errors={str(k): int(v) for k, v in (data.get("errors") or {}).items()},
        )


def _read_journal(path: Path) -> dict[str, PartitionEntry]:
    entries: dict[str, PartitionEntry] = {}
    if not path.exists():
        return entries
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            data = json.loads(line)
            entries[str(data["id"])] = PartitionEntry.from_dict(data)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError):
            continue  # a line torn by a kill: that partition is redone
    return entries


class Manifest:
    def __init__(self, directory: Path, *, fingerprint: str, options: dict[str, Any]) -> None:
        self.directory = directory
        self.fingerprint = fingerprint
        self.options = options
        self.partitions: dict[str, PartitionEntry] = {}
        self._journal: IO[str] | None = None

    @property
    def path(self) -> Path:
        return self.directory / MANIFEST_NAME

    @property
    def journal_path(self) -> Path:
        return self.directory / JOURNAL_NAME

    @classmethod
    def open(cls, directory: Path, *, fingerprint: str, options: dict[str, Any]) -> Manifest:
        """Load the manifest in ``directory`` (or start one); refuse one with other options."""
        manifest = cls(directory, fingerprint=fingerprint, options=options)
        if not manifest.path.exists():
            manifest.journal_path.unlink(missing_ok=True)  # belongs to no known run
            manifest.save()
            return manifest
        try:
            data = json.loads(manifest.path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ManifestMismatch(
                f"unreadable manifest {manifest.path}: {exc}; use --restart"
            ) from exc
        if data.get("fingerprint") != fingerprint:
            theirs = data.get("options", {})
            changed = sorted(
                k for k in set(theirs) | set(options) if theirs.get(k) != options.get(k)
            )
            raise ManifestMismatch(
                f"{directory.parent} holds a batch run made with other options "
                f"({', '.join(changed) or 'version'} differ); rerun with the same options, "
                "choose another output, or pass --restart to start over"
            )
        for pid, entry in data.get("partitions", {}).items():
            manifest.partitions[pid] = PartitionEntry.from_dict(entry)
        manifest.partitions.update(_read_journal(manifest.journal_path))
        return manifest

    @staticmethod
    def finished(directory: Path) -> set[str]:
        """Ids of the finished partitions recorded in ``directory`` (for monitoring, tests)."""
        done: set[str] = set()
        path = directory / MANIFEST_NAME
        with contextlib.suppress(OSError, json.JSONDecodeError):
            done.update(json.loads(path.read_text(encoding="utf-8")).get("partitions", {}))
        done.update(_read_journal(directory / JOURNAL_NAME))
        return done

    def is_done(self, partition_id: str, digest: str) -> bool:
        entry = self.partitions.get(partition_id)
        return entry is not None and entry.digest == digest

    def mark_done(self, partition_id: str, entry: PartitionEntry) -> None:
        """Record a finished partition: one line appended (and flushed) to the journal."""
        self.partitions[partition_id] = entry
        if self._journal is None:
            self._journal = open(self.journal_path, "a", encoding="utf-8")  # noqa: SIM115
        self._journal.write(json.dumps({"id": partition_id, **entry.to_dict()}) + "\n")
        self._journal.flush()

    def forget_except(self, keep: set[str]) -> None:
        for pid in [p for p in self.partitions if p not in keep]:
            del self.partitions[pid]

    def save(self) -> None:
        """Fold everything into ``manifest.json`` (atomically), then drop the journal."""
        self.close()
        data = {
            "version": MANIFEST_VERSION,
            "fingerprint": self.fingerprint,
            "options": self.options,
            "partitions": {k: v.to_dict() for k, v in sorted(self.partitions.items())},
        }
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        self.journal_path.unlink(missing_ok=True)

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None
