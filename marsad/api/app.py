"""The REST API over a ``Store``: submit reports, query fused events, export them.

Reads are open unless ``require_token_for_reads``; writes need ``Authorization: Bearer
<token>`` (tokens from ``marsad token create``). No docs UI is served (it would load
JavaScript from a CDN); the OpenAPI schema is at ``/openapi.json``.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marsad.model import Document, Extraction
from marsad.store import EventFilter, NotFound, Store
from marsad.store.export import acled_csv, geojson

DEFAULT_MAX_BODY = 5 * 1024 * 1024


def _iso_date(value: Any) -> Any:
    """Accept only YYYY-MM-DD strings (pydantic would also take numbers as timestamps)."""
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
#: latitude in [-90, 90], longitude in [-180, 180], distance >= 0 (so the schema says it all)
LAT = r"-?(90(\.0+)?|[1-8]?\d(\.\d+)?)"
LON = r"-?(180(\.0+)?|(1[0-7]\d|[1-9]?\d)(\.\d+)?)"
KM = r"\d+(\.\d+)?"


@dataclass(slots=True, kw_only=True)
class ApiSettings:
    """How the API behaves; ``pipeline`` extracts posted documents (default: the full one)."""

    require_token_for_reads: bool = False
    max_body_bytes: int = DEFAULT_MAX_BODY
    max_limit: int = 1000
    export_limit: int = 100_000
    pipeline: Callable[[Document], Extraction] | None = None


class ApiError(Exception):
    def __init__(self, status: int, detail: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(str(detail))
        self.status, self.detail, self.headers = status, detail, headers


class _TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes with 413, whether the
    client declares Content-Length or streams chunks."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await self._reject(send)
                return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._reject(send)

    async def _reject(self, send: Send) -> None:
        body = json.dumps({"detail": f"request body larger than {self.limit} bytes"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})


class DocumentIn(BaseModel):
    """A report to extract and store."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, pattern=r"\S", description="The report's text (UTF-8).")
    id: str | None = Field(
        default=None, description="Stable id; a new text with it is a new version."
    )
    url: str | None = None
    source: str | None = Field(default=None, description="Outlet name.")
    published: IsoDate | None = Field(default=None, description="Publication date (YYYY-MM-DD).")
    title: str | None = None


class AddOut(BaseModel):
    document_id: str
    status: Literal["new", "duplicate", "updated"]
    version: int
    event_ids: list[str]
    merged_event_ids: list[str]


class EventsPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class ItemsOut(BaseModel):
    items: list[dict[str, Any]]


class ActorsOut(BaseModel):
    items: list[dict[str, Any]]
    links: list[dict[str, Any]]


class HealthOut(BaseModel):
    status: str
    backend: str
    schema_version: int
    counts: dict[str, int]


ERROR = {"content": {"application/json": {"schema": {"type": "object"}}}}


