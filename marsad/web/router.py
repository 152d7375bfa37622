"""HTTP routes of the analyst UI: the page, our own JS/CSS, the npm libraries, and the small
JSON endpoints (under ``/ui/api``) the page reads."""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, Response

from marsad.store import NotFound, Store
from marsad.web import data
from marsad.web.assets import AssetsMissing, find_node_modules, vendor_file

STATIC = Path(__file__).with_name("static")
#: OpenStreetMap's standard tiles; analysts offline or with their own tile server set
#: MARSAD_TILE_URL (an empty value or "none" keeps the plain offline background)
DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = "© OpenStreetMap contributors"


@dataclass(slots=True, kw_only=True)
class WebSettings:
    """Options of the UI; ``from_env`` reads ``MARSAD_TILE_URL`` and friends."""

    tile_url: str | None = DEFAULT_TILE_URL
    tile_attribution: str = DEFAULT_ATTRIBUTION
    tile_max_zoom: int = 18
    #: give up on the tile server after this long without a tile (then: offline background)
    tile_timeout_ms: int = 4000
    #: most events one page load draws (the rest are counted; narrow the filters to see them)
    max_events: int = 50_000

    @classmethod
    def from_env(cls) -> WebSettings:
        tile_url = os.environ.get("MARSAD_TILE_URL", DEFAULT_TILE_URL).strip()
        return cls(
            tile_url=None if tile_url.lower() in ("", "none", "off") else tile_url,
            tile_attribution=os.environ.get("MARSAD_TILE_ATTRIBUTION", DEFAULT_ATTRIBUTION),
            tile_max_zoom=int(os.environ.get("MARSAD_TILE_MAX_ZOOM", "18")),
            tile_timeout_ms=int(os.environ.get("MARSAD_TILE_TIMEOUT_MS", "4000")),
            max_events=int(os.environ.get("MARSAD_WEB_MAX_EVENTS", "50000")),
        )


class _ResponseCache:
    """The last few event-list answers, valid while the store's counts are unchanged: a page
    reload or a second analyst does not re-read 10k events (every write changes a count)."""

    def __init__(self, size: int = 16) -> None:
        self._lock = threading.Lock()
        self._size = size
        self._items: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def put(self, key: tuple[Any, ...], body: bytes) -> None:
        with self._lock:
            self._items[key] = body
            while len(self._items) > self._size:
                self._items.popitem(last=False)


