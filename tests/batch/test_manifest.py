"""The resume manifest: journal appends, torn lines after a kill, folding, option changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.batch.manifest import Manifest, ManifestMismatch, PartitionEntry


def entry(digest: str) -> PartitionEntry:
    return PartitionEntry(digest=digest, documents=3, events=2, errors={"empty": 1})


def test_finished_partitions_survive_a_kill_and_a_torn_last_line(tmp_path: Path) -> None:
    manifest = Manifest.open(tmp_path, fingerprint="f1", options={"partition_size": 3})
    manifest.mark_done("part-000000", entry("a"))
    manifest.mark_done("part-000001", entry("b"))
    # no save(): the process is "killed" while writing the next line
    with open(tmp_path / "journal.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"id": "part-000002", "dig')
    again = Manifest.open(tmp_path, fingerprint="f1", options={"partition_size": 3})
    assert sorted(again.partitions) == ["part-000000", "part-000001"]
    assert again.is_done("part-000001", "b") and not again.is_done("part-000001", "changed")
    assert again.partitions["part-000000"].errors == {"empty": 1}
    assert Manifest.finished(tmp_path) == {"part-000000", "part-000001"}


def test_save_folds_the_journal_into_the_manifest(tmp_path: Path) -> None:
    manifest = Manifest.open(tmp_path, fingerprint="f1", options={})
    manifest.mark_done("part-000000", entry("a"))
    manifest.mark_done("part-000001", entry("b"))
    manifest.forget_except({"part-000001"})
    manifest.save()
    assert not (tmp_path / "journal.jsonl").exists()
    assert sorted(Manifest.open(tmp_path, fingerprint="f1", options={}).partitions) == [
        "part-000001"
    ]


@pytest.mark.parametrize(
    ("options", "named"),
    [({"partition_size": 5}, "partition_size"), ({"stages": ["text"]}, "stages")],
)
def test_a_run_with_other_options_is_refused_naming_them(
    tmp_path: Path, options: dict[str, object], named: str
) -> None:
    Manifest.open(tmp_path, fingerprint="f1", options={"partition_size": 3})
    with pytest.raises(ManifestMismatch, match=named):
        Manifest.open(tmp_path, fingerprint="f2", options=options)
