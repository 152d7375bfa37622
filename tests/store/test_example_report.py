"""Done-when check on the shared example report: ingested twice → one document, the same
events (needs ../shared and the trained models; skips cleanly otherwise)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.ingest import read_path
from marsad.model import Document
from marsad.store import open_store


@pytest.mark.shared
def test_example_report_ingested_twice_is_one_document(shared_dir: Path, tmp_path: Path) -> None:
    from marsad.pipeline import Pipeline

    try:
        pipeline = Pipeline.default()
    except FileNotFoundError as exc:  # a model not trained yet in this checkout
        pytest.skip(f"pipeline not loadable: {exc}")
    report = shared_dir / "examples" / "albukamal_convoys.ar.txt"
    docs = [d for d in read_path(report) if isinstance(d, Document)]
    assert len(docs) == 1
    store = open_store(str(tmp_path / "example.db"))
    try:
        first = store.add_extraction(pipeline(docs[0]))
        events_after_first = store.stats()["events"]
        second = store.add_extraction(pipeline(docs[0]))
        assert first.status == "new"
        assert second.status == "duplicate"
        assert second.event_ids == first.event_ids
        assert store.stats()["documents"] == 1
        assert store.stats()["events"] == events_after_first
        assert store.stats()["event_sources"] == len(first.event_ids)
    finally:
        store.close()