def _json(payload: Any, status: int = 200) -> Response:
    """Serialize directly: response models document the schema, but validating large pages
    of already-typed store output again costs more than the query (see bench_api.py)."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)
    return Response(body, status_code=status, media_type="application/json")


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def create_app(*, store: Store, settings: ApiSettings | None = None) -> FastAPI:
    """The FastAPI application serving ``store`` (and the web UI if ``marsad.web`` has one)."""
    settings = settings or ApiSettings()
    app = FastAPI(
        title="marsad API",
        version="1",
        description="Arabic conflict reports → structured, traceable, fused events.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.state.store = store
    app.state.settings = settings
    pipelines: list[Callable[[Document], Extraction]] = []

    def pipeline() -> Callable[[Document], Extraction]:
        if settings.pipeline is not None:
            return settings.pipeline
        if not pipelines:
            from marsad.pipeline import Pipeline, tune_collector

            pipelines.append(Pipeline.default())
            tune_collector()  # the server extracts reports for as long as it runs
        return pipelines[0]

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    unauthorized = {"WWW-Authenticate": "Bearer"}

    def require_token(request: Request) -> None:
        if not store.verify_token(_bearer(request)):
            raise ApiError(401, "a valid 'Authorization: Bearer <token>' is required", unauthorized)

    def read_access(request: Request) -> None:
        if settings.require_token_for_reads:
            require_token(request)

    reads = [Depends(read_access)]
    auth_responses: dict[int | str, dict[str, Any]] = (
        {401: ERROR} if settings.require_token_for_reads else {}
    )

    def event_filter(
        since: Annotated[IsoDate | None, Query(description="On or after (YYYY-MM-DD).")] = None,
        until: Annotated[IsoDate | None, Query(description="On or before (YYYY-MM-DD).")] = None,
        bbox: Annotated[
            str | None,
            Query(
                pattern=rf"^{LON},{LAT},{LON},{LAT}$",
                description="min_lon,min_lat,max_lon,max_lat",
            ),
        ] = None,
        near: Annotated[
            str | None,
            Query(pattern=rf"^{LAT},{LON},{KM}$", description="lat,lon,km"),
        ] = None,
        actor: Annotated[str | None, Query(description="Actor KB id or part of a name.")] = None,
        include_proxies: Annotated[bool, Query(description="Also the actor's proxies.")] = False,
        event_type: Annotated[
            str | None, Query(alias="type", description="ACLED event type.")
        ] = None,
        sub_event_type: Annotated[str | None, Query(description="ACLED sub-event type.")] = None,
        admin1: Annotated[str | None, Query(description="First-level region.")] = None,
        text: Annotated[str | None, Query(description="Full-text words (Arabic ok).")] = None,
        background: Annotated[
            Literal["include", "exclude", "only"], Query(description="Recalled earlier events.")
        ] = "include",
        document_id: Annotated[
            str | None, Query(description="Only events told by this document.")
        ] = None,
    ) -> EventFilter:
        def numbers(value: str | None) -> tuple[float, ...] | None:
            return tuple(float(v) for v in value.split(",")) if value else None

        try:
            return EventFilter(
                since=since,
                until=until,
                bbox=numbers(bbox),  # type: ignore[arg-type]
                near=numbers(near),  # type: ignore[arg-type]
                actor=actor,
                include_proxies=include_proxies,
                event_type=event_type,
                sub_event_type=sub_event_type,
                admin1=admin1,
                text=text,
                background=background,
                document_id=document_id,
            )
        except ValueError as exc:
            field = next((f for f in ("bbox", "near", "since") if f in str(exc)), "query")
            raise ApiError(
                422, [{"loc": ["query", field], "msg": str(exc), "type": "value_error"}]
            ) from None

    Filter = Annotated[EventFilter, Depends(event_filter)]

    @app.get("/health", response_model=HealthOut, tags=["meta"])
    def health() -> dict[str, Any]:
        """Liveness and what the database holds."""
        return {
            "status": "ok",
            "backend": store.backend,
            "schema_version": store.schema_version(),
            "counts": store.stats(),
        }

    @app.post(
        "/documents",
        response_model=AddOut,
        status_code=201,
        tags=["documents"],
        responses={
            200: {"model": AddOut, "description": "Already stored (duplicate)"},
            401: ERROR,
            413: ERROR,
            415: ERROR,
            422: ERROR,
            503: ERROR,
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": DocumentIn.model_json_schema()},
                    "text/plain": {"schema": {"type": "string", "minLength": 1, "pattern": r"\S"}},
                },
            },
            "security": [{"bearer": []}],
        },
    )
    async def post_document(
        request: Request,
        source: Annotated[str | None, Query(description="Outlet (text/plain bodies).")] = None,
        url: Annotated[str | None, Query(description="URL (text/plain bodies).")] = None,
        published: Annotated[IsoDate | None, Query(description="YYYY-MM-DD (text/plain).")] = None,
    ) -> Response:
        """Extract events from one report and store it (Bearer token required).

        JSON ``{text, id?, url?, source?, published?, title?}`` or a ``text/plain`` body.
        201 when stored (new or new version), 200 when the same text was already stored.
        """
        require_token(request)
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media not in ("application/json", "text/plain"):
            raise ApiError(415, "send application/json or text/plain (UTF-8)")
        body = await request.body()
        if media == "application/json":
            try:
                payload = DocumentIn.model_validate_json(body)
            except ValidationError as exc:
                errors = [
                    {
                        "loc": ["body", *[str(x) for x in e["loc"]]],
                        "msg": e["msg"],
                        "type": e["type"],
                    }
                    for e in exc.errors(include_url=False, include_input=False)
                ]
                raise ApiError(422, errors) from None
            doc = Document(
                text=payload.text,
                id=payload.id or "",
                url=payload.url,
                source=payload.source,
                published=payload.published,
                title=payload.title,
            )
        else:
            try:
                text = body.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ApiError(
                    422, [{"loc": ["body"], "msg": "body is not UTF-8", "type": "encoding"}]
                ) from None
            if not text.strip():
                raise ApiError(422, [{"loc": ["body"], "msg": "empty text", "type": "empty"}])
            doc = Document(text=text, url=url, source=source, published=published)

        def work() -> dict[str, Any]:
            if store.document_exists(doc.content_hash()):
                extraction = Extraction(document=doc)
            else:
                try:
                    extract = pipeline()
                except (OSError, ImportError, ValueError, RuntimeError) as exc:
                    raise ApiError(503, f"the extraction pipeline cannot load: {exc}") from None
                extraction = extract(doc)
            return store.add_extraction(extraction).to_dict()

        result = await run_in_threadpool(work)
        return JSONResponse(result, status_code=200 if result["status"] == "duplicate" else 201)

    @app.get(
        "/events",
        response_model=EventsPage,
        dependencies=reads,
        tags=["events"],
        responses=auth_responses,
    )
    def list_events(
        flt: Filter,
        limit: Annotated[int, Query(ge=0, le=settings.max_limit)] = 100,
        offset: Annotated[int, Query(ge=0, le=10**12)] = 0,
    ) -> Response:
        """Fused events, newest first (ties by id: stable pages), with their sources."""
        total, items = store.query_events(flt, limit=limit, offset=offset)
        return _json({"total": total, "limit": limit, "offset": offset, "items": items})

    @app.get(
        "/events.csv",
        dependencies=reads,
        tags=["events"],
        response_class=PlainTextResponse,
        responses={
            200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
            **auth_responses,
        },
    )
    def events_csv(
        flt: Filter, limit: Annotated[int, Query(ge=0, le=settings.export_limit)] = 10_000
    ) -> Response:
        """The events as ACLED-style CSV (ACLED's columns, then ours)."""
        _, items = store.query_events(flt, limit=limit)
        return Response(acled_csv(items), media_type="text/csv; charset=utf-8")

    @app.get(
        "/events.geojson",
        dependencies=reads,
        tags=["events"],
        responses={
            200: {"content": {"application/geo+json": {"schema": {"type": "object"}}}},
            **auth_responses,
        },
    )
    def events_geojson(
        flt: Filter, limit: Annotated[int, Query(ge=0, le=settings.export_limit)] = 10_000
    ) -> Response:
        """The events as a GeoJSON FeatureCollection (points; null geometry when unplaced)."""
        total, items = store.query_events(flt, limit=limit)
        return Response(
            json.dumps(geojson(items, total=total), ensure_ascii=False),
            media_type="application/geo+json",
        )

    @app.get(
        "/events/{event_id}",
        dependencies=reads,
        tags=["events"],
        responses={404: ERROR, **auth_responses},
    )
    def get_event(event_id: str) -> dict[str, Any]:
        """One event with every source report, its evidence spans and field spans."""
        return store.get_event(event_id)

    @app.get(
        "/events/{event_id}/explain",
        dependencies=reads,
        tags=["events"],
        responses={404: ERROR, **auth_responses},
    )
    def explain_event(event_id: str) -> dict[str, Any]:
        """Why each report was fused into this event."""
        return store.explain_event(event_id)

    @app.get(
        "/documents/{document_id}",
        dependencies=reads,
        tags=["documents"],
        responses={404: ERROR, **auth_responses},
    )
    def get_document(
        document_id: str, version: Annotated[int | None, Query(ge=1, le=10**9)] = None
    ) -> dict[str, Any]:
        """A stored report with its text (latest version unless ``version``)."""
        return store.get_document(document_id, version=version)

    @app.get(
        "/actors",
        response_model=ActorsOut,
        dependencies=reads,
        tags=["actors"],
        responses=auth_responses,
    )
    def actors() -> dict[str, Any]:
        """Actors with patrons and event counts, and links between actors that meet in events."""
        return {"items": store.list_actors(), "links": store.actor_links()}

    @app.get(
        "/places",
        response_model=ItemsOut,
        dependencies=reads,
        tags=["places"],
        responses=auth_responses,
    )
    def places() -> dict[str, Any]:
        """Places of events with coordinates and counts."""
        return {"items": store.list_places()}

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        schema.setdefault("components", {}).setdefault("securitySchemes", {})["bearer"] = {
            "type": "http",
            "scheme": "bearer",
        }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

    from marsad import web

    mount = getattr(web, "mount", None)
    if callable(mount):
        mount(app, store=store)
    return app
