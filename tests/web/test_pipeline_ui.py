"""End to end: our own example report through ``marsad ingest`` (the real pipeline) into a
database served by ``marsad serve``, looked at in headless chromium."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import REPO, free_port, screenshot

from marsad.store import open_store
from marsad.web.assets import AssetsMissing, find_node_modules

pytestmark = pytest.mark.browser
REPORT = REPO / "examples" / "deir_ezzor_report.ar.txt"


def marsad(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("marsad")
    entry = (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from marsad.cli import main; main()"]
    )
    return [*entry, *args]


@pytest.fixture(scope="module")
def served_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    try:
        find_node_modules()
    except AssetsMissing as exc:
        pytest.skip(str(exc))
    if not REPORT.exists():
        pytest.skip(f"{REPORT} missing")
    db = tmp_path_factory.mktemp("pipeline_ui") / "report.db"
    env = {**os.environ, "MARSAD_TILE_URL": "none"}
    subprocess.run(marsad("ingest", str(REPORT), "--db", str(db)), env=env, check=True, timeout=600)
    port = free_port()
    proc = subprocess.Popen(
        marsad("serve", "--db", str(db), "--port", str(port)),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/ui/api/config", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("marsad serve did not start")
            time.sleep(0.2)
        yield base, db
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_ingested_report_on_map_and_event_page(served_report: tuple[str, Path], page: Any) -> None:
    base, db = served_report
    with open_store(str(db)) as store:
        total, events = store.query_events(limit=1000)
        detail = store.get_event(events[0]["id"]) if events else None
    assert total > 0, "the pipeline found no event in our example report"
    page.goto(f"{base}/ui")
    page.wait_for_function("window.marsadUI && window.marsadUI.ready === true", timeout=30_000)
    assert page.evaluate("window.marsadUI.visible") == total
    located = [e for e in events if e["latitude"] is not None and e["longitude"] is not None]
    precise = [e for e in located if (e["geo_precision"] or 1) < 2]
    # approximate places are drawn once per (place, precision), as areas
    areas = {
        (round(e["latitude"], 3), round(e["longitude"], 3), e["geo_precision"])
        for e in located
        if (e["geo_precision"] or 1) >= 2
    }
    counts = page.evaluate("window.marsadUI.counts")
    assert counts["markers"] == len(precise)
    assert counts["areas"] == len(areas)
    screenshot(page, "pipeline_report_map_ar")

    # the newest event's page highlights every field the pipeline traced to the text
    assert detail is not None
    page.click(f'li.event-item[data-event-id="{events[0]["id"]}"]')
    page.wait_for_selector("#event-view section.source")
    traced = {f for src in detail["sources"] for f, spans in src["field_spans"].items() if spans}
    assert traced, "no field spans stored for the event"
    for field in traced:
        assert page.locator(f'mark.span[data-fields~="{field}"]').count() >= 1, field
    page.locator("section.source").first.scroll_into_view_if_needed()
    screenshot(page, "pipeline_report_event_ar")
    assert not page.errors