class _FacetCache:
    """Filter-menu values of the whole store, recomputed only when the store's counts change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._value: dict[str, list[str]] = {}

    def get(self, store: Store, *, max_events: int) -> dict[str, list[str]]:
        key = tuple(sorted(store.stats().items()))
        with self._lock:
            if key == self._key:
                return self._value
        _, events = data.fetch_events(store, data.UIQuery(), max_events=max_events)
        value = data.facets(events)
        with self._lock:
            self._key, self._value = key, value
        return value


def _flag(value: str | None, *, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.lower() not in ("0", "false", "no", "off", "hide")


def build_router(
    *, store: Store, settings: WebSettings | None = None, require_token_for_reads: bool = False
) -> APIRouter:
    """The UI's routes, reading from ``store``. With ``require_token_for_reads`` the data
    endpoints need ``Authorization: Bearer <token>`` like the REST API's reads (the page asks
    for the token); the page and its scripts stay public since they hold no data."""
    settings = settings or WebSettings.from_env()
    router = APIRouter(include_in_schema=False)
    facet_cache = _FacetCache()
    responses = _ResponseCache()

    def read_access(request: Request) -> None:
        if not require_token_for_reads:
            return
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not store.verify_token(token.strip()):
            raise HTTPException(
                401,
                "a valid 'Authorization: Bearer <token>' is required",
                headers={"WWW-Authenticate": "Bearer"},
            )

    reads = [Depends(read_access)]

    @router.get("/ui", response_class=HTMLResponse)
    @router.get("/ui/", response_class=HTMLResponse)
    def page() -> Any:
        try:
            find_node_modules()
        except AssetsMissing as exc:
            return HTMLResponse(
                f"<!doctype html><meta charset=utf-8><title>marsad</title>"
                f"<h1>marsad web UI: libraries missing</h1><p>{exc}</p>",
                status_code=503,
            )
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @router.get("/ui/static/{path:path}")
    def static(path: str) -> FileResponse:
        root = STATIC.resolve()
        target = (root / path).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            raise HTTPException(404, f"no UI file {path!r}")
        media = "text/javascript" if target.suffix == ".js" else None
        return FileResponse(target, media_type=media, headers={"Cache-Control": "no-cache"})

    @router.get("/ui/vendor/{package}/{path:path}")
    def vendor(package: str, path: str) -> FileResponse:
        try:
            node_modules = find_node_modules()
        except AssetsMissing as exc:
            raise HTTPException(503, str(exc)) from exc
        target = vendor_file(node_modules, package, path)
        if target is None:
            raise HTTPException(404, f"no file {path!r} in UI package {package!r}")
        media = "text/javascript" if target.suffix == ".js" else None
        return FileResponse(target, media_type=media, headers={"Cache-Control": "max-age=3600"})

    @router.get("/ui/api/config")
    def config() -> dict[str, Any]:
        return {
            "tile_url": settings.tile_url,
            "tile_attribution": settings.tile_attribution,
            "tile_max_zoom": settings.tile_max_zoom,
            "tile_timeout_ms": settings.tile_timeout_ms,
            "max_events": settings.max_events,
        }

    @router.get("/ui/api/events", dependencies=reads)
    async def events(
        q: str | None = Query(None, max_length=500, description="full-text search"),
        actor: str | None = Query(None, max_length=200),
        proxies: str | None = Query(None, description="1: include the actor's proxies"),
        type: str | None = Query(None, max_length=200),
        sub: str | None = Query(None, max_length=200),
        admin1: str | None = Query(None, max_length=200),
        place: str | None = Query(None, max_length=200),
        bg: str | None = Query(None, description="0: hide background events"),
    ) -> Response:
        query = data.UIQuery(
            text=q,
            actor=actor,
            include_proxies=_flag(proxies, default=True),
            event_type=type,
            sub_event_type=sub,
            admin1=admin1,
            place=place,
            show_background=_flag(bg, default=True),
        )
        body = await run_in_threadpool(_events, query)
        return Response(body, media_type="application/json")

    def _events(query: data.UIQuery) -> bytes:
        key = (repr(query), tuple(sorted(store.stats().items())))
        cached = responses.get(key)
        if cached is not None:
            return cached
        proxy_set = None
        if query.actor and query.include_proxies:
            proxy_set = data.proxy_ids(
                query.actor, actors=store.list_actors(), kb_proxies=data.kb_proxies(query.actor)
            )
        try:
            total, found = data.fetch_events(
                store, query, max_events=settings.max_events, proxies=proxy_set
            )
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
        menus = (
            data.facets(found)
            if query.is_empty and total <= len(found)
            else facet_cache.get(store, max_events=settings.max_events)
        )
        answer = {
            "total": total,
            "events": [data.compact(e) for e in found],
            "facets": menus,
            "actors_included": sorted(proxy_set) if proxy_set else None,
        }
        # plain json.dumps: FastAPI's generic encoder takes ~0.3 s on 10k events
        body = json.dumps(answer, ensure_ascii=False, separators=(",", ":"), default=str).encode()
        responses.put(key, body)
        return body

    @router.get("/ui/api/events/{event_id}", dependencies=reads)
    def event(event_id: str) -> dict[str, Any]:
        try:
            return data.event_detail(store, event_id)
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from exc

    @router.get("/ui/api/actors", dependencies=reads)
    def actors() -> dict[str, Any]:
        return {"actors": data.actor_directory(store)}

    return router
