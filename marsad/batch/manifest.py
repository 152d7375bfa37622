"""The manifest of finished partitions: what makes a killed batch run resumable.

A partition enters the manifest only after all its files (and store writes) are done, and the
manifest itself is replaced atomically, so after a kill at any instant it lists exactly the
partitions whose output is complete. ``fingerprint`` ties it to the options that shape output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.batch.output import atomic_write_text

MANIFEST_VERSION = 1


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


class Manifest:
    def __init__(self, path: Path, *, fingerprint: str, options: dict[str, Any]) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.options = options
        self.partitions: dict[str, PartitionEntry] = {}

    @classmethod
    def open(cls, path: Path, *, fingerprint: str, options: dict[str, Any]) -> Manifest:
        """Load the manifest at ``path`` (or start one); refuse one made with other options."""
        manifest = cls(path, fingerprint=fingerprint, options=options)
        if not path.exists():
            return manifest
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ManifestMismatch(f"unreadable manifest {path}: {exc}; use --restart") from exc
        if data.get("fingerprint") != fingerprint:
            theirs = data.get("options", {})
            changed = sorted(
                k for k in set(theirs) | set(options) if theirs.get(k) != options.get(k)
            )
            raise ManifestMismatch(
                f"{path.parent} holds a batch run made with other options "
                f"({', '.join(changed) or 'version'} differ); rerun with the same options, "
                "choose another output, or pass --restart to start over"
            )
        for pid, entry in data.get("partitions", {}).items():
            manifest.partitions[pid] = PartitionEntry(
                digest=entry["digest"],
                documents=int(entry["documents"]),
                events=int(entry["events"]),
                errors={str(k): int(v) for k, v in entry.get("errors", {}).items()},
            )
        return manifest

    def is_done(self, partition_id: str, digest: str) -> bool:
        entry = self.partitions.get(partition_id)
        return entry is not None and entry.digest == digest

    def mark_done(self, partition_id: str, entry: PartitionEntry) -> None:
        self.partitions[partition_id] = entry
        self.save()

    def forget_except(self, keep: set[str]) -> None:
        for pid in [p for p in self.partitions if p not in keep]:
            del self.partitions[pid]
        self.save()

    def save(self) -> None:
        data = {
            "version": MANIFEST_VERSION,
            "fingerprint": self.fingerprint,
            "options": self.options,
            "partitions": {k: v.to_dict() for k, v in sorted(self.partitions.items())},
        }
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
