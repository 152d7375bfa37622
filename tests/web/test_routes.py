"""The UI's HTTP routes through the real ``marsad serve`` app (no browser)."""

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
from conftest import build_app, free_port
from fastapi.testclient import TestClient

from marsad.store import Store
from marsad.web.assets import AssetsMissing, find_node_modules


@pytest.fixture(scope="module")
def client(web_store: tuple[Store, dict[str, str]]) -> Iterator[TestClient]:
    with TestClient(build_app(web_store[0])) as c:
        yield c


def events(client: TestClient, **params: str) -> dict[str, Any]:
    response = client.get("/ui/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_page_and_redirect(client: TestClient) -> None:
    try:
        find_node_modules()
    except AssetsMissing:
        response = client.get("/ui")
        assert response.status_code == 503 and "npm ci" in response.text
        return
    response = client.get("/ui")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "https://" not in response.text  # nothing from a CDN
    assert client.get("/", follow_redirects=False).headers["location"] == "/ui"


def test_vendor_and_static_files(client: TestClient) -> None:
    try:
        find_node_modules()
    except AssetsMissing:
        pytest.skip("npm packages not installed (run npm ci)")
    response = client.get("/ui/vendor/leaflet/dist/leaflet.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert client.get("/ui/vendor/leaflet/..%2Fd3%2Fpackage.json").status_code == 404
    assert client.get("/ui/vendor/left-pad/index.js").status_code == 404
    assert client.get("/ui/static/app.js").status_code == 200
    assert client.get("/ui/static/..%2Frouter.py").status_code == 404


def test_events_all_and_facets(client: TestClient) -> None:
    body = events(client)
    assert body["total"] == 5 and len(body["events"]) == 5
    assert body["facets"]["event_types"] == [
        "Battles",
        "Explosions/Remote violence",
        "Protests",
        "Strategic developments",
    ]
    convoy = next(e for e in body["events"] if e["route"])
    assert [p["role"] for p in convoy["route"]] == ["origin", "via", "destination"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "irgc"}, ["2026-11-12", "2026-11-10", "2026-09-15"]),  # with its proxies
        ({"actor": "irgc", "proxies": "0"}, ["2026-11-12"]),
        ({"actor": "kataib_alfajr", "bg": "0"}, ["2026-11-10"]),
        ({"bg": "0"}, ["2026-11-20", "2026-11-18", "2026-11-12", "2026-11-10"]),
        ({"type": "Battles"}, ["2026-11-18"]),
        ({"sub": "Peaceful protest"}, ["2026-11-20"]),
        ({"admin1": "Raqqa"}, ["2026-11-20"]),
        ({"place": "mayadin"}, ["2026-11-12"]),
        ({"q": "الكهرباء"}, ["2026-11-20"]),
        ({"q": "مُسَيَّرَة"}, ["2026-11-12"]),  # harakat in the query are ignored
    ],
)
def test_event_filters(client: TestClient, params: dict[str, str], expected: list[str]) -> None:
    assert [e["date"] for e in events(client, **params)["events"]] == expected


def test_event_detail_has_sources_text_and_spans(
    client: TestClient, event_ids: dict[str, str]
) -> None:
    body = client.get(f"/ui/api/events/{event_ids['drone']}").json()
    assert body["event"]["fatalities"] == 3
    assert len(body["sources"]) == 2
    for source in body["sources"]:
        text = source["document"]["text"]
        for field in ("actor2", "location", "fatalities", "trigger"):
            spans = source["field_spans"][field]
            assert spans and all(0 <= s["start"] < s["end"] <= len(text) for s in spans)
        location = source["field_spans"]["location"][0]
        assert text[location["start"] : location["end"]] == "مدينة الميادين"
    assert client.get("/ui/api/events/ev-none").status_code == 404


def test_actors_directory(client: TestClient) -> None:
    actors = {a["id"]: a for a in client.get("/ui/api/actors").json()["actors"]}
    assert actors["kataib_alfajr"]["patrons"] == ["irgc"]
    assert actors["kataib_alfajr"]["events"] == 2
    assert actors["irgc"]["inter"] == 8


def test_reads_can_require_a_token(web_store: tuple[Store, dict[str, str]]) -> None:
    pytest.importorskip("marsad.api")
    from marsad.api import ApiSettings, create_app

    store = web_store[0]
    app = create_app(store=store, settings=ApiSettings(require_token_for_reads=True))
    with TestClient(app) as c:
        assert c.get("/ui/api/events").status_code == 401
        token = store.create_token(name="ui-test")
        ok = c.get("/ui/api/events", headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 200 and ok.json()["total"] == 5


def test_marsad_serve_serves_the_ui(
    web_store: tuple[Store, dict[str, str]], web_db_path: Path
) -> None:
    """The real command line: ``marsad serve --db FILE`` answers the UI's endpoints."""
    port = free_port()
    env = {**os.environ, "MARSAD_TILE_URL": "none"}
    script = Path(sys.executable).with_name("marsad")
    entry = (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from marsad.cli import main; main()"]
    )
    command = [*entry, "serve", "--db", str(web_db_path)]
    proc = subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/ui/api/config", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read().decode() if proc.stderr else ""
                pytest.fail(f"marsad serve did not start: {err[-2000:]}")
            time.sleep(0.2)
        assert httpx.get(f"{base}/ui/api/config").json()["tile_url"] is None
        assert httpx.get(f"{base}/ui/api/events").json()["total"] == 5
        assert httpx.get(f"{base}/ui", follow_redirects=True).status_code in (200, 503)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
