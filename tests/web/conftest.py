"""Fixtures for the web UI tests: a store seeded from our own reports, the app served on a free
loopback port (uvicorn in a thread), and headless Debian chromium driven by Playwright with every
non-loopback request aborted (so the tests also prove the page works offline)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from web_seed import seed

from marsad.store import Store, open_store
from marsad.web import create_ui_app
from marsad.web.assets import AssetsMissing, find_node_modules

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-output" / "screenshots"
CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_app(store: Store) -> FastAPI:
    """The full ``marsad serve`` app when the API package provides it, else the UI alone."""
    try:
        from marsad.api import create_app  # type: ignore[attr-defined]
    except ImportError:
        return create_ui_app(store=store)
    app: FastAPI = create_app(store=store, settings=None)
    if not any(getattr(r, "path", None) == "/ui" for r in app.routes):
        from marsad.web import mount

        mount(app, store=store)
    return app


class LiveServer:
    """uvicorn serving ``app`` on 127.0.0.1 in a background thread."""

    def __init__(self, app: FastAPI) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def web_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("webdb") / "ui.db"


@pytest.fixture(scope="session")
def web_store(web_db_path: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    store = open_store(str(web_db_path))
    ids = seed(store)
    yield store, ids
    store.close()


@pytest.fixture(scope="session")
def event_ids(web_store: tuple[Store, dict[str, str]]) -> dict[str, str]:
    return web_store[1]


@pytest.fixture(scope="session")
def live_server(web_store: tuple[Store, dict[str, str]]) -> Iterator[LiveServer]:
    try:
        find_node_modules()
    except AssetsMissing as exc:
        pytest.skip(str(exc))
    # a tile server that cannot answer: the page must fall back to its offline background
    old = os.environ.get("MARSAD_TILE_URL")
    os.environ["MARSAD_TILE_URL"] = "https://tiles.invalid/{z}/{x}/{y}.png"
    os.environ["MARSAD_TILE_TIMEOUT_MS"] = "1500"
    try:
        with LiveServer(build_app(web_store[0])) as server:
            yield server
    finally:
        os.environ.pop("MARSAD_TILE_TIMEOUT_MS", None)
        if old is None:
            os.environ.pop("MARSAD_TILE_URL", None)
        else:
            os.environ["MARSAD_TILE_URL"] = old


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        pytest.skip(f"chromium not installed at {CHROMIUM}: run scripts/browser.sh")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _offline_only(route: Any) -> None:
    """Allow loopback; abort everything else so no test waits on the network."""
    host = route.request.url.split("/")[2].split(":")[0]
    if host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ar")
    context.route("**/*", _offline_only)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    yield page
    context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under test-output/screenshots and print its path (CI log)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def open_ui(page: Any, server: LiveServer, query: str = "") -> None:
    """Load the UI and wait until its first render is done."""
    page.goto(f"{server.url}/ui{query}")
    page.wait_for_function("window.marsadUI && window.marsadUI.ready === true", timeout=20_000)
